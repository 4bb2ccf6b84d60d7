/**
 * The TUI's only way to put text on screen: Ink's `Text` with every string child sanitized, so no name, detail or
 * message from data can carry a control or format character to the terminal, whichever screen forgot to clean it.
 * Screens import `Text` from here, never from 'ink' (the layering test checks it).
 */
import {Text as InkText, type TextProps} from 'ink';
import type {ReactNode} from 'react';
import {sanitize} from '../output/sanitize.js';

function safe(children: ReactNode): ReactNode {
	if (typeof children === 'string') return sanitize(children);
	if (Array.isArray(children)) return children.map(safe);
	return children;
}

export function Text({children, ...props}: TextProps) {
	return <InkText {...props}>{safe(children)}</InkText>;
}

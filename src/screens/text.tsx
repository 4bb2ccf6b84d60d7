/**
 * The TUI's only way to put text on screen: Ink's `Text` with every string child sanitized, so no name, detail or
 * message from data can carry a control or format character to the terminal, whichever screen forgot to clean it.
 * Screens import `Text` from here, never from 'ink' (the layering test checks it).
 *
 * In screen-reader mode box-drawing characters (rules, tree lines) are left out too: they are decoration, and a
 * screen reader would read each one aloud. Ink itself leaves out the borders in that mode.
 */
import {Text as InkText, useIsScreenReaderEnabled, type TextProps} from 'ink';
import type {ReactNode} from 'react';
import {sanitize} from '../output/sanitize.js';

const BOX_DRAWING = /[\u2500-\u257f]+ ?/g;

function safe(children: ReactNode, reader: boolean): ReactNode {
	if (typeof children === 'string') return reader ? sanitize(children).replace(BOX_DRAWING, '') : sanitize(children);
	if (Array.isArray(children)) return children.map(child => safe(child, reader));
	return children;
}

export function Text({children, ...props}: TextProps) {
	const reader = useIsScreenReaderEnabled();
	return <InkText {...props}>{safe(children, reader)}</InkText>;
}

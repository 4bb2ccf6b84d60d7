/**
 * Key tables (docs/ARCHITECTURE.md P7): every screen declares its keys once; the router, the hint bar, the `?` help overlay
 * and the README's key section are all read from these tables.
 */
import type {Key} from 'ink';

/** A key as rim names it: 'up', 'down', 'left', 'right', 'enter', 'esc', 'tab', 'S-tab', 'pgup', 'pgdn', 'home',
 *  'end', 'backspace', 'space', 'C-c', or the printable character itself ('j', '/', '?', '1'). */
export type KeyName = string;

export interface KeyBinding<A> {
	keys: readonly KeyName[];
	action: A;
	/** What the key does, for the help overlay. */
	label: string;
	/** Shorter label for the hint bar (defaults to label). */
	short?: string;
	/** Shown in the hint bar. */
	inBar?: boolean;
	/** The action destroys or re-runs something, so it opens a confirmation instead of acting (delete, re-execute, quit
	 *  while a job runs); help adds "(asks first)". Never on a key that acts at once, such as a confirmation's own yes. */
	danger?: boolean;
	/** Help-overlay section. */
	group?: string;
}

export type Keymap<A> = readonly KeyBinding<A>[];

/** A named scope (pane, dialog) and its table, as the help overlay lists them. */
export interface KeyScope {
	title: string;
	keymap: Keymap<unknown>;
}

/** Turns one Ink key event into rim's key names: one per character for a multi-character chunk. */
export function keyNames(input: string, key: Key): KeyName[] {
	if (key.upArrow) return ['up'];
	if (key.downArrow) return ['down'];
	if (key.leftArrow) return ['left'];
	if (key.rightArrow) return ['right'];
	if (key.pageUp) return ['pgup'];
	if (key.pageDown) return ['pgdn'];
	if (key.home) return ['home'];
	if (key.end) return ['end'];
	if (key.return) return ['enter'];
	if (key.escape) return ['esc'];
	if (key.tab) return [key.shift ? 'S-tab' : 'tab'];
	// Ink reports the Backspace key (0x7f) as `delete` (ink#634): both edit backwards here.
	if (key.backspace || key.delete) return ['backspace'];
	if (key.ctrl) return input ? [`C-${input}`] : [];
	return [...input].map(ch => (ch === ' ' ? 'space' : ch));
}

export function findBinding<A>(keymap: Keymap<A>, name: KeyName): KeyBinding<A> | undefined {
	return keymap.find(binding => binding.keys.includes(name));
}

/** How a key is printed in the hint bar and help: `↑/k`, `enter`, `S-tab`. */
export function formatKeys(keys: readonly KeyName[]): string {
	const pretty: Record<string, string> = {up: '↑', down: '↓', left: '←', right: '→', space: 'space'};
	return keys.map(k => pretty[k] ?? k).join('/');
}

/** A modal's hint line, read from its key table: `↑/k Move up · enter open`. */
export function hintLine(bindings: readonly KeyBinding<unknown>[]): string {
	return bindings.map(b => `${formatKeys(b.keys)} ${b.short ?? b.label}`).join(' · ');
}

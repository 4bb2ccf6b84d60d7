/**
 * A one-line text field as plain data (value + cursor), edited by the central router: one input listener for the
 * whole app (docs/ARCHITECTURE.md P8) instead of ink-text-input's own useInput, which also types Ctrl+letters and pasted
 * newlines into the value (docs/tui.md, Ink notes).
 */
export interface TextEdit {
	value: string;
	/** Insertion point, 0…value.length (in UTF-16 units; rim's fields are ASCII in practice). */
	cursor: number;
}

export type TextOp =
	| {op: 'insert'; text: string}
	| {op: 'backspace'}
	| {op: 'left'}
	| {op: 'right'}
	| {op: 'home'}
	| {op: 'end'}
	| {op: 'clear'};

export function textEdit(value: string): TextEdit {
	return {value, cursor: value.length};
}

// Control characters never enter a field (a pasted "\r" or an escape sequence stays out of names and dates).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function applyTextOp(edit: TextEdit, op: TextOp): TextEdit {
	const {value, cursor} = edit;
	switch (op.op) {
		case 'insert': {
			const text = op.text.replace(CONTROL, '');
			return {value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length};
		}
		case 'backspace':
			return cursor === 0 ? edit : {value: value.slice(0, cursor - 1) + value.slice(cursor), cursor: cursor - 1};
		case 'left':
			return {value, cursor: Math.max(0, cursor - 1)};
		case 'right':
			return {value, cursor: Math.min(value.length, cursor + 1)};
		case 'home':
			return {value, cursor: 0};
		case 'end':
			return {value, cursor: value.length};
		case 'clear':
			return {value: '', cursor: 0};
	}
}

/**
 * Column fitting by terminal cells. Data strings may hold wide (CJK, emoji) or combining characters, so padding by
 * `.length` would break the columns. Widths come from `string-width`, the function Ink lays out with, so rim's columns
 * and Ink's layout always agree. Every function here measures the sanitized text (and returns it), so a control
 * character can neither reach the terminal nor make a column lie about its width.
 */
import stringWidth from 'string-width';
import {sanitize} from './sanitize.js';

const graphemes = new Intl.Segmenter('en', {granularity: 'grapheme'});

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const MEASURED_LIMIT = 20_000;
const measured = new Map<string, number>();

/**
 * `stringWidth` of sanitized text, remembered: every frame measures the same row texts again (a key changes one or
 * two rows), and measuring was the largest part of rendering a key in a CPU profile of the TUI. Printable ASCII is
 * one cell per character and needs no lookup.
 */
function widthOf(safe: string): number {
	if (PRINTABLE_ASCII.test(safe)) return safe.length;
	let width = measured.get(safe);
	if (width === undefined) {
		width = stringWidth(safe);
		if (measured.size >= MEASURED_LIMIT) measured.clear();
		measured.set(safe, width);
	}
	return width;
}

/** The text cut into what the terminal draws as one unit (a grapheme cluster), each with its width in cells. */
function cells(text: string): {ch: string; width: number}[] {
	return [...graphemes.segment(text)].map(({segment}) => ({ch: segment, width: widthOf(segment)}));
}

/** Terminal cells the text takes. */
export function cellWidth(text: string): number {
	return widthOf(sanitize(text));
}

/** Cuts the text to at most `width` cells, ending in `…` when something was cut. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	const safe = sanitize(text);
	if (widthOf(safe) <= width) return safe;
	if (PRINTABLE_ASCII.test(safe)) return `${safe.slice(0, width - 1)}…`;
	let out = '';
	let used = 0;
	for (const {ch, width: w} of cells(safe)) {
		if (used + w > width - 1) break;
		out += ch;
		used += w;
	}
	return `${out}…`;
}

const FITTED_LIMIT = 20_000;
const fitted = new Map<string, string>();

/**
 * Exactly `width` cells: truncated, then padded on the right (or on the left with `align: 'right'`). Remembered like
 * widths: every frame fits the visible rows again, and cutting a row with wide or non-ASCII characters walks its
 * graphemes.
 */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const key = `${width}${align === 'left' ? 'l' : 'r'}\u0000${text}`;
	let out = fitted.get(key);
	if (out === undefined) {
		const cut = truncate(text, width);
		const pad = ' '.repeat(Math.max(0, width - widthOf(cut)));
		out = align === 'left' ? cut + pad : pad + cut;
		if (fitted.size >= FITTED_LIMIT) fitted.clear();
		fitted.set(key, out);
	}
	return out;
}

/** Word-wraps to lines of at most `width` cells; a word longer than a line is cut into pieces. */
export function wrapText(text: string, width: number): string[] {
	if (width <= 0) return [];
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean).map(sanitize)) {
		let rest = word;
		while (cellWidth(rest) > width) {
			if (line) {
				lines.push(line);
				line = '';
			}
			const piece = sliceCells(rest, width);
			lines.push(piece);
			rest = rest.slice(piece.length);
		}
		if (!line) line = rest;
		else if (cellWidth(line) + 1 + cellWidth(rest) <= width) line += ` ${rest}`;
		else {
			lines.push(line);
			line = rest;
		}
	}
	if (line) lines.push(line);
	return lines.length ? lines : [''];
}

function sliceCells(text: string, width: number): string {
	let out = '';
	let used = 0;
	for (const {ch, width: w} of cells(text)) {
		if (used + w > width) break;
		out += ch;
		used += w;
	}
	return out || cells(text)[0]?.ch || '';
}

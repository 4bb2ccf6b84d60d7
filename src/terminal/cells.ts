/**
 * One line of an Ink frame as terminal cells. Ink builds each frame as lines of text with SGR colour codes; this cuts a
 * line into the cells the terminal draws, each with its style, using the tokenizer and width function Ink lays out
 * with, so a cell here is a cell on screen (a wide character takes its cell and a continuation cell after it).
 */
import {
	ansiCodesToString,
	diffAnsiCodes,
	styledCharsFromTokens,
	tokenize,
	type AnsiCode,
} from '@alcalzone/ansi-tokenize';
import stringWidth from 'string-width';

export interface Cell {
	/** What the terminal prints; '' for the right half of a wide character. */
	ch: string;
	/** Width in cells of `ch` (2 for a wide character, 0 for a continuation). */
	width: number;
	codes: AnsiCode[];
	/** The style as one comparable string. */
	style: string;
}

export const BLANK: Cell = {ch: ' ', width: 1, codes: [], style: ''};

/** Cell widths by character: a frame draws a few hundred distinct ones, and string-width is slow per call. */
const widths = new Map<string, number>();
function widthOf(ch: string): number {
	let width = widths.get(ch);
	if (width === undefined) {
		width = Math.max(1, stringWidth(ch));
		if (widths.size > 10_000) widths.clear();
		widths.set(ch, width);
	}
	return width;
}

/** Lines already cut into cells: a line that comes back (a highlight moving back, a blinking status) is not parsed again. */
const PARSED_LIMIT = 2000;
const parsed = new Map<string, readonly Cell[]>();

/** The line's cells (shared: never change the array returned). */
export function parseLine(line: string): readonly Cell[] {
	let cells = parsed.get(line);
	if (cells === undefined) {
		cells = cutIntoCells(line);
		if (parsed.size >= PARSED_LIMIT) parsed.clear();
		parsed.set(line, cells);
	}
	return cells;
}

function cutIntoCells(line: string): Cell[] {
	const cells: Cell[] = [];
	for (const char of styledCharsFromTokens(tokenize(line))) {
		const style = char.styles.map(code => code.code).join('');
		const width = widthOf(char.value);
		cells.push({ch: char.value, width, codes: char.styles, style});
		for (let i = 1; i < width; i++) cells.push({ch: '', width: 0, codes: char.styles, style});
	}
	return cells;
}

export function sameCell(a: Cell, b: Cell): boolean {
	return a.ch === b.ch && a.style === b.style;
}

/** The cells as text with the fewest SGR changes, starting and ending in the terminal's default style. */
export function cellsToText(cells: readonly Cell[]): string {
	let out = '';
	let codes: AnsiCode[] = [];
	let style = '';
	for (const cell of cells) {
		if (cell.width === 0) continue;
		if (cell.style !== style) out += ansiCodesToString(diffAnsiCodes(codes, cell.codes));
		codes = cell.codes;
		style = cell.style;
		out += cell.ch;
	}
	if (codes.length) out += ansiCodesToString(diffAnsiCodes(codes, []));
	return out;
}

/**
 * Screen-reader mode's frames: Ink lays each screen out as linear text without cutting long lines, and pads rows with
 * spaces for the full-screen layout. Here each line loses its trailing spaces (a screen reader would announce them
 * as blank) and a line wider than the terminal is folded onto the next rows instead of being cut, so every word
 * reaches the screen.
 */
import {cellsToText, parseLine, type Cell} from './cells.js';

function fold(cells: Cell[], columns: number): Cell[][] {
	const rows: Cell[][] = [];
	let start = 0;
	while (start < cells.length) {
		let end = Math.min(start + columns, cells.length);
		// A wide character cut by the edge moves whole to the next row.
		if (end < cells.length && cells[end]?.width === 0) end--;
		if (end <= start) end = start + 1;
		rows.push(cells.slice(start, end));
		start = end;
	}
	return rows.length ? rows : [[]];
}

export function linearLines(lines: readonly string[], columns: number): string[] {
	const out: string[] = [];
	for (const line of lines) {
		const cells = parseLine(line);
		let end = cells.length;
		while (end > 0 && cells[end - 1]!.ch === ' ') end--;
		for (const row of fold(cells.slice(0, end), Math.max(1, columns))) out.push(cellsToText(row));
	}
	return out;
}

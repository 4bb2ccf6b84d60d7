/**
 * Screen-reader mode's frames: Ink lays each screen out as linear text without cutting long lines, and pads rows with
 * spaces for the full-screen layout. Here each line loses its trailing spaces (a screen reader would announce them
 * as blank) and a line wider than the terminal is folded onto the next rows, between words where it can, instead of
 * being cut, so every word reaches the screen whole.
 */
import {cellsToText, parseLine, type Cell} from './cells.js';

function fold(cells: Cell[], columns: number): Cell[][] {
	const rows: Cell[][] = [];
	let start = 0;
	while (start < cells.length) {
		let end = Math.min(start + columns, cells.length);
		// A wide character cut by the edge moves whole to the next row.
		if (end < cells.length && cells[end]?.width === 0) end--;
		// A word is not split where a space lets the row end before it (a screen reader reads rows as they are).
		if (end < cells.length && cells[end]?.ch !== ' ') {
			let space = end - 1;
			while (space > start && cells[space]?.ch !== ' ') space--;
			if (space > start) end = space + 1;
		}
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
		for (const row of fold(cells.slice(0, end), Math.max(1, columns))) {
			let last = row.length;
			while (last > 0 && row[last - 1]!.ch === ' ') last--;
			out.push(cellsToText(row.slice(0, last)));
		}
	}
	return out;
}

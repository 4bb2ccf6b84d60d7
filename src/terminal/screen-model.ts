/**
 * What the terminal shows, and the bytes that turn it into the next frame. Only cells that changed are written, each
 * run at an absolute position (so a slip can never carry over to the next frame), merging runs a few cells apart
 * because a cursor move costs about as much as rewriting them. A pane's border changing colour rewrites the border's
 * cells, not the lines they sit on.
 */
import {BLANK, cellsToText, parseLine, sameCell, type Cell} from './cells.js';

export interface TerminalSize {
	columns: number;
	rows: number;
}

/** Unchanged cells between two changes that are rewritten rather than jumped over (a cursor move is 6–8 bytes). */
const MAX_GAP = 6;

const ESC = '\u001B[';
const moveTo = (row: number, col: number) => (col === 0 ? `${ESC}${row + 1}H` : `${ESC}${row + 1};${col + 1}H`);
const ERASE_LINE_END = `${ESC}K`;
const ERASE_BELOW = `${ESC}J`;
/** Default style, cursor hidden, home, clear: the start of a full repaint. */
const CLEAR = `${ESC}0m${ESC}?25l${ESC}H${ESC}2J`;

/** The line's cells within `columns`; a wide character cut by the edge is dropped, as a terminal would not print it. */
function clip(cells: readonly Cell[], columns: number): readonly Cell[] {
	if (cells.length <= columns) return cells;
	const end = cells[columns]?.width === 0 ? columns - 1 : columns;
	return cells.slice(0, Math.max(0, end));
}

/** Bytes that turn row `row` from `before` into `after` (both clipped to the screen). */
export function rowUpdate(row: number, before: readonly Cell[], after: readonly Cell[]): string {
	const end = Math.max(before.length, after.length);
	const same = (col: number) => sameCell(before[col] ?? BLANK, after[col] ?? BLANK);
	let out = '';
	let col = 0;
	while (col < end) {
		if (same(col)) {
			col++;
			continue;
		}
		let start = col;
		while (start > 0 && after[start]?.width === 0) start--;
		let last = col;
		for (let c = col + 1; c < end && c - last <= MAX_GAP; c++) if (!same(c)) last = c;
		const lead = after[last];
		const stop = lead ? last + Math.max(1, lead.width) : last + 1;
		out += moveTo(row, start) + cellsToText(after.slice(start, Math.min(stop, after.length)));
		// Past the new line's end everything is blank: erase the rest of the line instead of writing spaces.
		if (stop > after.length) return out + ERASE_LINE_END;
		col = stop;
	}
	return out;
}

/** The terminal's screen as rim last drew it. */
export class ScreenModel {
	private lines: string[] = [];
	private cells: (readonly Cell[] | undefined)[] = [];
	/** Unknown contents (first frame, after a resize or a redraw request): the next update clears and draws all. */
	private unknown = true;

	invalidate(): void {
		this.unknown = true;
	}

	get needsRepaint(): boolean {
		return this.unknown;
	}

	/** Bytes that turn the screen into `next` (Ink's frame lines), '' when nothing changed. */
	update(next: readonly string[], size: TerminalSize): string {
		const full = this.unknown;
		const before = full ? [] : this.lines;
		const beforeCells = full ? [] : this.cells;
		const visible = next.slice(0, size.rows);
		const nextCells: (readonly Cell[] | undefined)[] = [];
		let out = full ? CLEAR : '';
		for (let row = 0; row < visible.length; row++) {
			const line = visible[row]!;
			if (line === before[row]) {
				nextCells[row] = beforeCells[row];
				continue;
			}
			const after = clip(parseLine(line), size.columns);
			nextCells[row] = after;
			out += rowUpdate(row, beforeCells[row] ?? this.parsedBefore(row, before, size), after);
		}
		if (before.slice(visible.length).some(line => line !== '')) out += moveTo(visible.length, 0) + ERASE_BELOW;
		this.lines = visible;
		this.cells = nextCells;
		this.unknown = false;
		return out;
	}

	private parsedBefore(row: number, before: readonly string[], size: TerminalSize): readonly Cell[] {
		const line = before[row];
		return line ? clip(parseLine(line), size.columns) : [];
	}
}

/** Cursor and scroll window of a windowed list, as pure functions (docs/tui.md, Ink notes: render only the visible rows). */

export interface ListCursor {
	/** Index of the highlighted row. */
	cursor: number;
	/** Index of the first visible row. */
	start: number;
}

export const LIST_TOP: ListCursor = {cursor: 0, start: 0};

export type ListMove = 'up' | 'down' | 'page-up' | 'page-down' | 'home' | 'end';

/** The first visible row: moves only when the cursor leaves the window. */
export function windowStart(cursor: number, height: number, total: number, prevStart: number): number {
	let start = prevStart;
	if (cursor < start) start = cursor;
	if (cursor >= start + height) start = cursor - height + 1;
	return Math.max(0, Math.min(start, Math.max(0, total - height)));
}

/**
 * Moves the cursor over `total` rows, skipping rows that cannot be selected (cabinet and section headers): it keeps
 * going in the direction of the move, and turns back at the end of the list.
 */
export function moveCursor(list: ListCursor, move: ListMove, total: number, height: number,
	selectable: (i: number) => boolean = () => true): ListCursor {
	if (total === 0) return LIST_TOP;
	const page = Math.max(1, height - 1);
	const target = {up: list.cursor - 1, down: list.cursor + 1, 'page-up': list.cursor - page, 'page-down': list.cursor + page,
		home: 0, end: total - 1}[move];
	const direction = move === 'up' || move === 'page-up' || move === 'end' ? -1 : 1;
	const cursor = nearestSelectable(Math.max(0, Math.min(total - 1, target)), direction, total, selectable);
	return {cursor, start: windowStart(cursor, height, total, list.start)};
}

export function nearestSelectable(from: number, direction: 1 | -1, total: number, selectable: (i: number) => boolean): number {
	for (let i = from; i >= 0 && i < total; i += direction) if (selectable(i)) return i;
	for (let i = from; i >= 0 && i < total; i -= direction) if (selectable(i)) return i;
	return Math.max(0, Math.min(from, total - 1));
}

/** The cursor kept inside the list after the rows changed (a filter, a new snapshot). */
export function clampCursor(list: ListCursor, total: number, height: number, selectable: (i: number) => boolean = () => true): ListCursor {
	if (total === 0) return LIST_TOP;
	const cursor = nearestSelectable(Math.min(list.cursor, total - 1), 1, total, selectable);
	return {cursor, start: windowStart(cursor, height, total, list.start)};
}

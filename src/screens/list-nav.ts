/**
 * Moving through a list: the one key table every list, menu and scrolled view uses, and the cursor and scroll window
 * of a windowed list as pure functions (render only the visible rows).
 */
import type {KeyBinding, KeyName} from './key-binding.js';

export interface ListCursor {
	/** Index of the highlighted row. */
	cursor: number;
	/** Index of the first visible row. */
	start: number;
}

export const LIST_TOP: ListCursor = {cursor: 0, start: 0};

export type ListMove = 'up' | 'down' | 'page-up' | 'page-down' | 'home' | 'end';

/** The list-navigation keys, once for every list. Letters are aliases a list that takes typing leaves out. */
export const LIST_NAV: readonly {
	move: ListMove;
	keys: readonly KeyName[];
	letters: readonly KeyName[];
	label: string;
}[] = [
	{move: 'up', keys: ['up'], letters: ['k'], label: 'Move up'},
	{move: 'down', keys: ['down'], letters: ['j'], label: 'Move down'},
	{move: 'page-up', keys: ['pgup'], letters: [], label: 'Page up'},
	{move: 'page-down', keys: ['pgdn'], letters: [], label: 'Page down'},
	{move: 'home', keys: ['home'], letters: ['g'], label: 'First row'},
	{move: 'end', keys: ['end'], letters: ['G'], label: 'Last row'},
];

export interface NavOptions {
	/** The list also takes typed text (a filter): no letter aliases. */
	typing?: boolean;
	/** Moves the scope gives other keys (home/end move the cursor of a text field). */
	omit?: readonly ListMove[];
	/** Labels of the scope's own words ("Scroll up", "Previous field"). */
	labels?: Partial<Record<ListMove, string>>;
	/** Extra keys for a move (space pages down in help). */
	extra?: Partial<Record<ListMove, readonly KeyName[]>>;
}

/** A scope's navigation bindings, from LIST_NAV, with the scope's action for each move. */
export function navBindings<A>(action: (move: ListMove) => A, options: NavOptions = {}): KeyBinding<A>[] {
	return LIST_NAV.filter(nav => !options.omit?.includes(nav.move)).map(nav => ({
		keys: [...nav.keys, ...(options.typing ? [] : nav.letters), ...(options.extra?.[nav.move] ?? [])],
		action: action(nav.move),
		label: options.labels?.[nav.move] ?? nav.label,
		group: 'Move',
	}));
}

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
export function moveCursor(
	list: ListCursor,
	move: ListMove,
	total: number,
	height: number,
	selectable: (i: number) => boolean = () => true,
): ListCursor {
	if (total === 0) return LIST_TOP;
	const page = Math.max(1, height - 1);
	const target = {
		up: list.cursor - 1,
		down: list.cursor + 1,
		'page-up': list.cursor - page,
		'page-down': list.cursor + page,
		home: 0,
		end: total - 1,
	}[move];
	const direction = move === 'up' || move === 'page-up' || move === 'end' ? -1 : 1;
	const cursor = nearestSelectable(Math.max(0, Math.min(total - 1, target)), direction, total, selectable);
	return {cursor, start: windowStart(cursor, height, total, list.start)};
}

export function nearestSelectable(
	from: number,
	direction: 1 | -1,
	total: number,
	selectable: (i: number) => boolean,
): number {
	for (let i = from; i >= 0 && i < total; i += direction) if (selectable(i)) return i;
	for (let i = from; i >= 0 && i < total; i -= direction) if (selectable(i)) return i;
	return Math.max(0, Math.min(from, total - 1));
}

/** The cursor kept inside the list after the rows changed (a filter, a new snapshot). */
export function clampCursor(
	list: ListCursor,
	total: number,
	height: number,
	selectable: (i: number) => boolean = () => true,
): ListCursor {
	if (total === 0) return LIST_TOP;
	const cursor = nearestSelectable(Math.min(list.cursor, total - 1), 1, total, selectable);
	return {cursor, start: windowStart(cursor, height, total, list.start)};
}

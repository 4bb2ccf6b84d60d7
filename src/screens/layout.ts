/**
 * Where everything goes for a terminal size. The frame is rows-1 tall: at full height Ink 6.8 clears the screen on
 * every frame (docs/tui.md, Ink notes). Pure.
 */
export interface ScreenSize {
	columns: number;
	rows: number;
}

/** The smallest terminal the compact layout fits: two 30-column panes and four list rows each. */
export const MIN_SIZE: ScreenSize = {columns: 60, rows: 16};

export interface Layout {
	columns: number;
	/** Frame height: rows - 1. */
	height: number;
	/** Between the header line and the flash + hint lines. */
	body: number;
	topHeight: number;
	jobsHeight: number;
	leftWidth: number;
	rightWidth: number;
	/** Visible rows of each pane's list and of a dialog's list. */
	heights: {packages: number; destinations: number; modal: number};
}

/** Border (2) and the title line (1) of a pane. */
const PANE_CHROME = 3;
/** Border, title, column header and two rows of the Job Execution Status pane. */
const JOBS_MIN_HEIGHT = 6;

export function computeLayout(size: ScreenSize): Layout | null {
	if (size.columns < MIN_SIZE.columns || size.rows < MIN_SIZE.rows) return null;
	const height = size.rows - 1;
	const body = height - 3;
	// Job Execution Status keeps room for its title, column header and two rows (JOBS_MIN_HEIGHT) before the panes grow.
	const topHeight = Math.max(PANE_CHROME + 3, Math.min(Math.round(body * 0.55), body - JOBS_MIN_HEIGHT));
	const leftWidth = Math.floor(size.columns / 2);
	const list = topHeight - PANE_CHROME;
	return {
		columns: size.columns,
		height,
		body,
		topHeight,
		jobsHeight: body - topHeight,
		leftWidth,
		rightWidth: size.columns - leftWidth,
		heights: {packages: list, destinations: list, modal: Math.max(3, body - 7)},
	};
}

/**
 * Everything the Job Execution Status pane draws, for one view, as plain data: title, column header, the visible
 * window of rows, and a footer. Pure (docs/ARCHITECTURE.md P10): the window start comes in, the .tsx only lays it out.
 */
import type {EngineSnapshot, JobView} from '../../engine/snapshot.js';
import {sanitize} from '../../output/sanitize.js';
import {destinationColumns, destinationHeader, destinationRow} from './run-rows.js';
import {failureColumns, failureHeader, failureRow} from './failure-rows.js';
import {jobColumns, jobHeader, jobRow, summaryText} from './job-rows.js';
import {selectedIndex, viewList} from './lists.js';
import {windowStart} from './list-window.js';
import {plain, type Line} from '../lines/segments.js';
import type {JobStatusState} from './state.js';
import {truncate} from '../../output/text-fit.js';

export interface PaneView {
	title: string;
	header: string;
	/** The visible rows only, from `start`. */
	rows: Line[];
	start: number;
	/** Index into `rows` of the selected row, or -1. */
	selectedRow: number;
	total: number;
	/** Shown instead of rows when the list is empty. */
	empty: string | null;
	footer: Line;
}

export interface PaneGeometry {
	/** Cells available for a row (the selection marker is outside this). */
	width: number;
	/** Rows available for the list. */
	rows: number;
	now: number;
	/** The window start of the previous frame. */
	previousStart: number;
}

/** Numbered like the other panes: `3` focuses it. */
export const PANE_TITLE = '3 Job Execution Status';

const jobLabel = (job: JobView, width: number) =>
	truncate(`${job.id} ${sanitize(job.name)}`, Math.max(8, Math.floor(width / 2)));
const position = (selected: number, total: number) => (total ? ` ${selected + 1}/${total}` : '');

export function paneView(state: JobStatusState, snapshot: EngineSnapshot, geo: PaneGeometry): PaneView {
	const list = viewList(state.view, snapshot);
	const selected = selectedIndex(state, list);
	const total = list.kind === 'missing' ? 0 : list.items.length;
	const start = windowStart(Math.max(0, selected), geo.rows, total, geo.previousStart);
	const base = {start, selectedRow: selected - start, total};
	const unsavedJobs = new Set(snapshot.saving.kind === 'not-saved' ? snapshot.saving.jobs : []);
	const summary = (job: JobView) => summaryText(job, unsavedJobs.has(job.id));
	switch (list.kind) {
		case 'jobs': {
			const cols = jobColumns(list.items, geo.width);
			const job = list.items[selected];
			return {
				...base,
				title: `${PANE_TITLE}${position(selected, total)}`,
				header: jobHeader(cols),
				rows: list.items.slice(start, start + geo.rows).map(j => jobRow(j, cols, unsavedJobs.has(j.id))),
				empty: 'No jobs yet. Pick a package (space), drop it on a destination (enter) to define one.',
				footer: job ? [plain(`${job.id}: ${summary(job)}`)] : [],
			};
		}
		case 'destinations': {
			const cols = destinationColumns(list.items, geo.width);
			const filter = list.code ? ` · code ${list.code}` : '';
			return {
				...base,
				title: `3 ${jobLabel(list.job, geo.width)} › destinations${filter}${position(selected, total)}`,
				header: destinationHeader(cols),
				rows: list.items.slice(start, start + geo.rows).map(run => destinationRow(run, cols, geo.now)),
				empty: list.code ? `No destination ends with ${list.code} any more.` : 'This job has no destination.',
				footer: [plain(summary(list.job))],
			};
		}
		case 'failures': {
			const cols = failureColumns(list.items, geo.width);
			return {
				...base,
				title: `3 ${jobLabel(list.job, geo.width)} › failures by code${position(selected, total)}`,
				header: failureHeader(cols),
				rows: list.items.slice(start, start + geo.rows).map(g => failureRow(g, cols)),
				empty: 'No destination ended in error or was rejected.',
				footer: [plain(summary(list.job))],
			};
		}
		case 'missing':
			return {
				...base,
				title: `3 Job ${list.jobId}`,
				header: '',
				rows: [],
				empty: `Job ${list.jobId} no longer exists (esc goes back).`,
				footer: [],
			};
	}
}

/**
 * The Job Execution Status pane's state (docs/tui.md, Screens): which view is shown, a cursor per list, and the one modal
 * that may be open. Views and modals are unions (docs/ARCHITECTURE.md P3): a field exists only where it means something.
 */

/** A list position: the selected item's id wins while it is still listed; otherwise the index, clamped. */
export interface Cursor {
	index: number;
	id: string | null;
}

export type StatusView =
	| {kind: 'jobs'}
	/** `filter` narrows the list to the destinations that ended with one maintenance code (entered from the
	 *  failures view; esc returns there). */
	| {kind: 'destinations'; jobId: string; filter: {code: string; failuresFrom: 'jobs' | 'destinations'} | null}
	/** `from` is where esc returns to. */
	| {kind: 'failures'; jobId: string; from: 'jobs' | 'destinations'};

export type StatusModal =
	| null
	/** The exact set shown is the set re-executed (docs/rules.md, States: show the set before running). */
	| {kind: 'confirm-rerun'; jobId: string; hosts: readonly string[]}
	| {kind: 'confirm-delete'; jobId: string; jobName: string}
	/** `attempt`: an earlier attempt the admin stepped back to, absent for the current one; `scroll`: the first line shown. */
	| {kind: 'detail'; jobId: string; hostId: string; attempt?: number; scroll: number};

export interface JobStatusState {
	view: StatusView;
	jobs: Cursor;
	destinations: Cursor;
	failures: Cursor;
	modal: StatusModal;
}

const top = (): Cursor => ({index: 0, id: null});

export function initialJobStatus(): JobStatusState {
	return {view: {kind: 'jobs'}, jobs: top(), destinations: top(), failures: top(), modal: null};
}

/** Selects a job in the jobs list (after the wizard creates one, and for Navigate {pane: 'jobs'}). The job may not
 *  be in the snapshot yet: the cursor keeps its id and selects it as soon as it appears. */
export function focusJob(state: JobStatusState, jobId: string): JobStatusState {
	return {...state, view: {kind: 'jobs'}, modal: null, jobs: {index: state.jobs.index, id: jobId}};
}

/** True while a confirmation or the Detailed Information modal is open: the app then gives it the whole screen
 *  and every key. */
export function jobStatusModalOpen(state: JobStatusState): boolean {
	return state.modal !== null;
}

/** The index a cursor selects in a list of ids (-1 for an empty list). */
export function cursorIndex(ids: readonly string[], cursor: Cursor): number {
	if (ids.length === 0) return -1;
	if (cursor.id !== null) {
		if (ids[cursor.index] === cursor.id) return cursor.index;
		const found = ids.indexOf(cursor.id);
		if (found >= 0) return found;
	}
	return Math.max(0, Math.min(cursor.index, ids.length - 1));
}

/** The cursor after moving to `index` (clamped) in a list of ids. */
export function cursorAt(ids: readonly string[], index: number): Cursor {
	if (ids.length === 0) return top();
	const clamped = Math.max(0, Math.min(index, ids.length - 1));
	return {index: clamped, id: ids[clamped] ?? null};
}

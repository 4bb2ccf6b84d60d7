/** What each view lists, read from a snapshot: shared by the reducer (to move and pick) and the pane (to draw). */
import type {DestinationRun} from '../../engine/model.js';
import {failuresByCode, type EngineSnapshot, type JobView} from '../../engine/snapshot.js';
import {visibleRuns} from './run-rows.js';
import type {FailureGroup} from './failure-rows.js';
import {cursorIndex, type Cursor, type JobStatusState, type StatusView} from './state.js';

export const findJob = (snapshot: EngineSnapshot, jobId: string): JobView | undefined =>
	snapshot.jobs.find(j => j.id === jobId);

export type ViewList =
	| {kind: 'jobs'; items: readonly JobView[]}
	| {kind: 'destinations'; job: JobView; items: readonly DestinationRun[]; code: string | null}
	| {kind: 'failures'; job: JobView; items: readonly FailureGroup[]}
	/** The job a view was about is gone (deleted elsewhere). */
	| {kind: 'missing'; jobId: string};

export function viewList(view: StatusView, snapshot: EngineSnapshot): ViewList {
	if (view.kind === 'jobs') return {kind: 'jobs', items: snapshot.jobs};
	const job = findJob(snapshot, view.jobId);
	if (!job) return {kind: 'missing', jobId: view.jobId};
	if (view.kind === 'failures') return {kind: 'failures', job, items: failuresByCode(job)};
	const code = view.filter?.code ?? null;
	return {kind: 'destinations', job, items: visibleRuns(job.runs, code), code};
}

export function listIds(list: ViewList): string[] {
	switch (list.kind) {
		case 'jobs':
			return list.items.map(j => j.id);
		case 'destinations':
			return list.items.map(r => r.host);
		case 'failures':
			return list.items.map(g => g.code);
		case 'missing':
			return [];
	}
}

export type CursorName = 'jobs' | 'destinations' | 'failures';

export const cursorNameOf = (view: StatusView): CursorName => view.kind;

/** The selected index of the current view's list, or -1 when it is empty. */
export function selectedIndex(state: JobStatusState, list: ViewList): number {
	const cursor: Cursor = state[cursorNameOf(state.view)];
	return cursorIndex(listIds(list), cursor);
}

/** Destinations that ended in error (what the engine's re-execute accepts), optionally only one code's. */
export function errorHosts(job: JobView, code: string | null = null): string[] {
	return job.runs
		.filter(run => run.status.state === 'error' && (code === null || run.status.code === code))
		.map(run => run.host);
}

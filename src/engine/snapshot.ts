/** Immutable views of the engine's state for screens and the CLI (docs/ARCHITECTURE.md P9). */
import {describeCode} from './codes.js';
import {describeState} from './job-machine.js';
import type {SaveState} from './save-state.js';
import type {ClockRate} from './clock.js';
import {
	STATE_PROGRESS,
	isFinal,
	type Definition,
	type DestinationRun,
	type Folder,
	type Inventory,
	type Job,
	type OfficePublic,
} from './model.js';
import type {MaintenanceCode} from '../shared/maintenance-code.js';

export interface JobSummary {
	finished: number;
	error: number;
	rejected: number;
	total: number;
	/** Mean progress of the destinations, 0–100. */
	progress: number;
	result: 'running' | 'finished' | 'error';
}

export interface JobView extends Job {
	summary: JobSummary;
}

export interface EngineSnapshot {
	/** Lab time the snapshot was taken. */
	at: number;
	/** Bumped on every published change. */
	version: number;
	inventory: Inventory;
	jobs: readonly JobView[];
	/** The Job Definition window: saved definitions and their folders. */
	definitions: readonly Definition[];
	folders: readonly Folder[];
	office: OfficePublic;
	/** Whether this state is on disk (a full disk: not, and which jobs and definitions have changes that are not). */
	saving: SaveState;
	/** How fast lab time runs, on a clock that follows the wall clock (absent on a virtual one). */
	clock?: ClockRate;
}

export function summarize(job: Job): JobSummary {
	let finished = 0;
	let error = 0;
	let rejected = 0;
	let progress = 0;
	for (const run of job.runs) {
		if (run.status.state === 'finished') finished++;
		else if (run.status.state === 'error') error++;
		else if (run.status.state === 'rejected') rejected++;
		progress += STATE_PROGRESS[run.status.state];
	}
	const total = job.runs.length;
	const done = finished + error + rejected === total;
	const result = !done ? 'running' : error + rejected > 0 ? 'error' : 'finished';
	return {finished, error, rejected, total, progress: total ? Math.floor(progress / total) : 0, result};
}

/** One destination as `rim job status --json` prints it (the interface contract of issue #2). */
export interface DestinationStatus {
	host: string;
	state: DestinationRun['status']['state'];
	detail: string;
	progress: number;
	code: MaintenanceCode | null;
	title: string | null;
	cause: string | null;
	action: string | null;
	/** rim's note beside the reference's action (codes.ts CodeEntry.check). */
	check: string | null;
	lastHeard: number;
	attempt: number;
}

export function destinationStatus(run: DestinationRun): DestinationStatus {
	const code = isFinal(run.status) ? run.status.code : null;
	const entry = code ? describeCode(code) : null;
	return {
		host: run.host,
		state: run.status.state,
		detail: describeState(run.status),
		progress: STATE_PROGRESS[run.status.state],
		code,
		title: entry?.title ?? null,
		cause: entry?.cause ?? null,
		action: entry?.action ?? null,
		check: entry?.check ?? null,
		lastHeard: run.lastHeard,
		attempt: run.attempt,
	};
}

/** Failed destinations grouped by maintenance code, most frequent first. */
export function failuresByCode(job: Job): {code: MaintenanceCode; title: string; hosts: string[]}[] {
	const groups = new Map<MaintenanceCode, string[]>();
	for (const run of job.runs) {
		if (run.status.state === 'error' || run.status.state === 'rejected') {
			const list = groups.get(run.status.code) ?? [];
			list.push(run.host);
			groups.set(run.status.code, list);
		}
	}
	return [...groups]
		.map(([code, hosts]) => ({code, title: describeCode(code)?.title ?? 'Unknown code', hosts}))
		.sort((a, b) => b.hosts.length - a.hosts.length || a.code.localeCompare(b.code));
}

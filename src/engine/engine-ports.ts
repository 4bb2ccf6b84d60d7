/** The engine's ports and error type: what it needs from its host process, and what its refusals look like. */
import type {Clock} from './clock.js';
import type {Fleet} from './fleet.js';
import type {EngineState, Host} from './model.js';
import type {Office} from './pki/index.js';
import type {Violation} from './rules/job-rules.js';
import type {Result} from '../shared/result.js';

/**
 * What one mutation of the live state touched, so that persistence can write just that (a journal record) instead of
 * the whole document. The engine replaces objects rather than editing them (hosts[i] = next, job.runs[i] = next), so the
 * current object under a key is always the latest value; a job's own fields (executedAt, runs) are reported as 'job'.
 */
export type StateChange =
	/** `fields`: the host's top-level fields that were replaced (all of them when absent). */
	| {kind: 'host'; id: string; fields?: (keyof Host)[]}
	| {kind: 'run'; job: string; host: string}
	| {kind: 'job'; id: string}
	| {kind: 'job-deleted'; id: string}
	/** A package or group added, replaced or removed (the record says which, from the current state). */
	| {kind: 'package'; id: string}
	| {kind: 'group'; id: string}
	| {kind: 'cabinets'}
	| {kind: 'host-removed'; id: string}
	| {kind: 'definition'; id: string}
	| {kind: 'definition-deleted'; id: string}
	/** The folder list (small: recorded whole). */
	| {kind: 'folders'}
	/** Counters and the clock's high-water mark. */
	| {kind: 'meta'};

export interface EnginePersistence {
	/** Coalesced save of the live state after `change` (the store serialises it when it writes). */
	save(state: EngineState, change: StateChange): void;
	/** Resolves once the state, with every change reported so far, is durable on disk, or with why it is not. */
	saveNow(state: EngineState): Promise<Result<void, string>>;
	/** Hears the outcome of every write, background ones included: null once durable, else why it failed. */
	watch?(listener: (failure: string | null) => void): void;
}

/** Wall-time scheduling for snapshot coalescing only; the job logic never sees it. */
export interface Ticker {
	schedule(fn: () => void, ms: number): () => void;
}

export interface EngineDeps {
	clock: Clock;
	office: Office;
	persistence?: EnginePersistence;
	fleet: Fleet;
	ticker?: Ticker;
	/** Minimum wall time between two published snapshots; default 100 ms (at most ~10 per second). */
	publishIntervalMs?: number;
}

export type EngineError =
	| {kind: 'not-found'; message: string}
	| {kind: 'input'; message: string}
	| {kind: 'rules'; message: string; violations: Violation[]}
	| {kind: 'state'; message: string}
	| NotSaved;

/**
 * The change was made but could not be written (a full disk): it is live in this process and the store retries the
 * write, but a process that ends now loses it. `reason` is the store's one-line message.
 */
export type NotSaved = {
	kind: 'not-saved';
	message: string;
	reason: string;
	/** The execution the change made. */
	jobId?: string;
	/** The definition the change made or replaced. */
	definitionId?: string;
};

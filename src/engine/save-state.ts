/**
 * Whether what the engine holds is on disk. The persistence port reports every write's outcome; while writes fail, the
 * engine keeps running and the store keeps retrying, and this says so — with the jobs whose changes are not saved — so
 * that no face ever shows as saved what is not.
 */
import type {StateChange} from './engine-ports.js';

export type SaveState =
	| {kind: 'saved'}
	/** `since`: lab time of the first failed write; `jobs`, `definitions`: those changed since the last durable write. */
	| {kind: 'not-saved'; reason: string; since: number; jobs: readonly string[]; definitions: readonly string[]};

export const SAVED: SaveState = {kind: 'saved'};

export class SaveTracking {
	private current: SaveState = SAVED;
	/** Jobs and definitions changed since the last durable write. */
	private dirty = new Set<string>();
	private dirtyDefinitions = new Set<string>();

	constructor(
		private readonly now: () => number,
		/** The state changed (published to live views). */
		private readonly onChange: () => void,
	) {}

	get(): SaveState {
		return this.current;
	}

	touched(changes: readonly StateChange[]): void {
		let added = false;
		const note = (set: Set<string>, id: string) => {
			if (set.has(id)) return;
			set.add(id);
			added = true;
		};
		for (const change of changes) {
			if (change.kind === 'job' || change.kind === 'job-deleted') note(this.dirty, change.id);
			else if (change.kind === 'run') note(this.dirty, change.job);
			else if (change.kind === 'definition' || change.kind === 'definition-deleted')
				note(this.dirtyDefinitions, change.id);
		}
		if (added && this.current.kind === 'not-saved') this.current = {...this.current, ...this.lists()};
	}

	private lists(): {jobs: string[]; definitions: string[]} {
		return {jobs: [...this.dirty], definitions: [...this.dirtyDefinitions]};
	}

	/** One write's outcome: null once durable, else why it failed. */
	result(failure: string | null): void {
		if (failure === null) {
			this.dirty.clear();
			this.dirtyDefinitions.clear();
			if (this.current.kind === 'saved') return;
			this.current = SAVED;
		} else {
			const since = this.current.kind === 'not-saved' ? this.current.since : this.now();
			this.current = {kind: 'not-saved', reason: failure, since, ...this.lists()};
		}
		this.onChange();
	}
}

/**
 * Publishes the engine's state to live views: coalesced immutable snapshots (at most one per interval) for
 * useSyncExternalStore, and, with each publication, the StateChanges since the previous one, so that a remote view can
 * be sent what changed instead of the whole state.
 */
import type {ClockRate} from './clock.js';
import type {StateChange, Ticker} from './engine-ports.js';
import type {EngineState} from './model.js';
import {SAVED, type SaveState} from './save-state.js';
import {summarize, type EngineSnapshot} from './snapshot.js';

export type ChangeListener = (changes: readonly StateChange[], snapshot: EngineSnapshot) => void;

export class SnapshotPublisher {
	private readonly listeners = new Set<() => void>();
	private readonly changeListeners = new Set<ChangeListener>();
	private version = 0;
	private snapshot: EngineSnapshot | null = null;
	private pending: (() => void) | null = null;
	private changes: StateChange[] = [];

	constructor(
		private readonly state: EngineState,
		private readonly now: () => number,
		private readonly rate: () => ClockRate | undefined,
		private readonly ticker: Ticker | undefined,
		private readonly intervalMs: number,
		private readonly saving: () => SaveState = () => SAVED,
	) {}

	/** The latest published snapshot (stable between changes, as useSyncExternalStore needs). */
	get = (): EngineSnapshot => this.snapshot ?? this.take();

	/** A snapshot of this instant, published or not. */
	take(): EngineSnapshot {
		const {inventory, jobs, definitions, folders, office} = this.state;
		const clock = this.rate();
		this.snapshot = {
			at: this.now(),
			version: this.version,
			inventory: {
				...inventory,
				hosts: inventory.hosts.slice(),
				groups: inventory.groups.slice(),
				packages: inventory.packages.slice(),
			},
			jobs: jobs.map(job => ({...job, runs: job.runs.slice(), summary: summarize(job)})),
			definitions: definitions.slice(),
			folders: folders.slice(),
			office,
			saving: this.saving(),
			...(clock ? {clock} : {}),
		};
		return this.snapshot;
	}

	/** The last snapshot taken, if any, without taking one. */
	latest(): EngineSnapshot | null {
		return this.snapshot;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** Called with every publication: what changed since the previous one, and the snapshot that now holds it. */
	subscribeChanges(listener: ChangeListener): () => void {
		this.changeListeners.add(listener);
		return () => this.changeListeners.delete(listener);
	}

	changed(changes: readonly StateChange[]): void {
		this.version++;
		if (this.listeners.size === 0 && this.changeListeners.size === 0) {
			this.snapshot = null;
			return;
		}
		if (this.changeListeners.size) this.changes.push(...changes);
		if (this.pending) return;
		if (!this.ticker) return this.publish();
		this.pending = this.ticker.schedule(() => {
			this.pending = null;
			this.publish();
		}, this.intervalMs);
	}

	private publish(): void {
		const snapshot = this.take();
		const changes = this.changes;
		this.changes = [];
		for (const listener of this.listeners) listener();
		for (const listener of this.changeListeners) listener(changes, snapshot);
	}
}

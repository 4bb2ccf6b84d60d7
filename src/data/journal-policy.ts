import {performance} from 'node:perf_hooks';
import type {JournalChange} from './store-port.js';

/** What one write takes: the changes noted since the last write, and whether a whole snapshot was asked for. */
export interface PendingWrite {
	changes: Map<string, JournalChange>;
	whole: boolean;
	/** When the oldest of the changes was noted (performance.now()), or null when there are none. */
	since: number | null;
}

export interface JournalLimits {
	/** A document whose last snapshot is smaller than this is written whole on every save. */
	journalFromBytes: number;
	/** The journal is folded into a new snapshot once it is larger than this and than the snapshot. */
	compactBytes: number;
	/** The coalescing delay of saves, in ms. */
	delayMs: number;
}

/** What the policy needs to know of the journal file. */
export interface JournalState {
	readonly bytes: number;
	readonly broken: boolean;
}

/**
 * When the document is written whole (a snapshot) and when only the records of its changed objects are appended to
 * the journal; which changes are pending, coalesced by key (the latest wins); when the journal should be folded into
 * a new snapshot (a compaction, data/compaction.ts).
 */
export class JournalPolicy {
	private pending: PendingWrite = {changes: new Map(), whole: false, since: null};

	constructor(
		private readonly limits: JournalLimits,
		/** The journal, or null when the store keeps none (every write is a snapshot). */
		private readonly journal: JournalState | null,
		/** Size of the last snapshot written or read; null when there is none. */
		private snapshotBytes: number | null,
	) {}

	/**
	 * Notes a save: its changes, or (without any) that the next write must be whole. Returns true when the caller should
	 * write now rather than wait for its delay timer, because that timer is long overdue: the event loop is busy (an
	 * engine burst runs thousands of due timers in one pass), and a change must still be on disk within about twice
	 * the delay.
	 */
	note(changes: readonly JournalChange[] | undefined): boolean {
		if (!changes) {
			this.pending.whole = true;
			return false;
		}
		const pending = this.pending.changes;
		for (const change of changes) {
			// Latest wins, in the place of the first: a record is read at write time, so the order within one write does
			// not matter, and a key keeps its age for an append that takes the oldest first.
			pending.set(change.key, change);
		}
		if (pending.size === 0) return false;
		const now = performance.now();
		if (this.pending.since === null) {
			this.pending.since = now;
			return false;
		}
		return now - this.pending.since > 3 * this.limits.delayMs && this.appending();
	}

	/**
	 * Takes what is pending for one write: everything, or for an append at most `limit` changes, the oldest first (the
	 * rest stay pending).
	 */
	take(limit = Number.POSITIVE_INFINITY): PendingWrite {
		const taken = this.pending;
		if (taken.whole || taken.changes.size <= limit) {
			this.pending = {changes: new Map(), whole: false, since: null};
			return taken;
		}
		const first = new Map<string, JournalChange>();
		for (const [key, change] of taken.changes) {
			if (first.size >= limit) break;
			first.set(key, change);
			taken.changes.delete(key);
		}
		// The rest keep their `since`: they are as old as the ones taken.
		return {changes: first, whole: false, since: taken.since};
	}

	/** How many changes are pending. */
	pendingCount(): number {
		return this.pending.changes.size;
	}

	/** A write failed: what it took is pending again (newer changes of the same keys win), so the next write retries it. */
	putBack(failed: PendingWrite): void {
		const pending = this.pending;
		for (const [key, change] of failed.changes) if (!pending.changes.has(key)) pending.changes.set(key, change);
		pending.whole ||= failed.whole;
		if (pending.changes.size > 0) pending.since = failed.since ?? pending.since ?? performance.now();
	}

	/** The next write must fold the journal into a snapshot (on close). */
	wantWhole(): void {
		this.pending.whole = true;
	}

	/** True when a write of `taken` is a journal append, not a snapshot. */
	appends(taken: PendingWrite): boolean {
		return !taken.whole && this.appending();
	}

	/** True when the journal has outgrown the snapshot: it should be folded into a new one (appends go on meanwhile). */
	compactionDue(): boolean {
		const journal = this.journal;
		return (
			journal !== null &&
			this.snapshotBytes !== null &&
			journal.bytes > Math.max(this.limits.compactBytes, this.snapshotBytes)
		);
	}

	snapshotWritten(bytes: number): void {
		this.snapshotBytes = bytes;
	}

	/** True when the next write of changes is an append, unless a whole save is pending. */
	appending(): boolean {
		const journal = this.journal;
		return (
			journal !== null &&
			!journal.broken &&
			this.snapshotBytes !== null &&
			this.snapshotBytes >= this.limits.journalFromBytes
		);
	}
}

/** The records of some changes, as text to append, and what to tell their changes once that text is durable. */
export interface RecordsText {
	/** One JSON line per record. */
	text: string;
	/** Tells each change whose record the text holds that it is durable (JournalChange.written). */
	durable(): void;
}

/** The records of `changes`, one JSON line each (a change contained in another pending one is skipped). */
export function recordsText(changes: ReadonlyMap<string, JournalChange>): RecordsText {
	let text = '';
	const written: {change: JournalChange; value: unknown}[] = [];
	for (const change of changes.values()) {
		if (change.within !== undefined && changes.has(change.within)) continue;
		const value = change.record();
		if (value === undefined) continue;
		text += `${JSON.stringify(value)}\n`;
		if (change.written) written.push({change, value});
	}
	return {
		text,
		durable: () => {
			for (const {change, value} of written) change.written!(value);
		},
	};
}

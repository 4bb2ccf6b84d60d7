import type {WriteStats} from './durable-json-file.js';
import type {StoreStats} from './store-port.js';

/** What the journal's appends cost; the snapshots' own counters live in the file adapter that writes them. */
export class JournalStats {
	appends = 0;
	bytes = 0;
	/** Longest synchronous part of one write (records read and serialised, or a snapshot's serialisation), in ms. */
	longestSyncMs = 0;
	/** Time spent reading and serialising journal records, in ms, summed. */
	recordMs = 0;

	/** Snapshots written by compaction (the adapter counts the others) and their bytes. */
	compactions = 0;
	compactionBytes = 0;

	compacted(bytes: number): void {
		this.compactions += 1;
		this.compactionBytes += bytes;
	}

	appended(bytes: number): void {
		this.appends += 1;
		this.bytes += bytes;
	}

	/** Notes a stretch of synchronous work of `ms`; `records` adds it to the records' own time. */
	blocked(ms: number, records = false): void {
		this.longestSyncMs = Math.max(this.longestSyncMs, ms);
		if (records) this.recordMs += ms;
	}

	/** The store's statistics: these with the snapshots' counters. */
	combined(snapshots: WriteStats): StoreStats {
		const snapshotCount = snapshots.writes + this.compactions;
		const snapshotBytes = snapshots.bytes + this.compactionBytes;
		return {
			writes: snapshotCount + this.appends,
			bytes: snapshotBytes + this.bytes,
			longestSyncMs: Math.max(snapshots.longestSyncMs, this.longestSyncMs),
			recordMs: this.recordMs,
			appends: this.appends,
			appendBytes: this.bytes,
			snapshots: snapshotCount,
			snapshotBytes,
		};
	}
}

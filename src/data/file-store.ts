import {performance} from 'node:perf_hooks';
import type {Low} from 'lowdb';
import {ok, type Result} from '../shared/result.js';
import type {DiskDoc, DurableJsonFile} from './durable-json-file.js';
import {compactInSlices} from './compaction.js';
import {describe, ioError, type StoreError} from './errors.js';
import type {JournalFile} from './journal.js';
import {JournalPolicy, recordsText, type JournalLimits, type PendingWrite} from './journal-policy.js';
import type {FileKeyStore} from './key-store.js';
import type {Lock} from './lock.js';
import type {FilePayloadStore} from './payload-store.js';
import {JournalStats} from './store-stats.js';
import type {JournalChange, Store, StoreStats} from './store-port.js';
import {CoalescingWriter} from './writer.js';

const COMPACTION_RETRY_MS = 30_000;
/**
 * At most this many changes go in one append: reading and serialising their records blocks the event loop, and after
 * a busy stretch (an engine burst) tens of thousands are pending; the rest follow in the next append.
 */
const APPEND_LIMIT = 2000;

/** What the file store is made of; `openStore` (data/store.ts) reads the directory and builds it. */
export interface FileStoreParts<T> {
	dir: string;
	first: T | null;
	db: Low<DiskDoc>;
	adapter: DurableJsonFile;
	lock: Lock;
	schemaVersion: number;
	/** The journal, or null when the store keeps none (every write is a snapshot). */
	journal: JournalFile | null;
	limits: JournalLimits;
	/** Size of rim.json as read; null when there is none. */
	snapshotBytes: number | null;
	payloads: FilePayloadStore;
	keys: FileKeyStore;
	onWriteResult?: (error: StoreError | null) => void;
	onWarning?: (message: string) => void;
	onWritten?: (write: {kind: 'append' | 'snapshot'; takenAt: number; durableAt: number}) => void;
}

/**
 * The store over a data directory: rim.json (whole snapshots, through lowdb) and rim.journal (records of changed
 * objects), written by one coalescing writer; payloads and keys as files beside them. Single writer per directory.
 */
export class FileStore<T> implements Store<T> {
	readonly dir: string;
	/** `<dir>/rim.json` */
	readonly file: string;
	private readonly writer: CoalescingWriter<T>;
	private readonly policy: JournalPolicy;
	private readonly journalStats = new JournalStats();
	private closed = false;
	private lastDoc: T | null = null;
	/** The compaction in progress, if any. */
	private compaction: Promise<void> | null = null;
	/** After a failed compaction, none starts before this moment (performance.now()). */
	private compactAfter = 0;

	constructor(private readonly parts: FileStoreParts<T>) {
		this.dir = parts.dir;
		this.file = parts.adapter.file;
		this.policy = new JournalPolicy(parts.limits, parts.journal, parts.snapshotBytes);
		const {file} = this;
		const toError = (e: unknown) =>
			ioError(
				file,
				`write data file ${file}`,
				e,
				`the previous version is intact; free disk space or fix permissions in ${parts.dir}.`,
			);
		this.writer = new CoalescingWriter(doc => this.write(doc), toError, parts.limits.delayMs, parts.onWriteResult);
	}

	initial(): T | null {
		return this.parts.first;
	}

	save(doc: T, changes?: readonly JournalChange[]): void {
		this.assertOpen();
		this.writer.schedule(doc);
		this.note(doc, changes);
	}

	saveNow(doc: T, changes?: readonly JournalChange[]): Promise<Result<void, StoreError>> {
		this.assertOpen();
		this.note(doc, changes);
		return this.writer.now(doc);
	}

	flush(): Promise<Result<void, StoreError>> {
		return this.writer.flush();
	}

	async close(opts: {discard?: boolean} = {}): Promise<Result<void, StoreError>> {
		if (this.closed) return ok(undefined);
		const journal = this.parts.journal;
		await this.compaction;
		if (opts.discard) {
			this.writer.cancel();
			this.closed = true;
			journal?.close();
			this.parts.lock.release();
			return ok(undefined);
		}
		let flushed = await this.writer.flush();
		// A save() that arrived while the flush was writing must not be lost.
		while (flushed.ok && this.writer.hasPending()) flushed = await this.writer.flush();
		// Fold the journal into rim.json, so that the next open reads one file.
		if (flushed.ok && journal && (journal.bytes > 0 || journal.broken) && this.lastDoc !== null) {
			this.policy.wantWhole();
			flushed = await this.writer.now(this.lastDoc);
		}
		this.writer.cancel();
		this.closed = true;
		try {
			journal?.close();
		} catch {
			// Every record was fsynced; a failing close loses nothing.
		}
		this.parts.lock.release();
		return flushed;
	}

	writePayload(id: string, bytes: Uint8Array): Result<void, StoreError> {
		this.assertOpen();
		return this.parts.payloads.writePayload(id, bytes);
	}

	readPayload(id: string): Uint8Array | null {
		return this.parts.payloads.readPayload(id);
	}

	writeSecret(name: string, text: string): Result<void, StoreError> {
		this.assertOpen();
		return this.parts.keys.writeSecret(name, text);
	}

	readSecret(name: string): string | null {
		return this.parts.keys.readSecret(name);
	}

	stats(): StoreStats {
		return this.journalStats.combined(this.parts.adapter.stats);
	}

	private note(doc: T, changes: readonly JournalChange[] | undefined): void {
		this.lastDoc = doc;
		// Append from here, synchronously, when the delay timer is long overdue (see JournalPolicy.note).
		if (this.policy.note(changes) && !this.writer.isWriting()) void this.writer.flush();
	}

	/** One write of the coalescing writer (never two at once): a journal append, or a snapshot. */
	private async write(doc: T): Promise<number | void> {
		// A whole snapshot waits for a compaction in progress (both write rim.json); appends never do.
		if (!this.policy.appending() && this.compaction !== null) await this.compaction;
		const takenAt = performance.now();
		const taken = this.policy.take(this.policy.appending() ? APPEND_LIMIT : undefined);
		try {
			if (this.policy.appends(taken)) {
				this.append(taken, takenAt);
				await this.appendRest();
				this.parts.onWritten?.({kind: 'append', takenAt, durableAt: performance.now()});
				if (this.policy.compactionDue()) this.startCompaction(doc);
				// An append costs little (each changed object once per flush): they come every delay, not spaced by nine times
				// their duration as whole snapshots are.
				return 0;
			}
			if (this.compaction !== null) await this.compaction;
			await this.snapshot(doc, taken, takenAt);
			this.parts.onWritten?.({kind: 'snapshot', takenAt, durableAt: performance.now()});
			// In journal mode the next append must not wait for nine times the snapshot's duration.
			return this.policy.appending() ? 0 : undefined;
		} catch (e) {
			this.policy.putBack(taken);
			throw e;
		}
	}

	/**
	 * Appends the changes a limited take left pending, a limited number at a time with the event loop running between
	 * appends; changes noted meanwhile wait for the next write.
	 */
	private async appendRest(): Promise<void> {
		let left = this.policy.pendingCount();
		while (left > 0 && this.policy.appending()) {
			await new Promise(resolve => setImmediate(resolve));
			const taken = this.policy.take(APPEND_LIMIT);
			left -= taken.changes.size;
			try {
				this.append(taken, performance.now());
			} catch (e) {
				this.policy.putBack(taken);
				throw e;
			}
		}
	}

	/** Folds the journal into a new snapshot in the background, while appends go on (data/compaction.ts). */
	private startCompaction(doc: T): void {
		const journal = this.parts.journal;
		if (this.compaction !== null || journal === null || journal.broken || performance.now() < this.compactAfter) return;
		const takenAt = performance.now();
		const appendPending = () => {
			const taken = this.policy.take();
			try {
				this.append(taken, performance.now());
			} catch (e) {
				this.policy.putBack(taken);
				throw e;
			}
		};
		const data: DiskDoc = {schemaVersion: this.parts.schemaVersion, state: doc};
		this.compaction = compactInSlices({
			file: this.file,
			journal,
			data,
			appendPending,
			onSlice: ms => this.journalStats.blocked(ms),
		})
			.then(
				bytes => {
					this.policy.snapshotWritten(bytes);
					this.journalStats.compacted(bytes);
					this.parts.onWritten?.({kind: 'snapshot', takenAt, durableAt: performance.now()});
				},
				(e: unknown) => {
					// Nothing is lost: the journal holds every change. Folding is tried again later.
					this.compactAfter = performance.now() + COMPACTION_RETRY_MS;
					this.parts.onWarning?.(
						`could not fold ${journal.file} into ${this.file} (${describe(e)}); the journal keeps every change, and folding is retried in ${COMPACTION_RETRY_MS / 1000} s.`,
					);
				},
			)
			.finally(() => {
				this.compaction = null;
				// The records appended meanwhile may have outgrown the new snapshot already.
				if (!this.closed && this.lastDoc !== null && this.policy.compactionDue()) this.startCompaction(this.lastDoc);
			});
	}

	private append(taken: PendingWrite, takenAt: number): void {
		const records = recordsText(taken.changes);
		this.journalStats.blocked(performance.now() - takenAt, true);
		if (records.text === '') return;
		const bytes = this.parts.journal!.append(records.text);
		records.durable();
		this.journalStats.appended(bytes);
	}

	/**
	 * A snapshot. While the journal holds records, the pending ones are appended first, read in the same instant as the
	 * snapshot is serialised: a crash between the snapshot and the truncate then replays records that all equal what
	 * the snapshot holds.
	 */
	private async snapshot(doc: T, taken: PendingWrite, takenAt: number): Promise<void> {
		const journal = this.parts.journal;
		const appendFirst = journal !== null && journal.bytes > 0 && !journal.broken;
		const records = appendFirst ? recordsText(taken.changes) : null;
		if (appendFirst) this.journalStats.blocked(performance.now() - takenAt, true);
		const db = this.parts.db;
		db.data = {schemaVersion: this.parts.schemaVersion, state: doc};
		const bytes = this.parts.adapter.prepare(db.data);
		this.journalStats.blocked(performance.now() - takenAt);
		if (records !== null && records.text !== '') {
			const appended = journal!.append(records.text);
			records.durable();
			this.journalStats.appended(appended);
		}
		await db.write();
		this.policy.snapshotWritten(bytes);
		if (journal !== null && (journal.bytes > 0 || journal.broken)) journal.truncate();
	}

	// Writing after close would race the next owner of the directory: that is a caller bug.
	private assertOpen(): void {
		if (this.closed) throw new Error(`store ${this.dir} is closed`);
	}
}

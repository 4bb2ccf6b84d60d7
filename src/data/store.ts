import {mkdirSync, statSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import path from 'node:path';
import {Low} from 'lowdb';
import {err, ok, type Result} from '../shared/result.js';
import {copyFileDurable} from './atomic-file.js';
import {blobPath, KEYS_DIR, PAYLOADS_DIR, readOptional, readSecretFile, writePayloadFile, writeSecretFile} from './blobs.js';
import {DurableJsonFile, type DiskDoc} from './durable-json-file.js';
import {ioError, type StoreError} from './errors.js';
import {JOURNAL_FILE, JournalFile} from './journal.js';
import {removeLeftoverTempFiles, replayJournal} from './open-helpers.js';
import {loadDocument, type DocumentRules} from './load-document.js';
import {acquireLock, type Lock} from './lock.js';
import {CoalescingWriter} from './writer.js';
import {PayloadCache} from './payload-cache.js';

export type {StoreError} from './errors.js';
export {wipeData} from './wipe.js';
export {onDisk, roomFor} from './space.js';
export {JOURNAL_FILE} from './journal.js';

/**
 * One part of the document that changed, for the journal: changes with the same key coalesce (the latest wins), and
 * `record` is called when the store writes, so it should read the CURRENT value. It returns one JSON-serialisable
 * "replace" record (applying it twice, or over a snapshot that already contains it, changes nothing), or undefined
 * when there is nothing to write (e.g. the object is gone and another change records that).
 */
export interface JournalChange {
	key: string;
	record: () => unknown;
	/** The key of a change whose record contains this one's (a job and its runs): skipped when both are pending. */
	within?: string;
}

/** Write counters for benchmarks: journal appends and snapshots together, and each on its own. */
export interface StoreStats {
	writes: number;
	bytes: number;
	/** Longest synchronous (event-loop blocking) part of one write, in ms. */
	longestSyncMs: number;
	/** Time spent reading and serialising journal records (synchronous, on the event loop), in ms, summed. */
	recordMs: number;
	appends: number;
	appendBytes: number;
	snapshots: number;
	snapshotBytes: number;
}

/** How to open a data directory; the document type T is the caller's (src/data knows nothing of the engine). */
export interface StoreOptions<T> extends DocumentRules<T> {
	dir: string;
	/** Coalescing delay for save(); default 250 ms. */
	writeDelayMs?: number;
	/**
	 * Called after every write of the document, from save, saveNow, flush or a retry: null once it is durable, else why
	 * it failed. A failed write stays pending and is retried by itself (after 1 s, then up to every 30 s) and by the
	 * next save or flush; the caller shows the state (the TUI: "not saved"), never a success it did not see.
	 */
	onWriteResult?: (error: StoreError | null) => void;
	/** Something was wrong but is fixed now (a key file's mode); the CLI prints it, the TUI shows it. */
	onWarning?: (message: string) => void;
	/**
	 * Applies one journal record to the document while opening (it may change `doc` in place and return it); throws
	 * on a record it cannot apply. Without it the store keeps no journal: every write is a whole snapshot.
	 */
	applyRecord?: (doc: T, record: unknown) => T;
	/** A document whose last snapshot is smaller than this is written whole on every save; default 1 MB. */
	journalFromBytes?: number;
	/** The journal is folded into a new snapshot once it is larger than this and than the snapshot; default 8 MB. */
	compactBytes?: number;
	/** After each durable write: when its content was taken and when it was durable (performance.now()). */
	onWritten?: (write: {kind: 'append' | 'snapshot'; takenAt: number; durableAt: number}) => void;
}

/** The open data directory: the one document (rim.json + rim.journal), package payloads and secrets. Single writer per dir. */
export interface Store<T> {
	readonly dir: string;
	/** `<dir>/rim.json` */
	readonly file: string;
	/** The document read at open, or null when there was no file yet. */
	initial(): T | null;
	/**
	 * Schedules a coalesced write of this document (the latest call wins); never blocks. Without `changes`, the write
	 * is a whole snapshot and `doc` must not be mutated afterwards. With them (and a journal), the write appends their
	 * records to rim.journal, and `doc` is the live document that the changes' records are read from.
	 */
	save(doc: T, changes?: readonly JournalChange[]): void;
	/** Writes now and resolves once the bytes are durable (fsync of the journal, or of the snapshot and its dir). */
	saveNow(doc: T, changes?: readonly JournalChange[]): Promise<Result<void, StoreError>>;
	/** Writes any pending save; call before exit. */
	flush(): Promise<Result<void, StoreError>>;
	/**
	 * Flushes, folds the journal into a snapshot, then releases the lock, even when the flush failed. With `discard`,
	 * pending writes are dropped instead (a first save that failed and whose files the caller removed).
	 */
	close(opts?: {discard?: boolean}): Promise<Result<void, StoreError>>;
	/** Package payload bytes as `<dir>/payloads/<id>.bin` (temp file, then rename); throws on an unsafe id (a bug). */
	writePayload(id: string, bytes: Uint8Array): Result<void, StoreError>;
	/** The payload's bytes, or null if there is none. */
	readPayload(id: string): Uint8Array | null;
	/** A secret (CA private key) as `<dir>/keys/<name>.pem`, mode 0600 in a 0700 folder (temp file, then rename). */
	writeSecret(name: string, text: string): Result<void, StoreError>;
	/** The secret's text, or null if there is none. */
	readSecret(name: string): string | null;
	/** Document writes done (appends and snapshots), bytes written, longest synchronous part of one write in ms, … */
	stats(): StoreStats;
}

/** Names of the files the store keeps in the data directory. */
export const DATA_FILE = 'rim.json';
export const BACKUP_FILE = 'rim.json.bak';
/** The copy of a document kept before migrating it from schema version `v`. */
export const migrationBackup = (v: number): string => `rim.json.v${v}.bak`;

/**
 * Opens (creating with mode 0700 if needed) and locks a data directory, then reads, migrates and validates
 * rim.json, and replays rim.journal onto it (complete lines only) and validates the result. A non-empty journal is
 * then folded into a new rim.json (and truncated). On success the good file is copied to rim.json.bak; on failure
 * nothing is modified and the lock is released.
 *
 * Writing: a save with changes appends their records to rim.journal once rim.json is at least `journalFromBytes`
 * (coalesced every `writeDelayMs`, one append at a time, each fsynced); a save without changes, or of a smaller
 * document, rewrites rim.json whole as before. The journal is folded into rim.json when it outgrows max(`compactBytes`,
 * rim.json) and on close().
 */
export async function openStore<T>(opts: StoreOptions<T>): Promise<Result<Store<T>, StoreError>> {
	const dir = path.resolve(opts.dir);
	const file = path.join(dir, DATA_FILE);
	try {
		mkdirSync(dir, {recursive: true, mode: 0o700});
	} catch (e) {
		return err(ioError(dir, `create data directory ${dir}`, e, 'check the path and its permissions.'));
	}
	const lock = acquireLock(dir);
	if (!lock.ok) return lock;
	let opened: Result<Store<T>, StoreError> | undefined;
	try {
		opened = await readAndBackUp(dir, file, lock.value, opts);
		return opened;
	} finally {
		// Any refusal, and a throwing validator or migration (a caller bug), must not leave the directory locked.
		if (!opened?.ok) lock.value.release();
	}
}

async function readAndBackUp<T>(dir: string, file: string, lock: Lock, opts: StoreOptions<T>): Promise<Result<Store<T>, StoreError>> {
	const adapter = new DurableJsonFile(file);
	const db = new Low<DiskDoc>(adapter, {schemaVersion: opts.schemaVersion, state: null});
	const backup = path.join(dir, BACKUP_FILE);
	const loaded = await loadDocument(db, file, backup, opts);
	if (!loaded.ok) return loaded;
	const {migratedFrom} = loaded.value;
	const journalFile = path.join(dir, JOURNAL_FILE);
	const replayed = replayJournal(loaded.value.value, file, journalFile, opts);
	if (!replayed.ok) return replayed;
	const {value, journalBytes} = replayed.value;
	try {
		if (migratedFrom !== null) await copyFileDurable(file, path.join(dir, migrationBackup(migratedFrom)));
		// A journal left by a crash is folded into a new snapshot right away (snapshot first, then the truncate), so that
		// rim.json.bak below is the whole document and every session starts with an empty journal.
		if (migratedFrom !== null || (journalBytes > 0 && value !== null)) {
			db.data = {schemaVersion: opts.schemaVersion, state: value};
			await db.write();
		}
		if (journalBytes > 0) {
			const journal = new JournalFile(journalFile, journalBytes);
			try {
				journal.truncate();
			} finally {
				journal.close();
			}
		}
	} catch (e) {
		return err(ioError(file, `migrate data file ${file}`, e, `check free space and permissions in ${dir}, then retry.`));
	}
	if (value !== null) {
		try {
			await copyFileDurable(file, backup);
		} catch (e) {
			// The copy goes through a temp file, so the previous backup is intact; a full disk must not stop the admin
			// from reading the site (or from freeing space with rim).
			opts.onWarning?.(ioError(backup, `refresh the backup ${backup}`, e, 'the previous backup is kept.').message);
		}
	}
	removeLeftoverTempFiles(dir);
	let snapshotBytes: number | null = null;
	try {
		snapshotBytes = value === null ? null : statSync(file).size;
	} catch {
		// Unknown size: the first write is a snapshot.
	}
	return ok(new OpenStore(dir, file, value, db, adapter, lock, opts, journalFile, snapshotBytes));
}

const MB = 1024 * 1024;

class OpenStore<T> implements Store<T> {
	private readonly writer: CoalescingWriter<T>;
	private readonly journal: JournalFile | null;
	private readonly journalFrom: number;
	private readonly compactBytes: number;
	private readonly delayMs: number;
	private closed = false;
	private readonly payloads = new PayloadCache();
	/** Changes not yet written, by key; their records are read when the write starts. */
	private changes = new Map<string, JournalChange>();
	/** A save without changes is pending: the next write is a snapshot. */
	private wholePending = false;
	/** The journal has outgrown the snapshot: the next write is a snapshot. */
	private compactDue = false;
	private lastDoc: T | null = null;
	/** When the oldest change not yet taken by a write was noted (performance.now()), or null. */
	private pendingSince: number | null = null;
	private journalStats = {appends: 0, bytes: 0, longestSyncMs: 0};
	private recordMs = 0;

	constructor(
		readonly dir: string,
		readonly file: string,
		private readonly first: T | null,
		private readonly db: Low<DiskDoc>,
		private readonly adapter: DurableJsonFile,
		private readonly lock: Lock,
		private readonly opts: StoreOptions<T>,
		journalFile: string,
		/** Size of rim.json as last written or read; null when there is none. */
		private snapshotBytes: number | null,
	) {
		this.journal = opts.applyRecord ? new JournalFile(journalFile, 0) : null;
		this.journalFrom = opts.journalFromBytes ?? MB;
		this.compactBytes = opts.compactBytes ?? 8 * MB;
		this.delayMs = opts.writeDelayMs ?? 250;
		const toError = (e: unknown) =>
			ioError(file, `write data file ${file}`, e, `the previous version is intact; free disk space or fix permissions in ${dir}.`);
		this.writer = new CoalescingWriter(doc => this.write(doc), toError, this.delayMs, opts.onWriteResult);
	}

	initial(): T | null {
		return this.first;
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
		if (opts.discard) {
			this.writer.cancel();
			this.closed = true;
			this.journal?.close();
			this.lock.release();
			return ok(undefined);
		}
		let flushed = await this.writer.flush();
		// A save() that arrived while the flush was writing must not be lost.
		while (flushed.ok && this.writer.hasPending()) flushed = await this.writer.flush();
		// Fold the journal into rim.json, so that the next open reads one file.
		if (flushed.ok && this.journal && (this.journal.bytes > 0 || this.journal.broken) && this.lastDoc !== null) {
			this.wholePending = true;
			flushed = await this.writer.now(this.lastDoc as T);
		}
		this.writer.cancel();
		this.closed = true;
		try {
			this.journal?.close();
		} catch {
			// Every record was fsynced; a failing close loses nothing.
		}
		this.lock.release();
		return flushed;
	}

	writePayload(id: string, bytes: Uint8Array): Result<void, StoreError> {
		this.assertOpen();
		this.payloads.forget(id);
		const file = blobPath(this.dir, PAYLOADS_DIR, id, '.bin');
		try {
			writePayloadFile(this.dir, id, bytes);
			return ok(undefined);
		} catch (e) {
			return err(ioError(file, `write payload ${file}`, e, `check free space and permissions in ${this.dir}.`));
		}
	}

	readPayload(id: string): Uint8Array | null {
		// Every security PC of a job authenticates the same payload: read it from disk once (this process is the
		// directory's only writer, so the cache can only go stale through writePayload, which forgets the entry).
		return this.payloads.get(id, () => readOptional(blobPath(this.dir, PAYLOADS_DIR, id, '.bin')));
	}

	writeSecret(name: string, text: string): Result<void, StoreError> {
		this.assertOpen();
		const file = blobPath(this.dir, KEYS_DIR, name, '.pem');
		try {
			writeSecretFile(this.dir, name, text);
			return ok(undefined);
		} catch (e) {
			return err(ioError(file, `write key file ${file}`, e, `check free space and permissions in ${this.dir}.`));
		}
	}

	readSecret(name: string): string | null {
		return readSecretFile(blobPath(this.dir, KEYS_DIR, name, '.pem'), message => this.opts.onWarning?.(message));
	}

	stats(): StoreStats {
		const snap = this.adapter.stats;
		const j = this.journalStats;
		return {writes: snap.writes + j.appends, bytes: snap.bytes + j.bytes, longestSyncMs: Math.max(snap.longestSyncMs, j.longestSyncMs),
			recordMs: this.recordMs, appends: j.appends, appendBytes: j.bytes, snapshots: snap.writes, snapshotBytes: snap.bytes};
	}

	private note(doc: T, changes: readonly JournalChange[] | undefined): void {
		this.lastDoc = doc;
		if (!changes) {
			this.wholePending = true;
			return;
		}
		for (const change of changes) {
			// Latest wins, and goes last: a record is read at write time, so the order within one write does not matter.
			this.changes.delete(change.key);
			this.changes.set(change.key, change);
		}
		if (this.changes.size === 0) return;
		const now = performance.now();
		if (this.pendingSince === null) {
			this.pendingSince = now;
		} else if (now - this.pendingSince > 3 * this.delayMs && !this.writer.isWriting() && this.appending()) {
			// The delay timer is long overdue: the event loop is busy (an engine burst runs thousands of due timers in one
			// pass). Append from here, synchronously, so that a change is on disk within about twice the delay anyway.
			void this.writer.flush();
		}
	}

	/** One write of the coalescing writer (never two at once): a journal append, or a snapshot. */
	private async write(doc: T): Promise<number | void> {
		const takenAt = performance.now();
		const changes = this.changes;
		const whole = this.wholePending;
		const pendingSince = this.pendingSince;
		this.pendingSince = null;
		this.changes = new Map();
		this.wholePending = false;
		const journal = this.journal;
		const snapshotBytes = this.snapshotBytes;
		const journaling = !whole && this.appending();
		try {
			if (journal !== null && snapshotBytes !== null && journaling) {
				const text = this.recordsText(changes, takenAt);
				if (text !== '') {
					journal.append(text);
					this.journalStats.appends += 1;
					this.journalStats.bytes += Buffer.byteLength(text);
				}
				this.opts.onWritten?.({kind: 'append', takenAt, durableAt: performance.now()});
				if (journal.bytes > Math.max(this.compactBytes, snapshotBytes)) {
					this.compactDue = true;
					this.writer.schedule(doc);
				}
				// An append costs little (each changed object once per flush): they come every writeDelayMs, not spaced by nine
				// times their duration as whole snapshots are.
				return 0;
			}
			// A snapshot. While the journal holds records, the pending ones are appended first, read in the same instant
			// as the snapshot is serialised: a crash between the snapshot and the truncate then replays records that all
			// equal what the snapshot holds.
			const appendFirst = journal !== null && journal.bytes > 0 && !journal.broken;
			const text = appendFirst ? this.recordsText(changes, takenAt) : '';
			this.db.data = {schemaVersion: this.opts.schemaVersion, state: doc};
			const bytes = this.adapter.prepare(this.db.data);
			this.journalStats.longestSyncMs = Math.max(this.journalStats.longestSyncMs, performance.now() - takenAt);
			if (text !== '') {
				journal!.append(text);
				this.journalStats.appends += 1;
				this.journalStats.bytes += Buffer.byteLength(text);
			}
			await this.db.write();
			this.snapshotBytes = bytes;
			this.compactDue = false;
			if (journal !== null && (journal.bytes > 0 || journal.broken)) journal.truncate();
			this.opts.onWritten?.({kind: 'snapshot', takenAt, durableAt: performance.now()});
			// In journal mode the next append must not wait for nine times the snapshot's duration.
			return this.appending() ? 0 : undefined;
		} catch (e) {
			// Keep what failed pending (newer changes of the same keys win), so the next write retries it.
			for (const [key, record] of changes) if (!this.changes.has(key)) this.changes.set(key, record);
			this.wholePending ||= whole;
			if (this.changes.size > 0) this.pendingSince = pendingSince ?? performance.now();
			throw e;
		}
	}

	/** True when the next write of changes is a journal append (not a snapshot), unless a whole save is pending. */
	private appending(): boolean {
		const journal = this.journal;
		return journal !== null && !journal.broken && !this.compactDue && this.snapshotBytes !== null && this.snapshotBytes >= this.journalFrom;
	}

	/** The records of `changes`, one JSON line each; timed as synchronous work. */
	private recordsText(changes: Map<string, JournalChange>, startedAt: number): string {
		let text = '';
		for (const change of changes.values()) {
			if (change.within !== undefined && changes.has(change.within)) continue;
			const value = change.record();
			if (value !== undefined) text += JSON.stringify(value) + '\n';
		}
		const ms = performance.now() - startedAt;
		this.recordMs += ms;
		this.journalStats.longestSyncMs = Math.max(this.journalStats.longestSyncMs, ms);
		return text;
	}

	// Writing after close would race the next owner of the directory: that is a caller bug.
	private assertOpen(): void {
		if (this.closed) throw new Error(`store ${this.dir} is closed`);
	}
}

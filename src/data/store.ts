import {mkdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {Low} from 'lowdb';
import {err, ok, type Result} from '../shared/result.js';
import {copyFileDurable} from './atomic-file.js';
import {DurableJsonFile, type DiskDoc} from './durable-json-file.js';
import {ioError, type StoreError} from './errors.js';
import {JOURNAL_FILE, JournalFile} from './journal.js';
import {removeLeftoverTempFiles, replayJournal} from './open-helpers.js';
import {loadDocument, type DocumentRules} from './load-document.js';
import {acquireLock, type Lock} from './lock.js';
import {FileStore} from './file-store.js';
import {FileKeyStore} from './key-store.js';
import {FilePayloadStore} from './payload-store.js';

export type {StoreError} from './errors.js';
export {wipeData} from './wipe.js';
export {onDisk, roomFor} from './space.js';
export {JOURNAL_FILE} from './journal.js';

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
export async function openStore<T>(opts: StoreOptions<T>): Promise<Result<FileStore<T>, StoreError>> {
	const dir = path.resolve(opts.dir);
	const file = path.join(dir, DATA_FILE);
	try {
		mkdirSync(dir, {recursive: true, mode: 0o700});
	} catch (e) {
		return err(ioError(dir, `create data directory ${dir}`, e, 'check the path and its permissions.'));
	}
	const lock = acquireLock(dir);
	if (!lock.ok) return lock;
	let opened: Result<FileStore<T>, StoreError> | undefined;
	try {
		opened = await readAndBackUp(dir, file, lock.value, opts);
		return opened;
	} finally {
		// Any refusal, and a throwing validator or migration (a caller bug), must not leave the directory locked.
		if (!opened?.ok) lock.value.release();
	}
}

async function readAndBackUp<T>(
	dir: string,
	file: string,
	lock: Lock,
	opts: StoreOptions<T>,
): Promise<Result<FileStore<T>, StoreError>> {
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
		return err(
			ioError(file, `migrate data file ${file}`, e, `check free space and permissions in ${dir}, then retry.`),
		);
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
	const limits = {
		journalFromBytes: opts.journalFromBytes ?? MB,
		compactBytes: opts.compactBytes ?? 8 * MB,
		delayMs: opts.writeDelayMs ?? 250,
	};
	return ok(
		new FileStore<T>({
			dir,
			first: value,
			db,
			adapter,
			lock,
			schemaVersion: opts.schemaVersion,
			journal: opts.applyRecord ? new JournalFile(journalFile, 0) : null,
			limits,
			snapshotBytes,
			payloads: new FilePayloadStore(dir),
			keys: new FileKeyStore(dir, message => opts.onWarning?.(message)),
			onWriteResult: opts.onWriteResult,
			onWarning: opts.onWarning,
			onWritten: opts.onWritten,
		}),
	);
}

const MB = 1024 * 1024;

import {mkdirSync, readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {Low} from 'lowdb';
import {err, ok, type Result} from '../engine/result.js';
import {copyFileDurable, TMP_SUFFIX} from './atomic-file.js';
import {blobPath, KEYS_DIR, PAYLOADS_DIR, readOptional, writePayloadFile, writeSecretFile} from './blobs.js';
import {DurableJsonFile, type DiskDoc} from './durable-json-file.js';
import {ioError, type StoreError} from './errors.js';
import {loadDocument, type DocumentRules} from './load-document.js';
import {acquireLock, type Lock} from './lock.js';
import {CoalescingWriter} from './writer.js';

export type {StoreError} from './errors.js';
export {wipeData} from './wipe.js';

/** How to open a data directory; the document type T is the caller's (src/data knows nothing of the engine). */
export interface StoreOptions<T> extends DocumentRules<T> {
	dir: string;
	/** Coalescing delay for save(); default 250 ms. */
	writeDelayMs?: number;
	/** Called when a background write (from save) fails; the document stays pending and flush() retries it. */
	onWriteError?: (error: StoreError) => void;
}

/** The open data directory: the one document (rim.json), package payloads and secrets. Single writer per dir. */
export interface Store<T> {
	readonly dir: string;
	/** `<dir>/rim.json` */
	readonly file: string;
	/** The document read at open, or null when there was no file yet. */
	initial(): T | null;
	/** Schedules a coalesced write of this document (the latest call wins); never blocks. Do not mutate `doc` afterwards. */
	save(doc: T): void;
	/** Writes now and resolves once the bytes are durable (fsync of the temp file, rename, fsync of the dir). */
	saveNow(doc: T): Promise<Result<void, StoreError>>;
	/** Writes any pending save; call before exit. */
	flush(): Promise<Result<void, StoreError>>;
	/** Flushes, then releases the lock, even when the flush failed. */
	close(): Promise<Result<void, StoreError>>;
	/** Package payload bytes as `<dir>/payloads/<id>.bin`; throws on an unsafe id or a failed write. */
	writePayload(id: string, bytes: Uint8Array): void;
	/** The payload's bytes, or null if there is none. */
	readPayload(id: string): Uint8Array | null;
	/** A secret (CA private key) as `<dir>/keys/<name>.pem`, mode 0600 in a 0700 folder. */
	writeSecret(name: string, text: string): void;
	/** The secret's text, or null if there is none. */
	readSecret(name: string): string | null;
	/** Document writes done, bytes written, longest synchronous (event-loop blocking) part of one write in ms. */
	stats(): {writes: number; bytes: number; longestSyncMs: number};
}

/** Names of the files the store keeps in the data directory. */
export const DATA_FILE = 'rim.json';
export const BACKUP_FILE = 'rim.json.bak';
/** The copy of a document kept before migrating it from schema version `v`. */
export const migrationBackup = (v: number): string => `rim.json.v${v}.bak`;

/**
 * Opens (creating with mode 0700 if needed) and locks a data directory, then reads, migrates and validates
 * rim.json. On success the good file is copied to rim.json.bak; on failure nothing is modified and the lock is
 * released.
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
	const {value, migratedFrom} = loaded.value;
	try {
		if (migratedFrom !== null) {
			await copyFileDurable(file, path.join(dir, migrationBackup(migratedFrom)));
			db.data = {schemaVersion: opts.schemaVersion, state: value};
			await db.write();
		}
		if (value !== null) await copyFileDurable(file, backup);
	} catch (e) {
		return err(ioError(file, `back up (or migrate) data file ${file}`, e, `check free space and permissions in ${dir}, then retry.`));
	}
	removeLeftoverTempFiles(dir);
	return ok(new OpenStore(dir, file, value, db, adapter, lock, opts));
}

class OpenStore<T> implements Store<T> {
	private readonly writer: CoalescingWriter<T>;
	private closed = false;

	constructor(
		readonly dir: string,
		readonly file: string,
		private readonly first: T | null,
		private readonly db: Low<DiskDoc>,
		private readonly adapter: DurableJsonFile,
		private readonly lock: Lock,
		opts: StoreOptions<T>,
	) {
		const write = (doc: T) => {
			this.db.data = {schemaVersion: opts.schemaVersion, state: doc};
			return this.db.write();
		};
		const toError = (e: unknown) =>
			ioError(file, `write data file ${file}`, e, `the previous version is intact; free disk space or fix permissions in ${dir}.`);
		this.writer = new CoalescingWriter(write, toError, opts.writeDelayMs ?? 250, opts.onWriteError);
	}

	initial(): T | null {
		return this.first;
	}

	save(doc: T): void {
		this.assertOpen();
		this.writer.schedule(doc);
	}

	saveNow(doc: T): Promise<Result<void, StoreError>> {
		this.assertOpen();
		return this.writer.now(doc);
	}

	flush(): Promise<Result<void, StoreError>> {
		return this.writer.flush();
	}

	async close(): Promise<Result<void, StoreError>> {
		if (this.closed) return ok(undefined);
		let flushed = await this.writer.flush();
		// A save() that arrived while the flush was writing must not be lost.
		while (flushed.ok && this.writer.hasPending()) flushed = await this.writer.flush();
		this.writer.cancel();
		this.closed = true;
		this.lock.release();
		return flushed;
	}

	writePayload(id: string, bytes: Uint8Array): void {
		this.assertOpen();
		writePayloadFile(this.dir, id, bytes);
	}

	readPayload(id: string): Uint8Array | null {
		return readOptional(blobPath(this.dir, PAYLOADS_DIR, id, '.bin'));
	}

	writeSecret(name: string, text: string): void {
		this.assertOpen();
		writeSecretFile(this.dir, name, text);
	}

	readSecret(name: string): string | null {
		return readOptional(blobPath(this.dir, KEYS_DIR, name, '.pem'))?.toString('utf8') ?? null;
	}

	stats(): {writes: number; bytes: number; longestSyncMs: number} {
		return {...this.adapter.stats};
	}

	// Writing after close would race the next owner of the directory: that is a caller bug.
	private assertOpen(): void {
		if (this.closed) throw new Error(`store ${this.dir} is closed`);
	}
}

// Temp files of a writer that crashed mid-write; we hold the lock, so no live writer owns them.
function removeLeftoverTempFiles(dir: string): void {
	for (const sub of ['.', PAYLOADS_DIR, KEYS_DIR]) {
		try {
			for (const name of readdirSync(path.join(dir, sub))) {
				if (TMP_SUFFIX.test(name)) rmSync(path.join(dir, sub, name), {force: true});
			}
		} catch {
			// Best effort: a missing folder has no temp files, and one we cannot delete is never read.
		}
	}
}

/**
 * The store as the rest of rim uses it (the port): one document that changes object by object, package payloads, and
 * secrets, owned by one process at a time. `openStore` (data/store.ts) implements it over files in a data directory;
 * another backend (a database) would implement these same interfaces and nothing above src/data would change.
 */
import type {Result} from '../shared/result.js';
import type {StoreError} from './errors.js';

/**
 * One part of the document that changed: changes with the same key coalesce (the latest wins), and `record` is called
 * when the store writes, so it should read the CURRENT value. It returns one JSON-serialisable "replace" record
 * (applying it twice, or over a snapshot that already contains it, changes nothing), or undefined when there is
 * nothing to write (e.g. the object is gone and another change records that).
 */
export interface JournalChange {
	key: string;
	record: () => unknown;
	/** The key of a change whose record contains this one's (a job and its runs): skipped when both are pending. */
	within?: string;
	/**
	 * Called with the record `record` returned once it is durable in the journal. A record that carries only what
	 * changed since the previous one of its object (a patch) learns here what the journal holds; a record that was
	 * never written (a failed append, put back and read again later) is never reported.
	 */
	written?: (record: unknown) => void;
}

/** The document: read once at open, then changed and saved for as long as the store is open. */
export interface DocumentStore<T> {
	/** The document read at open, or null when there was none yet. */
	initial(): T | null;
	/**
	 * Schedules a coalesced write of this document (the latest call wins); never blocks. Without `changes`, the write
	 * is a whole snapshot and `doc` must not be mutated afterwards. With them, the store may record just their records,
	 * and `doc` is the live document that the changes' records are read from.
	 */
	save(doc: T, changes?: readonly JournalChange[]): void;
	/** Writes now and resolves once the bytes are durable. */
	saveNow(doc: T, changes?: readonly JournalChange[]): Promise<Result<void, StoreError>>;
	/** Writes any pending save; call before exit. */
	flush(): Promise<Result<void, StoreError>>;
	/**
	 * Flushes, then releases the store (another process may open it), even when the flush failed. With `discard`,
	 * pending writes are dropped instead (a first save that failed and whose files the caller removed).
	 */
	close(opts?: {discard?: boolean}): Promise<Result<void, StoreError>>;
	/** What writing the document has cost so far (for benchmarks). */
	stats(): StoreStats;
}

/** Package payloads by package id. */
export interface PayloadStore {
	/** Stores the payload's bytes durably; throws on an unsafe id (a caller bug). */
	writePayload(id: string, bytes: Uint8Array): Result<void, StoreError>;
	/** The payload's bytes (shared: never change them), or null if there is none. */
	readPayload(id: string): Uint8Array | null;
}

/** Secrets (the certification office's private keys) by name, readable by the owner only. */
export interface SecretStore {
	writeSecret(name: string, text: string): Result<void, StoreError>;
	/** The secret's text, or null if there is none. */
	readSecret(name: string): string | null;
}

/** An open store. `dir` is the local directory that the site's other files (audit log, agents' state) live in. */
export interface Store<T> extends DocumentStore<T>, PayloadStore, SecretStore {
	readonly dir: string;
}

/** Write counters for benchmarks: incremental writes (journal appends) and whole snapshots, together and each alone. */
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

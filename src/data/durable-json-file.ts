import {readFile} from 'node:fs/promises';
import {performance} from 'node:perf_hooks';
import type {Adapter} from 'lowdb';
import {describe, errno} from './errors.js';
import {writeFileDurable} from './atomic-file.js';

/** What rim.json holds on disk: our version wrapper around the caller's document. */
export interface DiskDoc {
	schemaVersion: number;
	state: unknown;
}

/** Why the file could not be read as a {@link DiskDoc}; the store turns it into a StoreError with advice. */
export class DiskReadError extends Error {
	constructor(
		readonly kind: 'corrupt' | 'invalid' | 'io',
		readonly reason: string,
	) {
		super(reason);
	}
}

/** Write counters for benchmarks. */
export interface WriteStats {
	writes: number;
	bytes: number;
	longestSyncMs: number;
}

/**
 * A lowdb adapter for rim.json. Unlike lowdb's JSONFile (steno), a write is fsynced before the rename and the
 * directory after it, and a read tells a missing file (null) from an empty, unparsable or unwrapped one (throws
 * {@link DiskReadError}). Writes must not overlap; the store's writer guarantees that.
 */
export class DurableJsonFile implements Adapter<DiskDoc> {
	readonly stats: WriteStats = {writes: 0, bytes: 0, longestSyncMs: 0};
	private prepared: {data: DiskDoc; bytes: Buffer} | null = null;

	constructor(readonly file: string) {}

	/**
	 * Serialises `data` now, for the next write() of the same object: the store takes a snapshot at the same instant
	 * as the journal records that must match it, and writes it later. Returns the byte count.
	 */
	prepare(data: DiskDoc): number {
		const started = performance.now();
		const bytes = Buffer.from(JSON.stringify(data), 'utf8');
		this.stats.longestSyncMs = Math.max(this.stats.longestSyncMs, performance.now() - started);
		this.prepared = {data, bytes};
		return bytes.length;
	}

	async read(): Promise<DiskDoc | null> {
		let text: string;
		try {
			text = await readFile(this.file, 'utf8');
		} catch (e) {
			if (errno(e) === 'ENOENT') return null;
			throw new DiskReadError('io', describe(e));
		}
		if (text.trim() === '') throw new DiskReadError('corrupt', 'is empty');
		let raw: unknown;
		try {
			raw = JSON.parse(text);
		} catch (e) {
			throw new DiskReadError('corrupt', `is not valid JSON (${describe(e)})`);
		}
		if (!isDiskDoc(raw)) {
			throw new DiskReadError(
				'invalid',
				'is not a rim data file (expected {"schemaVersion": <integer>, "state": …} at the top level)',
			);
		}
		return raw;
	}

	async write(data: DiskDoc): Promise<void> {
		// Everything up to the first await blocks the event loop (and the TUI): that is what longestSyncMs measures.
		const prepared = this.prepared;
		this.prepared = null;
		let bytes: Buffer;
		if (prepared?.data === data) {
			bytes = prepared.bytes;
		} else {
			const started = performance.now();
			bytes = Buffer.from(JSON.stringify(data), 'utf8');
			this.stats.longestSyncMs = Math.max(this.stats.longestSyncMs, performance.now() - started);
		}
		await writeFileDurable(this.file, bytes);
		this.stats.writes += 1;
		this.stats.bytes += bytes.length;
	}
}

function isDiskDoc(raw: unknown): raw is DiskDoc {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
	const {schemaVersion} = raw as {schemaVersion?: unknown};
	return Number.isSafeInteger(schemaVersion) && (schemaVersion as number) >= 0 && 'state' in raw;
}

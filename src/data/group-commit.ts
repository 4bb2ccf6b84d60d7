/**
 * Group commit of small files: what changed while one batch was being written goes together in the next, each file
 * written and fsynced concurrently off the event loop, its folder fsynced once per batch. A thousand changes at once
 * (agents enrolling together) cost a few batches, not a thousand synchronous writes that stall every connection.
 */
import {mkdir, open, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {fsyncDir, tmpFor} from './atomic-file.js';

/** One file of a batch: its bytes as they are now, or null to remove it. */
export type BatchFile = {file: string; bytes: Uint8Array | null; mode: number};

export class GroupCommit<K> {
	private readonly dirty = new Set<K>();
	private waiters: {resolve: () => void; reject: (e: unknown) => void}[] = [];
	private writing = false;
	private scheduled = false;

	/** `files(keys)`: the files the changed keys stand for, read when their batch is written (the latest content). */
	constructor(private readonly files: (keys: K[]) => BatchFile[]) {}

	/** Marks a key changed; it is written soon, whether or not anyone waits. */
	mark(key: K): void {
		this.dirty.add(key);
		if (this.scheduled) return;
		this.scheduled = true;
		setImmediate(() => {
			this.scheduled = false;
			void this.run();
		});
	}

	/** Resolves once every change marked before the call is on disk; rejects when its batch could not be written. */
	durable(): Promise<void> {
		return new Promise((resolve, reject) => {
			this.waiters.push({resolve, reject});
			void this.run();
		});
	}

	private async run(): Promise<void> {
		if (this.writing) return;
		this.writing = true;
		try {
			while (this.waiters.length > 0 || this.dirty.size > 0) {
				const waiters = this.waiters.splice(0);
				const keys = [...this.dirty];
				this.dirty.clear();
				try {
					await writeBatch(this.files(keys));
				} catch (e) {
					for (const key of keys) this.dirty.add(key);
					for (const w of waiters) w.reject(e);
					return; // the next change or caller tries again
				}
				for (const w of waiters) w.resolve();
			}
		} finally {
			this.writing = false;
		}
	}
}

/** Each file: temporary file, fsync, rename (or removed); then one fsync of each folder touched. */
async function writeBatch(files: BatchFile[]): Promise<void> {
	if (files.length === 0) return;
	const dirs = new Set(files.map(f => path.dirname(f.file)));
	for (const dir of dirs) await mkdir(dir, {recursive: true, mode: 0o700});
	await Promise.all(
		files.map(async ({file, bytes, mode}) => {
			if (bytes === null) return rm(file, {force: true});
			const tmp = tmpFor(file);
			const handle = await open(tmp, 'w', mode);
			try {
				await handle.chmod(mode);
				await handle.writeFile(bytes);
				await handle.sync();
			} finally {
				await handle.close();
			}
			await rename(tmp, file);
		}),
	);
	for (const dir of dirs) await fsyncDir(dir);
}

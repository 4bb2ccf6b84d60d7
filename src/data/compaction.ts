import {open, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {fsyncDir, tmpFor} from './atomic-file.js';
import type {DiskDoc} from './durable-json-file.js';
import type {JournalFile} from './journal.js';
import {writeJsonInSlices} from './json-slices.js';

export interface Compaction {
	/** rim.json */
	file: string;
	journal: JournalFile;
	/** The document to write; read slice by slice while the engine goes on changing it. */
	data: DiskDoc;
	/**
	 * Appends every pending change now, synchronously; called once the last slice is read and before the new snapshot
	 * replaces the old one, so that everything the snapshot holds is also in the records kept after it.
	 */
	appendPending: () => void;
	/** Each synchronous stretch of the serialisation, in ms (what blocks the event loop). */
	onSlice: (ms: number) => void;
}

/**
 * Folds the journal into a new snapshot without stopping the appends: the journal's length is noted, the document is
 * serialised into a temp file in slices (the event loop runs between them, and appends go on), the pending changes
 * are appended, the temp file replaces rim.json, and the records from before the noted length are dropped.
 *
 * Why a crash at any point loses nothing: before the rename, rim.json is the old snapshot and the journal holds every
 * record since it. After it, the new snapshot holds a state at least as new as each record from before the noted
 * length, and every object changed since that moment has a record after it, appended no later than the rename: so
 * replaying the whole journal (a crash before the drop) or the kept records (after it) over the new snapshot ends
 * with every object at its latest durable value. Records about an object the snapshot no longer has are skipped by
 * the replay for that reason. Resolves with the snapshot's size.
 */
export async function compactInSlices(c: Compaction): Promise<number> {
	const from = c.journal.bytes;
	const tmp = tmpFor(c.file);
	let bytes: number;
	try {
		const handle = await open(tmp, 'w', 0o644);
		try {
			bytes = await writeJsonInSlices(
				c.data,
				async chunk => {
					for (let done = 0; done < chunk.length; ) done += (await handle.write(chunk, done)).bytesWritten;
				},
				{onSlice: c.onSlice},
			);
			await handle.sync();
		} finally {
			await handle.close();
		}
		c.appendPending();
		await rename(tmp, c.file);
	} catch (e) {
		await rm(tmp, {force: true}).catch(() => {});
		throw e;
	}
	await fsyncDir(path.dirname(c.file));
	c.journal.dropPrefix(from);
	return bytes;
}

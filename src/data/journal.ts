import {
	closeSync,
	fdatasyncSync,
	ftruncateSync,
	openSync,
	readFileSync,
	readSync,
	renameSync,
	rmSync,
	writeSync,
} from 'node:fs';
import path from 'node:path';
import {describe, errno} from './errors.js';
import {fsyncDirSync, tmpFor} from './atomic-file.js';

/** Name of the journal kept beside rim.json: one JSON record per line, the changes since rim.json was written. */
export const JOURNAL_FILE = 'rim.journal';

/** The complete records of a journal file, or why it cannot be used. */
export type JournalRead =
	| {ok: true; records: unknown[]; bytes: number}
	| {ok: false; kind: 'corrupt' | 'io'; reason: string};

/**
 * Reads a journal: every complete line (ended by "\n") must be one JSON value; bytes after the last newline are the
 * torn end of an append that a crash interrupted, and are ignored. A missing file is an empty journal.
 */
export function readJournal(file: string): JournalRead {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (e) {
		if (errno(e) === 'ENOENT') return {ok: true, records: [], bytes: 0};
		return {ok: false, kind: 'io', reason: describe(e)};
	}
	const bytes = Buffer.byteLength(text);
	const lines = text.split('\n');
	lines.pop(); // "" after the last newline, or the torn end of an interrupted append
	const records: unknown[] = [];
	for (let i = 0; i < lines.length; i++) {
		try {
			records.push(JSON.parse(lines[i]!));
		} catch (e) {
			return {
				ok: false,
				kind: 'corrupt',
				reason: `line ${i + 1} of ${lines.length} is not valid JSON (${describe(e)})`,
			};
		}
	}
	return {ok: true, records, bytes};
}

/**
 * The append side of the journal. Appends are synchronous (write + fdatasync on the event loop, about a millisecond for a
 * batch): the point at which a record is durable must not depend on when the event loop next polls for I/O, which a
 * busy engine can delay by seconds. A failed append is cut back to the last complete record, so a later append never
 * lands after a half-written line; if even that fails, `broken` is set and the owner must replace the journal (write a
 * snapshot, then {@link truncate}).
 */
export class JournalFile {
	private fd: number | null = null;
	/** Bytes of complete records in the file. */
	bytes: number;
	broken = false;

	constructor(
		readonly file: string,
		bytes: number,
	) {
		this.bytes = bytes;
	}

	/** Appends `text` (whole lines) and fsyncs before returning; returns the bytes appended. */
	append(text: string): number {
		const data = Buffer.from(text, 'utf8');
		const fd = this.open();
		try {
			for (let done = 0; done < data.length; ) done += writeSync(fd, data, done, data.length - done);
			fdatasyncSync(fd);
			this.bytes += data.length;
			return data.length;
		} catch (e) {
			try {
				ftruncateSync(fd, this.bytes);
			} catch {
				this.broken = true;
			}
			throw e;
		}
	}

	/** Empties the journal (after a snapshot that contains every record) and fsyncs. */
	truncate(): void {
		const fd = this.open();
		ftruncateSync(fd, 0);
		this.bytes = 0;
		this.broken = false;
		fdatasyncSync(fd);
	}

	/**
	 * Drops the records before byte `offset` (a snapshot now holds them), keeping the ones after it: they are copied to a
	 * temp file, fsynced, and renamed over the journal, all synchronously, so no append lands in between. A crash leaves
	 * either the whole old journal or the kept records.
	 */
	dropPrefix(offset: number): void {
		if (offset <= 0) return;
		if (offset >= this.bytes) {
			this.truncate();
			return;
		}
		const kept = Buffer.alloc(this.bytes - offset);
		const input = openSync(this.file, 'r');
		try {
			for (let done = 0; done < kept.length; ) {
				const read = readSync(input, kept, done, kept.length - done, offset + done);
				if (read === 0) throw new Error(`${this.file} is shorter than its records`);
				done += read;
			}
		} finally {
			closeSync(input);
		}
		const tmp = tmpFor(this.file);
		try {
			const out = openSync(tmp, 'w', 0o600);
			try {
				for (let done = 0; done < kept.length; ) done += writeSync(out, kept, done, kept.length - done);
				fdatasyncSync(out);
			} finally {
				closeSync(out);
			}
			renameSync(tmp, this.file);
		} catch (e) {
			// The whole journal is intact; the records it keeps are replayed over the snapshot, which they equal or follow.
			rmSync(tmp, {force: true});
			throw e;
		}
		this.close();
		this.bytes = kept.length;
		this.broken = false;
		fsyncDirSync(path.dirname(this.file));
	}

	close(): void {
		const fd = this.fd;
		this.fd = null;
		if (fd !== null) closeSync(fd);
	}

	private open(): number {
		if (this.fd !== null) return this.fd;
		// O_APPEND: every write goes to the end, also after a truncate.
		this.fd = openSync(this.file, 'a', 0o600);
		// A new file's directory entry must be durable too.
		fsyncDirSync(path.dirname(this.file));
		return this.fd;
	}
}

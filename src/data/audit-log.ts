/**
 * The audit log beside rim.json: one JSON line per action that changed the site. Appends are whole lines written at
 * once and fsynced (a crash leaves at most a torn last line, which readers skip); past `maxBytes` the file is rotated to
 * `rim.audit.log.1` (one older file kept), so the log stays bounded. The store's lock is not needed: only the process
 * that owns the data directory appends, and readers never write.
 */
import {
	closeSync,
	fdatasyncSync,
	fstatSync,
	ftruncateSync,
	openSync,
	readFileSync,
	renameSync,
	writeSync,
} from 'node:fs';
import path from 'node:path';
import {err, ok, type Result} from '../shared/result.js';
import {fsyncDirSync} from './atomic-file.js';
import {errno, ioError, type StoreError} from './errors.js';

export const AUDIT_FILE = 'rim.audit.log';
export const AUDIT_ROTATED = `${AUDIT_FILE}.1`;
/** Rotate once the log would pass this size: with the rotated copy, at most twice this on disk. */
export const AUDIT_MAX_BYTES = 1024 * 1024;

export interface AuditEntry {
	/** ISO 8601 wall time. */
	at: string;
	/** The Unix user who did it (passed along by an attached client). */
	user: string;
	origin: 'tui' | 'cli' | 'agent';
	/** What was done, in words. */
	what: string;
	/** The `rim …` command line that does the same, or null when no command does. */
	command: string | null;
	/** False when the command does nearly the same (e.g. per-package conditions the CLI sets for all packages). */
	exact: boolean;
}

/** Appends one entry durably; rotates first when the log is full. */
export function appendAudit(dir: string, entry: AuditEntry, maxBytes = AUDIT_MAX_BYTES): Result<void, StoreError> {
	const file = path.join(dir, AUDIT_FILE);
	const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
	let fd: number | undefined;
	let size = 0;
	try {
		fd = openSync(file, 'a', 0o600);
		size = fstatSync(fd).size;
		if (size > 0 && size + line.length > maxBytes) {
			closeSync(fd);
			fd = undefined;
			renameSync(file, path.join(dir, AUDIT_ROTATED));
			fd = openSync(file, 'a', 0o600);
			size = 0;
		}
		if (size === 0) fsyncDirSync(dir);
		for (let done = 0; done < line.length; ) done += writeSync(fd, line, done, line.length - done);
		fdatasyncSync(fd);
		return ok(undefined);
	} catch (e) {
		// Cut a half-written line back off, so the next append starts on a line of its own.
		try {
			if (fd !== undefined) ftruncateSync(fd, size);
		} catch {
			// Readers skip a line that is not whole JSON.
		}
		return err(
			ioError(
				file,
				`append to the audit log ${file}`,
				e,
				`the action itself was made; check free space and permissions in ${dir}.`,
			),
		);
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

const isEntry = (x: unknown): x is AuditEntry => {
	const e = x as Partial<AuditEntry> | null;
	return (
		typeof e === 'object' &&
		e !== null &&
		typeof e.at === 'string' &&
		typeof e.user === 'string' &&
		typeof e.what === 'string' &&
		(e.origin === 'tui' || e.origin === 'cli' || e.origin === 'agent') &&
		(typeof e.command === 'string' || e.command === null)
	);
};

/** Every entry, oldest first (the rotated file, then the current one); lines that are not whole entries are counted. */
export function readAudit(dir: string): Result<{entries: AuditEntry[]; skipped: number}, StoreError> {
	const entries: AuditEntry[] = [];
	let skipped = 0;
	for (const name of [AUDIT_ROTATED, AUDIT_FILE]) {
		const file = path.join(dir, name);
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch (e) {
			if (errno(e) === 'ENOENT') continue;
			return err(ioError(file, `read the audit log ${file}`, e, 'check its permissions.'));
		}
		for (const line of text.split('\n')) {
			if (line === '') continue;
			try {
				const parsed: unknown = JSON.parse(line);
				if (isEntry(parsed)) entries.push({...parsed, exact: parsed.exact !== false});
				else skipped++;
			} catch {
				skipped++;
			}
		}
	}
	return ok({entries, skipped});
}

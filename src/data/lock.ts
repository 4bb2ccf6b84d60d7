import {closeSync, lstatSync, openSync, readFileSync, readlinkSync, unlinkSync, writeSync} from 'node:fs';
import path from 'node:path';
import {err, ok, type Result} from '../shared/result.js';
import {errno, ioError, lockedError, type StoreError} from './errors.js';

/** The single-writer lock of a data directory (lowdb is unsafe with two writers: docs/storage.md, One writer). */
export interface Lock {
	readonly file: string;
	/** Deletes the lock file if it still holds our pid; idempotent. */
	release(): void;
}

/** Name of the lock file inside the data directory. */
export const LOCK_FILE = 'rim.lock';

const held = new Set<string>();
let exitHookInstalled = false;

/**
 * Creates `<dir>/rim.lock` holding our pid. A lock whose pid is no longer alive is stale and is taken over.
 * Caveats: a recycled pid looks alive (the message says how to clear it), and pids mean nothing across hosts,
 * so a data directory on a network file system shared by two machines is not protected.
 */
export function acquireLock(dir: string): Result<Lock, StoreError> {
	const file = path.join(dir, LOCK_FILE);
	try {
		return tryAcquire(dir, file);
	} catch (e) {
		return err(ioError(file, `take the lock ${file}`, e, `check that ${dir} is readable and writable.`));
	}
}

function tryAcquire(dir: string, file: string): Result<Lock, StoreError> {
	let garbledSeen = false;
	for (let attempt = 0; attempt < 10; attempt++) {
		try {
			const fd = openSync(file, 'wx', 0o600);
			try {
				writeSync(fd, `${process.pid}\n`);
			} catch (e) {
				unlinkSync(file);
				throw e;
			} finally {
				closeSync(fd);
			}
			held.add(file);
			installExitHook();
			return ok({file, release: () => releaseLock(file)});
		} catch (e) {
			if (errno(e) !== 'EEXIST') throw e;
		}
		const holder = readHolder(file);
		if (holder === 'symlink') return err(symlinkLock(file));
		if (holder === 'gone') continue;
		if (holder === 'garbled' && !garbledSeen) {
			// Another rim may be between creating the file and writing its pid: look again shortly.
			garbledSeen = true;
			sleepSync(50);
			continue;
		}
		if (typeof holder === 'number' && isAlive(holder)) return err(lockedError(dir, file, holder, commandOf(holder)));
		removeStale(file, holder);
	}
	return err(
		ioError(file, `take the lock ${file}`, new Error('it keeps changing'), 'another rim may be starting; retry.'),
	);
}

/** The live process holding the lock of `dir`, or null when it is free or stale. */
export function liveHolder(dir: string): number | null {
	const holder = readHolder(path.join(dir, LOCK_FILE));
	return typeof holder === 'number' && isAlive(holder) ? holder : null;
}

/** True when a process with this pid exists (EPERM means it exists but belongs to another user). */
export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return errno(e) === 'EPERM';
	}
}

/** A lock file rim did not make: a symbolic link (even a dangling one) is never followed. */
function symlinkLock(file: string): StoreError {
	let target = '?';
	try {
		target = readlinkSync(file);
	} catch {
		// It may have gone meanwhile; the message stays right.
	}
	return {
		kind: 'io',
		file,
		message:
			`the lock file ${file} is a symbolic link (to ${target}), which rim never makes; ` +
			'if no rim is using this data directory, delete the link and retry.',
	};
}

/** The command line of a live process (Linux /proc), or null where it cannot be read. */
function commandOf(pid: number): string | null {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ') || null;
	} catch {
		return null;
	}
}

function readHolder(file: string): number | 'garbled' | 'gone' | 'symlink' {
	let text: string;
	try {
		if (lstatSync(file).isSymbolicLink()) return 'symlink';
		text = readFileSync(file, 'utf8');
	} catch (e) {
		if (errno(e) === 'ENOENT') return 'gone';
		throw e;
	}
	// Only a positive pid: process.kill(0 or negative) would signal a whole process group.
	const match = /^\s*(\d+)\s*$/.exec(text);
	const pid = match ? Number(match[1]) : 0;
	return pid > 0 ? pid : 'garbled';
}

// Unlinks only if the file still names the dead holder, which narrows (but cannot close) the window in which two
// starting rims both take over the same stale lock.
function removeStale(file: string, holder: number | 'garbled'): void {
	if (readHolder(file) !== holder) return;
	try {
		unlinkSync(file);
	} catch (e) {
		if (errno(e) !== 'ENOENT') throw e;
	}
}

function releaseLock(file: string): void {
	if (!held.delete(file)) return;
	try {
		if (readHolder(file) === process.pid) unlinkSync(file);
	} catch {
		// Best effort: a lock we cannot remove is stale once we exit, and the next rim takes it over.
	}
}

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	// 'exit' handlers must be synchronous; signals do not emit 'exit', so the CLI's signal handlers call close().
	process.on('exit', () => {
		for (const file of [...held]) releaseLock(file);
	});
}

function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

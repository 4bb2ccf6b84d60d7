import {existsSync, readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {err, ok, type Result} from '../shared/result.js';
import {TMP_SUFFIX} from './atomic-file.js';
import {KEYS_DIR, PAYLOADS_DIR} from './blobs.js';
import {ioError, lockedError, type StoreError} from './errors.js';
import {acquireLock, LOCK_FILE, liveHolder} from './lock.js';

// rim.json, rim.json.bak, rim.json.v<n>.bak and the journal rim.journal; temp files match TMP_SUFFIX.
export const DOCUMENT_FILES = /^rim\.(json(\.bak|\.v\d+\.bak)?|journal)$/;

/**
 * Deletes the document, its backups, payloads and keys (for `rim demo reset`). Refuses while another live
 * process holds the directory. If this process holds it, close the store first or save the new document through
 * it straight away: an open store still holds the old document in memory.
 */
export function wipeData(dir: string): Result<void, StoreError> {
	const abs = path.resolve(dir);
	if (!existsSync(abs)) return ok(undefined);
	let holder: number | null;
	try {
		holder = liveHolder(abs);
	} catch (e) {
		return err(ioError(abs, `read the lock of ${abs}`, e, 'check its permissions.'));
	}
	if (holder === process.pid) return wipe(abs);
	if (holder !== null) return err(lockedError(abs, path.join(abs, LOCK_FILE), holder));
	// Hold the lock while deleting so that no rim opens a half-deleted directory.
	const lock = acquireLock(abs);
	if (!lock.ok) return lock;
	try {
		return wipe(abs);
	} finally {
		lock.value.release();
	}
}

function wipe(dir: string): Result<void, StoreError> {
	try {
		for (const name of readdirSync(dir)) {
			if (DOCUMENT_FILES.test(name) || TMP_SUFFIX.test(name)) rmSync(path.join(dir, name), {force: true});
		}
		rmSync(path.join(dir, PAYLOADS_DIR), {recursive: true, force: true});
		rmSync(path.join(dir, KEYS_DIR), {recursive: true, force: true});
		return ok(undefined);
	} catch (e) {
		return err(ioError(dir, `delete the data in ${dir}`, e, 'check its permissions, then retry `rim demo reset`.'));
	}
}

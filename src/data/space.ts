/** Free space: whether a site about to be written fits on its disk, asked before anything is deleted or written. */
import {existsSync, readdirSync, statfsSync, statSync} from 'node:fs';
import path from 'node:path';
import {err, ok, type Result} from '../shared/result.js';
import {KEYS_DIR, PAYLOADS_DIR} from './blobs.js';
import {DOCUMENT_FILES} from './wipe.js';

const BLOCK = 4096;
/** A file takes whole blocks on disk. */
export const onDisk = (bytes: number): number => Math.ceil(bytes / BLOCK) * BLOCK;

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

/**
 * Whether `bytes` more fit in `dir` once the site files it holds now are deleted (a reset replaces them). Says why not
 * in one line. A disk whose free space cannot be read is not refused: the writes themselves then say what failed.
 */
export function roomFor(dir: string, bytes: number): Result<void, string> {
	const abs = path.resolve(dir);
	let probe = abs;
	while (!existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
	let free: number;
	try {
		const fs = statfsSync(probe);
		free = fs.bavail * fs.bsize;
	} catch {
		return ok(undefined);
	}
	const freed = siteFilesBytes(abs);
	if (free + freed >= bytes) return ok(undefined);
	return err(
		`the new site needs about ${mb(bytes)} in ${abs}, and its disk has ${mb(free)} free` +
			(freed > 0 ? ` (${mb(free + freed)} once the current site's files are deleted)` : '') +
			'; free space there, then retry',
	);
}

/** What the files a wipe deletes take on disk now. */
function siteFilesBytes(dir: string): number {
	let total = 0;
	const add = (file: string) => {
		try {
			total += onDisk(statSync(file).size);
		} catch {
			// Gone meanwhile, or unreadable: it frees nothing we can count on.
		}
	};
	const list = (sub: string) => {
		try {
			return readdirSync(sub);
		} catch {
			return [];
		}
	};
	for (const name of list(dir)) if (DOCUMENT_FILES.test(name)) add(path.join(dir, name));
	for (const sub of [PAYLOADS_DIR, KEYS_DIR])
		for (const name of list(path.join(dir, sub))) add(path.join(dir, sub, name));
	return total;
}

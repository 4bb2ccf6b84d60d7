import {closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, writeSync} from 'node:fs';
import {open, rename, rm, copyFile} from 'node:fs/promises';
import path from 'node:path';

/** Matches the temporary files of our atomic writes, `<target>.tmp-<pid>`; a leftover one is from a crash. */
export const TMP_SUFFIX = /\.tmp-\d+$/;

/** The temporary name used while writing `file`; unique per process, and each process writes a target serially. */
export const tmpFor = (file: string): string => `${file}.tmp-${process.pid}`;

/**
 * Replaces `file` with `bytes` so that a crash at any point leaves either the old or the new content: write a
 * temporary file, fsync it, rename it over `file`, fsync the directory (so the rename itself survives a power loss).
 */
export async function writeFileDurable(file: string, bytes: Uint8Array, mode = 0o644): Promise<void> {
	const tmp = tmpFor(file);
	try {
		const handle = await open(tmp, 'w', mode);
		try {
			await handle.writeFile(bytes);
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(tmp, file);
	} catch (e) {
		await rm(tmp, {force: true}).catch(() => {});
		throw e;
	}
	await fsyncDir(path.dirname(file));
}

/** The synchronous twin of {@link writeFileDurable}, for small files (payloads, keys). */
export function writeFileDurableSync(file: string, bytes: Uint8Array, mode = 0o644): void {
	const tmp = tmpFor(file);
	try {
		const fd = openSync(tmp, 'w', mode);
		try {
			// open() applies `mode` only when it creates the file; a leftover temp file keeps its old one.
			fchmodSync(fd, mode);
			for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		renameSync(tmp, file);
	} catch (e) {
		// The temp file goes whatever happened (a full disk leaves nothing half-written behind); the first error is the one.
		try {
			rmSync(tmp, {force: true});
		} catch {
			// Not there, or not deletable: the next open removes leftover temp files.
		}
		throw e;
	}
	fsyncDirSync(path.dirname(file));
}

/** Copies `src` over `dest` with the same crash-safety as {@link writeFileDurable}. */
export async function copyFileDurable(src: string, dest: string): Promise<void> {
	const tmp = tmpFor(dest);
	try {
		await copyFile(src, tmp);
		// copyFile gives the copy the source's mode: a read-only rim.json makes a read-only temp file, which is fine
		// for fsync through a read handle (opening it for writing would fail and blame the temp file).
		const handle = await open(tmp, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(tmp, dest);
	} catch (e) {
		await rm(tmp, {force: true}).catch(() => {});
		throw e;
	}
	await fsyncDir(path.dirname(dest));
}

// Some platforms (Windows) cannot open a directory for fsync; there the rename is as durable as it gets.
export async function fsyncDir(dir: string): Promise<void> {
	let handle;
	try {
		handle = await open(dir, 'r');
		await handle.sync();
	} catch (e) {
		if (!ignorableDirSyncError(e)) throw e;
	} finally {
		await handle?.close();
	}
}

export function fsyncDirSync(dir: string): void {
	let fd: number | undefined;
	try {
		fd = openSync(dir, 'r');
		fsyncSync(fd);
	} catch (e) {
		if (!ignorableDirSyncError(e)) throw e;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

const ignorableDirSyncError = (e: unknown) =>
	['EISDIR', 'EPERM', 'EINVAL', 'EACCES'].includes((e as NodeJS.ErrnoException).code ?? '');

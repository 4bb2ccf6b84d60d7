/**
 * Package payloads made from files, stored once by content: `<data dir>/payloads/sha256/<hex>.tar.gz`. Packing
 * streams — tar (the npm `tar` package) → gzip → SHA-256 → file — so memory stays flat whatever the folder's size; the
 * blob appears under its digest only when complete and durable (temp file, fsync, rename, folder fsync), and a second
 * package with the same bytes finds it there and shares it.
 */
import {createHash} from 'node:crypto';
import {createWriteStream, existsSync, readdirSync, rmSync, statSync, type Stats} from 'node:fs';
import {mkdir, open, rename, rm, statfs, unlink} from 'node:fs/promises';
import path from 'node:path';
import {Transform, type TransformCallback} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {createGzip} from 'node:zlib';
import {create as createTar} from 'tar';
import {err, ok, type Result} from '../shared/result.js';
import {fsyncDir} from './atomic-file.js';
import {PAYLOADS_DIR, readOptional} from './blobs.js';
import {describe, errno} from './errors.js';
import type {PackageSource} from './package-source.js';
import {PayloadCache} from './payload-cache.js';

const BLOB_DIR = 'sha256';
const PARTIAL = /\.partial$/;
const HEX = /^[0-9a-f]{64}$/;
// tar reads up to four files at once in reads of up to 16 MiB each by default: one file at a time in 1 MiB reads keeps
// memory flat whatever the files' sizes.
const READ_SIZE = 1024 * 1024;

export const blobDir = (dataDir: string) => path.join(dataDir, PAYLOADS_DIR, BLOB_DIR);

/** The file of the blob with this digest; throws on anything but a SHA-256 in lowercase hex (a caller bug). */
export function blobFile(dataDir: string, sha256: string): string {
	if (!HEX.test(sha256)) throw new Error(`not a SHA-256 digest: ${JSON.stringify(sha256)}`);
	return path.join(blobDir(dataDir), `${sha256}.tar.gz`);
}

// Every security PC of a job authenticates the same blob: its bytes are read once per file identity (device, inode,
// size, modification and change times), so a blob changed on disk — replaced, or altered in place — is read again,
// and the PCs' checks see what the disk really holds.
const blobs = new PayloadCache();

/** The blob's bytes (shared: never change them), or null when there is none. */
export function readBlob(dataDir: string, sha256: string): Uint8Array | null {
	const file = blobFile(dataDir, sha256);
	let stat: Stats;
	try {
		stat = statSync(file);
	} catch (e) {
		if (errno(e) === 'ENOENT') return null;
		throw e;
	}
	return blobs.get(`${file}\n${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`, () =>
		readOptional(file),
	);
}

/** Deletes a blob no package refers to any more (nothing when it is already gone). */
export function removeBlob(dataDir: string, sha256: string): void {
	rmSync(blobFile(dataDir, sha256), {force: true});
}

export interface PackProgress {
	/** Bytes of the uncompressed archive produced so far, and its estimated total. */
	done: number;
	total: number;
}

export interface PackedBlob {
	sha256: string;
	/** Size of the stored (compressed) payload in bytes. */
	size: number;
	/** True when a blob with these bytes was stored already (shared, nothing new written). */
	shared: boolean;
}

const KB = 1024;
const MB = KB * KB;
const GB = KB * MB;
export function bytesText(n: number): string {
	if (n >= GB) return `${(n / GB).toFixed(1)} GiB`;
	if (n >= MB) return `${(n / MB).toFixed(1)} MiB`;
	if (n >= KB) return `${(n / KB).toFixed(1)} KiB`;
	return `${n} B`;
}

/** Free bytes for an unprivileged writer on the file system holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
	const fs = await statfs(dir);
	return fs.bavail * fs.bsize;
}

/** Counts the bytes passing through and reports them. */
class Counter extends Transform {
	bytes = 0;
	constructor(private readonly onBytes: (bytes: number) => void) {
		super();
	}

	override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
		this.bytes += chunk.length;
		this.onBytes(this.bytes);
		done(null, chunk);
	}
}

/** Hashes the bytes passing through (what is written is exactly what is hashed). */
class Hasher extends Transform {
	readonly hash = createHash('sha256');
	bytes = 0;
	override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
		this.hash.update(chunk);
		this.bytes += chunk.length;
		done(null, chunk);
	}
}

/** Makes a written file durable (the write stream has closed its own descriptor; fsync on a new one flushes the file). */
async function fsyncFile(file: string): Promise<void> {
	const handle = await open(file, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

async function* chunksOf(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
	for await (const chunk of stream) yield chunk;
}

/** Temp files of packs that never finished (a killed rim); the data directory's lock holder may delete them. */
function removePartials(dir: string): void {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return;
	}
	for (const name of names) if (PARTIAL.test(name)) rmSync(path.join(dir, name), {force: true});
}

/**
 * Packs `source` as tar + gzip into the data directory's blob store. Refuses (as a one-line reason) a package larger
 * than the free space of the data directory's disk, and cleans up after any failure. Call with the data directory
 * locked (an open session): leftover temp files are taken as stale.
 */
export async function packToBlob(
	dataDir: string,
	source: PackageSource,
	onProgress?: (p: PackProgress) => void,
): Promise<Result<PackedBlob, string>> {
	const dir = blobDir(dataDir);
	try {
		await mkdir(dir, {recursive: true, mode: 0o700});
	} catch (e) {
		return err(`cannot create ${dir} (${describe(e)})`);
	}
	removePartials(dir);
	const free = await freeBytes(dir);
	// The compressed archive is rarely larger than the uncompressed one; refuse before writing what cannot fit.
	if (source.tarBytes > free) {
		return err(
			`the package needs about ${bytesText(source.tarBytes)} and the data directory's disk has ${bytesText(free)} free`,
		);
	}
	const partial = path.join(dir, `incoming-${process.pid}-${Date.now()}.partial`);
	const total = source.tarBytes;
	const counter = new Counter(done => onProgress?.({done: Math.min(done, total), total}));
	const hasher = new Hasher();
	try {
		const tar = createTar(
			{
				cwd: source.root,
				portable: true,
				noMtime: true,
				noDirRecurse: true,
				strict: true,
				jobs: 1,
				maxReadSize: READ_SIZE,
			},
			source.entries,
		);
		// tar's stream is a Minipass, not a Node stream: pipeline reads it as an async iterable (which keeps backpressure).
		await pipeline(
			chunksOf(tar),
			counter,
			createGzip(),
			hasher,
			createWriteStream(partial, {flags: 'wx', mode: 0o600}),
		);
		await fsyncFile(partial);
	} catch (e) {
		await rm(partial, {force: true}).catch(() => {});
		if (errno(e) === 'ENOSPC') return err(`the data directory's disk filled up while packing; nothing was stored`);
		return err(`packing failed, nothing was stored (${describe(e)})`);
	}
	const sha256 = hasher.hash.digest('hex');
	const file = blobFile(dataDir, sha256);
	const shared = existsSync(file);
	try {
		if (shared) await unlink(partial);
		else {
			await rename(partial, file);
			await fsyncDir(dir);
		}
	} catch (e) {
		await rm(partial, {force: true}).catch(() => {});
		return err(`cannot store the packed payload in ${dir} (${describe(e)})`);
	}
	onProgress?.({done: total, total});
	return ok({sha256, size: hasher.bytes, shared});
}

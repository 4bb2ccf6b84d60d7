/**
 * Chunked download of a payload by digest (docs/agent-protocol.md, Payloads): the manager's per-chunk SHA-256 list,
 * one `Range` request per chunk, every chunk checked before it is written, the count of verified chunks kept on disk so
 * a restart resumes from the first unverified chunk, and the whole file checked against the digest before it is
 * renamed into place. A chunk that keeps failing ends the download with the reason after a bounded number of tries.
 */
import {createHash} from 'node:crypto';
import {closeSync, createReadStream, existsSync, fsyncSync, openSync, renameSync, writeSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {chunkListSchema, type ChunkList, type WirePackage} from '../net/agents/protocol.js';
import {err, ok, type Result} from '../shared/result.js';
import type {AgentFiles} from './agent-state.js';
import {backoffMs, type RetryPolicy} from './backoff.js';
import {type Transport, TransportError} from './transport.js';

export interface DownloadOptions {
	retry: RetryPolicy;
	/** Longest gap the manager may leave while sending one chunk. */
	chunkTimeoutMs: number;
	random: () => number;
	log: (line: string) => void;
}

export async function sha256File(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

export const payloadPath = (files: AgentFiles, digest: string) => path.join(files.downloads, `${digest}.tar.gz`);

/** The payload, downloaded and verified (at once when it is on disk already). */
export async function fetchPayload(
	transport: Transport,
	files: AgentFiles,
	pkg: WirePackage,
	opts: DownloadOptions,
): Promise<Result<string, string>> {
	const final = payloadPath(files, pkg.digest);
	if (existsSync(final) && (await sha256File(final)) === pkg.digest) return ok(final);
	const list = await tries(opts, `the chunk list of ${pkg.id}`, async () =>
		chunkListSchema.parse(
			await transport.json('GET', `/v1/payload/${pkg.digest}/chunks`, {timeoutMs: opts.chunkTimeoutMs}),
		),
	);
	if (!list.ok) return list;
	const chunks: ChunkList = list.value;
	if (
		chunks.digest !== pkg.digest ||
		chunks.size !== pkg.size ||
		chunks.chunks.length !== Math.ceil(chunks.size / chunks.chunkBytes)
	) {
		return err(
			`the manager's chunk list of ${pkg.id} does not match the package (size ${chunks.size}, expected ${pkg.size})`,
		);
	}
	const part = path.join(files.downloads, `${pkg.digest}.part`);
	const progressFile = path.join(files.downloads, `${pkg.digest}.progress.json`);
	const saved = files.read(progressFile);
	const progress = saved ? (JSON.parse(saved) as {chunkBytes: number; verified: number}) : null;
	let verified =
		progress && progress.chunkBytes === chunks.chunkBytes && existsSync(part)
			? Math.min(progress.verified, chunks.chunks.length)
			: 0;
	if (verified > 0) opts.log(`resuming ${pkg.id} at chunk ${verified + 1} of ${chunks.chunks.length}`);
	files.write(progressFile, JSON.stringify({chunkBytes: chunks.chunkBytes, verified}));
	const fd = openSync(part, existsSync(part) ? 'r+' : 'w');
	try {
		for (; verified < chunks.chunks.length; verified++) {
			const start = verified * chunks.chunkBytes;
			const end = Math.min(chunks.size, start + chunks.chunkBytes) - 1;
			const bytes = await tries(opts, `chunk ${verified + 1} of ${pkg.id}`, async () => {
				const body = await fetchRange(transport, pkg.digest, start, end, chunks.size, opts.chunkTimeoutMs);
				const got = createHash('sha256').update(body).digest('hex');
				if (got !== chunks.chunks[verified])
					throw new TransportError(`chunk ${verified + 1} of ${pkg.id} arrived corrupted (SHA-256 mismatch)`);
				return body;
			});
			if (!bytes.ok) return bytes;
			for (let done = 0; done < bytes.value.length; )
				done += writeSync(fd, bytes.value, done, bytes.value.length - done, start + done);
			fsyncSync(fd);
			files.write(progressFile, JSON.stringify({chunkBytes: chunks.chunkBytes, verified: verified + 1}));
			opts.log(`fetched chunk ${verified + 1}/${chunks.chunks.length} of ${pkg.id} (${pkg.digest.slice(0, 12)})`);
		}
	} finally {
		closeSync(fd);
	}
	if ((await sha256File(part)) !== pkg.digest) {
		files.write(progressFile, JSON.stringify({chunkBytes: chunks.chunkBytes, verified: 0}));
		return err(`the payload of ${pkg.id} does not have its digest after download; it will be fetched again`);
	}
	renameSync(part, final);
	return ok(final);
}

async function fetchRange(
	transport: Transport,
	digest: string,
	start: number,
	end: number,
	size: number,
	timeoutMs: number,
): Promise<Buffer> {
	const res = await transport.raw('GET', `/v1/payload/${digest}`, {
		headers: {range: `bytes=${start}-${end}`},
		timeoutMs,
	});
	const expected = end - start + 1;
	if (res.statusCode !== 206 || res.headers['content-range'] !== `bytes ${start}-${end}/${size}`) {
		res.resume();
		throw new TransportError(
			`the manager answered ${res.statusCode} (${res.headers['content-range'] ?? 'no range'}) to a range request`,
		);
	}
	const parts: Buffer[] = [];
	let got = 0;
	for await (const chunk of res) {
		got += (chunk as Buffer).length;
		if (got > expected) {
			res.destroy();
			throw new TransportError('the manager sent more bytes than the range asked for');
		}
		parts.push(chunk as Buffer);
	}
	if (got !== expected) throw new TransportError(`the manager sent ${got} of ${expected} bytes`);
	return Buffer.concat(parts);
}

/** Runs `attempt` up to retry.chunkTries times with jittered backoff; the last failure's reason ends it. */
async function tries<T>(opts: DownloadOptions, what: string, attempt: () => Promise<T>): Promise<Result<T, string>> {
	let last = '';
	for (let n = 1; n <= opts.retry.chunkTries; n++) {
		try {
			return ok(await attempt());
		} catch (e) {
			last = e instanceof Error ? e.message : String(e);
			opts.log(`${what}: try ${n} of ${opts.retry.chunkTries} failed: ${last}`);
			if (n < opts.retry.chunkTries) await sleep(backoffMs(n, opts.retry, opts.random()));
		}
	}
	return err(`${what} could not be downloaded after ${opts.retry.chunkTries} tries: ${last}`);
}

/**
 * The relay's package cache (src/relay/package-cache.ts, docs/relay.md, The cache) against an upstream that counts what
 * it sends and can hold its answers: many children asking at once cause one download; the bound evicts the least
 * recently used payload but never one being served; a cached copy whose bytes changed on disk is found by its digest,
 * dropped and fetched again before it is listed for a child.
 */
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {afterEach, describe, expect, it} from 'vitest';
import {AgentFiles} from '../src/agent/agent-state.js';
import {payloadPath} from '../src/agent/download.js';
import type {Transport} from '../src/agent/transport.js';
import {PackageCache} from '../src/relay/package-cache.js';

const CHUNK = 64 * 1024;
const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const payload = (size: number, seed: number) =>
	Buffer.from(Array.from({length: size}, (_, i) => (i * 31 + seed) % 251));

/** An upstream holding payloads by digest; counts the ranges it sends; `hold()` keeps answers back until released. */
class Upstream {
	readonly payloads = new Map<string, Buffer>();
	ranges = 0;
	bytes = 0;
	private gate: Promise<void> | null = null;
	private open: () => void = () => {};

	add(bytes: Buffer): string {
		const digest = sha(bytes);
		this.payloads.set(digest, bytes);
		return digest;
	}

	hold(): void {
		this.gate = new Promise(resolve => (this.open = resolve));
	}

	release(): void {
		this.gate = null;
		this.open();
	}

	readonly transport = {
		json: async (_method: string, url: string) => {
			await this.gate;
			const digest = /\/v1\/payload\/([0-9a-f]{64})\/chunks$/.exec(url)![1]!;
			const bytes = this.payloads.get(digest)!;
			const chunks: string[] = [];
			for (let at = 0; at < bytes.length; at += CHUNK) chunks.push(sha(bytes.subarray(at, at + CHUNK)));
			return {digest, size: bytes.length, chunkBytes: CHUNK, chunks};
		},
		raw: async (_method: string, url: string, opts: {headers?: Record<string, string>}) => {
			await this.gate;
			const digest = /\/v1\/payload\/([0-9a-f]{64})$/.exec(url)![1]!;
			const bytes = this.payloads.get(digest)!;
			const [, a, b] = /^bytes=(\d+)-(\d+)$/.exec(opts.headers!.range!)!;
			const part = bytes.subarray(Number(a), Number(b) + 1);
			this.ranges += 1;
			this.bytes += part.length;
			return Object.assign(Readable.from([part]), {
				statusCode: 206,
				headers: {'content-range': `bytes ${a}-${b}/${bytes.length}`},
			});
		},
	} as unknown as Transport;
}

function cacheOf(upstream: Upstream, capacityBytes = 10 * 1024 ** 2) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-relay-cache-'));
	dirs.push(dir);
	const files = new AgentFiles(dir);
	mkdirSync(files.downloads, {recursive: true});
	const log: string[] = [];
	const cache = new PackageCache({
		files,
		capacityBytes,
		upstream: () => upstream.transport,
		download: {
			retry: {floorMs: 1, capMs: 1, factor: 1, chunkTries: 2},
			chunkTimeoutMs: 5_000,
			random: () => 0,
			log: () => {},
		},
		siteNow: () => Date.now(),
		log: line => log.push(line),
	});
	return {cache, files, log};
}

describe('the relay package cache', () => {
	it('fetches a payload once however many children ask for it at once', async () => {
		const upstream = new Upstream();
		const bytes = payload(5 * CHUNK + 100, 1);
		const digest = upstream.add(bytes);
		const {cache, files} = cacheOf(upstream);
		upstream.hold();
		const asked = Array.from({length: 25}, () => cache.chunkList(digest, CHUNK));
		const files2 = Array.from({length: 25}, () => cache.ensure(digest));
		upstream.release();
		const lists = await Promise.all(asked);
		expect(lists.every(l => l.ok && l.value.chunks.length === 6 && l.value.size === bytes.length)).toBe(true);
		expect((await Promise.all(files2)).every(f => f.ok)).toBe(true);
		expect(upstream.ranges).toBe(6);
		expect(upstream.bytes).toBe(bytes.length);
		expect(cache.upstreamBytes).toBe(bytes.length);
		expect(readFileSync(payloadPath(files, digest)).equals(bytes)).toBe(true);
		// Asked again later, it is served from the cache.
		expect((await cache.chunkList(digest, CHUNK)).ok).toBe(true);
		expect(upstream.ranges).toBe(6);
	});

	it('evicts the least recently used payload over --cache-bytes, never one being served', async () => {
		const upstream = new Upstream();
		const size = 2 * CHUNK;
		const [a, b, c, d] = [1, 2, 3, 4].map(seed => upstream.add(payload(size, seed)));
		// Room for two payloads and a half.
		const {cache, files, log} = cacheOf(upstream, 2 * size + size / 2);
		expect((await cache.ensure(a!)).ok).toBe(true);
		expect((await cache.ensure(b!)).ok).toBe(true);
		// A is the least recently used, but a child is downloading it: B goes instead.
		const release = cache.hold(a!);
		expect((await cache.ensure(c!)).ok).toBe(true);
		expect([cache.has(a!), cache.has(b!), cache.has(c!)]).toEqual([true, false, true]);
		expect(existsSync(payloadPath(files, a!))).toBe(true);
		expect(existsSync(payloadPath(files, b!))).toBe(false);
		expect(log.some(l => l.startsWith(`evicted ${b!.slice(0, 12)}`))).toBe(true);
		// Once served, A is the least recently used again and goes first.
		release();
		expect((await cache.ensure(d!)).ok).toBe(true);
		expect([cache.has(a!), cache.has(c!), cache.has(d!)]).toEqual([false, true, true]);
		expect(cache.status().bytes).toBeLessThanOrEqual(2 * size + size / 2);
	});

	it('finds a corrupt cached copy by its digest, drops it and fetches it again before listing it', async () => {
		const upstream = new Upstream();
		const bytes = payload(3 * CHUNK, 7);
		const digest = upstream.add(bytes);
		const {cache, files, log} = cacheOf(upstream);
		const first = await cache.chunkList(digest, CHUNK);
		expect(first.ok).toBe(true);
		expect(cache.unchanged(digest)).toBe(true);
		expect(upstream.ranges).toBe(3);

		// Bytes changed on disk (same size): the copy is no longer the one that was checked.
		const file = payloadPath(files, digest);
		const damaged = Buffer.from(bytes);
		damaged[CHUNK + 5] = damaged[CHUNK + 5]! ^ 0xff;
		writeFileSync(file, damaged);
		expect(cache.unchanged(digest)).toBe(false);

		const again = await cache.chunkList(digest, CHUNK);
		expect(again.ok && again.value).toEqual(first.ok && first.value);
		expect(log.some(l => l.includes('does not have its digest (corrupt); fetching it again'))).toBe(true);
		expect(upstream.ranges).toBe(6);
		expect(sha(readFileSync(file))).toBe(digest);
		expect(cache.unchanged(digest)).toBe(true);
	});
});

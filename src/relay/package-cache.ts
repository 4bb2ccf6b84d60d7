/**
 * The relay's package cache (docs/relay.md, The cache): payloads by SHA-256 in `R/downloads/`, fetched from upstream
 * chunk by chunk with the agent's resumable download, kept until their expiration at the relay (site clock) and
 * bounded by `--cache-bytes` (least recently used first, never one being served). Many children asking for the same
 * payload at once share one upstream download. Before a cached copy is listed for a child it is checked against its
 * digest; a corrupt copy is dropped and fetched again.
 */
import {createHash} from 'node:crypto';
import {createReadStream, existsSync, rmSync, statSync} from 'node:fs';
import path from 'node:path';
import {z} from 'zod';
import type {AgentFiles} from '../agent/agent-state.js';
import {fetchPayload, payloadPath, type DownloadOptions} from '../agent/download.js';
import type {Transport} from '../agent/transport.js';
import {
	chunkListSchema,
	RELAY_REPORT_PACKAGES,
	type ChunkList,
	type RelayStatusReport,
	type WirePackage,
} from '../net/agents/protocol.js';
import {ID_RULES} from '../shared/ids.js';
import {err, ok, type Result} from '../shared/result.js';

/** A payload no task named an expiration for is kept this long (the package default). */
const DEFAULT_KEEP_MS = 90 * 24 * 3600 * 1000;

const indexSchema = z.object({
	version: z.literal(1),
	entries: z.array(
		z.object({
			digest: z.string().regex(/^[0-9a-f]{64}$/),
			size: z.number().int().min(0),
			expiresAt: z.number(),
			lastUsed: z.number(),
			/** The package a task named for this payload, once one did. */
			id: z.string().regex(ID_RULES.package.pattern).optional(),
			version: z.string().max(6).optional(),
		}),
	),
});
type Entry = z.infer<typeof indexSchema>['entries'][number];

export interface CacheStatus {
	bytes: number;
	packages: number;
	capacityBytes: number;
}

export interface PackageCacheOptions {
	files: AgentFiles;
	capacityBytes: number;
	upstream: () => Transport;
	download: DownloadOptions;
	/** The site clock: expirations are the site's dates. */
	siteNow: () => number;
	log: (line: string) => void;
}

export class PackageCache {
	private readonly entries = new Map<string, Entry>();
	/** Expirations learned from tasks for payloads not fetched yet. */
	private readonly expirations = new Map<string, number>();
	/** Package names learned from tasks for payloads not fetched yet. */
	private readonly labels = new Map<string, {id: string; version: string}>();
	private readonly inflight = new Map<string, Promise<Result<string, string>>>();
	private readonly serving = new Map<string, number>();
	private readonly lists = new Map<string, {stamp: string; list: ChunkList}>();
	/** Checks of a cached copy under way, by digest, file stamp and chunk size: children asking at once share one. */
	private readonly checking = new Map<string, Promise<ChunkList | null>>();
	private readonly indexFile: string;
	/** Bytes fetched from upstream since start (the benchmark reads it). */
	upstreamBytes = 0;

	constructor(private readonly opts: PackageCacheOptions) {
		this.indexFile = path.join(opts.files.dir, 'cache.json');
		const text = opts.files.read(this.indexFile);
		const parsed = text === null ? null : indexSchema.safeParse(JSON.parse(text));
		for (const entry of parsed?.success ? parsed.data.entries : []) {
			if (existsSync(this.fileOf(entry.digest))) this.entries.set(entry.digest, entry);
		}
	}

	status(): CacheStatus {
		let bytes = 0;
		for (const entry of this.entries.values()) bytes += entry.size;
		return {bytes, packages: this.entries.size, capacityBytes: this.opts.capacityBytes};
	}

	/** The cache as the relay reports it upstream: the most recently used packages, in a stable order. */
	report(): Omit<RelayStatusReport, 'waitingResults'> {
		const {bytes, packages, capacityBytes} = this.status();
		const recent = [...this.entries.values()].sort((a, b) => b.lastUsed - a.lastUsed).slice(0, RELAY_REPORT_PACKAGES);
		return {
			cacheBytes: bytes,
			capacityBytes,
			packageCount: packages,
			packages: recent
				.map(e => ({id: e.id ?? null, version: e.version ?? null, digest: e.digest, bytes: e.size}))
				.sort((a, b) => (a.id ?? '~').localeCompare(b.id ?? '~') || a.digest.localeCompare(b.digest)),
			fetching: this.inflight.size,
		};
	}

	has(digest: string): boolean {
		return this.entries.has(digest);
	}

	/** A task named this package: its payload is kept at least until its expiration at the relay, under its name. */
	learn(pkg: Pick<WirePackage, 'id' | 'version' | 'digest' | 'relayExpiresAt'>): void {
		const {digest, relayExpiresAt: expiresAt} = pkg;
		const entry = this.entries.get(digest);
		if (entry) {
			let changed = false;
			if (entry.id !== pkg.id || entry.version !== pkg.version) {
				entry.id = pkg.id;
				entry.version = pkg.version;
				changed = true;
			}
			if (expiresAt !== undefined && expiresAt > entry.expiresAt) {
				entry.expiresAt = expiresAt;
				changed = true;
			}
			if (changed) this.save();
			return;
		}
		this.labels.set(digest, {id: pkg.id, version: pkg.version});
		if (expiresAt !== undefined) this.expirations.set(digest, Math.max(expiresAt, this.expirations.get(digest) ?? 0));
	}

	/** The payload's file, fetched from upstream unless it is here already; one download however many ask at once. */
	ensure(digest: string): Promise<Result<string, string>> {
		const entry = this.entries.get(digest);
		if (entry && existsSync(this.fileOf(digest))) {
			entry.lastUsed = Date.now();
			return Promise.resolve(ok(this.fileOf(digest)));
		}
		let flight = this.inflight.get(digest);
		if (!flight) {
			flight = this.fetch(digest).finally(() => this.inflight.delete(digest));
			this.inflight.set(digest, flight);
		}
		return flight;
	}

	/** The per-chunk digests of a cached payload, from its bytes; a copy whose bytes are not its digest is fetched again. */
	async chunkList(digest: string, chunkBytes: number): Promise<Result<ChunkList, string>> {
		for (let attempt = 0; attempt < 2; attempt++) {
			const file = await this.ensure(digest);
			if (!file.ok) return file;
			const stamp = stampOf(file.value);
			const known = this.lists.get(digest);
			if (known && known.stamp === stamp && known.list.chunkBytes === chunkBytes) return ok(known.list);
			const list = await this.check(digest, file.value, stamp, chunkBytes);
			if (list) return ok(list);
		}
		return err(`the payload ${digest.slice(0, 12)} is corrupt after fetching it again`);
	}

	/**
	 * Hashes the cached copy once however many children ask for its chunk list at once (each hash reads the whole file:
	 * two hundred children at once would be two hundred reads of it, their buffers all alive together). A copy whose
	 * bytes are not its digest is dropped, once; the callers fetch it again.
	 */
	private check(digest: string, file: string, stamp: string, chunkBytes: number): Promise<ChunkList | null> {
		const key = `${digest}:${stamp}:${chunkBytes}`;
		let checking = this.checking.get(key);
		if (!checking) {
			checking = hashChunks(file, digest, chunkBytes)
				.then(({whole, list}) => {
					if (whole === digest) {
						this.lists.set(digest, {stamp, list});
						return list;
					}
					this.opts.log(
						`the cached copy of ${digest.slice(0, 12)} does not have its digest (corrupt); fetching it again`,
					);
					this.drop(digest);
					return null;
				})
				.finally(() => this.checking.delete(key));
			this.checking.set(key, checking);
		}
		return checking;
	}

	/** True while the cached copy is the one its chunk list was made from (a changed file is checked again). */
	unchanged(digest: string): boolean {
		const known = this.lists.get(digest);
		return known !== undefined && existsSync(this.fileOf(digest)) && known.stamp === stampOf(this.fileOf(digest));
	}

	/** Marks a payload as being served (never evicted meanwhile); returns the release. */
	hold(digest: string): () => void {
		this.serving.set(digest, (this.serving.get(digest) ?? 0) + 1);
		const entry = this.entries.get(digest);
		if (entry) entry.lastUsed = Date.now();
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const left = (this.serving.get(digest) ?? 1) - 1;
			if (left > 0) this.serving.set(digest, left);
			else this.serving.delete(digest);
		};
	}

	/** Drops expired payloads, then the least recently used ones while over capacity; never one being served or fetched. */
	evict(keep: string | null = null): void {
		const now = this.opts.siteNow();
		const free = (e: Entry) => e.digest !== keep && !this.serving.has(e.digest) && !this.inflight.has(e.digest);
		for (const entry of [...this.entries.values()]) {
			if (entry.expiresAt < now && free(entry)) {
				this.opts.log(`dropped ${entry.digest.slice(0, 12)}: its expiration at the relay has passed`);
				this.drop(entry.digest);
			}
		}
		let {bytes} = this.status();
		for (const entry of [...this.entries.values()].filter(free).sort((a, b) => a.lastUsed - b.lastUsed)) {
			if (bytes <= this.opts.capacityBytes) break;
			this.opts.log(
				`evicted ${entry.digest.slice(0, 12)} (${entry.size} bytes): the cache holds at most ${this.opts.capacityBytes} bytes`,
			);
			this.drop(entry.digest);
			bytes -= entry.size;
		}
	}

	private fileOf(digest: string): string {
		return payloadPath(this.opts.files, digest);
	}

	private drop(digest: string): void {
		this.entries.delete(digest);
		this.lists.delete(digest);
		rmSync(this.fileOf(digest), {force: true});
		this.save();
	}

	private save(): void {
		this.opts.files.write(this.indexFile, JSON.stringify({version: 1, entries: [...this.entries.values()]}));
	}

	private async fetch(digest: string): Promise<Result<string, string>> {
		const upstream = this.opts.upstream();
		let size: number;
		try {
			size = chunkListSchema.parse(
				await upstream.json('GET', `/v1/payload/${digest}/chunks`, {timeoutMs: this.opts.download.chunkTimeoutMs}),
			).size;
		} catch (e) {
			return err(
				`the chunk list of ${digest.slice(0, 12)} could not be fetched from upstream: ${e instanceof Error ? e.message : String(e)}`,
			);
		}
		const before = existsSync(this.fileOf(digest));
		const fetched = await fetchPayload(
			upstream,
			this.opts.files,
			{id: digest.slice(0, 12), version: '', digest, size, installScript: null, replaceExisting: false, auth: null},
			this.opts.download,
		);
		if (!fetched.ok) return fetched;
		if (!before) {
			this.upstreamBytes += size;
			this.opts.log(`fetched ${digest.slice(0, 12)} from upstream (${size} bytes)`);
		}
		const expiresAt = this.expirations.get(digest) ?? this.opts.siteNow() + DEFAULT_KEEP_MS;
		const label = this.labels.get(digest);
		this.expirations.delete(digest);
		this.labels.delete(digest);
		this.entries.set(digest, {digest, size, expiresAt, lastUsed: Date.now(), ...label});
		this.save();
		this.evict(digest);
		return fetched;
	}
}

const stampOf = (file: string) => {
	const s = statSync(file);
	return `${s.ino}:${s.size}:${s.mtimeMs}`;
};

/** One pass over the file: the SHA-256 of each chunk and of the whole. */
async function hashChunks(file: string, digest: string, chunkBytes: number): Promise<{whole: string; list: ChunkList}> {
	const whole = createHash('sha256');
	const chunks: string[] = [];
	let current = createHash('sha256');
	let inChunk = 0;
	let size = 0;
	for await (const data of createReadStream(file, {highWaterMark: 1024 * 1024})) {
		let buf = data as Buffer;
		whole.update(buf);
		size += buf.length;
		while (buf.length > 0) {
			const take = Math.min(chunkBytes - inChunk, buf.length);
			current.update(buf.subarray(0, take));
			inChunk += take;
			buf = buf.subarray(take);
			if (inChunk === chunkBytes) {
				chunks.push(current.digest('hex'));
				current = createHash('sha256');
				inChunk = 0;
			}
		}
	}
	if (inChunk > 0) chunks.push(current.digest('hex'));
	return {whole: whole.digest('hex'), list: {digest, size, chunkBytes, chunks}};
}

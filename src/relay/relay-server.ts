/**
 * The relay's port for the hosts below it (docs/relay.md): the agent protocol over mutual TLS with certificates from the
 * site's office. Enrolment, polls and renewals are forwarded upstream in envelopes naming the route; results are kept
 * in the durable outbox and acked at once; payloads come from the package cache. Everything a child sends is
 * size-limited and checked with zod before it is used or forwarded.
 */
import {createHash} from 'node:crypto';
import {createReadStream, statSync} from 'node:fs';
import https from 'node:https';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {Duplex} from 'node:stream';
import type {TLSSocket} from 'node:tls';
import type {Transport} from '../agent/transport.js';
import {TransportError} from '../agent/transport.js';
import {CODES} from '../engine/codes.js';
import {sanitize} from '../output/sanitize.js';
import {
	AGENT_PORT_DEFAULTS,
	enrolAnswerSchema,
	enrolRequestSchema,
	pollAnswerSchema,
	pollRequestSchema,
	relayCertificateSchema,
	relayEnrolSchema,
	relayPollSchema,
	relayRenewSchema,
	renewRequestSchema,
	type Hop,
	type PollAnswer,
	type PollRequest,
	type Task,
} from '../net/agents/protocol.js';
import type {ForwardOutbox} from './forward-outbox.js';
import {routeKey} from './forward-outbox.js';
import type {PackageCache} from './package-cache.js';

export interface RelayServerOptions {
	id: string;
	tls: {keyPem: string; certPem: string; caCertPem: string};
	upstream: () => Transport;
	cache: PackageCache;
	outbox: ForwardOutbox;
	/** The site clock, as the last answer from upstream gave it. */
	siteNow: () => number;
	/** The site clock an answer from upstream carried. */
	sawSiteNow: (at: number) => void;
	log: (line: string) => void;
}

/** How long the relay waits on upstream for a poll (above the manager's hold, below a child's own time limit). */
const UPSTREAM_POLL_MS = 40_000;
const UPSTREAM_MS = 30_000;
/** A child polling while upstream is unreachable is asked back after this long. */
const OFFLINE_POLL_MS = 2_000;
const MAX_BODY = AGENT_PORT_DEFAULTS.maxBodyBytes;

type Child = Hop;
const CHILD = Symbol('rim relay child');
type Marked = TLSSocket & {[CHILD]?: Child};

class Refusal extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

/** A result id the same for every sending of the same report: the manager records it once. */
const stableId = (...parts: string[]) => `r${createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 40)}`;

export class RelayServer {
	private readonly server: https.Server;
	/** Reports already made about tasks (by stable id), so a task handed out again is not reported again. */
	private readonly noted = new Set<string>();
	readonly stats = {payloadBytes: 0};
	/** Every connection, handshake done or not: closing ends them all. */
	private readonly connections = new Set<Duplex>();

	constructor(private readonly opts: RelayServerOptions) {
		this.server = https.createServer(
			{
				key: opts.tls.keyPem,
				cert: opts.tls.certPem,
				ca: [opts.tls.caCertPem],
				requestCert: true,
				rejectUnauthorized: false,
				minVersion: 'TLSv1.2',
				requestTimeout: UPSTREAM_POLL_MS + 30_000,
				headersTimeout: 15_000,
				keepAliveTimeout: 5_000,
			},
			(req, res) => void this.handle(req, res),
		);
		this.server.on('secureConnection', socket => this.admit(socket as Marked));
		this.server.on('connection', socket => {
			this.connections.add(socket);
			socket.once('close', () => this.connections.delete(socket));
		});
	}

	async listen(host: string, port: number): Promise<{host: string; port: number}> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		const address = this.server.address() as AddressInfo;
		return {host: address.address, port: address.port};
	}

	/** A renewed server certificate (over the relay's renewed key): new connections get it, open ones go on. */
	useCertificate(tls: {keyPem: string; certPem: string}): void {
		this.server.setSecureContext({
			key: tls.keyPem,
			cert: tls.certPem,
			ca: [this.opts.tls.caCertPem],
			minVersion: 'TLSv1.2',
		});
	}

	async close(): Promise<void> {
		await new Promise<void>(resolve => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
			for (const socket of this.connections) socket.destroy();
		});
	}

	/** A certificate the office did not issue (or expired) ends the connection; revocation is the manager's to judge. */
	private admit(socket: Marked): void {
		const peer = socket.getPeerCertificate();
		if (!peer || Object.keys(peer).length === 0) return; // may only fetch the CA and enrol
		const cn = typeof peer.subject?.CN === 'string' ? peer.subject.CN : '';
		if (!socket.authorized || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(cn)) {
			socket.destroy();
			return;
		}
		socket[CHILD] = {id: cn, serial: peer.serialNumber.toUpperCase()};
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		try {
			const child = (req.socket as Marked)[CHILD] ?? null;
			const url = new URL(req.url ?? '/', 'https://relay.port');
			const route = `${req.method} ${url.pathname}`;
			if (route === 'GET /v1/ca') return this.send(res, 200, {caCertPem: this.opts.tls.caCertPem});
			if (route === 'POST /v1/enrol') return await this.enrol(req, res);
			if (!child) throw new Refusal(401, 'a client certificate issued by this site is required');
			const payload = /^\/v1\/payload\/([0-9a-f]{64})(\/chunks)?$/.exec(url.pathname);
			if (req.method === 'GET' && payload)
				return payload[2] ? await this.chunks(payload[1]!, res) : await this.payload(payload[1]!, req, res);
			const body = await readJson(req);
			switch (route) {
				case 'POST /v1/poll': {
					const parsed = pollRequestSchema.safeParse(body);
					if (!parsed.success) throw new Refusal(400, 'bad poll');
					return await this.poll([child], parsed.data, req, res);
				}
				case 'POST /v1/renew': {
					const parsed = renewRequestSchema.safeParse(body);
					if (!parsed.success) throw new Refusal(400, 'bad renewal');
					return await this.forward(res, '/v1/relay/renew', {hops: [child], csrPem: parsed.data.csrPem});
				}
				// A relay below this one, forwarding for the hosts below it: its own hop joins the route.
				case 'POST /v1/relay/enrol': {
					const parsed = relayEnrolSchema.safeParse(body);
					if (!parsed.success) throw new Refusal(400, 'bad enrolment');
					return await this.forward(
						res,
						'/v1/relay/enrol',
						{...parsed.data, hops: [...parsed.data.hops, child]},
						enrolAnswerSchema,
					);
				}
				case 'POST /v1/relay/poll': {
					const parsed = relayPollSchema.safeParse(body);
					if (!parsed.success) throw new Refusal(400, 'bad poll');
					return await this.poll([...parsed.data.hops, child], parsed.data, req, res);
				}
				case 'POST /v1/relay/renew': {
					const parsed = relayRenewSchema.safeParse(body);
					if (!parsed.success) throw new Refusal(400, 'bad renewal');
					return await this.forward(res, '/v1/relay/renew', {...parsed.data, hops: [...parsed.data.hops, child]});
				}
				case 'POST /v1/relay/certificate': {
					const parsed = relayCertificateSchema.safeParse(body);
					if (!parsed.success) throw new Refusal(400, 'bad certificate request');
					return await this.forward(res, '/v1/relay/certificate', {...parsed.data, hops: [...parsed.data.hops, child]});
				}
				default:
					throw new Refusal(404, 'no such endpoint');
			}
		} catch (e) {
			const status =
				e instanceof Refusal ? e.status : e instanceof TransportError && e.status !== null ? e.status : 503;
			const message = e instanceof Error ? e.message : String(e);
			if (status >= 500) this.log(`relay port: ${message}`);
			if (!res.headersSent) this.send(res, status, {error: message});
			else res.destroy();
		}
	}

	private log(line: string): void {
		this.opts.log(sanitize(line));
	}

	private send(res: ServerResponse, status: number, body: unknown): void {
		const text = JSON.stringify(body);
		res.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text)});
		res.end(text);
	}

	private async enrol(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const parsed = enrolRequestSchema.safeParse(await readJson(req));
		if (!parsed.success) throw new Refusal(400, 'bad enrolment');
		await this.forward(res, '/v1/relay/enrol', {hops: [], request: parsed.data}, enrolAnswerSchema);
		this.log(`forwarded the enrolment of ${parsed.data.name}`);
	}

	/** Sends an envelope upstream and the (checked) answer back down; upstream's refusal reaches the child as it was. */
	private async forward(
		res: ServerResponse,
		path: string,
		body: unknown,
		schema: {parse(v: unknown): unknown} = {parse: v => v},
	): Promise<void> {
		const answer = schema.parse(await this.opts.upstream().json('POST', path, {body, timeoutMs: UPSTREAM_MS}));
		this.send(res, 200, answer);
	}

	/**
	 * A poll for the host `hops[0]`: its results are kept on disk and acked; the poll goes upstream with whatever results
	 * wait on that route; the tasks that come back are screened (expired packages, payloads to fetch) before they go
	 * down. Upstream unreachable: the child gets its acks and no tasks. A relay below reports itself in its own polls:
	 * that report goes up with the poll.
	 */
	private async poll(
		hops: Hop[],
		{results, os, relay}: PollRequest,
		req: IncomingMessage,
		res: ServerResponse,
	): Promise<void> {
		const {outbox} = this.opts;
		outbox.follow(hops);
		outbox.add(hops, results);
		const acks = results.map(r => r.id);
		const key = routeKey(hops);
		const sent = outbox.take(key, 256);
		const gone = new AbortController();
		const onClose = () => gone.abort();
		req.socket.once('close', onClose);
		let answer: PollAnswer;
		try {
			answer = pollAnswerSchema.parse(
				await this.opts.upstream().json('POST', '/v1/relay/poll', {
					body: {hops, results: sent, os, ...(relay ? {relay} : {})},
					timeoutMs: UPSTREAM_POLL_MS,
					signal: gone.signal,
				}),
			);
		} catch (e) {
			outbox.settle(sent, []);
			if (e instanceof TransportError && (e.status === 401 || e.status === 403)) {
				// The manager refuses this host (removed, revoked): its connection ends, as it would at the manager.
				this.log(`upstream refuses ${hops[0]!.id}: ${e.message}`);
				req.socket.destroy();
				return;
			}
			if (res.destroyed || gone.signal.aborted) return;
			return this.send(res, 200, {acks, tasks: [], nextPollMs: OFFLINE_POLL_MS} satisfies PollAnswer);
		} finally {
			req.socket.off('close', onClose);
		}
		outbox.settle(sent, answer.acks);
		if (answer.siteNow !== undefined) this.opts.sawSiteNow(answer.siteNow);
		const tasks = this.screen(hops, answer.tasks);
		if (res.destroyed) return;
		this.send(res, 200, {
			acks,
			tasks,
			nextPollMs: answer.nextPollMs,
			...(answer.siteNow === undefined ? {} : {siteNow: answer.siteNow}),
		});
	}

	/**
	 * Tasks on their way down. A delivery whose package expired at the relay goes no further: the relay reports the code
	 * for it. Any other delivery's payloads are fetched into the cache at once; once they are here the relay reports
	 * that the host's run reached it.
	 */
	private screen(hops: Hop[], tasks: Task[]): Task[] {
		const {cache, outbox} = this.opts;
		const host = hops[0]!.id;
		const now = this.opts.siteNow();
		const passed: Task[] = [];
		for (const task of tasks) {
			const {order} = task;
			const packages = 'packages' in order ? order.packages : [];
			for (const p of packages) cache.learn(p);
			if (order.kind !== 'deliver' || packages.length === 0 || order.jobType === 'get-software-info') {
				passed.push(task);
				continue;
			}
			const step = task.key ? `${task.key.job}:${task.key.attempt}` : '';
			const pkg = packages.find(p => p.relayExpiresAt !== undefined && p.relayExpiresAt < now);
			if (pkg) {
				const id = stableId(this.opts.id, host, task.id, step, 'expired');
				if (!this.noted.has(id)) {
					this.note(id);
					this.log(`${pkg.id} expired at this relay before it reached ${host}: reported ${CODES.expiredAtRelay}`);
					outbox.add(hops, [
						{
							id,
							task: task.id,
							report: {
								kind: 'delivery-failed',
								failure: {
									code: CODES.expiredAtRelay,
									detail: `package ${pkg.id} expired at relay ${this.opts.id} before it could be delivered to ${host}`,
								},
							},
						},
					]);
				}
				continue;
			}
			passed.push(task);
			const id = stableId(this.opts.id, host, task.id, step, 'reached');
			if (this.noted.has(id)) continue;
			this.note(id);
			void Promise.all(packages.map(p => cache.ensure(p.digest))).then(fetched => {
				if (fetched.every(f => f.ok)) {
					this.log(`${task.key?.job ?? 'a task'} for ${host}: its packages are at this relay`);
					outbox.add(hops, [{id, task: task.id, report: {kind: 'reached-relay', relay: this.opts.id}}]);
				} else this.noted.delete(id); // the child's own fetch reports the failure; a later hand-out tries again
			});
		}
		return passed;
	}

	private note(id: string): void {
		this.noted.add(id);
		if (this.noted.size > 100_000) this.noted.delete(this.noted.values().next().value!);
	}

	private async chunks(digest: string, res: ServerResponse): Promise<void> {
		const list = await this.opts.cache.chunkList(digest, AGENT_PORT_DEFAULTS.chunkBytes);
		if (!list.ok) throw new Refusal(503, list.error);
		this.send(res, 200, list.value);
	}

	/** One `Range: bytes=a-b` of a cached payload (a copy changed since it was checked is checked again first). */
	private async payload(digest: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
		const {cache} = this.opts;
		if (!cache.unchanged(digest)) {
			const list = await cache.chunkList(digest, AGENT_PORT_DEFAULTS.chunkBytes);
			if (!list.ok) throw new Refusal(503, list.error);
		}
		const file = await cache.ensure(digest);
		if (!file.ok) throw new Refusal(503, file.error);
		const release = cache.hold(digest);
		try {
			const size = statSync(file.value).size;
			const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
			if (req.headers.range && !range) throw new Refusal(416, 'only one byte range is served');
			const start = range ? Number(range[1]) : 0;
			const end = range?.[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
			if (start > end || start >= size) {
				res.writeHead(416, {'content-range': `bytes */${size}`});
				res.end();
				release();
				return;
			}
			this.stats.payloadBytes += end - start + 1;
			res.writeHead(range ? 206 : 200, {
				'content-type': 'application/octet-stream',
				'content-length': end - start + 1,
				...(range ? {'content-range': `bytes ${start}-${end}/${size}`} : {}),
			});
			const stream = createReadStream(file.value, {start, end});
			stream.once('close', release);
			stream.pipe(res);
		} catch (e) {
			release();
			throw e;
		}
	}
}

async function readJson(req: IncomingMessage): Promise<unknown> {
	if (Number(req.headers['content-length'] ?? 0) > MAX_BODY)
		throw new Refusal(413, `the body is larger than ${MAX_BODY} bytes`);
	const parts: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > MAX_BODY) throw new Refusal(413, `the body is larger than ${MAX_BODY} bytes`);
		parts.push(chunk as Buffer);
	}
	try {
		return JSON.parse(Buffer.concat(parts).toString('utf8'));
	} catch {
		throw new Refusal(400, 'the body is not JSON');
	}
}

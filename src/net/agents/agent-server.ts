/**
 * The manager's agent port (docs/agent-protocol.md): HTTPS with client certificates issued by the site's certification
 * office. A connection whose certificate is from another CA, expired, revoked or unknown is destroyed as soon as its
 * handshake ends, before a byte of HTTP is read; a connection without a certificate may only enrol. Everything an agent
 * sends is size-limited and checked with zod before it is used.
 */
import {createHash} from 'node:crypto';
import {createReadStream, existsSync, openSync, readSync, closeSync, statSync} from 'node:fs';
import https from 'node:https';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import type {Duplex} from 'node:stream';
import type {TLSSocket} from 'node:tls';
import {sanitize} from '../../output/sanitize.js';
import type {AgentDesk} from './desk.js';
import {
	agentPortLimits,
	enrolRequestSchema,
	pollRequestSchema,
	relayCertificateSchema,
	relayEnrolSchema,
	relayPollSchema,
	relayRenewSchema,
	renewRequestSchema,
	type AgentPortLimits,
	type ChunkList,
	type Hop,
	type PollAnswer,
	type PollRequest,
} from './protocol.js';

export interface AgentServerOptions {
	desk: AgentDesk;
	/** `ticketKeys`: kept across restarts, so agents coming back resume their TLS sessions (src/data/ticket-keys.ts). */
	tls: {keyPem: string; certPem: string; caCertPem: string; ticketKeys?: Buffer};
	/** Where a payload's bytes are, by digest (null: no such payload). */
	payloadFile(digest: string): string | null;
	limits?: Partial<AgentPortLimits>;
	log?: (line: string) => void;
}

type Agent = {id: string};
const AGENT = Symbol('rim agent');
type Marked = TLSSocket & {[AGENT]?: Agent};

class HttpRefusal extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

export class AgentServer {
	private readonly server: https.Server;
	private readonly limits: AgentPortLimits;
	private readonly waiters = new Map<string, Set<() => void>>();
	private readonly lastPoll = new Map<string, number>();
	private readonly chunkLists = new Map<string, ChunkList>();
	private readonly sockets = new Map<string, Set<Marked>>();
	/** Every connection, handshake done or not: closing ends them all (a busy keep-alive client never goes idle). */
	private readonly connections = new Set<Duplex>();
	private graceTimer: NodeJS.Timeout | null = null;
	private closing = false;
	/** Handshakes (refused ones: because of the certificate), payload bytes served, polls held now (tests read them). */
	readonly stats = {refusedHandshakes: 0, handshakes: 0, resumedHandshakes: 0, payloadBytes: 0, heldPolls: 0};

	constructor(private readonly opts: AgentServerOptions) {
		this.limits = agentPortLimits(opts.limits);
		this.server = https.createServer(
			{
				key: opts.tls.keyPem,
				cert: opts.tls.certPem,
				ca: [opts.tls.caCertPem],
				requestCert: true,
				rejectUnauthorized: false,
				minVersion: 'TLSv1.2',
				...(opts.tls.ticketKeys ? {ticketKeys: opts.tls.ticketKeys} : {}),
				// A client that stalls never holds a socket for long.
				requestTimeout: this.limits.holdMs + 30_000,
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
		this.server.on('tlsClientError', () => {
			this.stats.refusedHandshakes += 1;
		});
		opts.desk.fleet.onTask = host => this.wake(host);
		opts.desk.onRevoke = host => this.cut(host);
	}

	async listen(host: string, port: number): Promise<{host: string; port: number}> {
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		this.graceTimer = setInterval(() => this.sweepSilent(), Math.max(1000, Math.floor(this.limits.graceMs / 4)));
		this.graceTimer.unref();
		const address = this.server.address() as AddressInfo;
		return {host: address.address, port: address.port};
	}

	/** Stops taking connections, answers held polls at once, closes every socket. Idempotent. */
	async close(): Promise<void> {
		if (this.closing) return;
		this.closing = true;
		if (this.graceTimer) clearInterval(this.graceTimer);
		for (const host of [...this.waiters.keys()]) this.wake(host);
		await this.opts.desk.fleet
			.durable()
			.catch(e => this.log(`agent port: task queues NOT saved: ${e instanceof Error ? e.message : String(e)}`));
		await new Promise<void>(resolve => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
			for (const socket of this.connections) socket.destroy();
		});
	}

	private log(line: string): void {
		this.opts.log?.(sanitize(line));
	}

	/** Right after the handshake: a certificate the office did not issue, or one it revoked, ends the connection. */
	private admit(socket: Marked): void {
		this.stats.handshakes += 1;
		if (socket.isSessionReused()) this.stats.resumedHandshakes += 1;
		// The X509Certificate view parses lazily; getPeerCertificate() builds every field of the certificate per handshake.
		const peer = socket.getPeerX509Certificate();
		if (!peer) return; // may only enrol (checked per request)
		const agent = socket.authorized ? this.opts.desk.registry.present(peer.serialNumber) : null;
		if (!agent) {
			this.stats.refusedHandshakes += 1;
			socket.destroy();
			return;
		}
		socket[AGENT] = {id: agent.id};
		const set = this.sockets.get(agent.id) ?? new Set();
		this.sockets.set(agent.id, set);
		set.add(socket);
		socket.once('close', () => {
			set.delete(socket);
			if (set.size === 0 && this.sockets.get(agent.id) === set) this.sockets.delete(agent.id);
		});
	}

	/** A revoked agent's open connections end now, held polls included. */
	private cut(host: string): void {
		for (const socket of this.sockets.get(host) ?? []) socket.destroy();
		this.sockets.delete(host);
		this.lastPoll.delete(host);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		try {
			const agent = (req.socket as Marked)[AGENT] ?? null;
			const url = new URL(req.url ?? '/', 'https://agent.port');
			if (this.closing) throw new HttpRefusal(503, 'the manager is stopping');
			if (req.method === 'GET' && url.pathname === '/v1/ca')
				return this.send(res, 200, {caCertPem: this.opts.tls.caCertPem});
			if (req.method === 'POST' && url.pathname === '/v1/enrol') return await this.enrol(req, res);
			if (!agent) throw new HttpRefusal(401, 'a client certificate issued by this site is required');
			if (req.method === 'POST' && url.pathname === '/v1/poll') return await this.poll(agent, req, res);
			if (req.method === 'POST' && url.pathname === '/v1/renew') return await this.renew(agent, req, res);
			if (req.method === 'POST' && url.pathname.startsWith('/v1/relay/'))
				return await this.relayed(agent, url.pathname.slice(10), req, res);
			const payload = /^\/v1\/payload\/([0-9a-f]{64})(\/chunks)?$/.exec(url.pathname);
			if (req.method === 'GET' && payload)
				return payload[2] ? this.chunks(payload[1]!, res) : this.payload(payload[1]!, req, res);
			throw new HttpRefusal(404, 'no such endpoint');
		} catch (e) {
			const status = e instanceof HttpRefusal ? e.status : 500;
			const message = e instanceof Error ? e.message : String(e);
			if (status === 500) this.log(`agent port: internal error: ${message}`);
			if (!res.headersSent) this.send(res, status, {error: message}, status === 413);
			else res.destroy();
		}
	}

	private send(res: ServerResponse, status: number, body: unknown, close = false): void {
		const text = JSON.stringify(body);
		res.writeHead(status, {
			'content-type': 'application/json',
			'content-length': Buffer.byteLength(text),
			...(close ? {connection: 'close'} : {}),
		});
		res.end(text);
	}

	/** Reads a JSON body of at most maxBodyBytes; a longer one is refused without being read further. */
	private async body(req: IncomingMessage): Promise<unknown> {
		const declared = Number(req.headers['content-length'] ?? Number.NaN);
		if (declared > this.limits.maxBodyBytes)
			throw new HttpRefusal(413, `the body is larger than ${this.limits.maxBodyBytes} bytes`);
		const parts: Buffer[] = [];
		let size = 0;
		for await (const chunk of req) {
			size += (chunk as Buffer).length;
			if (size > this.limits.maxBodyBytes)
				throw new HttpRefusal(413, `the body is larger than ${this.limits.maxBodyBytes} bytes`);
			parts.push(chunk as Buffer);
		}
		try {
			return JSON.parse(Buffer.concat(parts).toString('utf8'));
		} catch {
			throw new HttpRefusal(400, 'the body is not JSON');
		}
	}

	private async enrol(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const parsed = enrolRequestSchema.safeParse(await this.body(req));
		if (!parsed.success) throw new HttpRefusal(400, `bad enrolment: ${issueText(parsed.error)}`);
		const answer = await this.opts.desk.enrol(parsed.data);
		if (answer.status === 'refused') this.log(`agent port: enrolment of ${parsed.data.name} refused: ${answer.reason}`);
		else
			this.log(
				`agent port: ${parsed.data.name} ${answer.status === 'pending' ? 'waits for rim host accept' : 'enrolled'}`,
			);
		this.send(res, 200, answer);
	}

	private async renew(agent: Agent, req: IncomingMessage, res: ServerResponse): Promise<void> {
		const parsed = renewRequestSchema.safeParse(await this.body(req));
		if (!parsed.success) throw new HttpRefusal(400, `bad renewal: ${issueText(parsed.error)}`);
		const renewed = this.opts.desk.registry.renew(agent.id, parsed.data.csrPem, Date.now());
		if (!renewed.ok) throw new HttpRefusal(400, renewed.error);
		await this.opts.desk.registry.durable();
		this.log(`agent port: ${agent.id} renewed its certificate`);
		this.send(res, 200, {certPem: renewed.value});
	}

	private async poll(agent: Agent, req: IncomingMessage, res: ServerResponse): Promise<void> {
		const parsed = pollRequestSchema.safeParse(await this.body(req));
		if (!parsed.success) throw new HttpRefusal(400, `bad poll: ${issueText(parsed.error)}`);
		await this.answerPoll(agent.id, parsed.data, [], req, res);
	}

	/**
	 * A poll for `host`, from the host itself or from the relays above it (`relays`, who may report reaching it). A
	 * relay's report of itself is recorded before its results, so a job its results finish already sees its cache.
	 */
	private async answerPoll(
		host: string,
		{results, taken, relay}: Pick<PollRequest, 'results' | 'taken' | 'relay'>,
		relays: string[],
		req: IncomingMessage,
		res: ServerResponse,
	): Promise<void> {
		const {fleet} = this.opts.desk;
		this.lastPoll.set(host, Date.now());
		fleet.power(host, true);
		if (relay) fleet.relayStatus(host, relay);
		const acks: string[] = [];
		for (const result of results) {
			const received = fleet.receive(host, result, relays);
			if (received.ok) acks.push(result.id);
			else {
				this.log(`agent port: result ${result.id} from ${host} refused: ${received.error.reason}`);
				acks.push(result.id); // refused for good: acked so the agent stops sending it
			}
		}
		// Results are durable before they are acked (written together with every other poll's of the same moment).
		if (acks.length > 0) await fleet.durable();
		// A poll that would get only tasks the agent is carrying out is held like an empty one (not answered at once, which
		// made an agent busy with a task poll again and again until its result went out).
		const known = new Set(taken ?? []);
		if (acks.length === 0 && fleet.tasksFor(host, 1, known).length === 0) await this.hold(host, req);
		if (res.destroyed) return;
		this.lastPoll.set(host, Date.now());
		const answer: PollAnswer = {
			acks,
			tasks: fleet.tasksFor(host, this.limits.maxTasksPerPoll, known),
			nextPollMs: this.limits.busyPollMs,
			siteNow: this.opts.desk.siteNow(),
		};
		this.send(res, 200, answer);
	}

	/**
	 * What a relay forwards for the hosts below it (docs/relay.md): enrolment, polls, renewals, and its own (or a relay
	 * below it) TLS server certificate. Every envelope is checked link by link before anything is done for it.
	 */
	private async relayed(sender: Agent, what: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
		const {desk} = this.opts;
		const body = await this.body(req);
		const vouched = (hops: Hop[], purpose: 'enrol' | 'host') => {
			const checked = desk.vouch(sender.id, hops, purpose);
			if (!checked.ok) {
				this.log(`agent port: relay ${sender.id} refused: ${checked.error}`);
				throw new HttpRefusal(403, checked.error);
			}
			return checked.value;
		};
		switch (what) {
			case 'enrol': {
				const parsed = relayEnrolSchema.safeParse(body);
				if (!parsed.success) throw new HttpRefusal(400, `bad enrolment: ${issueText(parsed.error)}`);
				const {chain} = vouched(parsed.data.hops, 'enrol');
				const answer = await desk.enrol(parsed.data.request, chain[0]!);
				const name = parsed.data.request.name;
				if (answer.status === 'refused')
					this.log(`agent port: enrolment of ${name} through ${chain[0]} refused: ${answer.reason}`);
				else
					this.log(
						`agent port: ${name} ${answer.status === 'pending' ? 'waits for rim host accept' : `enrolled through relay ${chain[0]}`}`,
					);
				return this.send(res, 200, answer);
			}
			case 'poll': {
				const parsed = relayPollSchema.safeParse(body);
				if (!parsed.success) throw new HttpRefusal(400, `bad poll: ${issueText(parsed.error)}`);
				const {chain} = vouched(parsed.data.hops, 'host');
				return this.answerPoll(chain[0]!, parsed.data, chain.slice(1), req, res);
			}
			case 'renew': {
				const parsed = relayRenewSchema.safeParse(body);
				if (!parsed.success) throw new HttpRefusal(400, `bad renewal: ${issueText(parsed.error)}`);
				const {chain} = vouched(parsed.data.hops, 'host');
				const renewed = desk.registry.renew(chain[0]!, parsed.data.csrPem, Date.now());
				if (!renewed.ok) throw new HttpRefusal(400, renewed.error);
				await desk.registry.durable();
				this.log(`agent port: ${chain[0]} renewed its certificate through relay ${chain[1]}`);
				return this.send(res, 200, {certPem: renewed.value});
			}
			case 'certificate': {
				const parsed = relayCertificateSchema.safeParse(body);
				if (!parsed.success) throw new HttpRefusal(400, `bad certificate request: ${issueText(parsed.error)}`);
				const {chain} = vouched(parsed.data.hops, 'host');
				const signed = desk.registry.signRelayServer(chain[0]!, parsed.data.csrPem, parsed.data.names, Date.now());
				if (!signed.ok) throw new HttpRefusal(400, signed.error);
				this.log(`agent port: relay ${chain[0]} got its server certificate`);
				return this.send(res, 200, {certPem: signed.value});
			}
			default:
				throw new HttpRefusal(404, 'no such endpoint');
		}
	}

	/** Holds a poll until a task arrives for the host, the hold time passes, the client goes, or the server closes. */
	private hold(host: string, req: IncomingMessage): Promise<void> {
		if (this.closing) return Promise.resolve();
		return new Promise(resolve => {
			const set = this.waiters.get(host) ?? new Set();
			this.waiters.set(host, set);
			let ended = false;
			const done = () => {
				if (ended) return;
				ended = true;
				clearTimeout(timer);
				this.stats.heldPolls -= 1;
				set.delete(done);
				if (set.size === 0) this.waiters.delete(host);
				req.socket.off('close', done);
				resolve();
			};
			const timer = setTimeout(done, this.limits.holdMs);
			req.socket.once('close', done);
			set.add(done);
			this.stats.heldPolls += 1;
		});
	}

	private wake(host: string): void {
		for (const done of [...(this.waiters.get(host) ?? [])]) done();
	}

	private sweepSilent(): void {
		const now = Date.now();
		for (const [host, at] of this.lastPoll) {
			if (now - at > this.limits.graceMs && !this.waiters.has(host)) {
				this.lastPoll.delete(host);
				this.opts.desk.fleet.power(host, false);
			}
		}
	}

	private fileFor(digest: string): string {
		const file = this.opts.payloadFile(digest);
		if (!file || !existsSync(file)) throw new HttpRefusal(404, `no payload ${digest}`);
		return file;
	}

	/** Per-chunk SHA-256 of a payload, computed once per digest. */
	private chunks(digest: string, res: ServerResponse): void {
		let list = this.chunkLists.get(digest);
		if (!list) {
			const file = this.fileFor(digest);
			const size = statSync(file).size;
			const chunkBytes = this.limits.chunkBytes;
			const chunks: string[] = [];
			const fd = openSync(file, 'r');
			try {
				const buf = Buffer.alloc(chunkBytes);
				for (let at = 0; at < size; at += chunkBytes) {
					const n = readSync(fd, buf, 0, Math.min(chunkBytes, size - at), at);
					chunks.push(createHash('sha256').update(buf.subarray(0, n)).digest('hex'));
				}
			} finally {
				closeSync(fd);
			}
			list = {digest, size, chunkBytes, chunks};
			if (this.chunkLists.size > 256) this.chunkLists.delete(this.chunkLists.keys().next().value!);
			this.chunkLists.set(digest, list);
		}
		this.send(res, 200, list);
	}

	/** The payload's bytes, whole or one `Range: bytes=a-b`. */
	private payload(digest: string, req: IncomingMessage, res: ServerResponse): void {
		const file = this.fileFor(digest);
		const size = statSync(file).size;
		const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
		if (req.headers.range && !range) throw new HttpRefusal(416, 'only one byte range is served');
		let start = 0;
		let end = size - 1;
		if (range) {
			start = Number(range[1]);
			end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
			if (start > end || start >= size) {
				res.writeHead(416, {'content-range': `bytes */${size}`});
				res.end();
				return;
			}
		}
		this.stats.payloadBytes += end - start + 1;
		res.writeHead(range ? 206 : 200, {
			'content-type': 'application/octet-stream',
			'content-length': end - start + 1,
			...(range ? {'content-range': `bytes ${start}-${end}/${size}`} : {}),
		});
		createReadStream(file, {start, end}).pipe(res);
	}
}

function issueText(error: {issues: {path: PropertyKey[]; message: string}[]}): string {
	const issue = error.issues[0];
	return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

/**
 * The agent's HTTPS client: every request to the manager goes through here, with mutual TLS once enrolled, a time
 * limit on every request, and a size limit on every answer. The agent opens every connection; it listens on nothing.
 */
import {createHash, X509Certificate} from 'node:crypto';
import https from 'node:https';
import type {IncomingMessage} from 'node:http';

export interface Identity {
	keyPem: string;
	certPem: string;
	caCertPem: string;
}

export class TransportError extends Error {
	constructor(
		message: string,
		readonly status: number | null = null,
	) {
		super(message);
	}
}

const MAX_JSON_ANSWER = 8 * 1024 * 1024;
/** Connections an enrolled agent keeps to the manager by default (a held poll, a download beside it). */
const MAX_SOCKETS = 4;

export class Transport {
	private agent: https.Agent;
	/** Requests under way on each connection pool: a pool replaced by a renewal closes once its last one ends. */
	private readonly inFlight = new Map<https.Agent, number>();
	private readonly retired = new Set<https.Agent>();

	/** `maxSockets`: connections kept open at once (a relay holds one poll per host below it). */
	constructor(
		private readonly base: URL,
		identity: Identity | {caCertPem: string} | null,
		private readonly maxSockets = MAX_SOCKETS,
	) {
		this.agent = Transport.agentFor(identity, maxSockets);
	}

	private static agentFor(identity: Identity | {caCertPem: string} | null, maxSockets: number): https.Agent {
		if (identity === null) return new https.Agent({rejectUnauthorized: false, keepAlive: false});
		if (!('keyPem' in identity)) return new https.Agent({ca: identity.caCertPem, keepAlive: false});
		return new https.Agent({
			key: identity.keyPem,
			cert: identity.certPem,
			ca: identity.caCertPem,
			keepAlive: true,
			maxSockets,
		});
	}

	close(): void {
		this.agent.destroy();
		for (const old of this.retired) old.destroy();
		this.retired.clear();
	}

	/**
	 * A renewed identity: new requests go out with it (new connections, so the manager sees the new certificate); those
	 * under way on the old connections finish there, and the old connections close once the last one has ended.
	 */
	useIdentity(identity: Identity): void {
		const old = this.agent;
		this.agent = Transport.agentFor(identity, this.maxSockets);
		if ((this.inFlight.get(old) ?? 0) === 0) old.destroy();
		else this.retired.add(old);
	}

	private settled(agent: https.Agent): void {
		const left = (this.inFlight.get(agent) ?? 1) - 1;
		if (left > 0) return void this.inFlight.set(agent, left);
		this.inFlight.delete(agent);
		if (this.retired.delete(agent)) agent.destroy();
	}

	/**
	 * Sends a request; resolves with the raw answer (the caller reads it) or rejects on a network error or the time limit.
	 * A request sent on a kept-alive connection that the manager had closed meanwhile (its idle timeout ended while this
	 * process was busy) never reached it: it is sent once more on a new connection. Every request is idempotent.
	 */
	async raw(
		method: string,
		path: string,
		opts: {body?: unknown; headers?: Record<string, string>; timeoutMs: number; signal?: AbortSignal},
	): Promise<IncomingMessage> {
		const body = opts.body === undefined ? null : Buffer.from(JSON.stringify(opts.body));
		// Every kept-alive connection may have gone stale at once: each is tried at most once, then a new one is made.
		for (let stale = 0; ; stale++) {
			const sent = await this.send(method, path, body, opts);
			if (sent.ok) return sent.res;
			if (!sent.stale || stale >= this.maxSockets || opts.signal?.aborted) throw sent.error;
			this.staleRetries += 1;
		}
	}

	/** Requests sent again because their kept-alive connection had been closed by the manager (tests read it). */
	staleRetries = 0;

	private send(
		method: string,
		path: string,
		body: Buffer | null,
		opts: {headers?: Record<string, string>; timeoutMs: number; signal?: AbortSignal},
	): Promise<{ok: true; res: IncomingMessage} | {ok: false; error: Error; stale: boolean}> {
		const agent = this.agent;
		this.inFlight.set(agent, (this.inFlight.get(agent) ?? 0) + 1);
		let done = false;
		const settle = () => {
			if (done) return;
			done = true;
			this.settled(agent);
		};
		return new Promise(resolve => {
			const req = https.request(
				new URL(path, this.base),
				{
					method,
					agent,
					signal: opts.signal,
					headers: {
						...opts.headers,
						...(body ? {'content-type': 'application/json', 'content-length': String(body.length)} : {}),
					},
				},
				res => {
					res.once('close', settle);
					resolve({ok: true, res});
				},
			);
			req.setTimeout(opts.timeoutMs, () =>
				req.destroy(new TransportError(`no answer from the manager within ${opts.timeoutMs} ms`)),
			);
			req.on('error', error => {
				settle();
				resolve({ok: false, error, stale: req.reusedSocket && isClosedByPeer(error)});
			});
			req.end(body ?? undefined);
		});
	}

	/** A JSON request; a non-2xx answer rejects with the manager's one-line reason. */
	async json(
		method: string,
		path: string,
		opts: {body?: unknown; timeoutMs: number; signal?: AbortSignal},
	): Promise<unknown> {
		const res = await this.raw(method, path, opts);
		const text = await readLimited(res, MAX_JSON_ANSWER);
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			throw new TransportError(
				`the manager answered ${res.statusCode} with something that is not JSON`,
				res.statusCode ?? null,
			);
		}
		if ((res.statusCode ?? 0) >= 300) {
			const reason =
				typeof (parsed as {error?: unknown}).error === 'string'
					? (parsed as {error: string}).error
					: `status ${res.statusCode}`;
			throw new TransportError(`the manager refused: ${reason.slice(0, 300)}`, res.statusCode ?? null);
		}
		return parsed;
	}
}

/** The connection was closed under the request (not refused, not timed out): what a stale kept-alive socket gives. */
function isClosedByPeer(error: Error): boolean {
	const code = (error as NodeJS.ErrnoException).code;
	return code === 'ECONNRESET' || code === 'EPIPE' || error.message === 'socket hang up';
}

export async function readLimited(res: IncomingMessage, limit: number): Promise<string> {
	const parts: Buffer[] = [];
	let size = 0;
	for await (const chunk of res) {
		size += (chunk as Buffer).length;
		if (size > limit) {
			res.destroy();
			throw new TransportError(`the manager's answer is larger than ${limit} bytes`);
		}
		parts.push(chunk as Buffer);
	}
	return Buffer.concat(parts).toString('utf8');
}

/** SHA-256 of a certificate's DER, as a join token carries it. */
export const caHashOf = (pem: string): string =>
	createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');

/**
 * A rim process attached to a manager through its admin socket. Requests carry ids; replies are routed to the request
 * they answer. When the connection ends, every pending request learns it (`lost`) and so do `onLost` listeners.
 */
import net from 'node:net';
import os from 'node:os';
import {encodeLine, LineDecoder} from './framing.js';

/** The Unix user this client acts for (the manager's audit log names it). */
function localUserName(): string {
	try {
		return os.userInfo().username.slice(0, 64) || 'unknown';
	} catch {
		return `uid ${process.getuid?.() ?? 'unknown'}`;
	}
}
import {checkLimits, parseReply, type AdminLimits, type AdminReply} from './protocol.js';

type Route = (reply: AdminReply) => void;

export type Attach =
	| {kind: 'attached'; client: AdminClient}
	/** No manager: no socket, or a socket nobody serves (left by a manager that was killed). */
	| {kind: 'none'}
	/** A manager took the connection but did not greet within `greetingTimeoutMs`: busy or hung, and still holding the
	 *  data directory. */
	| {kind: 'silent'; waitedMs: number};

/** Why a request ended without its answer. */
export class ManagerLost extends Error {}

export class AdminClient {
	private nextId = 1;
	private readonly routes = new Map<number, {route: Route; lost: (why: string) => void}>();
	private readonly lostListeners = new Set<(why: string) => void>();
	private lostReason: string | null = null;
	private byeReason: string | null = null;

	constructor(
		private readonly socket: net.Socket,
		readonly manager: {pid: number; dataDir: string},
		private readonly limits: AdminLimits,
		decoder: LineDecoder,
	) {
		socket.on('data', (chunk: Buffer) => {
			const decoded = decoder.push(chunk);
			if (!decoded.ok) return (this.lose(`${decoded.error.message}`), socket.destroy());
			for (const raw of decoded.messages) this.receive(raw);
		});
		socket.on('error', () => socket.destroy());
		socket.on('close', () => this.lose(this.byeReason ?? 'the connection closed'));
	}

	get lost(): string | null {
		return this.lostReason;
	}

	/** Called once when the manager goes away (stopped, killed, or the connection broke). */
	onLost(listener: (why: string) => void): () => void {
		if (this.lostReason !== null) listener(this.lostReason);
		else this.lostListeners.add(listener);
		return () => this.lostListeners.delete(listener);
	}

	/** Runs `rim ARGV…` on the manager; output lines arrive through the callbacks; resolves to the exit code. */
	command(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
		return new Promise((resolve, reject) => {
			this.send(
				{op: 'command', argv, as: {user: localUserName(), origin: 'cli'}},
				reply => {
					if ('out' in reply) out(reply.out);
					else if ('err' in reply) err(reply.err);
					else if ('exit' in reply) resolve(reply.exit);
				},
				why => reject(new ManagerLost(why)),
				true,
			);
		});
	}

	/**
	 * One engine action; resolves to its result. A long one (packing) reports its progress first; `onDid` hears the
	 * command line of each action the call made.
	 */
	call(
		method: string,
		args: unknown[],
		onProgress?: (progress: {done: number; total: number}) => void,
		onDid?: (line: string) => void,
	): Promise<unknown> {
		return new Promise((resolve, reject) => {
			this.send(
				{op: 'call', method, args, as: {user: localUserName(), origin: 'tui'}},
				reply => {
					if ('progress' in reply) onProgress?.(reply.progress);
					else if ('did' in reply) onDid?.(reply.did);
					else if ('result' in reply) resolve(reply.result);
					else if ('err' in reply) reject(new Error(reply.err));
				},
				why => reject(new ManagerLost(why)),
				true,
			);
		});
	}

	/**
	 * The live view: `snapshot` first (and again after a resync), then `delta` for each publication; on a real site,
	 * `pending` (the agents waiting for the admin) after each snapshot and whenever the list changes.
	 */
	watch(on: {snapshot(raw: unknown): void; delta(raw: unknown): void; pending?(raw: unknown): void}): void {
		this.send(
			{op: 'watch'},
			reply => {
				if ('snapshot' in reply) on.snapshot(reply.snapshot);
				else if ('delta' in reply) on.delta(reply.delta);
				else if ('pending' in reply) on.pending?.(reply.pending);
			},
			() => {},
			false,
		);
	}

	close(): void {
		this.socket.destroy();
	}

	private send(
		request: Record<string, unknown>,
		route: Route,
		lost: (why: string) => void,
		endsOnAnswer: boolean,
	): void {
		if (this.lostReason !== null) return lost(this.lostReason);
		const id = this.nextId++;
		const finish = endsOnAnswer
			? (reply: AdminReply) => {
					route(reply);
					if ('exit' in reply || 'result' in reply || ('err' in reply && request.op === 'call')) this.routes.delete(id);
				}
			: route;
		this.routes.set(id, {route: finish, lost});
		const line = encodeLine({...request, id}, this.limits.maxRequestBytes);
		if (line === null) {
			this.routes.delete(id);
			return lost(`the request is larger than ${this.limits.maxRequestBytes} bytes`);
		}
		this.socket.write(line);
	}

	/** Routes one decoded message (also the ones that arrived with the greeting). */
	receive(raw: unknown): void {
		const reply = parseReply(raw);
		if (!reply) return;
		if ('bye' in reply) {
			this.byeReason = reply.bye;
			return;
		}
		if ('hello' in reply) return;
		this.routes.get(reply.id)?.route(reply);
	}

	private lose(why: string): void {
		if (this.lostReason !== null) return;
		this.lostReason = why;
		for (const {lost} of this.routes.values()) lost(why);
		this.routes.clear();
		for (const listener of this.lostListeners) listener(why);
		this.lostListeners.clear();
	}
}

/**
 * Attaches to the manager serving `path`. No socket, a refused connection (a stale socket file) or no connection within
 * `connectTimeoutMs` mean there is no manager to attach to; a connection that is not greeted within `greetingTimeoutMs`
 * is a manager that is there but silent.
 */
export function attach(path: string, limits: Partial<AdminLimits> = {}): Promise<Attach> {
	const checked = checkLimits(limits);
	return new Promise(resolve => {
		const socket = net.createConnection(path);
		const decoder = new LineDecoder(checked.maxReplyBytes);
		let settled = false;
		const done = (result: Attach) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.off('data', onData);
			resolve(result);
		};
		let timer = setTimeout(() => {
			socket.destroy();
			done({kind: 'none'});
		}, checked.connectTimeoutMs);
		socket.once('connect', () => {
			clearTimeout(timer);
			timer = setTimeout(() => {
				socket.destroy();
				done({kind: 'silent', waitedMs: checked.greetingTimeoutMs});
			}, checked.greetingTimeoutMs);
		});
		const onData = (chunk: Buffer) => {
			const decoded = decoder.push(chunk);
			if (!decoded.ok) {
				socket.destroy();
				return done({kind: 'none'});
			}
			const [first, ...rest] = decoded.messages;
			const hello = parseReply(first);
			if (!hello || !('hello' in hello)) {
				socket.destroy();
				return done({kind: 'none'});
			}
			const client = new AdminClient(socket, hello.hello, checked, decoder);
			done({kind: 'attached', client});
			for (const raw of rest) client.receive(raw);
		};
		socket.on('data', onData);
		socket.once('error', () => done({kind: 'none'}));
		socket.once('close', () => done({kind: 'none'}));
	});
}

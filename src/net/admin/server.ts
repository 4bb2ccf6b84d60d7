/**
 * The manager's admin socket: a Unix domain socket in the data directory, mode 0600, one JSON message per line.
 * It frames, validates and routes requests to a handler; it knows nothing of the engine. `close()` refuses new
 * requests, says goodbye, lets in-flight ones finish (bounded), then closes; `destroy()` drops every connection.
 */
import {chmodSync, lstatSync, unlinkSync} from 'node:fs';
import net from 'node:net';
import {encodeLine, LineDecoder} from './framing.js';
import {checkLimits, parseRequest, type AdminLimits, type AdminReply, type AdminRequest} from './protocol.js';

export interface AdminConnection {
	/** Queues a reply; false when the connection is gone or holds more than the queue bound (the caller resyncs). */
	send(reply: AdminReply): boolean;
	/** Bytes waiting to be written to this client. */
	readonly queued: number;
	readonly closed: boolean;
	onClose(listener: () => void): void;
	/** Calls `fn` once the queued bytes have been written. */
	onDrain(fn: () => void): void;
}

export interface AdminHandler {
	/** Handles one request; the promise settles when the request is complete (the manager waits for it on close). */
	request(request: AdminRequest, connection: AdminConnection): Promise<void>;
}

export type ListenError = {code: 'listen-failed'; message: string};

class Connection implements AdminConnection {
	private readonly closeListeners: (() => void)[] = [];
	closed = false;

	constructor(
		private readonly socket: net.Socket,
		private readonly limits: AdminLimits,
	) {
		socket.on('close', () => {
			this.closed = true;
			for (const listener of this.closeListeners.splice(0)) listener();
		});
	}

	get queued(): number {
		return this.socket.writableLength;
	}

	send(reply: AdminReply): boolean {
		if (this.closed || this.socket.destroyed) return false;
		const line = encodeLine(reply, this.limits.maxReplyBytes);
		if (line === null) return false;
		if (this.queued > this.limits.maxQueuedBytes) return false;
		this.socket.write(line);
		return true;
	}

	onClose(listener: () => void): void {
		if (this.closed) listener();
		else this.closeListeners.push(listener);
	}

	onDrain(fn: () => void): void {
		if (this.queued === 0) fn();
		else this.socket.once('drain', fn);
	}
}

export class AdminServer {
	private readonly server: net.Server;
	private readonly limits: AdminLimits;
	private readonly sockets = new Set<net.Socket>();
	private readonly inFlight = new Set<Promise<void>>();
	private closing: Promise<void> | null = null;
	private path: string | null = null;

	constructor(
		private readonly handler: AdminHandler,
		private readonly hello: {pid: number; dataDir: string},
		limits: Partial<AdminLimits> = {},
	) {
		this.limits = checkLimits(limits);
		this.server = net.createServer(socket => this.accept(socket));
	}

	/**
	 * Listens on `path`. The caller holds the data directory's lock, so a socket file already there was left by a
	 * manager that died without cleaning up: it is replaced.
	 */
	async listen(path: string): Promise<{ok: true} | {ok: false; error: ListenError}> {
		try {
			if (lstatSync(path, {throwIfNoEntry: false})?.isSocket()) unlinkSync(path);
		} catch (e) {
			return {
				ok: false,
				error: {
					code: 'listen-failed',
					message: `could not remove the stale admin socket ${path}: ${(e as Error).message}`,
				},
			};
		}
		const result = await new Promise<{ok: true} | {ok: false; error: ListenError}>(resolve => {
			const onError = (e: NodeJS.ErrnoException) =>
				resolve({
					ok: false,
					error: {code: 'listen-failed', message: `could not serve the admin socket ${path} (${e.code ?? e.message})`},
				});
			this.server.once('error', onError);
			// Only the owning user may attach: the socket is 0600 (and the data directory 0700 around it).
			const umask = process.umask(0o177);
			try {
				this.server.listen(path, () => {
					this.server.off('error', onError);
					resolve({ok: true});
				});
			} finally {
				process.umask(umask);
			}
		});
		if (result.ok) {
			chmodSync(path, 0o600);
			this.path = path;
		}
		return result;
	}

	/** Refuses new requests, says goodbye, waits (bounded) for in-flight requests, then closes every connection. */
	close(reason = 'the manager is stopping'): Promise<void> {
		this.closing ??= (async () => {
			for (const socket of this.sockets) socket.write(encodeLine({bye: reason}, this.limits.maxReplyBytes) ?? '');
			const done = Promise.allSettled([...this.inFlight]);
			let timer: NodeJS.Timeout | undefined;
			const timeout = new Promise(resolve => {
				timer = setTimeout(resolve, this.limits.closeTimeoutMs);
				timer.unref();
			});
			await Promise.race([done, timeout]);
			clearTimeout(timer);
			this.destroy();
		})();
		return this.closing;
	}

	/** Drops every connection and stops listening now; removes the socket file. Idempotent. */
	destroy(): void {
		for (const socket of this.sockets) socket.destroy();
		this.sockets.clear();
		if (this.server.listening) this.server.close();
		if (this.path) {
			try {
				unlinkSync(this.path);
			} catch {
				// Already gone.
			}
			this.path = null;
		}
	}

	private accept(socket: net.Socket): void {
		if (this.closing !== null) {
			socket.end(encodeLine({bye: 'the manager is stopping'}, this.limits.maxReplyBytes) ?? '');
			return;
		}
		this.sockets.add(socket);
		socket.on('close', () => this.sockets.delete(socket));
		socket.on('error', () => socket.destroy());
		const connection = new Connection(socket, this.limits);
		const decoder = new LineDecoder(this.limits.maxRequestBytes);
		connection.send({hello: this.hello});
		socket.on('data', (chunk: Buffer) => {
			const decoded = decoder.push(chunk);
			if (!decoded.ok) {
				socket.end(
					encodeLine({bye: `${decoded.error.code}: ${decoded.error.message}`}, this.limits.maxReplyBytes) ?? '',
				);
				return;
			}
			for (const raw of decoded.messages) this.route(raw, connection);
		});
	}

	private route(raw: unknown, connection: Connection): void {
		const parsed = parseRequest(raw);
		const id = typeof (raw as {id?: unknown})?.id === 'number' ? (raw as {id: number}).id : -1;
		if (!parsed.ok) {
			connection.send({id, err: `rim: bad request on the admin socket: ${parsed.reason}`});
			connection.send({id, exit: 2});
			return;
		}
		if (this.closing !== null) {
			connection.send({id, err: 'rim: the manager is stopping; try again when it is back'});
			connection.send({id, exit: 2});
			return;
		}
		const work = this.handler.request(parsed.value, connection).catch(e => {
			connection.send({
				id,
				err: `rim: internal error in the manager, please report: ${(e as Error).stack ?? String(e)}`,
			});
			connection.send({id, exit: 70});
		});
		this.inFlight.add(work);
		void work.finally(() => this.inFlight.delete(work));
	}
}

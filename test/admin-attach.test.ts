/**
 * Attaching to a manager: a stale socket is no manager, a manager slow to greet is waited for (it holds the data
 * directory, so giving up early only trades a wait for a refusal), and one that never greets is reported in one line.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runAttached, socketPath} from '../src/cli/attached.js';
import {attach} from '../src/net/admin/client.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0)) cleanup();
});

function dataDir(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-attach-'));
	cleanups.push(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

/** A manager's socket that greets `greetAfterMs` after each connection, or never (null). */
async function manager(dir: string, greetAfterMs: number | null): Promise<void> {
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('error', () => {});
		if (greetAfterMs === null) return;
		const timer = setTimeout(
			() => socket.write(`${JSON.stringify({hello: {pid: 4242, dataDir: dir}})}\n`),
			greetAfterMs,
		);
		socket.once('close', () => clearTimeout(timer));
	});
	await new Promise<void>(resolve => server.listen(socketPath(dir), resolve));
	cleanups.push(() => {
		for (const socket of sockets) socket.destroy();
		server.close();
	});
}

describe('attaching to a manager', () => {
	it('takes a socket file nobody serves for no manager', async () => {
		const dir = dataDir();
		writeFileSync(socketPath(dir), '');
		expect((await attach(socketPath(dir))).kind).toBe('none');
	});

	it('waits for a connected manager that greets after the connect bound has passed', async () => {
		const dir = dataDir();
		await manager(dir, 1_500);
		const attached = await attach(socketPath(dir), {connectTimeoutMs: 1_000, greetingTimeoutMs: 60_000});
		expect(attached.kind).toBe('attached');
		if (attached.kind === 'attached') {
			expect(attached.client.manager.pid).toBe(4242);
			attached.client.close();
		}
	});

	it('reports a manager that never greets as silent, and the CLI says so in one line with exit 2', async () => {
		const dir = dataDir();
		await manager(dir, null);
		expect(await attach(socketPath(dir), {greetingTimeoutMs: 200})).toEqual({kind: 'silent', waitedMs: 200});

		const errors: string[] = [];
		const out = {log: () => {}, error: (line: string) => errors.push(line)};
		expect(await runAttached(dir, ['jobs'], out, {greetingTimeoutMs: 200})).toBe(2);
		expect(errors).toHaveLength(1);
		expect(errors[0]).toMatch(
			/^rim: the manager of .* took the connection but did not answer within 0.2 s \(busy or hung\)/,
		);
		expect(errors[0]).toContain(path.join(dir, 'rim.lock'));
	});
});

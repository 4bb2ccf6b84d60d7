/**
 * An agent killed in the middle of a chunk, as real processes: `rim server`, a byte-counting relay of TCP between it and
 * `rim agent` that stops forwarding part-way through the third chunk, SIGKILL, and a new agent process on the same
 * folder. The new one resumes at the first unverified chunk: the manager sends it at most one chunk again, and the
 * installed files are the package's bytes.
 */
import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it, onTestFailed} from 'vitest';
import {endAll, rim, start, type Running} from './support/processes.js';

const MiB = 1024 * 1024;
const dirs: string[] = [];
const closers: (() => void)[] = [];
afterEach(() => {
	endAll();
	for (const close of closers.splice(0)) close();
});
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

/** Forwards TCP to `port`, counting the bytes the manager sends; `cutAt` stops forwarding once that many have gone. */
async function countingRelay(port: number) {
	const state = {sent: 0, cutAt: Number.POSITIVE_INFINITY, cut: false, onCut: () => {}};
	const sockets = new Set<net.Socket>();
	const server = net.createServer(client => {
		const upstream = net.connect(port, '127.0.0.1');
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on('close', () => sockets.delete(s));
			s.on('error', () => {});
		}
		client.on('data', d => !state.cut && upstream.write(d));
		upstream.on('data', d => {
			if (state.cut) return;
			state.sent += d.length;
			client.write(d);
			if (state.sent >= state.cutAt) {
				state.cut = true;
				state.onCut();
			}
		});
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const close = () => {
		for (const s of sockets) s.destroy();
		server.close();
	};
	closers.push(close);
	/** Counts from zero again, forwarding everything (the connections cut before are dropped). */
	const reset = (cutAt = Number.POSITIVE_INFINITY) => {
		for (const s of sockets) s.destroy();
		Object.assign(state, {sent: 0, cutAt, cut: false});
	};
	return {state, reset, port: (server.address() as net.AddressInfo).port};
}

describe('an agent killed mid-download', () => {
	it('resumes at the chunk it was fetching and gets at most that one chunk again', {timeout: 300_000}, async () => {
		const base = mkdtempSync(path.join(os.tmpdir(), 'rim-agent-kill-'));
		dirs.push(base);
		const site = path.join(base, 'site');
		const pkg = path.join(base, 'pkg');
		mkdirSync(pkg);
		// Random bytes do not compress: the payload is about 5 MiB, five or six chunks of 1 MiB.
		writeFileSync(path.join(pkg, 'data.bin'), randomBytes(5 * MiB));
		expect((await rim(site, 'init')).code).toBe(0);
		expect((await rim(site, 'package', 'add', pkg, '--id', 'TOOL', '--version', '1', '--kind', 'standard')).code).toBe(
			0,
		);
		const {digest, size} = JSON.parse((await rim(site, 'packages', '--json')).stdout).find(
			(p: {id: string}) => p.id === 'TOOL',
		);
		const chunks = Math.ceil(size / MiB);

		const server = start(['server', '--listen', '127.0.0.1:0', '--data-dir', site]);
		const port = Number(
			/agents on https:\/\/127\.0\.0\.1:(\d+) ·/.exec(await server.see(/agents on https:\/\/\S+ · /))![1],
		);
		const relay = await countingRelay(port);
		const token = (await rim(site, 'token', 'create', '--role', 'pc')).stdout.trim();
		const dir = path.join(base, 'pc-1');
		const agentArgs = [
			'agent',
			'--dir',
			dir,
			'--server',
			`https://127.0.0.1:${relay.port}`,
			'--name',
			'PC-1',
			'--start-jitter',
			'0',
		];
		let agent: Running = start([...agentArgs, '--token', token], path.join(dir, 'agent.pid'));
		let second: Running | null = null;
		onTestFailed(() =>
			console.error(
				`── server ──\n${server.output()}\n── agent ──\n${agent.output()}\n── again ──\n${second?.output()}`,
			),
		);
		await agent.see('enrolled as PC-1');
		while (!(await rim(site, 'destinations', '--json')).stdout.includes('"started": true')) {
			/* ask again */
		}

		// Cut half-way through the third chunk: two chunks (and a few kB of polls) have gone before it.
		const cut = new Promise<void>(resolve => (relay.state.onCut = resolve));
		relay.reset(2.5 * MiB);
		expect(
			(await rim(site, 'job', 'create', '--type', 'install', '--package', 'TOOL', '--destination', 'PC-1')).code,
		).toBe(0);
		await cut;
		agent.child.kill('SIGKILL');
		await agent.exited;
		const progress = JSON.parse(readFileSync(path.join(dir, 'downloads', `${digest}.progress.json`), 'utf8'));
		expect(progress.verified).toBe(2);

		relay.reset();
		second = start(agentArgs, path.join(dir, 'agent.pid'));
		agent = second;
		await second.see(`resuming TOOL at chunk 3 of ${chunks}`);
		await second.see('install: installed TOOL');
		// What the manager sent the second time: chunks 3 to the last (the third again), the chunk list and the polls.
		const resent = relay.state.sent;
		expect(resent).toBeGreaterThan(size - 2 * MiB);
		expect(resent).toBeLessThan(size - 2 * MiB + 256 * 1024);
		expect(
			readFileSync(path.join(dir, 'root', 'TOOL', 'data.bin')).equals(readFileSync(path.join(pkg, 'data.bin'))),
		).toBe(true);
		second.child.kill('SIGTERM');
		await second.exited;
		server.child.kill('SIGTERM');
		expect(await server.exited).toBe(0);
	});
});

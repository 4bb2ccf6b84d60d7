/**
 * Many agents in one process against a real `rim server`, as the benchmark runs them: they enrol with one token, a job
 * to all of them settles with every destination finished, and no download fails for good. One process running many
 * agents is busy for long stretches, which is when the manager closes their idle kept-alive connections under them.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {setMaxListeners} from 'node:events';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it, onTestFailed} from 'vitest';
import {AGENT_DEFAULTS, runAgent, type AgentEnd} from '../src/agent/agent.js';
import {newAgentKeyPem} from '../src/engine/pki/agent-certs.js';
import {endAll, rim, start} from './support/processes.js';

const AGENTS = 60;
const dirs: string[] = [];
afterEach(endAll);
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

describe('a swarm of agents in one process', () => {
	it('enrols them all and settles a job to all of them', {timeout: 600_000}, async () => {
		const base = mkdtempSync(path.join(os.tmpdir(), 'rim-swarm-'));
		dirs.push(base);
		const site = path.join(base, 'site');
		mkdirSync(path.join(base, 'pkg'));
		writeFileSync(path.join(base, 'pkg', 'tool.txt'), 'a small tool\n');
		expect((await rim(site, 'init')).code).toBe(0);
		expect(
			(
				await rim(
					site,
					'package',
					'add',
					path.join(base, 'pkg'),
					'--id',
					'TOOL',
					'--version',
					'1',
					'--kind',
					'standard',
				)
			).code,
		).toBe(0);
		expect((await rim(site, 'group', 'create', 'ALL')).code).toBe(0);
		const server = start(['server', '--listen', '127.0.0.1:0', '--data-dir', site]);
		const url = new URL(/agents on (https:\/\/\S+) ·/.exec(await server.see(/agents on https:\/\/\S+ · /))![1]!);
		const token = (await rim(site, 'token', 'create', '--role', 'pc', '--uses', String(AGENTS))).stdout.trim();

		// Key pairs shared by the swarm (making one per agent is what takes time, not what is tested).
		const keys = Array.from({length: 4}, () => newAgentKeyPem());
		const stop = new AbortController();
		setMaxListeners(0, stop.signal); // every agent listens for the stop
		const logs = new Map<string, string[]>();
		const names = Array.from({length: AGENTS}, (_, i) => `PC-${String(i).padStart(3, '0')}`);
		onTestFailed(() =>
			console.error(
				`── server ──\n${server.output()}\n── agents ──\n${[...logs].map(([n, l]) => `${n}: ${l.join('\n    ')}`).join('\n')}`,
			),
		);
		let enrolled = 0;
		let enrolledAll: () => void = () => {};
		const allEnrolled = new Promise<void>(resolve => (enrolledAll = resolve));
		const ends: Promise<AgentEnd>[] = names.map((name, i) => {
			const dir = path.join(base, name);
			for (const [sub, key] of [
				['tls', keys[i % 4]!],
				['device', keys[(i + 1) % 4]!],
			] as const) {
				mkdirSync(path.join(dir, sub), {recursive: true});
				writeFileSync(path.join(dir, sub, 'key.pem'), key, {mode: 0o600});
			}
			const lines: string[] = [];
			logs.set(name, lines);
			return runAgent(
				{
					dir,
					server: url,
					token,
					name,
					role: 'pc',
					os: 'linux',
					installRoot: path.join(dir, 'root'),
					answer: 'yes',
					dialogTimeoutMs: AGENT_DEFAULTS.dialogTimeoutMs,
					restartCommand: null,
					authMemoryBytes: AGENT_DEFAULTS.authMemoryBytes,
					installTimeoutMs: 60_000,
					pollTimeoutMs: AGENT_DEFAULTS.pollTimeoutMs,
					chunkTimeoutMs: AGENT_DEFAULTS.chunkTimeoutMs,
					startJitterMs: 0,
					retry: AGENT_DEFAULTS.retry,
					random: Math.random,
					now: Date.now,
					log: line => {
						lines.push(line);
						if (line.startsWith('enrolled as') && ++enrolled === AGENTS) enrolledAll();
					},
				},
				stop.signal,
			);
		});
		try {
			await allEnrolled;
			// Every host is started once its agent has polled.
			for (;;) {
				const hosts = JSON.parse((await rim(site, 'destinations', '--json')).stdout).hosts as {
					id: string;
					started: boolean;
				}[];
				if (hosts.filter(h => h.started).length === AGENTS) break;
			}
			expect((await rim(site, 'group', 'add', 'ALL', ...names)).code).toBe(0);
			const job = await rim(
				site,
				'job',
				'create',
				'--type',
				'install',
				'--package',
				'TOOL',
				'--destination',
				'ALL',
				'--wait',
				'--json',
			);
			expect(job.stderr).toBe('');
			expect(job.code).toBe(0);
			expect(JSON.parse(job.stdout).counts).toEqual({finished: AGENTS, error: 0, rejected: 0, total: AGENTS});
			for (const [name, lines] of logs)
				expect(
					lines.filter(l => l.includes('could not be downloaded')),
					name,
				).toEqual([]);
		} finally {
			stop.abort();
			expect((await Promise.all(ends)).every(end => end.kind === 'stopped')).toBe(true);
		}
		server.child.kill('SIGTERM');
		expect(await server.exited).toBe(0);
	});
});

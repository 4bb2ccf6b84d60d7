/**
 * A manager killed in the middle of a job, as real processes: the agent carries on, keeps its result in its outbox
 * while the manager is gone, and reports it once a manager is back on the same port. The job finishes, and the install
 * script ran exactly once.
 */
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it, onTestFailed} from 'vitest';
import {endAll, rim, start, type Running} from './support/processes.js';

const dirs: string[] = [];
afterEach(endAll);
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

describe('a manager killed mid-job', () => {
	it('loses no result and installs nothing twice', {timeout: 300_000}, async () => {
		const base = mkdtempSync(path.join(os.tmpdir(), 'rim-agents-kill-'));
		dirs.push(base);
		const site = path.join(base, 'site');
		const pkg = path.join(base, 'pkg');
		mkdirSync(path.join(pkg, 'bin'), {recursive: true});
		// Each run of the script leaves a line in the agent's folder (it runs in A/root/TOOL).
		writeFileSync(path.join(pkg, 'bin', 'install.sh'), '#!/bin/sh\necho run >> ../../installs.log\n');
		chmodSync(path.join(pkg, 'bin', 'install.sh'), 0o755);
		writeFileSync(path.join(pkg, 'data.bin'), Buffer.alloc(200_000, 7));
		expect((await rim(site, 'init')).code).toBe(0);
		expect((await rim(site, 'package', 'add', pkg, '--id', 'TOOL', '--version', '1', '--kind', 'standard', '--install-script', 'bin/install.sh')).code).toBe(0);

		const first = start(['server', '--listen', '127.0.0.1:0', '--data-dir', site]);
		const url = /agents on (https:\/\/127\.0\.0\.1:(\d+)) ·/.exec(await first.see(/agents on https:\/\/\S+ · /))!;
		const token = (await rim(site, 'token', 'create', '--role', 'pc')).stdout.trim();
		const agentDir = path.join(base, 'pc-1');
		const agent = start(['agent', '--dir', agentDir, '--server', url[1]!, '--token', token, '--name', 'PC-1', '--start-jitter', '0'],
			path.join(agentDir, 'agent.pid'));
		let second: Running | null = null;
		onTestFailed(() => console.error(`── first ──\n${first.output()}\n── second ──\n${second?.output()}\n── agent ──\n${agent.output()}`));
		await agent.see('enrolled as PC-1');
		// The host is started once the agent has polled.
		while (!(await rim(site, 'destinations', '--json')).stdout.includes('"started": true')) { /* ask again */ }

		const created = await rim(site, 'job', 'create', '--type', 'install', '--package', 'TOOL', '--destination', 'PC-1');
		expect(created.code).toBe(0);
		const jobId = /^(J\d+)/.exec(created.stdout)![1]!;
		await agent.see('carrying out install');
		first.child.kill('SIGKILL');
		await first.exited;
		await agent.see('install: installed TOOL');

		second = start(['server', '--listen', `127.0.0.1:${url[2]}`, '--data-dir', site]);
		await second.see('agents on');
		await agent.see('connected to the manager again');
		const done = await rim(site, 'job', 'run', jobId, '--wait', '--json');
		expect(done.code).toBe(0);
		expect(JSON.parse(done.stdout).counts).toEqual({finished: 1, error: 0, rejected: 0, total: 1});
		expect(readFileSync(path.join(agentDir, 'installs.log'), 'utf8')).toBe('run\n');
		second.child.kill('SIGTERM');
		expect(await second.exited).toBe(0);
	});
});

describe('the agent port by default', () => {
	it('opens on 127.0.0.1:22470 when rim server on a real site is given no --listen', {timeout: 120_000}, async () => {
		const base = mkdtempSync(path.join(os.tmpdir(), 'rim-agents-port-'));
		dirs.push(base);
		const site = path.join(base, 'site');
		expect((await rim(site, 'init')).code).toBe(0);
		const server = start(['server', '--data-dir', site]);
		onTestFailed(() => console.error(server.output()));
		await server.see(`rim server: agents on https://127.0.0.1:22470 · admin socket ${path.join(site, 'rim.sock')}`);
		server.child.kill('SIGTERM');
		expect(await server.exited).toBe(0);
	});
});

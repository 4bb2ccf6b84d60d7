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
		expect(
			(
				await rim(
					site,
					'package',
					'add',
					pkg,
					'--id',
					'TOOL',
					'--version',
					'1',
					'--kind',
					'standard',
					'--install-script',
					'bin/install.sh',
				)
			).code,
		).toBe(0);

		const first = start(['server', '--listen', '127.0.0.1:0', '--data-dir', site]);
		const url = /agents on (https:\/\/127\.0\.0\.1:(\d+)) ·/.exec(await first.see(/agents on https:\/\/\S+ · /))!;
		const token = (await rim(site, 'token', 'create', '--role', 'pc')).stdout.trim();
		const agentDir = path.join(base, 'pc-1');
		const agent = start(
			['agent', '--dir', agentDir, '--server', url[1]!, '--token', token, '--name', 'PC-1', '--start-jitter', '0'],
			path.join(agentDir, 'agent.pid'),
		);
		let second: Running | null = null;
		onTestFailed(() =>
			console.error(
				`── first ──\n${first.output()}\n── second ──\n${second?.output()}\n── agent ──\n${agent.output()}`,
			),
		);
		await agent.see('enrolled as PC-1');
		// The host is started once the agent has polled.
		while (!(await rim(site, 'destinations', '--json')).stdout.includes('"started": true')) {
			/* ask again */
		}

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

describe('a security PC restarted by --restart-command', () => {
	it('runs the command instead of replacing itself; started again, it carries the update to the end', {
		timeout: 300_000,
	}, async () => {
		const base = mkdtempSync(path.join(os.tmpdir(), 'rim-agents-reboot-'));
		dirs.push(base);
		const site = path.join(base, 'site');
		const defs = path.join(base, 'defs');
		mkdirSync(defs);
		writeFileSync(path.join(defs, 'signatures.dat'), 'definitions 0500\n');
		expect((await rim(site, 'init')).code).toBe(0);
		expect(
			(await rim(site, 'package', 'add', defs, '--id', 'AV-DEFS', '--version', '0500', '--kind', 'update-data')).code,
		).toBe(0);
		const server = start(['server', '--listen', '127.0.0.1:0', '--data-dir', site]);
		const url = /agents on (https:\/\/\S+) ·/.exec(await server.see(/agents on https:\/\/\S+ · /))![1]!;
		const token = (await rim(site, 'token', 'create', '--role', 'security-pc')).stdout.trim();
		const dir = path.join(base, 'sec-1');
		const marker = path.join(base, 'rebooted');
		// The "reboot": what a real --restart-command would be, here a line in a file.
		const args = [
			'agent',
			'--dir',
			dir,
			'--server',
			url,
			'--name',
			'SEC-1',
			'--answer',
			'yes',
			'--start-jitter',
			'0',
			'--restart-command',
			`echo reboot >> '${marker}'`,
		];
		const first = start([...args, '--token', token], path.join(dir, 'agent.pid'));
		let again: Running | null = null;
		onTestFailed(() =>
			console.error(
				`── server ──\n${server.output()}\n── agent ──\n${first.output()}\n── again ──\n${again?.output()}`,
			),
		);
		await first.see('enrolled as SEC-1');
		while (!(await rim(site, 'destinations', '--json')).stdout.includes('"started": true')) {
			/* ask again */
		}
		const created = await rim(
			site,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'AV-DEFS',
			'--destination',
			'SEC-1',
		);
		expect(created.code).toBe(0);
		const jobId = /^(J\d+)/.exec(created.stdout)![1]!;
		// The agent ran the command and ended; it did not start a process of its own.
		expect(await first.exited).toBe(0);
		expect(readFileSync(marker, 'utf8')).toBe('reboot\n');
		expect(Number(readFileSync(path.join(dir, 'agent.pid'), 'utf8'))).toBe(first.child.pid);

		// The PC is back: its service manager starts the agent again.
		again = start(args, path.join(dir, 'agent.pid'));
		await again.see('back after the restart');
		const done = await rim(site, 'job', 'run', jobId, '--wait', '--json');
		expect(done.code).toBe(0);
		expect(JSON.parse(done.stdout).counts).toEqual({finished: 1, error: 0, rejected: 0, total: 1});
		expect(readFileSync(path.join(dir, 'root', 'AV-DEFS', 'signatures.dat'), 'utf8')).toBe('definitions 0500\n');
		expect(readFileSync(marker, 'utf8')).toBe('reboot\n');
		again.child.kill('SIGTERM');
		await again.exited;
		server.child.kill('SIGTERM');
		expect(await server.exited).toBe(0);
	});
});

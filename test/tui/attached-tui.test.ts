/**
 * TUIs and commands attached to a manager, in real terminals (tmux) and real processes: with the TUI open, another
 * shell's `rim jobs --json` and `rim job create … --wait` run through the TUI's manager and the TUI shows the job live;
 * with `rim server`, two TUIs and a CLI attached, kill -9 of the server mid-job is reported by every client, the TUIs
 * attach again to the restarted server, and the job finishes once, with nothing lost or duplicated; and a TUI whose
 * manager was killed becomes the manager itself when the admin presses M.
 */
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {rim} from '../support/processes.js';
import {demoDir, endTerminalTests, hasTmux, screen, startRim, tmux, track, waitForScreen} from '../support/tmux.js';

afterAll(endTerminalTests);

const RIM = path.resolve('bin/rim');

function server(dir: string, speed: number) {
	const child = spawn(RIM, ['server', '--data-dir', dir], {env: {...process.env, RIM_SPEED: String(speed)}});
	track(child);
	const ready = new Promise<void>((resolve, reject) => {
		let out = '';
		child.stdout.on('data', d => {
			out += d;
			if (out.includes('admin socket')) resolve();
		});
		child.on('close', () => reject(new Error(`rim server ended: ${out}`)));
	});
	return {child, ready};
}

const SECURITY_JOB = [
	'job',
	'create',
	'--type',
	'install',
	'--package',
	'SEC-PATCH-2611',
	'--destination',
	'SECURITY-PCS',
];
const LONG = 90_000;

describe.skipIf(!hasTmux)('rim attached to a manager', () => {
	it("runs another shell's commands through the TUI's manager, and the TUI shows the job live", {
		timeout: 240_000,
	}, async () => {
		const dir = await demoDir('rim-att-');
		const tui = startRim('mgr-tui', dir, 100, 30, 'RIM_SPEED=100');
		await waitForScreen(tui, s => s.includes('Packages (7)'), LONG);
		expect(await rim(dir, 'jobs', '--json')).toEqual({code: 0, stdout: '[]\n', stderr: ''});
		const created = await rim(dir, ...SECURITY_JOB, '--name', 'FROM-SHELL', '--wait', '--json');
		expect(created.code).toBe(1);
		expect(JSON.parse(created.stdout).counts).toEqual({finished: 7, error: 1, rejected: 0, total: 8});
		await waitForScreen(
			tui,
			s => s.includes('FROM-SHELL') && s.includes('Finished 7 / Error 1 / Rejected 0 / Total 8'),
			LONG,
		);
	});

	it('survives a kill -9 of rim server mid-job: clients report it, TUIs attach again, the job ends once', {
		timeout: 300_000,
	}, async () => {
		const dir = await demoDir('rim-att-');
		// Lab time at wall speed: the security PCs' users take seconds to answer, so the job is still running at the kill.
		const first = server(dir, 1);
		await first.ready;
		const a = startRim('att-a', dir, 100, 30);
		const b = startRim('att-b', dir, 100, 30);
		await waitForScreen(a, s => s.includes('Packages (7)'), LONG);
		await waitForScreen(b, s => s.includes('Packages (7)'), LONG);
		const waiting = rim(dir, ...SECURITY_JOB, '--name', 'ACROSS-A-KILL', '--wait');
		// Both TUIs show the job the CLI created (a job created by one client appears in the others).
		await waitForScreen(a, s => s.includes('ACROSS-A-KILL'), LONG);
		await waitForScreen(b, s => s.includes('ACROSS-A-KILL'), LONG);
		// A second job of the same name, from a TUI's neighbour shell, is refused with the rule's words.
		const twice = await rim(dir, ...SECURITY_JOB, '--name', 'across-a-kill');
		expect(twice.code).toBe(2);
		expect(twice.stderr).toMatch(/^rim: [^\n]*across-a-kill[^\n]*\n$/);

		first.child.kill('SIGKILL');
		const lost = await waiting;
		expect(lost.code).toBe(2);
		expect(lost.stderr).toMatch(/^rim: the manager of .* went away before the command finished [^\n]*\n$/);
		await waitForScreen(a, s => s.includes('the manager went away'), LONG);
		await waitForScreen(b, s => s.includes('the manager went away'), LONG);

		const second = server(dir, 100);
		await second.ready;
		await waitForScreen(a, s => s.includes('attached again to the manager'), LONG);
		await waitForScreen(b, s => s.includes('attached again to the manager'), LONG);
		const done = await rim(dir, 'job', 'run', 'J0001', '--wait', '--json');
		expect(done.code).toBe(1);
		expect(JSON.parse(done.stdout).counts).toEqual({finished: 7, error: 1, rejected: 0, total: 8});
		expect((JSON.parse((await rim(dir, 'jobs', '--json')).stdout) as {name: string}[]).map(j => j.name)).toEqual([
			'ACROSS-A-KILL',
		]);
		for (const tui of [a, b])
			await waitForScreen(tui, s => s.includes('Finished 7 / Error 1 / Rejected 0 / Total 8'), LONG);
		second.child.kill('SIGTERM');
		tmux('send-keys', '-t', a, 'q');
	});

	it('becomes the manager when the admin presses M after the manager went away; other shells then attach to it', {
		timeout: 240_000,
	}, async () => {
		const dir = await demoDir('rim-att-');
		const first = server(dir, 1);
		await first.ready;
		const tui = startRim('take-over', dir, 100, 30, 'RIM_SPEED=100');
		await waitForScreen(tui, s => s.includes('Packages (7)'), LONG);
		first.child.kill('SIGKILL');
		await waitForScreen(
			tui,
			s => s.includes('the manager went away') && s.includes('no manager (M)') && s.includes('M become manager'),
			LONG,
		);

		tmux('send-keys', '-t', tui, 'M');
		await waitForScreen(tui, s => s.includes('This rim is the manager now'), LONG);
		// The killed manager's socket file was replaced: another shell's commands run in this TUI.
		expect(await rim(dir, 'jobs', '--json')).toEqual({code: 0, stdout: '[]\n', stderr: ''});
		const created = await rim(dir, ...SECURITY_JOB, '--name', 'AFTER-TAKE-OVER', '--wait', '--json');
		expect(created.code).toBe(1);
		expect(JSON.parse(created.stdout).counts).toEqual({finished: 7, error: 1, rejected: 0, total: 8});
		await waitForScreen(
			tui,
			s => s.includes('AFTER-TAKE-OVER') && s.includes('Finished 7 / Error 1 / Rejected 0 / Total 8'),
			LONG,
		);
		expect(screen(tui)).not.toContain('no manager (M)');
		tmux('send-keys', '-t', tui, 'q');
		await waitForScreen(tui, s => s.includes('EXIT:0'), LONG);
		// The TUI closed the directory as a manager does: its socket is gone and the data directory unlocked.
		expect(existsSync(path.join(dir, 'rim.sock'))).toBe(false);
		expect(JSON.parse((await rim(dir, 'jobs', '--json')).stdout).map((j: {name: string}) => j.name)).toEqual([
			'AFTER-TAKE-OVER',
		]);
	});
});

/**
 * The manager and its CLI clients, as real processes: `rim server` serves the data directory on rim.sock (0600), every
 * other `rim` attaches to it with the same output and exit codes, SIGTERM stops it cleanly, a socket left by a killed
 * manager is replaced, and a client whose manager dies mid-command says so in one line (exit 2).
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {RIM, rim} from './support/processes.js';

const dirs: string[] = [];
const servers: ChildProcess[] = [];

afterEach(() => {
	for (const server of servers.splice(0))
		if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
});
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

async function demoDir(): Promise<string> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-mgr-'));
	dirs.push(dir);
	expect(await main(['demo', 'reset', '--data-dir', dir], {log: () => {}, error: () => {}}, {})).toBe(0);
	return dir;
}

/** Starts `rim server` and resolves once it printed its ready line. */
async function server(dir: string, speed = 100) {
	const child = spawn(RIM, ['server', '--data-dir', dir], {env: {...process.env, RIM_SPEED: String(speed)}});
	servers.push(child);
	let output = '';
	child.stderr.on('data', d => (output += d));
	const waiters: (() => void)[] = [];
	child.stdout.on('data', d => {
		output += d;
		for (const w of waiters.splice(0)) w();
	});
	const exited = new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
	const see = (text: string) =>
		new Promise<void>((resolve, reject) => {
			const check = () =>
				output.includes(text)
					? resolve()
					: child.exitCode !== null
						? reject(new Error(`rim server ended: ${output}`))
						: waiters.push(check);
			check();
			child.on('close', check);
		});
	await see(`rim server: admin socket ${path.join(dir, 'rim.sock')}\n`);
	return {child, exited, see, output: () => output};
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

describe('rim server and the commands attached to it', () => {
	// Each case starts real processes one after another; the time limit only guards against a hang.
	it('serves rim.sock with mode 0600, answers like an embedded rim, and stops cleanly on SIGTERM', {
		timeout: 180_000,
	}, async () => {
		const dir = await demoDir();
		const manager = await server(dir);
		const socket = path.join(dir, 'rim.sock');
		expect(statSync(socket).isSocket()).toBe(true);
		expect(statSync(socket).mode & 0o777).toBe(0o600);

		expect(await rim(dir, 'jobs', '--json')).toEqual({code: 0, stdout: '[]\n', stderr: ''});
		const created = await rim(dir, ...SECURITY_JOB, '--name', 'THROUGH-MANAGER', '--save', '--wait', '--json');
		expect(created.code).toBe(1);
		const job = JSON.parse(created.stdout);
		expect(job.counts).toEqual({finished: 7, error: 1, rejected: 0, total: 8});
		expect(job.destinations.find((d: {host: string}) => d.host === 'SEC-05')).toMatchObject({
			state: 'error',
			code: '300097078500',
		});
		const refused = await rim(
			dir,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'OFFICE-SUITE',
			'--destination',
			'SECURITY-PCS',
		);
		expect(refused.code).toBe(2);
		expect(refused.stderr).toMatch(
			/^rim: Security PCs accept only update data packages; OFFICE-SUITE is a standard package[^\n]*\n$/,
		);
		// A plain Execute may not take a saved definition's name.
		const twice = await rim(dir, ...SECURITY_JOB, '--name', 'through-manager');
		expect(twice.code).toBe(2);
		expect(twice.stderr).toMatch(/^rim: [^\n]*through-manager[^\n]*\n$/);
		expect(await rim(dir, 'demo', 'reset')).toMatchObject({
			code: 2,
			stderr: expect.stringMatching(
				/^rim: demo reset needs the data directory to itself, and a manager \(pid \d+\) serves it: stop the manager first\n$/,
			),
		});

		const attached = [
			await rim(dir, 'jobs', '--json'),
			await rim(dir, 'job', 'status', 'J0001'),
			await rim(dir, 'destinations'),
		];
		manager.child.kill('SIGTERM');
		expect(await manager.exited).toBe(0);
		expect(manager.output()).toMatch(/SIGTERM: stopping[^\n]*\n.*stopped: writes flushed, lock released\n$/);
		expect(existsSync(socket)).toBe(false);
		expect(existsSync(path.join(dir, 'rim.lock'))).toBe(false);
		const embedded = [
			await rim(dir, 'jobs', '--json'),
			await rim(dir, 'job', 'status', 'J0001'),
			await rim(dir, 'destinations'),
		];
		expect(embedded).toEqual(attached);
	});

	it("rim lab clock shows and controls the manager's lab clock; --speed there is refused with the way to change it", {
		timeout: 180_000,
	}, async () => {
		const dir = await demoDir();
		const alone = await rim(dir, 'lab', 'clock');
		expect(alone.code).toBe(2);
		expect(alone.stderr).toBe(
			"rim: no rim is running this site's lab clock: it runs inside the TUI or `rim server`; start one and run this again\n",
		);

		const manager = await server(dir, 20);
		expect((await rim(dir, 'lab', 'clock')).stdout).toMatch(/^lab clock 20× · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n$/);
		expect((await rim(dir, 'lab', 'clock', 'pause')).stdout).toMatch(
			/^Lab clock paused: [^\n]*\nlab clock paused \(20× when resumed\) · /,
		);
		expect((await rim(dir, ...SECURITY_JOB, '--name', 'STEPPED')).code).toBe(0);
		const status = async () =>
			JSON.parse((await rim(dir, 'job', 'status', 'J0001', '--json')).stdout).destinations[0].state as string;
		const before = await status();
		const stepped = await rim(dir, 'lab', 'clock', 'step', '--json');
		expect(JSON.parse(stepped.stdout)).toMatchObject({
			speed: 20,
			paused: true,
			message: expect.stringMatching(/^Stepped to the next event at /),
		});
		// Paused, only steps move the job; it does not run on by itself between two looks.
		const steps: string[] = [before];
		for (let i = 0; i < 3; i++) {
			await rim(dir, 'lab', 'clock', 'step');
			steps.push(await status());
		}
		expect(await status()).toBe(steps.at(-1));
		expect(steps.at(-1)).not.toBe('finished');

		const speed = await rim(dir, 'job', 'run', 'J0001', '--wait', '--realtime', '--speed', '5');
		expect(speed).toMatchObject({
			code: 2,
			stderr:
				"rim: --speed: a manager runs this site's lab clock (at 20×) for every view; change it with `rim lab clock speed N`\n",
		});
		expect((await rim(dir, 'lab', 'clock', 'speed', '5')).stdout).toMatch(/^Lab clock paused \(5× when resumed\)\n/);
		expect(await rim(dir, 'lab', 'clock', 'speed', '5000')).toMatchObject({
			code: 2,
			stderr: 'rim: --speed must be a whole number from 1 to 1000 (times wall-clock speed), not "5000"\n',
		});
		expect((await rim(dir, 'lab', 'clock', 'resume')).stdout).toMatch(/^Lab clock running at 5×\n/);
		manager.child.kill('SIGTERM');
		expect(await manager.exited).toBe(0);
	});

	it('replaces the socket a killed manager left; without a manager a command opens the directory itself', {
		timeout: 180_000,
	}, async () => {
		const dir = await demoDir();
		const first = await server(dir);
		first.child.kill('SIGKILL');
		await first.exited;
		expect(statSync(path.join(dir, 'rim.sock')).isSocket()).toBe(true);
		expect(await rim(dir, 'jobs')).toEqual({code: 0, stdout: 'no jobs yet: rim job create --help\n', stderr: ''});
		const second = await server(dir);
		expect((await rim(dir, 'jobs', '--json')).stdout).toBe('[]\n');
		expect(second.output()).toContain(`command "jobs --json --data-dir ${dir}" → exit 0`);
		second.child.kill('SIGINT');
		expect(await second.exited).toBe(0);
	});

	it('a client whose manager is killed mid-command says so in one line; the job finishes once a manager is back', {
		timeout: 180_000,
	}, async () => {
		const dir = await demoDir();
		// Lab time at wall speed: the security PCs' users take seconds to answer, so the job is still running at the kill.
		const first = await server(dir, 1);
		const waiting = rim(dir, ...SECURITY_JOB, '--name', 'KILLED', '--wait');
		// The job is on the manager once an attached `rim jobs` lists it.
		while (!(await rim(dir, 'jobs', '--json')).stdout.includes('"KILLED"')) {
			/* ask again */
		}
		// A second client deleting the job the first one runs is refused with the rule's words.
		const deleting = await rim(dir, 'job', 'delete', 'J0001', '--yes');
		expect(deleting.code).toBe(2);
		expect(deleting.stderr).toMatch(
			/^rim: job J0001 is running: (\d+ destinations are|SEC-0\d is) in progress \([^)]+\); deleting it would not stop them, only lose their results\. Delete it once they have ended\n$/,
		);
		first.child.kill('SIGKILL');
		const lost = await waiting;
		expect(lost.code).toBe(2);
		expect(lost.stderr).toMatch(
			/^rim: the manager of .* \(pid \d+\) went away before the command finished \([^\n]*\); check its outcome with rim jobs\n$/,
		);

		const second = await server(dir);
		const done = await rim(dir, 'job', 'run', 'J0001', '--wait', '--json');
		expect(done.code).toBe(1);
		expect(JSON.parse(done.stdout).counts).toEqual({finished: 7, error: 1, rejected: 0, total: 8});
		const jobs = JSON.parse((await rim(dir, 'jobs', '--json')).stdout) as {name: string}[];
		expect(jobs.map(j => j.name)).toEqual(['KILLED']);
		second.child.kill('SIGTERM');
		expect(await second.exited).toBe(0);
	});
});

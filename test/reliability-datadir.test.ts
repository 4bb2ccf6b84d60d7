/**
 * The data directory under abuse (issue #4), with real `bin/rim` processes because exit codes, stderr and locks
 * across processes are the point: a bad rim.json (empty, truncated, not JSON, wrong shape, newer schema) is refused
 * with exit 2 and one line naming the file and what to do, and neither rim.json nor rim.json.bak changes; a second
 * rim on a held directory fails fast naming the holder's pid; a stale lock from a SIGKILLed rim is taken over.
 */
import {spawn} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';

const RIM = path.resolve('bin/rim');
const quiet = {log: () => {}, error: () => {}};
let template: string;
const dirs: string[] = [];

function freshDir(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-datadir-'));
	dirs.push(dir);
	cpSync(template, dir, {recursive: true});
	return dir;
}

function rim(args: string[]) {
	const child = spawn(RIM, args, {stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', d => (stdout += d));
	child.stderr.on('data', d => (stderr += d));
	const started = performance.now();
	const done = new Promise<{code: number | null; stdout: string; stderr: string; ms: number}>(resolve =>
		child.on('exit', code => resolve({code, stdout, stderr, ms: performance.now() - started})),
	);
	return {child, done, stdout: () => stdout};
}

beforeAll(async () => {
	template = mkdtempSync(path.join(os.tmpdir(), 'rim-datadir-template-'));
	expect(await main(['demo', 'reset', '--data-dir', template], quiet, {})).toBe(0);
	expect(
		await main(
			[
				'job',
				'create',
				'--type',
				'install',
				'--package',
				'SEC-PATCH-2611',
				'--destination',
				'SECURITY-PCS',
				'--name',
				'HOLD',
				'--save-only',
				'--data-dir',
				template,
			],
			quiet,
			{},
		),
	).toBe(0);
	expect(await main(['jobs', '--data-dir', template], quiet, {})).toBe(0); // a good open writes rim.json.bak
	expect(existsSync(path.join(template, 'rim.json.bak'))).toBe(true);
});

afterAll(() => {
	for (const dir of [template, ...dirs]) rmSync(dir, {recursive: true, force: true});
});

describe('a bad data file', () => {
	const good = () => readFileSync(path.join(template, 'rim.json'), 'utf8');
	const cases: [string, () => string, RegExp][] = [
		['empty', () => '', /empty/],
		['truncated', () => good().slice(0, Math.floor(good().length / 2)), /not valid JSON/],
		['not JSON', () => 'this is not json at all\n', /not valid JSON/],
		[
			'valid JSON of the wrong shape',
			() => JSON.stringify({schemaVersion: 1, state: {hosts: 'nope'}}),
			/does not match schema/,
		],
		['valid JSON without the wrapper', () => JSON.stringify([1, 2, 3]), /not a rim data file/],
		['a newer schema version', () => JSON.stringify({schemaVersion: 999, state: {}}), /newer rim/],
	];
	it.each(cases)(
		'%s: exit 2, one line naming the file and what to do, files untouched',
		async (_name, content, reason) => {
			const dir = freshDir();
			const file = path.join(dir, 'rim.json');
			writeFileSync(file, content());
			const before = readFileSync(file);
			const backup = readFileSync(path.join(dir, 'rim.json.bak'));
			const {code, stdout, stderr} = await rim(['jobs', '--data-dir', dir]).done;
			expect(code).toBe(2);
			expect(stdout).toBe('');
			const lines = stderr.trimEnd().split('\n');
			expect(lines, stderr).toHaveLength(1);
			expect(lines[0]).toContain(file);
			expect(lines[0]).toMatch(reason);
			expect(lines[0]).toMatch(/rim demo reset|copy it over|Upgrade rim|another --data-dir/); // what to do
			expect(readFileSync(file).equals(before)).toBe(true);
			expect(readFileSync(path.join(dir, 'rim.json.bak')).equals(backup)).toBe(true);
			expect(existsSync(path.join(dir, 'rim.lock')), 'the refusal releases the lock').toBe(false);
		},
	);
});

describe('two processes on one data directory', () => {
	it("the second fails fast with the holder's pid; a stale lock of a killed rim is taken over", async () => {
		const dir = freshDir();
		const lock = path.join(dir, 'rim.lock');
		// A long-running holder: the security job on a real clock at speed 1 takes about a minute.
		const holder = rim(['definition', 'run', 'HOLD', '--wait', '--realtime', '--speed', '1', '--data-dir', dir]);
		try {
			const pid = holder.child.pid!;
			// Waits for the holder to take the lock (bounded only so a broken rim cannot hang the run).
			const deadline = performance.now() + 120_000;
			while (!(existsSync(lock) && readFileSync(lock, 'utf8').trim() === String(pid)) && performance.now() < deadline) {
				await new Promise(r => setTimeout(r, 20));
			}
			expect(readFileSync(lock, 'utf8').trim()).toBe(String(pid));
			const second = await rim(['jobs', '--data-dir', dir]).done;
			expect(second.code).toBe(2);
			const lines = second.stderr.trimEnd().split('\n');
			expect(lines, second.stderr).toHaveLength(1);
			expect(lines[0]).toContain(String(pid));
			expect(lines[0]).toContain(dir);
			// Fails fast: it answered while the holder still runs (how fast is bench/'s business, not a test's).
			expect(holder.child.exitCode, 'the holder is untouched').toBeNull();
		} finally {
			holder.child.kill('SIGKILL');
			await holder.done;
		}
		// The holder died without releasing: its lock names a dead pid, which the next rim takes over.
		expect(existsSync(lock)).toBe(true);
		const next = await rim(['definitions', '--data-dir', dir]).done;
		expect(next.stderr).toBe('');
		expect(next.code).toBe(0);
		expect(next.stdout).toContain('HOLD');
		expect(existsSync(lock), 'released on exit').toBe(false);
	});
});

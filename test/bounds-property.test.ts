/**
 * Every numeric and date option gets extreme values (zero, negatives, huge, past the safe integers, past the JS date
 * range, impossible zones, not numbers at all). Each command either refuses with exit 2 and one line, or accepts; and
 * whatever was accepted, every command still works afterwards on the same data directory: the lab clock stays a date,
 * the data file still loads, default job names stay names.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import fc from 'fast-check';
import {afterAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {clockSpeed} from '../src/clock-choice.js';
import {openSession} from '../src/session.js';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const NUMBERS = [
	'0',
	'1',
	'-1',
	'-5',
	'3',
	'59',
	'86400',
	'86401',
	'2147483647',
	'2147483648',
	'1099511627776',
	'1099511627777',
	'9007199254740991',
	'9007199254740993',
	'99999999999999',
	'99999999999999999999',
	'1e309',
	'1e3',
	'NaN',
	'Infinity',
	'0x10',
	'',
	' 7',
	'1.5',
	'abc',
];
const DATES = [
	'2000-01-01',
	'1999-12-31',
	'1970-01-01',
	'0000-01-01',
	'9999-12-31',
	'9999-12-31 23:59',
	'9999-12-31T23:59:59+14:00',
	'9999-12-31T23:59:59-12:00',
	'2099-06-30T12:00+99:00',
	'2099-06-30T12:00+14:00',
	'2099-06-30T12:00-12:00',
	'275760-09-13',
	'+275760-09-13T00:00:00Z',
	'2099-02-29',
	'2096-02-29',
	'2099-06-30 24:00',
	'now',
	'',
	'2099-06-30T12:00:00.999999Z',
];

const number = fc.constantFrom(...NUMBERS);
const date = fc.constantFrom(...DATES);

async function rim(dir: string, ...argv: string[]) {
	const stdout: string[] = [];
	const stderr: string[] = [];
	const code = await main([...argv, '--data-dir', dir], {log: l => stdout.push(l), error: l => stderr.push(l)}, {});
	return {code, stdout: stdout.join('\n'), stderr};
}

/** Every command still answers normally on the directory. */
async function expectHealthy(dir: string) {
	const jobs = await rim(dir, 'jobs', '--json');
	expect(jobs.code, jobs.stderr.join('\n')).toBe(0);
	for (const job of JSON.parse(jobs.stdout) as {id: string; createdAt: string}[]) {
		expect(Number.isNaN(Date.parse(job.createdAt))).toBe(false);
		const status = await rim(dir, 'job', 'status', job.id, '--json');
		expect(status.code, status.stderr.join('\n')).toBe(0);
	}
	for (const argv of [
		['packages'],
		['destinations', '--json'],
		['jobs'],
		['definitions', '--json'],
		['folders'],
		['code', '--all'],
	]) {
		const r = await rim(dir, ...argv);
		expect(r.code, `${argv.join(' ')}: ${r.stderr.join('\n')}`).toBe(0);
	}
	const created = await rim(
		dir,
		'job',
		'create',
		'--type',
		'get-software-info',
		'--destination',
		'ACC-01',
		'--save-only',
		'--json',
	);
	expect(created.code, created.stderr.join('\n')).toBe(0);
	expect(JSON.parse(created.stdout).name).toMatch(/^RemoteInstall_\d{12}$/);
	// --save-only keeps a definition (no execution): it is deleted as one.
	expect((await rim(dir, 'definition', 'delete', JSON.parse(created.stdout).name, '--yes')).code).toBe(0);
	// What the TUI does first: open the directory on the real clock.
	const opened = await openSession({dataDir: dir, now: Date.now(), clock: {kind: 'real', speed: 1}});
	expect(opened.ok, opened.ok ? '' : opened.error).toBe(true);
	if (opened.ok) {
		expect(Number.isFinite(new Date(opened.value.engine.now()).getTime())).toBe(true);
		await opened.value.close();
	}
}

/** Refused with one line and exit 2, or accepted; never an internal error. */
function expectAnswered(r: {code: number; stderr: string[]}) {
	expect(r.code, r.stderr.join('\n')).not.toBe(70);
	if (r.code === 2) expect(r.stderr).toHaveLength(1);
}

describe('extreme numbers and dates on every option', () => {
	it('are refused or accepted, and never break a later command', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'rim-bounds-'));
		dirs.push(dir);
		expect((await rim(dir, 'demo', 'reset')).code).toBe(0);
		const options = fc.record(
			{
				split: fc.option(
					fc.tuple(number, number).map(([b, s]) => `${b}:${s}`),
					{nil: undefined},
				),
				at: fc.option(date, {nil: undefined}),
				timeLimit: fc.option(date, {nil: undefined}),
				clientAt: fc.option(date, {nil: undefined}),
				installAt: fc.option(date, {nil: undefined}),
				relayExpiry: fc.option(date, {nil: undefined}),
				speed: number,
			},
			{requiredKeys: ['speed']},
		);
		await fc.assert(
			fc.asyncProperty(options, async o => {
				const argv = [
					'job',
					'create',
					'--type',
					'install',
					'--package',
					'PDF-READER',
					'--destination',
					'DEV-02',
					'--wait',
				];
				if (o.split !== undefined) argv.push(`--split=${o.split}`);
				if (o.at !== undefined) argv.push(`--at=${o.at}`);
				if (o.timeLimit !== undefined) argv.push(`--time-limit=${o.timeLimit}`);
				if (o.clientAt !== undefined) argv.push(`--client-at=${o.clientAt}`);
				if (o.installAt !== undefined) argv.push(`--install-at=${o.installAt}`);
				if (o.relayExpiry !== undefined) argv.push(`--relay-expiry=${o.relayExpiry}`);
				expectAnswered(await rim(dir, ...argv));
				// --speed is checked before anything runs; J9999 does not exist, so an accepted speed ends in "no job".
				expectAnswered(await rim(dir, 'job', 'run', 'J9999', '--wait', '--realtime', `--speed=${o.speed}`));
				await expectHealthy(dir);
			}),
			{numRuns: 12, seed: 7},
		);
		// The issue's own poison: a split interval that would push the clock past the JS date range.
		expectAnswered(
			await rim(
				dir,
				'job',
				'create',
				'--type',
				'install',
				'--package',
				'PDF-READER',
				'--destination',
				'DEV-03',
				'--split',
				'1:99999999999999',
				'--wait',
			),
		);
		// The largest accepted split on the largest package, and the latest accepted start.
		for (const extra of [
			['--split', '1:86400'],
			['--at', '9999-12-31 23:59'],
		]) {
			const r = await rim(
				dir,
				'job',
				'create',
				'--type',
				'install',
				'--package',
				'DEV-TOOLS',
				'--destination',
				'DEV-04',
				'--wait',
				...extra,
			);
			expectAnswered(r);
		}
		await expectHealthy(dir);
	}, 240_000);

	it('refuses bad --hosts and --seed with the range, and accepts the edges', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'rim-bounds-demo-'));
		dirs.push(dir);
		for (const value of NUMBERS) {
			for (const flag of ['--hosts', '--seed']) {
				// Large accepted host counts build large fleets; their speed is bench/'s business.
				if (flag === '--hosts' && /^\d+$/.test(value) && Number(value) > 3 && Number(value) <= 100_000) continue;
				const r = await rim(dir, 'demo', 'reset', `${flag}=${value}`);
				expectAnswered(r);
				if (r.code === 2)
					expect(r.stderr[0]).toMatch(new RegExp(`^rim: ${flag} must be a whole number from \\d+ to \\d+`));
			}
		}
		await expectHealthy(dir);
	}, 240_000);

	it('refuses RIM_SPEED values outside 1…1000', () => {
		for (const value of NUMBERS) {
			const n = Number(value);
			if (/^\d+$/.test(value.trim()) && n >= 1 && n <= 1000) expect(clockSpeed({RIM_SPEED: value})).toBe(n);
			else if (value !== '')
				expect(() => clockSpeed({RIM_SPEED: value}), value).toThrow(/^RIM_SPEED must be a whole number from 1 to 1000/);
		}
	});
});

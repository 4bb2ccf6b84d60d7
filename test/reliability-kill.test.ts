/**
 * kill -9 at many moments of a running job (issue #4): `bin/rim definition run KILL-ME --wait --realtime --speed 50` on the
 * 40-host demo's security-PC job is SIGKILLed at 22 points spread from its start-up to past its end (each point on a
 * fresh copy of the data directory, two at a time). Each point is something the child has observably done, never a
 * time: it has taken the lock, it has printed its Nth state change, it has shown every destination final, it has
 * exited. rim.json is read right before each kill. On restart: the file
 * parses and validates, every job and every destination that was final on disk (or shown as final on stdout) is still
 * final with the same code, no job is duplicated, and the running job resumes (in openSession) and finishes.
 */
import {spawn} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {VirtualClock} from '../src/engine/clock.js';
import {isFinal, type EngineState, type Job} from '../src/engine/model.js';
import {validateEngineState} from '../src/data/schema.js';
import {openSession} from '../src/session.js';

const RIM = path.resolve('bin/rim');
const POINTS = 22;
const quiet = {log: () => {}, error: () => {}};
let template: string;

beforeAll(async () => {
	template = mkdtempSync(path.join(os.tmpdir(), 'rim-kill-template-'));
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
				'KILL-ME',
				'--save-only',
				'--data-dir',
				template,
			],
			quiet,
			{},
		),
	).toBe(0);
});

afterAll(() => rmSync(template, {recursive: true, force: true}));

const readState = (file: string): EngineState => {
	const raw = JSON.parse(readFileSync(file, 'utf8')) as {schemaVersion: number; state: unknown};
	const checked = validateEngineState(raw.state);
	if (!checked.ok) throw new Error(`rim.json does not validate: ${checked.reason}`);
	return checked.value;
};

/** host → final state and code, for every final destination of every job. */
const finals = (state: EngineState) =>
	new Map(
		state.jobs.flatMap((job: Job) =>
			job.runs
				.filter(r => isFinal(r.status))
				.map(r => [`${job.id}/${r.host}`, `${r.status.state} ${'code' in r.status ? r.status.code : ''}`] as const),
		),
	);

/** When to kill: a condition on what the child has printed so far, or on the data directory. */
interface KillPoint {
	label: string;
	ready(stdout: string, dir: string): boolean;
}

interface Point {
	label: string;
	statesBefore: string[];
}

const FINAL_LINE = /^\S+ {2}J\d+ {2}\S+ {2}(finished|error|rejected)/gm;
const stateLines = (stdout: string) => stdout.split('\n').filter(l => / {2}J\d+ {2}/.test(l)).length;

async function killAt(point: KillPoint): Promise<Point> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-kill-'));
	try {
		cpSync(template, dir, {recursive: true});
		const file = path.join(dir, 'rim.json');
		const child = spawn(
			RIM,
			['definition', 'run', 'KILL-ME', '--wait', '--realtime', '--speed', '50', '--data-dir', dir],
			{stdio: ['ignore', 'pipe', 'pipe']},
		);
		let stdout = '';
		let done = false;
		const exited = new Promise<void>(resolve =>
			child.on('exit', () => {
				done = true;
				resolve();
			}),
		);
		// Checked on every chunk of output, and between chunks for conditions on the directory (the lock file).
		const reached = new Promise<void>(resolve => {
			const check = () => {
				if (done || point.ready(stdout, dir)) {
					resolve();
					return true;
				}
				return false;
			};
			child.stdout.on('data', d => {
				stdout += d;
				check();
			});
			const poll = () => {
				if (!check()) setImmediate(poll);
			};
			poll();
		});
		await reached;
		const before = readState(file); // right before the kill: rename makes every read a whole file
		const shown = stdout;
		child.kill('SIGKILL');
		await exited;

		const after = readState(file);
		const ids = after.jobs.map(j => j.id);
		expect(new Set(ids).size, 'no job duplicated').toBe(ids.length);
		expect(ids).toEqual(before.jobs.map(j => j.id));
		const finalAfter = finals(after);
		for (const [key, verdict] of finals(before)) expect(finalAfter.get(key), `${key} stays final`).toBe(verdict);

		// Restart: openSession takes over the stale lock and resumes; the virtual clock drives the job to its end.
		const opened = await openSession({dataDir: dir, now: Date.now(), clock: {kind: 'virtual'}});
		if (!opened.ok) throw new Error(opened.error);
		const {engine} = opened.value;
		(engine.clock as VirtualClock).runUntilIdle();
		const resumed = finals(engine.state);
		for (const [key, verdict] of finals(before)) expect(resumed.get(key), `${key} final after resume`).toBe(verdict);
		// Killed before the execution reached the disk, there is no J0001 (the definition stays, unexecuted).
		const job = engine.job('J0001');
		if (job) {
			expect(engine.unsettled('J0001'), 'the running job finished').toEqual([]);
			expect(job.runs).toHaveLength(8);
		}
		// What --wait had printed as final is final after the restart too (same state; codes are on disk only).
		for (const m of shown.matchAll(/^\S+ {2}(J\d+) {2}(\S+) {2}(finished|error|rejected) /gm)) {
			expect(resumed.get(`${m[1]}/${m[2]}`)?.split(' ')[0], `${m[2]} shown ${m[3]}`).toBe(m[3]);
		}
		await opened.value.close();
		return {label: point.label, statesBefore: before.jobs.flatMap(j => j.runs.map(r => r.status.state))};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

/** From the moment rim holds the lock to past the job's end, by what the child has done. */
const KILL_POINTS: KillPoint[] = [
	{label: 'lock taken', ready: (_out, dir) => existsSync(path.join(dir, 'rim.lock'))},
	...Array.from({length: POINTS - 3}, (_, i) => 1 + i * 2).map(n => ({
		label: `${n} state change(s) shown`,
		ready: (out: string) => stateLines(out) >= n,
	})),
	{label: 'every destination shown final', ready: (out: string) => [...out.matchAll(FINAL_LINE)].length >= 8},
	{label: 'exited by itself', ready: () => false},
];

describe('kill -9 during a running job', () => {
	it(`keeps every final result and resumes, at ${POINTS} kill points`, async () => {
		expect(KILL_POINTS).toHaveLength(POINTS);
		const points: Point[] = [];
		for (let i = 0; i < KILL_POINTS.length; i += 2)
			points.push(...(await Promise.all(KILL_POINTS.slice(i, i + 2).map(killAt))));
		const seen = new Set(points.flatMap(p => p.statesBefore));
		if (process.env.RIM_REL_VERBOSE)
			console.log(points.map(p => `${p.label}: ${[...new Set(p.statesBefore)].join(',')}`).join('\n'));
		// The points must really spread over the job's life: several states on disk, and kills before and after the end.
		expect(seen.size, `states seen on disk: ${[...seen].join(', ')}`).toBeGreaterThanOrEqual(4);
		expect(
			points.some(
				p => p.statesBefore.length === 0 || p.statesBefore.some(s => !['finished', 'error', 'rejected'].includes(s)),
			),
		).toBe(true);
		expect(
			points.some(
				p => p.statesBefore.length > 0 && p.statesBefore.every(s => ['finished', 'error', 'rejected'].includes(s)),
			),
		).toBe(true);
	}, 600_000);
});

/**
 * Read-only commands change nothing: they do not resume running jobs, so a data directory holding a job that a killed
 * rim left with destinations still queued is byte for byte the same after `rim jobs`, `rim job status`, `rim packages`
 * and `rim destinations`; a command that works on jobs picks it up.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const quiet = {log: () => {}, error: () => {}};

describe('read-only commands', () => {
	it('leave rim.json as it was, where a job command resumes the queued destinations', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-ro-'));
		dirs.push(dir);
		const rim = (...argv: string[]) => main([...argv, '--data-dir', dir], quiet, {});
		expect(await rim('demo', 'reset')).toBe(0);
		expect(
			await rim('job', 'create', '--type', 'install', '--package', 'PDF-READER', '--destination', 'ACCOUNTING'),
		).toBe(0);
		// As a rim killed between executing the job and starting its destinations leaves it: executed, every run queued.
		const file = path.join(dir, 'rim.json');
		const doc = JSON.parse(readFileSync(file, 'utf8'));
		const job = doc.state.jobs[0];
		job.executedAt = Date.now();
		job.runs = doc.state.inventory.groups
			.find((g: {id: string}) => g.id === 'ACCOUNTING')
			.members.map((host: string) => ({
				host,
				attempt: 1,
				status: {state: 'waiting', reason: 'queued'},
				lastHeard: job.executedAt,
				collected: null,
				earlier: [],
				history: [{at: job.executedAt, state: 'waiting', text: 'queued'}],
			}));
		writeFileSync(file, JSON.stringify(doc));
		const before = readFileSync(file, 'utf8');
		for (const argv of [['jobs'], ['job', 'status', 'J0001'], ['packages'], ['destinations'], ['jobs', '--json']]) {
			expect(await rim(...argv)).toBe(0);
			expect(readFileSync(file, 'utf8')).toBe(before);
		}
		expect(await rim('job', 'run', 'J0001', '--wait')).toBe(0);
		expect(readFileSync(file, 'utf8')).not.toBe(before);
	});
});

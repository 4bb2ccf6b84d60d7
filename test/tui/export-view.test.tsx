/**
 * `w` / `W` in the TUI write the focused view — Destinations, the jobs list, a job's status — to a CSV or JSON file
 * through the export port (the folder rim started in), with the data of `rim destinations`, `rim jobs`, `rim job
 * status ID`. The message line says where; the hint line and L show the command that writes the same file.
 */
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {act} from 'react';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {App} from '../../src/app.js';
import {exportFiles} from '../../src/data/export-file.js';
import {engineApi} from '../../src/engine-api.js';
import {jobsTable, statusJson} from '../../src/engine/exports.js';
import {parseCsv} from '../support/csv.js';
import {testEngine} from '../support/engine.js';
import {cleanupTui, KEY, renderTui} from '../support/tui.js';
import {lineWith, openWizard} from './harness.js';

const dirs: string[] = [];
afterEach(cleanupTui);
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

function folder(): string {
	const dir = mkdtempSync(join(tmpdir(), 'rim-export-'));
	dirs.push(dir);
	return dir;
}

/** The real export port, telling the test when each write has finished (the key's effect runs after the key). */
function watchedPort(dir: string) {
	const files = exportFiles(dir);
	let done: (() => void) | null = null;
	return {
		port: {
			write: async (name: string, content: string) => {
				const result = await files.write(name, content);
				setImmediate(() => done?.());
				return result;
			},
		},
		/** Runs `press` and resolves once the write it started has finished and its message is drawn. */
		async after(press: () => Promise<void>) {
			const finished = new Promise<void>(resolve => {
				done = resolve;
			});
			await press();
			await act(async () => {
				await finished;
			});
		},
	};
}

async function renderWithExports(dir: string) {
	const {engine, clock} = testEngine();
	const api = engineApi(engine);
	const watched = watchedPort(dir);
	const tui = await renderTui(<App api={api} size={{columns: 100, rows: 30}} exports={watched.port} />);
	return {...tui, engine, clock, api, after: watched.after};
}

/** Presses a key whose effect writes a file; the message line says where it went. */
async function write(tui: Awaited<ReturnType<typeof renderWithExports>>, key: string): Promise<string> {
	await tui.after(() => tui.press(key));
	await tui.settle();
	const match = /Wrote .+ to (\S+)/.exec(tui.frame());
	if (!match) throw new Error(`no file written; the screen:\n${tui.frame()}`);
	return match[1]!;
}

describe('the export keys', () => {
	it('w in Destinations writes every host and group as CSV, neutralising a formula in a group name', async () => {
		const dir = folder();
		const tui = await renderWithExports(dir);
		expect((await tui.engine.createGroup('FORMULA', '=1+2,"x"')).ok).toBe(true);
		await tui.press('2');
		const file = await write(tui, 'w');
		expect(file.startsWith(join(dir, 'rim-destinations-'))).toBe(true);
		expect(file.endsWith('.csv')).toBe(true);
		expect(tui.frame()).toContain('Wrote 40 hosts and 6 groups to');
		const records = parseCsv(readFileSync(file, 'utf8'));
		expect(records[0]).toEqual(['record', 'id', 'name', 'kind', 'started', 'parent', 'members', 'securityOnly']);
		expect(records).toHaveLength(1 + 40 + 6);
		expect(records.find(r => r[1] === 'FORMULA')?.[2]).toBe(`'=1+2,"x"`);
		expect(records.find(r => r[1] === 'SEC-05')?.slice(0, 6)).toEqual([
			'host',
			'SEC-05',
			'Security PC 05',
			'security-pc',
			'true',
			'RLY-OSAKA',
		]);
		expect(lineWith(tui.frame(), 'rim destinations')).toContain(`rim destinations --csv > ${file}`);
	});

	it("w and W in Job Execution Status write the jobs list and a job's status, as rim jobs and rim job status do", async () => {
		const dir = folder();
		const tui = await renderWithExports(dir);
		await openWizard(tui, 'SEC-PATCH', 'SEC-05');
		await tui.press('e');
		await tui.settle();
		await act(async () => {
			tui.clock.runUntilIdle();
		});
		await tui.settle();
		const jobsFile = await write(tui, 'w');
		expect(parseCsv(readFileSync(jobsFile, 'utf8'))).toEqual(
			[jobsTable(tui.engine.state.jobs).header, ...jobsTable(tui.engine.state.jobs).rows].map(r =>
				r.map(c => (c === null ? '' : String(c))),
			),
		);
		await tui.press(KEY.enter);
		const statusFile = await write(tui, 'W');
		expect(statusFile).toMatch(/rim-J0001-status-\d{8}-\d{6}\.json$/);
		expect(JSON.parse(readFileSync(statusFile, 'utf8'))).toEqual(
			statusJson(tui.engine.job('J0001')!, tui.engine.state.inventory),
		);
		expect(tui.frame()).toContain('Wrote 1 destination of J0001 to');
		await tui.press('L');
		expect(tui.frame()).toContain(`rim job status J0001 --json > ${statusFile}`);
	});

	it('says why when the folder cannot take the file, and writes nothing', async () => {
		const dir = folder();
		const notAFolder = join(dir, 'file');
		writeFileSync(notAFolder, '');
		const {engine} = testEngine();
		const watched = watchedPort(notAFolder);
		const tui = await renderTui(<App api={engineApi(engine)} size={{columns: 100, rows: 30}} exports={watched.port} />);
		await tui.press('2');
		await watched.after(() => tui.press('w'));
		await tui.settle();
		expect(tui.frame()).toMatch(/could not write .*rim-destinations-.*\.csv: ENOTDIR/);
		expect(readdirSync(dir)).toEqual(['file']);
	});

	it('the help lists the keys in the panes that have them', async () => {
		const tui = await renderWithExports(folder());
		await tui.press('2', '?', '/');
		await tui.type('CSV');
		expect(tui.frame()).toContain('Write the hosts and groups to a CSV file');
	});
});

describe('export files', () => {
	it('never replace a file: a taken name gets a number', async () => {
		const dir = folder();
		const port = exportFiles(dir);
		const first = await port.write('rim-jobs.csv', 'a\n');
		const second = await port.write('rim-jobs.csv', 'b\n');
		expect(first).toEqual({ok: true, value: join(dir, 'rim-jobs.csv')});
		expect(second).toEqual({ok: true, value: join(dir, 'rim-jobs-2.csv')});
		expect(readFileSync(join(dir, 'rim-jobs.csv'), 'utf8')).toBe('a\n');
	});
});

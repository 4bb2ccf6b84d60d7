import {describe, expect, it} from 'vitest';
import type {DestinationRun, RunState, RunStateName} from '../src/engine/model.js';
import {summarize, type JobView} from '../src/engine/snapshot.js';
import {destinationColumns, destinationHeader, destinationRow} from '../src/screens/job-status/run-rows.js';
import {failureColumns, failureHeader, failureRow} from '../src/screens/job-status/failure-rows.js';
import {jobColumns, jobHeader, jobRow} from '../src/screens/job-status/job-rows.js';
import {JOB_STATUS_SCOPES} from '../src/screens/job-status/keymap.js';
import {lineText, lineWidth, progressBar, relativeTime} from '../src/screens/lines/segments.js';
import {RESULT_GLYPHS, STATE_GLYPHS} from '../src/screens/lines/symbols.js';
import {cellWidth, fit, truncate, wrapText} from '../src/output/text-fit.js';
import {T0} from './support/engine.js';
import {maintenanceCode} from './support/codes.js';

const STATES: Record<RunStateName, RunState> = {
	waiting: {state: 'waiting', reason: 'not-started'},
	transferring: {state: 'transferring'},
	'at-relay': {state: 'at-relay', relay: 'RLY-OSAKA'},
	'waiting-at-client': {state: 'waiting-at-client', reason: 'awaiting-user'},
	installing: {state: 'installing'},
	finished: {state: 'finished', code: maintenanceCode('900000000000'), note: null},
	error: {state: 'error', code: maintenanceCode('300097078500'), detail: 'the device certificate expired'},
	rejected: {state: 'rejected', code: maintenanceCode('3000E0040000'), detail: 'the user cancelled'},
};

const run = (host: string, status: RunState, lastHeard = T0 - 12_000): DestinationRun => ({
	host,
	attempt: 1,
	status,
	lastHeard,
	history: [],
	collected: null,
	earlier: [],
});

function job(name: string, runs: DestinationRun[]): JobView {
	const base = {
		id: 'J0001',
		name,
		type: 'install' as const,
		destinations: [],
		packages: [],
		createdAt: T0,
		executedAt: T0,
		definition: null,
		runs,
		settings: {
			distributeToSuspended: false,
			method: 'unicast' as const,
			split: null,
			startAt: null,
			timeLimit: null,
			clientAt: null,
			powerOn: false,
			shutdownAfter: false,
		},
	};
	return {...base, summary: summarize(base)};
}

const ESC = '\u001b';

describe('state symbols', () => {
	it.each(Object.entries(STATES))(
		'%s has its own one-cell symbol and a colour, shown first in its row',
		(name, status) => {
			const glyph = STATE_GLYPHS[name as RunStateName];
			expect(cellWidth(glyph.symbol)).toBe(1);
			expect(glyph.tone).toBeTruthy();
			const line = destinationRow(run('SEC-05', status), destinationColumns([], 80), T0);
			expect(line[0]).toEqual({text: glyph.symbol, tone: glyph.tone});
		},
	);

	it('never uses one symbol for two states, nor for two job results', () => {
		const states = Object.values(STATE_GLYPHS).map(g => g.symbol);
		expect(new Set(states).size).toBe(states.length);
		const results = Object.values(RESULT_GLYPHS).map(g => g.symbol);
		expect(new Set(results).size).toBe(results.length);
	});
});

describe('fitting text to cells', () => {
	it.each([
		['abcdef', 4, 'abc…'],
		['abc', 4, 'abc '],
		['日本語ホスト', 7, '日本語…'],
		['日本語ホスト', 6, '日本… '],
		['x', 0, ''],
	])('fit(%j, %i) is %j', (text, width, expected) => {
		expect(fit(text, width)).toBe(expected);
		expect(cellWidth(fit(text, width))).toBe(width);
	});

	it('truncates by cells and marks the cut', () => {
		expect(truncate('RemoteInstall_261124090000', 10)).toBe('RemoteIns…');
		expect(truncate('short', 10)).toBe('short');
	});

	it('word-wraps and cuts words longer than a line', () => {
		expect(wrapText('Issue a new certification.', 10)).toEqual(['Issue a', 'new', 'certificat', 'ion.']);
	});
});

describe('rows', () => {
	it.each([44, 60, 80, 100, 140])('a job row and its header are exactly %i cells wide', width => {
		const j = job('RemoteInstall_261124090000', [run('A', STATES.finished), run('B', STATES.error)]);
		const cols = jobColumns([j], width);
		expect(lineWidth(jobRow(j, cols))).toBe(width);
		expect(cellWidth(jobHeader(cols))).toBe(width);
	});

	it.each([50, 80, 120])('a destination row and its header are exactly %i cells wide', width => {
		const runs = [run('SEC-05', STATES.error)];
		const cols = destinationColumns(runs, width);
		expect(lineWidth(destinationRow(runs[0]!, cols, T0))).toBe(width);
		expect(cellWidth(destinationHeader(cols))).toBe(width);
	});

	it('shows the job result, %, and Finished/Error/Rejected/Total', () => {
		const j = job('nightly', [
			run('A', STATES.finished),
			run('B', STATES.error),
			run('C', STATES.rejected),
			run('D', STATES.transferring),
		]);
		expect(lineText(jobRow(j, jobColumns([j], 100)))).toMatch(
			/^▶ J0001 nightly\s+Install\s+█{8}░░\s+80% ▶ running\s+1\s+1\s+1\s+4$/,
		);
	});

	it("shows a destination's state text, %, code and last heard", () => {
		const runs = [run('SEC-05', STATES.error)];
		const line = lineText(destinationRow(runs[0]!, destinationColumns(runs, 80), T0));
		expect(line).toMatch(/^✗ SEC-05 the device certificate expired\s+100% 300097078500 12s ago\s*$/);
	});

	it('renders hostile names inert', () => {
		const hostile = `evil${ESC}[2J${ESC}]0;owned\u0007\u202ename`;
		const jobLine = lineText(jobRow(job(hostile, []), jobColumns([], 120)));
		const destinationLine = lineText(
			destinationRow(
				run(hostile, {state: 'error', code: maintenanceCode('300097078500'), detail: hostile}),
				destinationColumns([], 120),
				T0,
			),
		);
		const failureLine = lineText(
			failureRow({code: maintenanceCode('300097078500'), title: hostile, hosts: [hostile]}, failureColumns([], 120)),
		);
		for (const line of [jobLine, destinationLine, failureLine]) {
			expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
			expect(line).toContain('\\x1b');
		}
		expect(jobLine).toContain('evil\\x1b[2J\\x1b]0;owned\\x07\\u202ename');
	});

	it('a failure row and its header fit the width', () => {
		const cols = failureColumns([], 90);
		expect(
			lineWidth(
				failureRow(
					{code: maintenanceCode('300097078500'), title: 'Device certificate expired', hosts: ['SEC-05']},
					cols,
				),
			),
		).toBe(90);
		expect(cellWidth(failureHeader(cols))).toBe(90);
	});
});

describe('time and progress', () => {
	it.each([
		[T0, 'now'],
		[T0 - 12_000, '12s ago'],
		[T0 - 5 * 60_000, '5m ago'],
		[T0 - 3 * 3_600_000, '3h ago'],
		[T0 - 2 * 86_400_000, '11-22 09:00'],
	])('last heard at %i is %j', (at, expected) => {
		expect(relativeTime(at, T0)).toBe(expected);
	});

	it.each([
		[0, '░░░░░░░░░░'],
		[50, '█████░░░░░'],
		[100, '██████████'],
	])('a %i%% bar', (pct, bar) => {
		expect(progressBar(pct, 10)).toBe(bar);
	});
});

describe('key tables', () => {
	const GLOBAL = ['tab', 'S-tab', '1', '2', '3', '?', 'q', 'C-c', '/'];

	it.each(JOB_STATUS_SCOPES.map(s => [s.title, s] as const))(
		'%s binds no key twice and labels every key',
		(_title, scope) => {
			const keys = scope.keymap.flatMap(b => b.keys);
			expect(new Set(keys).size).toBe(keys.length);
			for (const binding of scope.keymap) expect(binding.label.length).toBeGreaterThan(0);
			for (const binding of scope.keymap.filter(b => b.inBar))
				expect((binding.short ?? binding.label).length).toBeLessThanOrEqual(16);
		},
	);

	it.each(JOB_STATUS_SCOPES.slice(0, 3).map(s => [s.title, s] as const))(
		"%s leaves the app's global keys alone",
		(_title, scope) => {
			for (const key of GLOBAL) expect(scope.keymap.flatMap(b => b.keys)).not.toContain(key);
		},
	);
});

/**
 * Every screen is usable at the documented minimum, 60×16: the jobs list and a job's destinations show rows, Detailed
 * Information scrolls to its Cause, Action and the whole history, and Define New Job keeps its title, the reasons and
 * its enabled row.
 */
import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {draftJob} from '../../src/engine/define.js';
import type {Engine} from '../../src/engine/engine.js';
import {MIN_SIZE} from '../../src/screens/layout.js';
import {cleanupTui, KEY} from '../support/tui.js';
import {lineWith, openWizard, renderApp} from './harness.js';

afterEach(cleanupTui);

type Tui = Awaited<ReturnType<typeof renderApp>>;

async function runJob(tui: Tui, engine: Engine, group: string, pkg: string) {
	const def = draftJob({
		type: 'install',
		destinations: [{kind: 'group', id: group}],
		packageIds: [pkg],
		inventory: engine.state.inventory,
		now: engine.now(),
		taken: [],
	});
	await act(async () => {
		const job = await engine.executeJob({def});
		if (!job.ok) throw new Error(job.error.message);
		tui.clock.runUntilIdle();
	});
}

const linesOf = (frame: string) => frame.split('\n');

describe('at 60×16', () => {
	it('the jobs list and a job’s destinations show rows', async () => {
		const tui = await renderApp({size: MIN_SIZE});
		await runJob(tui, tui.engine, 'ACCOUNTING', 'PDF-READER');
		await runJob(tui, tui.engine, 'SECURITY-PCS', 'SEC-PATCH-2611');
		await tui.press('3');
		let f = tui.frame();
		expect(f).toContain('3 Job Execution Status 1/2');
		expect(lineWith(f, 'J0001')).toContain('›');
		expect(f).toContain('J0002');
		await tui.press(KEY.enter);
		f = tui.frame();
		expect(lineWith(f, 'ACC-01')).toContain('›');
		expect(f).toContain('ACC-02');
		expect(linesOf(f).every(line => [...line].length <= 60)).toBe(true);
		expect(linesOf(f)).toHaveLength(15);
	});

	it('Detailed Information scrolls to Cause, Action and the end of the history', async () => {
		const tui = await renderApp({size: MIN_SIZE});
		await runJob(tui, tui.engine, 'SECURITY-PCS', 'SEC-PATCH-2611');
		await tui.press('3', KEY.enter, 'j', 'j', 'j', 'j', KEY.enter);
		let f = tui.frame();
		expect(f).toContain('Detailed Information · SEC-05');
		expect(f).toMatch(/1–\d+ of \d+ ↓/);
		expect(f).toContain('c new certificate');
		const seen = new Set<string>();
		for (let i = 0; i < 40 && !seen.has('end'); i++) {
			f = tui.frame();
			for (const label of ['Code', 'Cause', 'Action', 'History (UTC)']) if (f.includes(`│${label}`)) seen.add(label);
			if (!/ ↓/.test(lineWith(f, 'Detailed Information'))) seen.add('end');
			await tui.press('j');
		}
		expect([...seen].sort()).toEqual(['Action', 'Cause', 'Code', 'History (UTC)', 'end']);
		const run = tui.engine.job('J0001')!.runs.find(r => r.host === 'SEC-05')!;
		expect(f).toContain(run.history.at(-1)!.text.slice(0, 15));
		await tui.press('g');
		expect(tui.frame()).toMatch(/│Host\s+SEC-05/);
		await tui.press('G');
		expect(tui.frame()).toContain(run.history.at(-1)!.text.slice(0, 15));
	});

	it('Define New Job keeps its title, the destination, every type with the enabled one, and reasons', async () => {
		const tui = await renderApp({size: MIN_SIZE});
		await openWizard(tui, 'SEC-PATCH', 'SECURITY-PCS', {group: true});
		await tui.press(KEY.escape);
		await tui.press('2', KEY.enter);
		const f = tui.frame();
		expect(f).toContain('Define New Job');
		expect(f).toContain('SEC-PATCH-2611 › group SECURITY-PCS');
		expect(lineWith(f, 'Install package')).toContain('✓');
		expect(f).toContain('Transfer package to relay system (disabled)');
		expect(f).toContain('Get software information from client (disabled)');
		expect(f).toMatch(/Security PCs accept only Install package jobs/);
		expect(linesOf(f)).toHaveLength(15);
	});
});

describe('Detailed Information at any size', () => {
	it('scrolls through the whole history of a destination', async () => {
		const tui = await renderApp({size: {columns: 100, rows: 24}});
		await runJob(tui, tui.engine, 'SECURITY-PCS', 'SEC-PATCH-2611');
		await tui.press('3', KEY.enter, KEY.enter, 'G');
		const run = tui.engine.job('J0001')!.runs.find(r => r.host === 'SEC-01')!;
		const f = tui.frame();
		expect(f).toContain('History (UTC)');
		for (const entry of run.history.slice(-3)) expect(f).toContain(entry.text.slice(0, 30));
	});
});

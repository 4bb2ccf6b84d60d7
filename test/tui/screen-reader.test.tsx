/**
 * Screen-reader mode: every screen as linear text without box drawing, naming the focused pane and item, announcing
 * state changes as sentences, with the same keys as the full screen. Ink's own switch (INK_SCREEN_READER=true) turns
 * it on here, as RIM_SCREEN_READER=1 does through the composition root (test/tui/screen-reader-entry.test.ts).
 */
import {act} from 'react';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {highlightDestination, lineWith, openWizard, renderApp} from './harness.js';
import {testEngine} from '../support/engine.js';
import {announcements} from '../../src/screens/announce.js';
import {settle, startJob} from '../support/jobs.js';

const BOX_DRAWING = /[\u2500-\u257f]/u;

beforeEach(() => {
	vi.stubEnv('INK_SCREEN_READER', 'true');
});
afterEach(async () => {
	await cleanupTui();
	vi.unstubAllEnvs();
});

describe('screen-reader mode', () => {
	it('draws no box and names the focused pane and item, in words, as the focus moves', async () => {
		const tui = await renderApp();
		let frame = tui.frame();
		expect(frame).not.toMatch(BOX_DRAWING);
		expect(frame.split('\n')[1]).toBe(
			'Packages pane, item 2 of 10: package SEC-PATCH-2611 Security patch 2026-11, update data, version 2611.',
		);
		expect(frame).toContain('Other panes: 2 Destinations, 3 Job Execution Status.');
		await tui.press('j');
		expect(tui.frame().split('\n')[1]).toContain('item 3 of 10: package AV-DEFS-0482');

		await highlightDestination(tui, 'SEC-05');
		frame = tui.frame();
		expect(frame).not.toMatch(BOX_DRAWING);
		expect(frame).toContain(
			'Destinations pane, filtered by "SEC-05", item 2 of 2: security PC SEC-05 Security PC 05, started, below RLY-OSAKA.',
		);
		// The relay tree's section line keeps its words and loses its rule.
		expect(frame).toContain('Managing server — relay tree');
	});

	it('opens the wizard with the same keys, and reads its page without box drawing', async () => {
		const tui = await renderApp();
		await openWizard(tui, 'SEC-PATCH', 'SEC-05');
		const frame = tui.frame();
		expect(frame).toContain('Dialog: Create Job, page 1 of 6');
		expect(frame).not.toMatch(BOX_DRAWING);
		await tui.press(KEY.tab);
		expect(tui.frame()).toContain('Dialog: Create Job, page 2 of 6');
	});

	it("announces a destination's state change as a sentence, and the job's end", async () => {
		const tui = await renderApp();
		await openWizard(tui, 'SEC-PATCH', 'SEC-05');
		await tui.press('e');
		await tui.settle();
		await act(async () => {
			tui.clock.runUntilIdle();
		});
		await tui.settle();
		const frame = tui.frame();
		expect(frame).toContain('SEC-05 error 300097078500: The certification of the authentication device has expired.');
		expect(frame).toMatch(/Job J0001 .+ ended: 0 of 1 finished, 1 error, 0 rejected\./);
		// The command it ran is read whole, not cut at the terminal's width (the output layer folds it).
		expect(frame).toMatch(
			/rim job create --type install --package SEC-PATCH-2611 --destination SEC-05 --name \S+ {3}\(L: session log\)/,
		);
		// Focus went to the new job in Job Execution Status; the line says so.
		expect(lineWith(frame, 'Job Execution Status pane, item 1 of 1')).toContain('job J0001');
		expect(frame).not.toMatch(BOX_DRAWING);
	});

	it('every dialog of the walkthrough stays free of box drawing: help, session log, host view', async () => {
		const tui = await renderApp({size: {columns: 80, rows: 24}});
		await highlightDestination(tui, 'SEC-05');
		for (const open of [['?'], ['L'], ['i']]) {
			await tui.press(...open);
			expect(tui.frame()).not.toMatch(BOX_DRAWING);
			expect(tui.frame().split('\n')[1]).toMatch(/^Dialog: /);
			await tui.press(KEY.escape);
		}
	});
});

describe('announcements', () => {
	it('sum up a job that moves many destinations at once, so speech keeps up', async () => {
		const {engine, clock} = testEngine();
		const job = await startJob(engine, {name: 'Office', to: ['ACCOUNTING'], packages: ['PDF-READER']});
		const before = engine.snapshotNow();
		settle(engine, clock, job.id);
		const said = announcements(before, engine.snapshotNow());
		expect(said[0]).toMatch(/^J0001: 10 destinations changed: \d+ finished(, \d+ error)?\.$/);
		expect(said.at(-1)).toMatch(/^Job J0001 Office ended: /);
		expect(announcements(null, engine.snapshotNow())).toEqual([]);
	});
});

describe('full-screen mode (no switch)', () => {
	it('keeps its boxes and has no focus line', async () => {
		vi.unstubAllEnvs();
		const tui = await renderApp();
		expect(tui.frame()).toMatch(BOX_DRAWING);
		expect(tui.frame()).not.toContain('Packages pane, item');
	});
});

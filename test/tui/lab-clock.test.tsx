/**
 * The lab clock in the TUI (issue #8 item 11): the header shows its speed (or that it is paused, to the second), and
 * p, ., + and - pause, step, speed up and slow down the clock of the engine the screens run on.
 */
import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../src/app.js';
import {RealClock} from '../../src/engine/clock.js';
import {createDemoFleet} from '../../src/engine/demo/demo-fleet.js';
import {engineApi} from '../../src/engine-api.js';
import type {ScreenSize} from '../../src/screens/layout.js';
import {simulatedEngine, T0, testOffice} from '../support/engine.js';
import {HandWall} from '../support/hand-wall.js';
import {jobDef} from '../support/jobs.js';
import {cleanupTui, renderTui} from '../support/tui.js';

afterEach(cleanupTui);

async function renderOnLabClock(size: ScreenSize) {
	const wall = new HandWall(T0);
	const clock = new RealClock(20, T0, wall);
	const {engine} = simulatedEngine(createDemoFleet({now: T0, seed: 1, office: testOffice()}), clock);
	const tui = await renderTui(<App api={engineApi(engine)} size={size} />);
	const header = () => tui.frame().split('\n')[0]!;
	return {...tui, wall, clock, engine, header};
}

describe('the lab clock in the TUI', () => {
	it('shows the speed in the header; p pauses and resumes, . steps to the next event, + and - change the speed', async () => {
		const tui = await renderOnLabClock({columns: 100, rows: 30});
		expect(tui.header()).toMatch(/lab 20× 2026-11-24 09:00 UTC$/);

		await tui.press('p');
		await tui.settle();
		expect(tui.header()).toMatch(/lab paused 2026-11-24 09:00:00 UTC$/);
		expect(tui.frame()).toContain('Lab clock paused: . steps to the next event, p resumes');
		await tui.press('.');
		await tui.settle();
		expect(tui.frame()).toContain('Nothing is scheduled: the lab waits for you');

		await act(async () => {
			const executed = await tui.engine.executeJob({def: jobDef({to: ['SEC-01'], packages: ['SEC-PATCH-2611']})});
			if (!executed.ok) throw new Error(executed.error.message);
			tui.wall.advance(600_000);
		});
		await tui.settle();
		expect(tui.header()).toMatch(/1 running · lab paused 2026-11-24 09:00:00 UTC$/);
		const before = tui.clock.now();
		await tui.press('.');
		await tui.settle();
		expect(tui.clock.now()).toBeGreaterThan(before);
		const stepped = /Stepped to the next event at (2026-11-24 \d\d:\d\d:\d\d) UTC/.exec(tui.frame());
		expect(stepped).not.toBeNull();
		expect(tui.header()).toContain(`lab paused ${stepped![1]} UTC`);

		await tui.press('+');
		await tui.settle();
		expect(tui.frame()).toContain('Lab clock paused (50× when resumed)');
		await tui.press('p');
		await tui.settle();
		expect(tui.header()).toMatch(/lab 50× 2026-11-24 \d\d:\d\d UTC$/);
		expect(tui.frame()).toContain('Lab clock running at 50×');
		await tui.press('-', '-');
		await tui.settle();
		expect(tui.header()).toMatch(/lab 10× /);
		expect(tui.clock.rate()).toEqual({speed: 10, paused: false});
		tui.clock.cancelAll();
	});

	it('keeps the clock in the header at the minimum 60×16 (the name gives way)', async () => {
		const tui = await renderOnLabClock({columns: 60, rows: 16});
		expect(tui.header()).toMatch(/^rim +lab 20× 2026-11-24 09:00 UTC$/);
		await tui.press('p');
		await tui.settle();
		expect(tui.header()).toMatch(/^rim +lab paused 2026-11-24 09:00:00 UTC$/);
		// The pick stays beside the clock: it says what enter will drop.
		await tui.press('p', ' ');
		await tui.settle();
		expect(tui.header()).toMatch(/^rim {3}✚ picked SEC-PATCH-2611 +lab 20× 2026-11-24 \d\d:\d\d UTC$/);
		tui.clock.cancelAll();
	});
});

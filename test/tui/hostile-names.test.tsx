/**
 * The TUI on a fleet whose every name, OS and version holds terminal escapes, C1 controls, bidi and invisible
 * characters: no frame, in any pane, dialog or modal, carries one of them raw.
 */
import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {hasUnsafeChar} from '../../src/output/sanitize.js';
import {jobDef} from '../support/jobs.js';
import {cleanupTui, KEY} from '../support/tui.js';
import {HOSTILE} from '../support/hostile.js';
import {openWizard, renderApp} from './harness.js';

afterEach(cleanupTui);

describe('the TUI on hostile names', () => {
	it('draws every frame inert', async () => {
		const tui = await renderApp({
			size: {columns: 110, rows: 40},
			prepare: engine => {
				const inv = engine.state.inventory;
				for (const h of inv.hosts) Object.assign(h, {name: `${h.id}${HOSTILE}`, os: `${h.os}${HOSTILE}`});
				for (const g of inv.groups) g.name = HOSTILE;
				for (const c of inv.cabinets) c.name = HOSTILE;
				for (const p of inv.packages) Object.assign(p, {name: HOSTILE, version: `1${HOSTILE}`});
			},
		});
		await act(async () => {
			const saved = await tui.engine.saveDefinition({def: jobDef({to: ['SEC-05'], packages: ['SEC-PATCH-2611']})});
			if (saved.ok) saved.value.name = HOSTILE;
		});
		// The Job Definition view shows the hostile definition; x executes it under that name.
		await tui.press('4', 'x');
		await tui.settle();
		tui.clock.runUntilIdle();
		await tui.settle();
		await tui.press(KEY.enter, KEY.enter);
		await tui.press('?', KEY.escape, KEY.escape, KEY.escape);
		await openWizard(tui, 'SEC-PATCH', 'SEC-05');
		for (let page = 0; page < 6; page++) await tui.press(KEY.tab);
		await tui.press(KEY.escape, KEY.escape);
		await tui.press('1', KEY.down, KEY.down, KEY.space, '2', KEY.down, KEY.enter);
		await tui.press(KEY.escape, KEY.escape, 'd');
		const frames = tui.frames;
		expect(frames.length).toBeGreaterThan(10);
		expect(frames.join('\n')).toContain('EVIL\\x1b]0;pwned');
		for (const frame of frames) {
			for (const line of frame.split('\n')) expect(hasUnsafeChar(line), JSON.stringify(line)).toBe(false);
		}
	});
});

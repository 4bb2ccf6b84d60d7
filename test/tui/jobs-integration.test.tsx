import {afterEach, describe, expect, it} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {highlightDestination, lineWith, openWizard, renderApp} from './harness.js';

afterEach(cleanupTui);

describe('Job Execution Status inside the app', () => {
	it('routes jobs-pane keys to it, and its "open host" moves focus to the host in Destinations', async () => {
		const tui = await renderApp();
		await openWizard(tui, 'PDF', 'DEV-03');
		await tui.press('e');
		await tui.settle();
		expect(tui.api.getSnapshot().jobs).toHaveLength(1);
		await tui.press(KEY.enter);
		expect(tui.frame()).toContain('DEV-03');
		await tui.press('o');
		expect(lineWith(tui.frame(), ' DEV-03  ')).toContain('›');
		expect(lineWith(tui.frame(), '/DEV-03')).toBe('');
	});

	it('gives the Detailed Information modal every key: q does not quit there', async () => {
		const tui = await renderApp();
		await highlightDestination(tui, 'ACC-01');
		await tui.press(KEY.enter, KEY.enter);
		await tui.press('j', 'j', KEY.enter, 'e');
		await tui.settle();
		await tui.press(KEY.enter, KEY.enter);
		expect(tui.frame()).toContain('Detailed Information');
		await tui.press('q', '1');
		expect(tui.frame()).toContain('Detailed Information');
		await tui.press(KEY.escape);
		expect(tui.frame()).not.toContain('Detailed Information');
	});
});

describe('Detailed Information of a security PC', () => {
	it('reads the device certificate through the engine and shows that SEC-05 expired', async () => {
		const tui = await renderApp({size: {columns: 100, rows: 40}});
		await openWizard(tui, 'SEC-PATCH', 'SEC-05');
		await tui.press('e');
		await tui.settle();
		tui.clock.runUntilIdle();
		await tui.settle();
		await tui.press(KEY.enter, KEY.enter);
		const frame = tui.frame();
		expect(frame).toContain('300097078500');
		expect(frame).toMatch(/device certificate SEC-05 from .+, expired 2026-11-14 09:00 UTC/);
	});
});

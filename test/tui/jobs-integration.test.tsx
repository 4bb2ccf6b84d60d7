import {afterEach, describe, expect, it} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {lineWith, renderApp} from './harness.js';

afterEach(cleanupTui);

describe('Job Execution Status inside the app', () => {
	it('routes jobs-pane keys to it, and its "open host" moves focus to the host in Destinations', async () => {
		const tui = await renderApp();
		await tui.press('/');
		await tui.type('PDF');
		await tui.press(KEY.enter, KEY.space, '2', '/');
		await tui.type('DEV-03');
		await tui.press(KEY.enter, KEY.enter, KEY.enter, 'e');
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
		await tui.press('2', '/');
		await tui.type('ACC-01');
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

import {afterEach, describe, expect, it} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {lineWith, renderApp} from './harness.js';

afterEach(cleanupTui);

describe('A 2,000-host fleet', () => {
	// How fast keys are answered is measured in bench/tui.ts (key → frame at 10,000 hosts), never here: a test must
	// not depend on the machine's speed.
	it('renders only the visible rows in the Destinations pane while paging', async () => {
		const tui = await renderApp({fleet: {hosts: 2000}});
		await tui.press('2');
		for (let i = 0; i < 20; i++) await tui.press(i % 2 ? KEY.pageDown : 'j');
		await tui.press(KEY.end);
		const frame = tui.frame();
		expect(frame.split('\n')).toHaveLength(29);
		expect(lineWith(frame, '›')).toMatch(/PCS-0\d\d/);
	});

	it('filters 2,000 hosts as the admin types', async () => {
		const tui = await renderApp({fleet: {hosts: 2000}});
		await tui.press('2', '/');
		await tui.type('PC-1996');
		expect(lineWith(tui.frame(), ' PC-1996 ')).toContain('›');
	});
});

import {afterEach, describe, expect, it} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {lineWith, renderApp} from './harness.js';

afterEach(cleanupTui);

describe('A 2,000-host fleet', () => {
	it('renders only the visible rows and answers keys quickly in the Destinations pane', async () => {
		const tui = await renderApp({fleet: {hosts: 2000}});
		await tui.press('2');
		const times: number[] = [];
		for (let i = 0; i < 20; i++) {
			const t = performance.now();
			await tui.press(i % 2 ? KEY.pageDown : 'j');
			times.push(performance.now() - t);
		}
		const t = performance.now();
		await tui.press(KEY.end);
		times.push(performance.now() - t);
		const frame = tui.frame();
		expect(frame.split('\n')).toHaveLength(29);
		expect(lineWith(frame, '›')).toMatch(/PCS-0\d\d/);
		const mean = times.reduce((a, b) => a + b, 0) / times.length;
		// Generous bound (dev build, parallel workers); the measured mean is a few ms.
		expect(mean).toBeLessThan(100);
	});

	it('filters 2,000 hosts as the admin types', async () => {
		const tui = await renderApp({fleet: {hosts: 2000}});
		await tui.press('2', '/');
		await tui.type('PC-1996');
		expect(lineWith(tui.frame(), ' PC-1996 ')).toContain('›');
	});
});

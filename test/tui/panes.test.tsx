import {afterEach, describe, expect, it} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {lineWith, renderApp} from './harness.js';

afterEach(cleanupTui);

describe('Packages and Destinations panes', () => {
	it('show cabinets with packages and the relay tree with groups side by side at 100 columns', async () => {
		const {frame, engine} = await renderApp();
		const f = frame();
		expect(f).toContain(`1 Packages (${engine.state.inventory.packages.length})`);
		expect(f).toContain('▾ [UD] Update data (2)');
		expect(lineWith(f, 'SEC-PATCH-2611')).toMatch(/◆ UPD SEC-PATCH-2611.*v2611\s+48 KiB/);
		expect(lineWith(f, 'OFFICE-SUITE')).toMatch(/◇ std OFFICE-SUITE.*256 KiB/);
		expect(f).toContain('2 Destinations (40 hosts, 5 groups)');
		expect(lineWith(f, 'RLY-TOKYO')).toContain('⇅ relay');
		expect(lineWith(f, 'SEC-05')).toMatch(/● on ◈ SEC/);
		expect(f.split('\n').every(line => [...line].length <= 100)).toBe(true);
	});

	it('counts in words that agree with the number: 1 host, 1 group', async () => {
		const {frame} = await renderApp({
			fleet: {hosts: 3},
			prepare: engine => {
				engine.state.inventory.groups = engine.state.inventory.groups.filter(g => g.id === 'PCS-001');
			},
		});
		const f = frame();
		expect(f).toContain('2 Destinations (3 hosts, 1 group)');
		expect(lineWith(f, 'PCS-001')).toMatch(/ 1 host\b/);
		expect(f).not.toMatch(/\b1 (hosts|groups)\b/);
	});

	it('moves the highlight with j/k and arrows, skips cabinet headers, and scrolls the window to the last row', async () => {
		const {frame, press} = await renderApp();
		expect(lineWith(frame(), 'SEC-PATCH-2611')).toContain('›');
		await press('j', 'j');
		expect(lineWith(frame(), 'OFFICE-SUITE')).toContain('›');
		await press(KEY.up);
		expect(lineWith(frame(), 'AV-DEFS-0482')).toContain('›');
		await press('2', KEY.end);
		expect(lineWith(frame(), 'FLOOR-3')).toContain('›');
		expect(frame()).not.toContain('RLY-TOKYO');
		await press(KEY.home);
		expect(lineWith(frame(), 'RLY-TOKYO')).toContain('›');
	});

	it('filters the focused list with / and clears the filter with esc', async () => {
		const {frame, press, type} = await renderApp();
		await press('2', '/');
		await type('sal-0');
		expect(frame()).toContain('/sal-0');
		expect(frame()).toContain('SAL-01');
		expect(frame()).not.toContain('RLY-TOKYO');
		await press(KEY.enter);
		expect(lineWith(frame(), 'SAL-01')).toContain('›');
		await press(KEY.escape);
		expect(frame()).toContain('RLY-TOKYO');
	});

	it('keeps typing in the filter from triggering pane keys (q types a q)', async () => {
		const {frame, press, type} = await renderApp();
		await press('/');
		await type('q1');
		expect(frame()).toContain('/q1');
		expect(frame()).toContain('(nothing matches)');
	});

	it('renders a hostile package name inert: escape sequences show as visible text', async () => {
		const {frame, lastFrame} = await renderApp({
			size: {columns: 160, rows: 30},
			prepare: engine => {
				const pkgs = engine.state.inventory.packages;
				pkgs[0] = {...pkgs[0]!, name: 'Evil\x1b[2J\x1b]0;owned\x07name'};
			},
		});
		const f = lastFrame() ?? '';
		expect(f).not.toContain('\x1b[2J');
		expect(f).not.toContain('\x07');
		expect(frame()).toContain('Evil\\x1b[2J');
	});
});

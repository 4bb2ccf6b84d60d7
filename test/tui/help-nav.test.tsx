/** `?` opens help at the focused pane's keys and `/` searches it; g/G/Home/End move in every list, from one table. */
import {afterEach, describe, expect, it} from 'vitest';
import {allScopes} from '../../src/screens/help.js';
import {LIST_NAV} from '../../src/screens/list-nav.js';
import {cleanupTui, KEY} from '../support/tui.js';
import {lineWith, openWizard, renderApp} from './harness.js';

afterEach(cleanupTui);

/** The first section title under the help frame's title line. */
const firstSection = (frame: string) => frame.split('\n')[3] ?? '';

describe('Help', () => {
	it('opens at the keys of the focused pane', async () => {
		const tui = await renderApp();
		await tui.press('2', '?');
		expect(firstSection(tui.frame())).toContain('Destinations pane');
		await tui.press(KEY.escape, '3', '?');
		expect(firstSection(tui.frame())).toContain('Job Execution Status: jobs');
		await tui.press('?', '1', '?');
		expect(firstSection(tui.frame())).toContain('Packages pane');
	});

	it('/ searches the keys; esc clears the search, then closes help', async () => {
		const tui = await renderApp();
		await tui.press('?', '/');
		await tui.type('certificate');
		let f = tui.frame();
		expect(f).toContain('/certificate');
		expect(f).toContain('Issue a new certificate (security PC)');
		expect(f).toContain('Issue a new device certificate');
		expect(f).not.toContain('Next pane');
		await tui.press(KEY.enter, 'j');
		expect(tui.frame()).toContain('/certificate');
		await tui.press(KEY.escape);
		f = tui.frame();
		expect(f).not.toContain('/certificate');
		expect(f).toContain('Next pane');
		await tui.press(KEY.escape);
		expect(tui.frame()).toContain('1 Packages');
	});
});

describe('List navigation', () => {
	it('g and G go to the first and last row of the panes', async () => {
		const tui = await renderApp();
		await tui.press('G');
		expect(lineWith(tui.frame(), 'REMOTE-AGENT')).toContain('›');
		await tui.press('g');
		expect(lineWith(tui.frame(), 'SEC-PATCH-2611')).toContain('›');
		await tui.press('2', 'G');
		expect(lineWith(tui.frame(), 'FLOOR-3')).toContain('›');
		await tui.press('g');
		expect(lineWith(tui.frame(), 'RLY-TOKYO')).toContain('›');
	});

	it('G, g, End and Home move in the wizard’s fields and its dialogs’ menus', async () => {
		const tui = await renderApp();
		await openWizard(tui, 'PDF-READER', 'ACCOUNTING', {group: true});
		await tui.press('4', 'G');
		expect(lineWith(tui.frame(), 'Split package')).toContain('›');
		await tui.press('g');
		expect(lineWith(tui.frame(), 'Suspended destinations')).toContain('›');
		await tui.press('3', 'c', KEY.end);
		expect(lineWith(tui.frame(), 'Package expiration at the relay system')).toContain('›');
		await tui.press(KEY.home);
		expect(lineWith(tui.frame(), 'Installation timing')).toContain('›');
	});

	it('every scope that moves through a list takes the same keys from one table', () => {
		const moves = new Map(LIST_NAV.map(nav => [nav.move, [...nav.keys, ...nav.letters]]));
		for (const scope of allScopes()) {
			for (const binding of scope.keymap.filter(b => b.group === 'Move')) {
				const move =
					(binding.action as {move?: string}).move ?? (binding.action as {action?: {move?: string}}).action?.move;
				expect(move, `${scope.title}: ${binding.label}`).toBeDefined();
				for (const key of moves.get(move as never)!.filter(k => k.length > 1))
					expect(binding.keys, `${scope.title}: ${binding.label}`).toContain(key);
			}
		}
	});
});

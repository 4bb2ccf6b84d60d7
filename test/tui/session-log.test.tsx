/**
 * The TUI teaches its scripting interface: after an action the hint line shows the `rim …` line that does the same,
 * and `L` lists every action of this session as such lines; actions of other clients of the engine are not shown.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {highlightDestination, lineWith, renderApp} from './harness.js';

afterEach(cleanupTui);

describe('the CLI equivalent of each action', () => {
	it('shows on the hint line after the action, until the next key', async () => {
		const tui = await renderApp();
		await highlightDestination(tui, 'SAL-09');
		await tui.press('P');
		await tui.settle();
		expect(lineWith(tui.frame(), 'rim lab power')).toContain('rim lab power SAL-09 on   (L: session log)');
		await tui.press('j');
		expect(tui.frame()).not.toContain('rim lab power SAL-09 on');
	});

	it('L lists every action of this session as command lines, and none of another client', async () => {
		const tui = await renderApp();
		await highlightDestination(tui, 'SEC-03');
		await tui.press('F');
		await tui.press('j', 'j', KEY.enter);
		await tui.settle();
		await tui.press('C');
		await tui.settle();
		// Another client of the same engine (a headless command in the manager) acts too: not this session's.
		expect((await tui.engine.createGroup('OTHER')).ok).toBe(true);
		await tui.press('L');
		const frame = tui.frame();
		expect(frame).toContain('Session log: 2 actions as rim command lines');
		expect(frame).toContain('rim lab fault SEC-03 no-cert');
		expect(frame).toContain('rim cert issue SEC-03');
		expect(frame).not.toContain('OTHER');
		expect(frame.indexOf('rim lab fault')).toBeLessThan(frame.indexOf('rim cert issue'));
		await tui.press(KEY.escape);
		expect(tui.frame()).not.toContain('Session log');
	});

	it('L with nothing done says what it will hold', async () => {
		const tui = await renderApp();
		await tui.press('L');
		expect(tui.frame()).toContain('Nothing done yet in this session');
	});
});

/**
 * Typing in the Create Job wizard is never split between a field and page switches, esc cancels wherever it is
 * pressed, and a page's cursor starts on a field that can change.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {lineWith, openWizard, renderApp} from './harness.js';

afterEach(cleanupTui);

describe('Create Job wizard: typing outside edit mode', () => {
	it('a date typed key by key outside a field switches pages but never lands half in a field', async () => {
		const tui = await renderApp();
		await openWizard(tui, 'PDF-READER', 'ACCOUNTING', {group: true});
		await tui.press('5');
		expect(lineWith(tui.frame(), 'Start on the server')).toContain('›');
		for (const ch of '2026-11-25 07:45') await tui.press(ch);
		const f = tui.frame();
		expect(lineWith(f, 'Start on the server')).toContain('when executed');
		expect(f).not.toContain('07:45');
		expect(lineWith(f, 'enter change')).not.toContain('enter ok');
	});

	it('a date pasted outside a field goes whole into the highlighted field, to be taken with enter', async () => {
		const tui = await renderApp();
		await openWizard(tui, 'PDF-READER', 'ACCOUNTING', {group: true});
		await tui.press('5');
		await tui.type('2026-11-30 09:00');
		expect(tui.frame()).toContain('5 Schedule');
		expect(lineWith(tui.frame(), 'Start on the server')).toContain('2026-11-30 09:00');
		await tui.press(KEY.enter);
		expect(lineWith(tui.frame(), 'Start on the server')).toContain('2026-11-30 09:00 UTC');
		expect(tui.frame()).toContain('5 Schedule');
	});

	it('text pasted on a row that takes no text is refused whole', async () => {
		const tui = await renderApp();
		await openWizard(tui, 'PDF-READER', 'ACCOUNTING', {group: true});
		await tui.press('4');
		await tui.type('2026-11-30');
		const f = tui.frame();
		expect(f).toContain('4 Job Distribution Attributes');
		expect(f).toContain('"2026-11-30" was not typed anywhere: press enter on a field first, then type');
	});

	it('space switches a choice but never starts typing', async () => {
		const tui = await renderApp();
		await openWizard(tui, 'PDF-READER', 'ACCOUNTING', {group: true});
		await tui.press(KEY.space);
		expect(tui.frame()).toContain('enter types into Job name; space only switches a choice');
		await tui.press('4', 'j', KEY.space);
		expect(lineWith(tui.frame(), 'Distribution method')).toContain('multicast');
	});

	it('a key held down still repeats: jj moves two fields', async () => {
		const tui = await renderApp();
		await openWizard(tui, 'PDF-READER', 'ACCOUNTING', {group: true});
		await tui.press('4');
		await tui.type('jj');
		expect(lineWith(tui.frame(), 'Split package')).toContain('›');
	});
});

describe('Create Job wizard: where the cursor starts', () => {
	it('starts on the first field the job can change, not on a view-only one', async () => {
		const tui = await renderApp();
		await openWizard(tui, 'SEC-PATCH', 'SECURITY-PCS', {group: true});
		await tui.press('3', 'c');
		expect(lineWith(tui.frame(), 'Replace existing package')).toContain('›');
		expect(lineWith(tui.frame(), 'Installation timing')).not.toContain('›');
	});
});

import {act} from 'react';
import {render} from 'ink';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../src/app.js';
import {engineApi} from '../../src/engine-api.js';
import {testEngine} from '../support/engine.js';
import {cleanupTui, KEY} from '../support/tui.js';
import {lineWith, renderApp} from './harness.js';
import {FakeStdin, SizedStdout} from '../support/fake-terminal.js';

afterEach(cleanupTui);

describe('Help overlay and hint bar', () => {
	it('? lists the keys of every scope, rim’s and Job Execution Status’s, and esc closes it', async () => {
		// Tall enough for every line: the help opens at the focused pane's keys, and the whole list fits from the top.
		const tui = await renderApp({size: {columns: 100, rows: 400}});
		await tui.press('?');
		const f = tui.frame();
		expect(f).toMatch(/Keys \(\d+–\d+ of \d+\)/);
		expect(lineWith(f, 'Pick the package')).toContain('space');
		expect(lineWith(f, 'Inject a device fault')).toContain('F');
		expect(f).toContain('Create Job wizard');
		expect(lineWith(f, 'Save and Execute')).toContain('E');
		expect(f).toContain('Job Execution Status: jobs');
		expect(lineWith(f, 'Delete the job')).toContain('d');
		await tui.press(KEY.escape);
		expect(tui.frame()).toContain('1 Packages');
	});

	it('scrolls a long help list on a small screen', async () => {
		const tui = await renderApp({size: {columns: 80, rows: 24}});
		await tui.press('?', KEY.home);
		expect(tui.frame()).toContain('Everywhere (except in dialogs)');
		await tui.press(KEY.pageDown, KEY.pageDown);
		expect(tui.frame()).not.toContain('Everywhere (except in dialogs)');
		await tui.press(KEY.home);
		expect(tui.frame()).toContain('Everywhere (except in dialogs)');
	});

	it('shows the focused pane’s bar keys first, then the global ones', async () => {
		const tui = await renderApp();
		const bar = () => (tui.frame().split('\n').at(-1) ?? '').trimEnd();
		expect(bar()).toBe('space pick  / filter  a add  tab pane  ? help  q quit');
		await tui.press('2');
		expect(bar()).toMatch(/^enter drop \/ open {2}i host {2}\/ filter {2}n new group {2}tab pane {2}\? help {2}q quit/);
	});
});

describe('Terminal size', () => {
	it('says the terminal is too small, with the sizes, and recovers when it grows', async () => {
		const {engine} = testEngine();
		const out = new SizedStdout(50, 12);
		let instance!: ReturnType<typeof render>;
		await act(async () => {
			instance = render(<App api={engineApi(engine)} />, {
				stdout: out as unknown as NodeJS.WriteStream,
				stdin: new FakeStdin() as unknown as NodeJS.ReadStream,
				debug: true,
				patchConsole: false,
				exitOnCtrlC: false,
			});
		});
		expect(out.last).toContain('terminal too small: need 60×16, have 50×12');
		await act(async () => {
			out.columns = 80;
			out.rows = 24;
			out.emit('resize');
		});
		expect(out.last).toMatch(/1 Packages \(\d+\)/);
		expect(out.last.split('\n')).toHaveLength(23);
		await act(async () => instance.unmount());
	});

	it('fits 80×24 exactly: 23 lines of at most 80 columns', async () => {
		const tui = await renderApp({size: {columns: 80, rows: 24}});
		const lines = tui.frame().split('\n');
		expect(lines).toHaveLength(23);
		expect(lines.every(line => [...line].length <= 80)).toBe(true);
	});
});

/**
 * A TUI attached to a manager (over its admin socket) teaches the CLI like one that owns the directory: after an
 * action the hint line shows its `rim …` line, which the manager reports for each of this TUI's calls, and L lists
 * them; another client's actions on the same manager are not this TUI's.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {act} from 'react';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {App} from '../../src/app.js';
import {main} from '../../src/cli.js';
import {ReattachingApi} from '../../src/live/remote-api.js';
import {startManager} from '../../src/manager.js';
import {attach} from '../../src/net/admin/client.js';
import {openSession} from '../../src/session.js';
import {cleanupTui, renderTui} from '../support/tui.js';
import {highlightDestination, lineWith} from './harness.js';

afterEach(cleanupTui);
const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const until = async (check: () => boolean) => {
	while (!check())
		await act(async () => {
			await new Promise(r => setImmediate(r));
		});
};

describe('the hint line of an attached TUI', () => {
	it("shows the command line of its own action, reported by the manager, and L lists it; not another client's", async () => {
		const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'rim-attached-hint-')), 'site');
		dirs.push(path.dirname(dir));
		expect(await main(['demo', 'reset', '--data-dir', dir], {log: () => {}, error: () => {}}, {})).toBe(0);
		const opened = await openSession({dataDir: dir, now: Date.now(), clock: {kind: 'virtual'}});
		if (!opened.ok) throw new Error(opened.error);
		const session = opened.value;
		const manager = await startManager({
			session,
			dataDir: dir,
			runCommand: (argv, out, s) => main(argv, out, {}, {manager: s}),
		});
		if (!manager.ok) throw new Error(manager.error);
		const socket = path.join(dir, 'rim.sock');
		const remote = new ReattachingApi(() => attach(socket), {notice: () => {}}, 60_000);
		try {
			const attached = await attach(socket);
			if (attached.kind !== 'attached') throw new Error('no manager');
			await remote.start(attached.client);
			const tui = {...(await renderTui(<App api={remote.api} size={{columns: 100, rows: 30}} />))};
			await until(() => tui.frame().includes('SEC-PATCH-2611'));
			await highlightDestination(tui as never, 'SAL-09');
			await tui.press('P');
			await until(() => tui.frame().includes('rim lab power'));
			expect(lineWith(tui.frame(), 'rim lab power')).toContain('rim lab power SAL-09 on   (L: session log)');

			// Another client of the same manager acts: its line is not this TUI's.
			expect(await main(['group', 'create', 'OTHER', '--data-dir', dir], {log: () => {}, error: () => {}}, {})).toBe(0);
			await tui.press('L');
			await until(() => tui.frame().includes('Session log'));
			expect(tui.frame()).toContain('Session log: 1 action as rim command lines');
			expect(tui.frame()).toContain('rim lab power SAL-09 on');
			expect(tui.frame()).not.toContain('OTHER');
		} finally {
			await remote.stop();
			await manager.value.close();
			await session.close();
		}
	});
});

/**
 * The Destinations pane shows, under each real relay that has reported itself, its state and its cache: in a TUI that
 * owns the site and in one attached to a manager (the report reaches it as a host record change). The line is not a
 * destination: the highlight skips it.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {act} from 'react';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {App} from '../../src/app.js';
import {main} from '../../src/cli.js';
import type {Engine} from '../../src/engine/engine.js';
import type {RelayStatus} from '../../src/engine/model.js';
import {ReattachingApi} from '../../src/live/remote-api.js';
import {startManager} from '../../src/manager.js';
import {attach} from '../../src/net/admin/client.js';
import {openSession} from '../../src/session.js';
import {cleanupTui, KEY, renderTui} from '../support/tui.js';
import {lineWith, renderApp} from './harness.js';

afterEach(cleanupTui);
const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const TOOL = 'ab'.repeat(32);
const status = (reportedAt: number): RelayStatus => ({
	reportedAt,
	cacheBytes: 3_300_000,
	capacityBytes: 10 * 1024 ** 3,
	packageCount: 2,
	packages: [
		{id: 'TOOL', version: '7', digest: TOOL, bytes: 3_300_000},
		{id: null, version: null, digest: 'cd'.repeat(32), bytes: 0},
	],
	fetching: 1,
	waitingResults: 0,
});

const report = (engine: Engine, host: string, at: number) => engine.updateHost(host, h => ({...h, relay: status(at)}));

const until = async (check: () => boolean) => {
	while (!check())
		await act(async () => {
			await new Promise(r => setImmediate(r));
		});
};

describe('a relay’s state and cache in the Destinations pane', () => {
	it('shows the line under the relay, online or offline with when it was last heard, and the highlight skips it', async () => {
		const at = Date.UTC(2026, 10, 30, 15, 2);
		const tui = await renderApp({
			size: {columns: 160, rows: 30},
			prepare: engine => {
				report(engine, 'RLY-TOKYO', at);
				engine.updateHost('RLY-OSAKA', h => ({...h, started: false, relay: {...status(at), fetching: 0}}));
			},
		});
		const lines = tui.frame().split('\n');
		const tokyo = lines.findIndex(l => l.includes('RLY-TOKYO'));
		expect(lines[tokyo + 1]).toContain('↳ online · heard 2026-11-30 15:02 UTC · fetching 1');
		expect(lines[tokyo + 2]).toContain('↳ cache 3.1 MiB of 10 GiB · 2 packages: TOOL 7, cdcdcdcdcdcd');
		const osaka = lines.findIndex(l => l.includes('RLY-OSAKA'));
		expect(lines[osaka + 1]).toMatch(/↳ offline · last heard 2026-11-30 15:02 UTC +│/);
		expect(lines[osaka + 2]).toContain('↳ cache 3.1 MiB of 10 GiB · 2 packages: TOOL 7');
		// PCs, and relays that never reported, have no such lines.
		expect(tui.frame().match(/↳/g)).toHaveLength(4);

		await tui.press('2', KEY.home);
		expect(lineWith(tui.frame(), 'RLY-TOKYO')).toContain('›');
		await tui.press('j');
		expect(lineWith(tui.frame(), 'RLY-OSAKA')).toContain('›');
		expect(lineWith(tui.frame(), '↳ online')).not.toContain('›');
	});

	it('reaches a TUI attached to the manager when the relay reports', async () => {
		const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'rim-relay-status-')), 'site');
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
		const remote = new ReattachingApi(() => attach(path.join(dir, 'rim.sock')), {notice: () => {}}, 60_000);
		try {
			const attached = await attach(path.join(dir, 'rim.sock'));
			if (attached.kind !== 'attached') throw new Error('no manager');
			await remote.start(attached.client);
			const tui = await renderTui(<App api={remote.api} size={{columns: 160, rows: 30}} />);
			await until(() => tui.frame().includes('RLY-TOKYO'));
			expect(tui.frame()).not.toContain('↳');
			report(session.engine, 'RLY-TOKYO', Date.UTC(2026, 10, 30, 16, 45));
			await until(() => tui.frame().includes('↳'));
			const lines = tui.frame().split('\n');
			const tokyo = lines.findIndex(l => l.includes('RLY-TOKYO'));
			expect(lines[tokyo + 1]).toContain('↳ online · heard 2026-11-30 16:45 UTC · fetching 1');
			expect(lines[tokyo + 2]).toContain('↳ cache 3.1 MiB of 10 GiB · 2 packages: TOOL 7');
		} finally {
			await remote.stop();
			await manager.value.close();
			await session.close();
		}
	});
});

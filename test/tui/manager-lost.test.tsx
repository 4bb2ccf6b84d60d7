/**
 * A TUI attached to a manager that goes away, in rendered frames: it says so in the header and offers M, declared in the
 * key table; M makes this rim the manager (it opens the data directory itself) and from then on the screens show and
 * act on its own engine. Before the manager is gone M does nothing, and after it it is refused with the reason.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {act} from 'react';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {App} from '../../src/app.js';
import {engineApi} from '../../src/engine-api.js';
import {ReattachingApi} from '../../src/live/remote-api.js';
import {serveCall, serveWatch} from '../../src/live/serve.js';
import {attach} from '../../src/net/admin/client.js';
import {AdminServer} from '../../src/net/admin/server.js';
import type {ManagerLink} from '../../src/screens/engine-context.js';
import {MANAGER_LOST_KEYS} from '../../src/screens/keymaps.js';
import {ok} from '../../src/shared/result.js';
import {testEngine} from '../support/engine.js';
import {jobDef} from '../support/jobs.js';
import {cleanupTui, renderTui} from '../support/tui.js';
import {lineWith} from './harness.js';

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

describe('a TUI whose manager went away', () => {
	it('shows it, offers M, and M makes this rim the manager of the data directory', async () => {
		const manager = testEngine();
		const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-lost-'));
		dirs.push(dir);
		const server = new AdminServer(
			{
				request: async (request, connection) => {
					if (request.op === 'watch') return serveWatch(manager.engine, request.id, connection);
					if (request.op === 'call') return serveCall(manager.engine, request, connection);
				},
			},
			{pid: process.pid, dataDir: dir},
		);
		const socket = path.join(dir, 'rim.sock');
		expect((await server.listen(socket)).ok).toBe(true);
		expect(
			(
				await manager.engine.executeJob({
					def: jobDef({name: 'ON-THE-MANAGER', to: ['ACCOUNTING'], packages: ['PDF-READER']}),
				})
			).ok,
		).toBe(true);

		// What this rim finds when it opens the directory itself (here: an engine of its own) and what it closes after.
		const here = testEngine();
		let opens = 0;
		let closed = false;
		const links = new Set<(link: ManagerLink) => void>();
		const remote = new ReattachingApi(
			() => attach(socket),
			{notice: () => {}, link: link => links.forEach(l => l(link))},
			60_000,
			async () => {
				opens++;
				return ok({api: engineApi(here.engine), close: async () => void (closed = true)});
			},
		);
		const attached = await attach(socket);
		if (attached.kind !== 'attached') throw new Error('no manager');
		await remote.start(attached.client);
		const tui = await renderTui(
			<App
				api={remote.api}
				size={{columns: 120, rows: 30}}
				managerLinks={listener => {
					links.add(listener);
					return () => links.delete(listener);
				}}
			/>,
		);
		await until(() => tui.frame().includes('ON-THE-MANAGER'));
		expect(tui.frame()).not.toContain('become manager');
		await tui.press('M');
		await tui.settle();
		expect(opens).toBe(0);

		await act(async () => server.close('stopping for the test'));
		await until(() => tui.frame().includes('no manager (M)'));
		expect(lineWith(tui.frame(), 'quit')).toContain('M become manager');
		expect(MANAGER_LOST_KEYS.map(k => k.keys)).toEqual([['M']]);
		// The last state stays on screen while no manager runs.
		expect(tui.frame()).toContain('ON-THE-MANAGER');

		await tui.press('M');
		await until(() => tui.frame().includes('This rim is the manager now'));
		expect(opens).toBe(1);
		expect(remote.link()).toEqual({kind: 'own'});
		expect(tui.frame()).not.toContain('no manager (M)');
		expect(tui.frame()).not.toContain('become manager');
		// The screens show this rim's own engine now, and act on it.
		expect(tui.frame()).not.toContain('ON-THE-MANAGER');
		const executed = await act(async () =>
			remote.api.executeJob({def: jobDef({name: 'ON-THIS-RIM', to: ['ACCOUNTING'], packages: ['PDF-READER']})}),
		);
		expect(executed.ok).toBe(true);
		await until(() => tui.frame().includes('ON-THIS-RIM'));
		expect(here.engine.state.jobs.map(j => j.name)).toEqual(['ON-THIS-RIM']);
		expect(manager.engine.state.jobs.map(j => j.name)).toEqual(['ON-THE-MANAGER']);
		const again = await remote.becomeManager();
		expect(again.ok ? '' : again.error.message).toBe('this rim is the manager already');

		await act(async () => remote.stop());
		expect(closed).toBe(true);
	});
});

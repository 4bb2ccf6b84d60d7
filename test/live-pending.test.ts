/**
 * Pending agents for a TUI attached to a manager: the manager pushes the list after the snapshot and whenever it
 * changes (an agent asks on the agent port, is accepted); the TUI's accept travels as a call, checked as hostile input,
 * idempotent; the demo's manager never names pending agents. A list that does not read as one is dropped.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {ReattachingApi} from '../src/live/remote-api.js';
import {serveCall, serveWatch} from '../src/live/serve.js';
import {attach} from '../src/net/admin/client.js';
import {AdminServer} from '../src/net/admin/server.js';
import {parsePendingAgents} from '../src/net/agents/pending-view.js';
import type {Engine} from '../src/engine/engine.js';
import type {AgentDesk} from '../src/net/agents/desk.js';
import {enrol, endSites, onEnd, site} from './support/agent-port-site.js';
import {testEngine} from './support/engine.js';

afterEach(endSites);

const until = async (check: () => boolean) => {
	while (!check()) await new Promise(r => setTimeout(r, 5));
};

/** A manager's admin socket over `engine` (and a real site's desk), and a TUI's api attached to it. */
async function attached(engine: Engine, dataDir: string, agents?: AgentDesk) {
	const server = new AdminServer(
		{
			request: async (request, connection) => {
				if (request.op === 'watch') return serveWatch(engine, request.id, connection, agents);
				if (request.op === 'call')
					return serveCall(engine, request, connection, {
						dataDir,
						fleetKind: agents ? 'network' : 'simulated',
						agents,
					});
			},
		},
		{pid: process.pid, dataDir},
	);
	const socket = path.join(dataDir, 'rim.sock');
	expect((await server.listen(socket)).ok).toBe(true);
	const first = await attach(socket);
	if (first.kind !== 'attached') throw new Error('no manager');
	const remote = new ReattachingApi(() => attach(socket), {notice: () => {}}, 60_000);
	await remote.start(first.client);
	const raw = await attach(socket);
	if (raw.kind !== 'attached') throw new Error('no manager');
	onEnd(async () => {
		raw.client.close();
		await remote.stop();
		await server.close('done');
	});
	return {api: remote.api, raw: raw.client};
}

describe('pending agents over the admin socket', () => {
	it('reach an attached TUI live, and its accept is done on the manager, once', async () => {
		const s = await site();
		const {engine} = s.session;
		const {api, raw} = await attached(engine, path.join(s.base, 'site'), s.session.agents);
		await until(() => api.pendingAgents() !== null);
		expect(api.pendingAgents()).toEqual([]);

		let heard = 0;
		api.subscribePending(() => heard++);
		expect((await enrol(s, 'PC-4', null)).answer.status).toBe('pending');
		await until(() => api.pendingAgents()!.length === 1);
		expect(heard).toBeGreaterThan(0);
		const [agent] = api.pendingAgents()!;
		expect(agent).toEqual(s.session.agents!.pendingAgents()[0]);
		expect(agent).toMatchObject({id: 'PC-4', role: 'pc', os: 'linux', parent: null});

		const accepted = await api.acceptAgent('PC-4');
		expect(accepted).toEqual({ok: true, value: {id: 'PC-4', role: 'pc', os: 'linux', already: false}});
		await until(() => api.pendingAgents()!.length === 0 && api.getSnapshot().inventory.hosts.length === 1);
		expect(api.getSnapshot().inventory.hosts[0]).toMatchObject({id: 'PC-4', kind: 'standard-pc'});
		const serial = s.session.agents!.registry.agent('PC-4')!.serial;

		// The same accept again (a retry, another admin): done already; nothing signed again.
		expect(await api.acceptAgent('PC-4')).toEqual({
			ok: true,
			value: {id: 'PC-4', role: 'pc', os: 'linux', already: true},
		});
		expect(s.session.agents!.registry.agent('PC-4')!.serial).toBe(serial);
		expect(await api.acceptAgent('NOBODY')).toEqual({ok: false, error: {message: 'no pending agent "NOBODY"'}});

		// Whatever a client sends is checked before the desk sees it.
		await expect(raw.call('acceptAgent', [42])).rejects.toThrow('host id must be a string');
		await expect(raw.call('acceptAgent', [])).rejects.toThrow('host id must be a string');
		await expect(raw.call('acceptAgent', [{id: 'PC-4'}])).rejects.toThrow('host id must be a string');
		expect(s.session.agents!.registry.pending()).toEqual([]);
	});

	it('are never named by the demo manager, and an accept there says why', async () => {
		const {engine} = testEngine();
		const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-pend-'));
		onEnd(() => rmSync(dir, {recursive: true, force: true}));
		const {api} = await attached(engine, dir);
		expect(api.pendingAgents()).toBeNull();
		const accepted = await api.acceptAgent('PC-1');
		expect(accepted.ok ? '' : accepted.error.message).toBe(
			'this data directory holds the simulated demo; agents enrol only on a real site (rim init)',
		);
		expect(api.pendingAgents()).toBeNull();
	});
});

describe('a pending list from the manager', () => {
	const good = {
		id: 'PC-1',
		role: 'pc',
		os: 'linux',
		parent: null,
		requestedAt: 1_700_000_000_000,
		keySha256: 'a'.repeat(64),
	};
	it('is read when every record is whole, and dropped otherwise', () => {
		expect(parsePendingAgents([good])).toEqual([good]);
		expect(parsePendingAgents([])).toEqual([]);
		for (const bad of [
			null,
			'x',
			{0: good},
			[{...good, role: 'admin'}],
			[{...good, keySha256: 'zz'}],
			[{...good, id: ''}],
			[{...good, id: 'x'.repeat(65)}],
			[{...good, requestedAt: -1}],
			[{...good, parent: 7}],
			Array.from({length: 10_001}, () => good),
		])
			expect(parsePendingAgents(bad)).toBeNull();
	});
});

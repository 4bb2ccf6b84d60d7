/**
 * Pending agents in a TUI attached to a real `rim server`, with real `rim agent` processes: an agent with a join token
 * appears in the relay tree; one without waits, and the attached TUI shows it (with the key hash the agent printed) the
 * moment it asks; `A`, `y` accepts it on the manager, the agent gets its certificate and the host takes its place in
 * the tree. The CLI's `rim host pending` and `rim host accept`, attached to the same manager, keep working, and the TUI
 * follows what they did.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it, onTestFailed} from 'vitest';
import {App} from '../../src/app.js';
import {socketPath} from '../../src/cli/attached.js';
import {readAudit} from '../../src/data/audit-log.js';
import {ReattachingApi} from '../../src/live/remote-api.js';
import {attach} from '../../src/net/admin/client.js';
import {endAll, rim, start, type Running} from '../support/processes.js';
import {startServer, stopServer} from '../support/real-site.js';
import {cleanupTui, renderTui} from '../support/tui.js';
import {lineWith} from './harness.js';

const dirs: string[] = [];
afterEach(async () => {
	await cleanupTui();
	endAll();
});
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const SIZE = {columns: 160, rows: 34};

function agent(base: string, url: string, name: string, token: string | null): Running {
	const dir = path.join(base, name);
	return start(
		[
			'agent',
			'--dir',
			dir,
			'--server',
			url,
			...(token ? ['--token', token] : []),
			'--name',
			name,
			'--start-jitter',
			'0',
		],
		path.join(dir, 'agent.pid'),
	);
}

/** The short key hash a waiting agent printed. */
const printedKey = (output: string) => /this agent's key: (SHA256:[0-9a-f ]+);/.exec(output)![1]!;

describe('a TUI attached to rim server', () => {
	it('shows a real agent waiting the moment it asks, and accepts it on the manager', {timeout: 240_000}, async () => {
		const base = mkdtempSync(path.join(os.tmpdir(), 'rim-pending-'));
		dirs.push(base);
		const site = path.join(base, 'site');
		expect((await rim(site, 'init')).code).toBe(0);
		const {running: server, url} = await startServer(site);
		const agents: [string, Running][] = [];
		onTestFailed(() => {
			for (const [name, p] of [['server', server] as const, ...agents]) console.error(`── ${name}\n${p.output()}`);
		});

		const attached = await attach(socketPath(site));
		if (attached.kind !== 'attached') throw new Error('no manager to attach to');
		const remote = new ReattachingApi(() => attach(socketPath(site)), {notice: () => {}}, 60_000);
		await remote.start(attached.client);
		const tui = await renderTui(<App api={remote.api} size={SIZE} />);
		const frameWith = async (check: (frame: string) => boolean) => {
			while (!check(tui.frame())) await new Promise(r => setTimeout(r, 20));
			await tui.settle();
			return tui.frame();
		};
		try {
			await frameWith(f => f.includes('2 Destinations (0 hosts, 0 groups)'));
			expect(tui.frame()).not.toContain('Pending');

			// With a join token: straight into the relay tree.
			const token = (await rim(site, 'token', 'create', '--role', 'pc')).stdout.trim();
			const pc1 = agent(base, url, 'PC-1', token);
			agents.push(['PC-1', pc1]);
			await pc1.see('enrolled as PC-1');
			await frameWith(f => f.includes('▪ PC-1  PC-1'));

			// Without: the attached TUI shows it waiting, with the key hash the agent printed.
			const pc2 = agent(base, url, 'PC-2', null);
			agents.push(['PC-2', pc2]);
			const key = printedKey(await pc2.see(/this agent's key: SHA256:[0-9a-f ]+;/));
			let frame = await frameWith(f => f.includes('? PC-2'));
			expect(frame).toContain('2 Destinations (1 host, 0 groups, 1 pending)');
			expect(lineWith(frame, '? PC-2')).toContain(`PC-2  pc · linux · key ${key}`);

			await tui.press('2', 'G', 'A');
			frame = tui.frame();
			expect(frame).toContain('Accept agent PC-2?');
			expect(frame).toContain(`Its key: ${key}.`);
			await tui.press('y');
			frame = await frameWith(f => f.includes('Accepted PC-2 (pc, linux)'));
			await pc2.see('enrolled as PC-2');
			frame = await frameWith(f => f.includes('▪ PC-2  PC-2') && !f.includes('Pending'));
			expect(frame).toContain('2 Destinations (2 hosts, 0 groups)');
			// Accepted on the manager, in the admin's name, from the TUI.
			const audit = readAudit(site);
			if (!audit.ok) throw new Error(audit.error.message);
			expect(audit.value.entries.filter(e => e.what === 'accepted agent PC-2 (pc)')).toEqual([
				expect.objectContaining({origin: 'tui', command: 'rim host accept PC-2'}),
			]);

			// The CLI, attached to the same manager: it lists a third agent and accepts it; the TUI follows.
			const pc3 = agent(base, url, 'PC-3', null);
			agents.push(['PC-3', pc3]);
			const key3 = printedKey(await pc3.see(/this agent's key: SHA256:[0-9a-f ]+;/));
			await frameWith(f => f.includes('? PC-3'));
			const listed = await rim(site, 'host', 'pending');
			expect(listed.code).toBe(0);
			expect(listed.stdout).toMatch(/^HOST +ROLE +OS +ASKED +VIA +KEY\n/);
			expect(lineWith(listed.stdout, 'PC-3')).toMatch(/^PC-3 +pc +linux +\S+Z +\(server\) +SHA256:/);
			expect(lineWith(listed.stdout, 'PC-3')).toContain(key3);
			const asJson = JSON.parse((await rim(site, 'host', 'pending', '--json')).stdout);
			expect(asJson.pending).toEqual([expect.objectContaining({id: 'PC-3', role: 'pc', os: 'linux', parent: null})]);
			expect(asJson.pending[0].keySha256).toMatch(/^[0-9a-f]{64}$/);
			const accepted = await rim(site, 'host', 'accept', 'PC-3');
			expect(accepted).toMatchObject({code: 0, stderr: ''});
			expect(accepted.stdout).toBe('accepted PC-3 (pc): the certification office signed its certificate\n');
			await pc3.see('enrolled as PC-3');
			await frameWith(f => f.includes('▪ PC-3  PC-3') && !f.includes('Pending'));
			// The CLI's accept of an enrolled agent stays a refusal with one line and exit 2.
			const again = await rim(site, 'host', 'accept', 'PC-3');
			expect(again).toMatchObject({code: 2, stdout: '', stderr: 'rim: PC-3 is enrolled already\n'});
		} finally {
			await remote.stop();
		}
		await stopServer(server);
	});
});

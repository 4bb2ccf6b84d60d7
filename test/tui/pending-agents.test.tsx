/**
 * Pending agents in the Destinations pane, through App with real key bytes on a real site whose agent port runs in this
 * process: an agent that asks without a join token appears live in its own section (name, role, OS, key hash, age);
 * `A` asks first, then the office signs it, the audit log names the admin, and the host takes its place in the relay
 * tree. The demo has no such section. A hostile name is shown inert.
 */
import path from 'node:path';
import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../src/app.js';
import {readAudit} from '../../src/data/audit-log.js';
import {createCsr, newAgentKeyPem} from '../../src/engine/pki/agent-certs.js';
import {engineApi} from '../../src/engine-api.js';
import {shortKeyHash} from '../../src/shared/key-hash.js';
import {enrol, endSites, site, type Site} from '../support/agent-port-site.js';
import {cleanupTui, renderTui} from '../support/tui.js';
import {lineWith, renderApp} from './harness.js';

afterEach(async () => {
	await cleanupTui();
	await endSites();
});

const SIZE = {columns: 160, rows: 34};
const MINUTE = 60_000;

/** The TUI as `rim` opens a real site without a manager: its engine, data directory and enrolment desk. */
async function siteTui() {
	const s = await site();
	const {session} = s;
	let wall = Date.now();
	const api = engineApi(session.engine, {
		dataDir: path.join(s.base, 'site'),
		fleetKind: session.fleetKind,
		agents: session.agents,
	});
	const tui = await renderTui(<App api={api} size={SIZE} wallNow={() => wall} />);
	return {...tui, s, api, setWall: (at: number) => (wall = at)};
}

const desk = (s: Site) => s.session.agents!;

type Tui = Awaited<ReturnType<typeof siteTui>>;

/** An agent's request on the port, inside act(): the pane re-renders when the pending list changes. */
async function ask(tui: Tui, name: string, token: string | null = null) {
	let answer!: Awaited<ReturnType<typeof enrol>>['answer'];
	await act(async () => {
		answer = (await enrol(tui.s, name, token)).answer;
	});
	return answer;
}

/** Lets the TUI's engine call finish (signing takes a moment) until the frame shows `text`. */
async function frameWith(tui: Tui, text: string): Promise<string> {
	while (!tui.frame().includes(text)) await tui.settle();
	return tui.frame();
}

describe('the Destinations pane on a real site', () => {
	it('shows an agent that asks without a token, live, with its role, OS, key hash and age', async () => {
		const tui = await siteTui();
		expect(tui.frame()).not.toContain('Pending agents');
		expect(tui.api.pendingAgents()).toEqual([]);

		// A real request on the agent port, without a token: the agent waits as pending.
		tui.setWall(Date.now() + 3.5 * MINUTE);
		expect(await ask(tui, 'PC-7')).toMatchObject({status: 'pending'});
		const [waiting] = desk(tui.s).pendingAgents();
		const frame = tui.frame();
		expect(frame).toContain('2 Destinations (0 hosts, 0 groups, 1 pending)');
		expect(frame).toContain('── Pending agents — A accepts');
		const row = lineWith(frame, 'PC-7');
		expect(row).toContain(`PC-7  pc · linux · key ${shortKeyHash(waiting!.keySha256)}`);
		expect(row).toContain('asked 3m ago');
		expect(waiting!.keySha256).toMatch(/^[0-9a-f]{64}$/);

		// Asking again (every 2 s) changes nothing: the same list, the same array.
		const before = tui.api.pendingAgents();
		expect(await ask(tui, 'PC-7')).toMatchObject({status: 'refused'}); // another key under the same name
		expect(tui.api.pendingAgents()).toBe(before);
	});

	it('accepts the highlighted pending agent after a question; it joins the relay tree and the audit log', async () => {
		const tui = await siteTui();
		await ask(tui, 'PC-1');
		await ask(tui, 'PC-2');
		await tui.press('2', 'G');
		expect(lineWith(tui.frame(), 'PC-2')).toContain('›? PC-2');

		// The question names the agent and its key; n leaves everything as it was.
		await tui.press('A');
		const question = tui.frame();
		expect(question).toContain('Accept agent PC-2?');
		expect(question).toContain('PC-2 asks to join as a pc (linux), straight to the manager');
		const key = desk(tui.s).pendingAgents()[1]!.keySha256;
		expect(question).toContain(`Its key: ${shortKeyHash(key)}`);
		await tui.press('n');
		expect(tui.frame()).not.toContain('Accept agent PC-2?');
		expect(
			desk(tui.s)
				.pendingAgents()
				.map(a => a.id),
		).toEqual(['PC-1', 'PC-2']);

		await tui.press('A', 'y');
		const frame = await frameWith(tui, 'Accepted PC-2 (pc, linux): the certification office signed its certificate');
		expect(frame).toContain('2 Destinations (1 host, 0 groups, 1 pending)');
		// The new host is highlighted in the relay tree; PC-1 still waits.
		expect(lineWith(frame, 'PC-2')).toContain('›▪ PC-2  PC-2');
		expect(lineWith(frame, 'PC-1')).toContain('? PC-1');
		expect(desk(tui.s).registry.agent('PC-2')?.status).toBe('enrolled');
		expect(tui.s.session.engine.host('PC-2')).toMatchObject({kind: 'standard-pc', parent: null, started: false});

		const audit = readAudit(path.join(tui.s.base, 'site'));
		if (!audit.ok) throw new Error(audit.error.message);
		expect(audit.value.entries.filter(e => e.what === 'accepted agent PC-2 (pc)')).toEqual([
			expect.objectContaining({origin: 'tui', command: 'rim host accept PC-2', exact: true}),
		]);

		// Accepting again (another admin was first, or a retry) is done already, not an error; nothing is signed twice.
		const serial = desk(tui.s).registry.agent('PC-2')!.serial;
		const twice = await tui.api.acceptAgent('PC-2');
		expect(twice).toEqual({ok: true, value: {id: 'PC-2', role: 'pc', os: 'linux', already: true}});
		expect(desk(tui.s).registry.agent('PC-2')!.serial).toBe(serial);
		const unknown = await tui.api.acceptAgent('PC-9');
		expect(unknown).toEqual({ok: false, error: {message: 'no pending agent "PC-9"'}});
	});

	it('says why A does nothing on a host row or when nobody waits', async () => {
		const tui = await siteTui();
		await tui.press('2', 'A');
		expect(tui.frame()).toContain('No agent waits for acceptance');
		await ask(tui, 'PC-1');
		const token = desk(tui.s).registry.createToken({
			role: 'pc',
			uses: 1,
			expiresAt: Date.now() + MINUTE,
			now: Date.now(),
		});
		expect(await ask(tui, 'PC-3', token)).toMatchObject({status: 'enrolled'});
		await tui.press('g', 'A');
		expect(tui.frame()).toContain('Highlight a pending agent (the last section of Destinations) to accept it');
	});

	it('shows a hostile name inert, whatever got past the agent port', async () => {
		const tui = await siteTui();
		// The port refuses the name outright…
		const refused = await enrol(tui.s, 'EVIL\u001b[2J', null).catch(() => null);
		expect(refused?.answer.status ?? 'refused').not.toBe('pending');
		expect(desk(tui.s).pendingAgents()).toEqual([]);
		// …and a record that reached the registry some other way still reaches the terminal escaped.
		const key = newAgentKeyPem();
		await act(() =>
			desk(tui.s).enrol({
				name: 'EVIL\u001b[2J\u202e',
				token: null,
				role: 'pc',
				os: 'linux',
				csrPem: createCsr(key, 'EVIL'),
				devicePublicKeyPem: null,
			}),
		);
		await tui.press('2', 'G');
		const frame = tui.frame();
		expect(frame).toContain('EVIL\\x1b[2J\\u202e');
		expect(frame).not.toContain('\u001b[2J');
		await tui.press('A');
		expect(tui.frame()).toContain('Accept agent EVIL\\x1b[2J\\u202e?');
		expect(tui.frame()).not.toContain('\u202e');
	});
});

describe('the Destinations pane of the demo', () => {
	it('has no pending section, and A says agents enrol only on a real site', async () => {
		const tui = await renderApp({size: SIZE});
		expect(tui.api.pendingAgents()).toBeNull();
		await tui.press('2', 'G', 'A');
		const frame = tui.frame();
		expect(frame).not.toContain('Pending');
		expect(frame).toContain('Agents enrol only on a real site (rim init): this one has none waiting');
		const accepted = await tui.api.acceptAgent('PC-1');
		expect(accepted.ok ? '' : accepted.error.message).toMatch(/agents enrol only on a real site/);
	});
});

/** A real site's agent port in this process over loopback, and raw HTTPS calls to it with any client identity. */
import https from 'node:https';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {expect} from 'vitest';
import {createCsr, newAgentKeyPem} from '../../src/engine/pki/agent-certs.js';
import {openAgentPort, type AgentPort} from '../../src/net/agents/agent-port.js';
import type {AgentPortLimits, AgentRole, EnrolAnswer} from '../../src/net/agents/protocol.js';
import {initSite, openSession, type Session} from '../../src/session.js';

const cleanup: (() => Promise<void> | void)[] = [];

export interface Site {
	session: Session;
	port: AgentPort;
	url: URL;
	base: string;
	logs: string[];
}

export async function site(limits: Partial<AgentPortLimits> = {}): Promise<Site> {
	const base = mkdtempSync(path.join(os.tmpdir(), 'rim-port-'));
	cleanup.push(() => rmSync(base, {recursive: true, force: true}));
	const dataDir = path.join(base, 'site');
	expect((await initSite({dataDir, now: Date.now(), seed: 7})).ok).toBe(true);
	const opened = await openSession({dataDir, now: Date.now(), clock: {kind: 'virtual'}});
	if (!opened.ok) throw new Error(opened.error);
	const session = opened.value;
	cleanup.push(async () => {
		await session.close();
	});
	const logs: string[] = [];
	const port = await openAgentPort({
		desk: session.agents!,
		office: session.engine.office,
		dataDir,
		host: '127.0.0.1',
		port: 0,
		now: Date.now(),
		limits,
		log: line => logs.push(line),
	});
	if (!port.ok) throw new Error(port.error);
	cleanup.push(() => port.value.close());
	return {session, port: port.value, url: new URL(port.value.url), base, logs};
}

export interface Answer {
	status: number;
	body: string;
}

/** One request on a fresh connection with the given client identity; rejects when the connection is cut. */
export function call(
	s: Site,
	method: string,
	route: string,
	opts: {key?: string; cert?: string; body?: unknown; raw?: Buffer} = {},
): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const body = opts.raw ?? (opts.body === undefined ? null : Buffer.from(JSON.stringify(opts.body)));
		const req = https.request(
			new URL(route, s.url),
			{
				method,
				ca: s.session.engine.office.public.caCertPem,
				key: opts.key,
				cert: opts.cert,
				agent: false,
				headers: body ? {'content-type': 'application/json', 'content-length': String(body.length)} : {},
			},
			res => {
				let text = '';
				res.on('data', d => (text += d));
				res.on('end', () => resolve({status: res.statusCode ?? 0, body: text}));
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(body ?? undefined);
	});
}

export async function enrol(s: Site, name: string, token: string | null): Promise<{key: string; answer: EnrolAnswer}> {
	const key = newAgentKeyPem();
	const answer = await call(s, 'POST', '/v1/enrol', {
		body: {name, token, role: 'pc', os: 'linux', csrPem: createCsr(key, name), devicePublicKeyPem: null},
	});
	expect(answer.status).toBe(200);
	return {key, answer: JSON.parse(answer.body) as EnrolAnswer};
}

export async function enrolled(s: Site, name: string, role: AgentRole = 'pc'): Promise<{key: string; cert: string}> {
	const token = s.session.agents!.registry.createToken({
		role,
		uses: 1,
		expiresAt: Date.now() + 60_000,
		now: Date.now(),
	});
	const {key, answer} = await enrol(s, name, token);
	if (answer.status !== 'enrolled') throw new Error(JSON.stringify(answer));
	return {key, cert: answer.certPem};
}

/** Runs `fn` when the test ends (with the sites). */
export function onEnd(fn: () => Promise<void> | void): void {
	cleanup.push(fn);
}

/** Ends every site `site` opened (afterEach). */
export async function endSites(): Promise<void> {
	for (const fn of cleanup.splice(0).reverse()) await fn();
}

/**
 * After a manager restart, agents resume their TLS sessions (the ticket keys are kept in the data directory) instead of
 * each making a full handshake — and a resumed session is still refused when its agent was revoked meanwhile.
 */
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {enrolled, endSites, onEnd, site, type Site} from './support/agent-port-site.js';
import {Transport} from '../src/agent/transport.js';
import {openAgentPort} from '../src/net/agents/agent-port.js';

afterEach(endSites);

const poll = {body: {results: [], os: 'linux'}, timeoutMs: 30_000};

/** Closes the site's agent port and opens it again on the same port, as a restarted manager does. */
async function restart(s: Site) {
	await s.port.close();
	const again = await openAgentPort({
		desk: s.session.agents!,
		office: s.session.engine.office,
		dataDir: path.join(s.base, 'site'),
		host: '127.0.0.1',
		port: Number(s.url.port),
		now: Date.now(),
		limits: {holdMs: 50},
	});
	if (!again.ok) throw new Error(again.error);
	onEnd(() => again.value.close());
	return again.value.server;
}

describe('the agent port after a restart', () => {
	it('resumes the TLS sessions of agents that come back, and still cuts a revoked one', async () => {
		const s = await site({holdMs: 50});
		const caCertPem = s.session.engine.office.public.caCertPem;
		const agents = await Promise.all(
			['PC-1', 'PC-2'].map(async name => {
				const {key, cert} = await enrolled(s, name);
				const transport = new Transport(s.url, {keyPem: key, certPem: cert, caCertPem});
				onEnd(() => transport.close());
				return transport;
			}),
		);
		for (const transport of agents) await transport.json('POST', '/v1/poll', poll);
		expect(s.port.server.stats.resumedHandshakes).toBe(0);

		expect(await s.session.engine.removeHost('PC-2')).toMatchObject({ok: true});
		const server = await restart(s);
		await agents[0]!.json('POST', '/v1/poll', poll);
		expect(server.stats).toMatchObject({handshakes: 1, resumedHandshakes: 1, refusedHandshakes: 0});
		await expect(agents[1]!.json('POST', '/v1/poll', poll)).rejects.toThrow(/socket hang up|ECONNRESET|EPIPE/);
		expect(server.stats.refusedHandshakes).toBeGreaterThan(0);
	});
});

/**
 * The agent's HTTPS client against a server that closes kept-alive connections while the agent is busy — what a manager
 * does after its idle timeout when a swarm of agents keeps one process busy. A request that went out on such a
 * connection never reached the manager; the agent sends it again on a new one instead of counting a failure (which
 * used to end chunk downloads after five tries and make every poll back off).
 */
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {Transport} from '../src/agent/transport.js';
import {
	createCsr,
	csrPublicKey,
	issueServerCertificate,
	newAgentKeyPem,
	signAgentCertificate,
} from '../src/engine/pki/agent-certs.js';
import {createOffice} from '../src/engine/pki/index.js';
import {seededRng} from '../src/engine/rng.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

let office: ReturnType<typeof createOffice> | undefined;

async function server(): Promise<{
	server: https.Server;
	url: URL;
	identity: {keyPem: string; certPem: string; caCertPem: string};
	served: string[];
}> {
	office ??= createOffice({now: Date.now(), rng: seededRng(3)});
	const tls = issueServerCertificate(office, {names: ['127.0.0.1'], now: Date.now(), rng: seededRng(4)});
	const served: string[] = [];
	const srv = https.createServer({key: tls.keyPem, cert: tls.certPem, keepAliveTimeout: 60_000}, (req, res) => {
		served.push(req.url ?? '');
		res.writeHead(200, {'content-type': 'application/json'});
		res.end(JSON.stringify({path: req.url}));
	});
	await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve));
	cleanup.push(
		() =>
			new Promise<void>(resolve => {
				srv.closeAllConnections();
				srv.close(() => resolve());
			}),
	);
	const keyPem = newAgentKeyPem();
	const publicKey = csrPublicKey(createCsr(keyPem, 'PC-1'));
	if (!publicKey.ok) throw new Error(publicKey.error.reason);
	const certPem = signAgentCertificate(office, {
		publicKey: publicKey.value,
		agentId: 'PC-1',
		now: Date.now(),
		rng: seededRng(5),
	});
	const {port} = srv.address() as AddressInfo;
	return {
		server: srv,
		url: new URL(`https://127.0.0.1:${port}`),
		identity: {keyPem, certPem, caCertPem: office.public.caCertPem},
		served,
	};
}

describe('agent transport', () => {
	it('sends a request again on a new connection when the manager had closed the kept-alive one', async () => {
		const s = await server();
		const transport = new Transport(s.url, s.identity);
		cleanup.push(() => transport.close());
		// Two requests at once leave two kept-alive connections (a held poll and a download beside it).
		expect(
			await Promise.all([
				transport.json('GET', '/first', {timeoutMs: 30_000}),
				transport.json('GET', '/beside', {timeoutMs: 30_000}),
			]),
		).toEqual([{path: '/first'}, {path: '/beside'}]);
		// The manager drops its idle connections; the agent has not yet seen the close when it sends the next request.
		s.server.closeIdleConnections();
		expect(await transport.json('POST', '/second', {body: {results: []}, timeoutMs: 30_000})).toEqual({
			path: '/second',
		});
		expect(transport.staleRetries).toBe(2);
		expect(s.served.sort()).toEqual(['/beside', '/first', '/second']);
	});

	it('does not send again when the manager is not there at all', async () => {
		const s = await server();
		const transport = new Transport(s.url, s.identity);
		cleanup.push(() => transport.close());
		await new Promise<void>(resolve => {
			s.server.closeAllConnections();
			s.server.close(() => resolve());
		});
		await expect(transport.json('GET', '/gone', {timeoutMs: 30_000})).rejects.toThrow(/ECONNREFUSED/);
		expect(transport.staleRetries).toBe(0);
	});
});

/**
 * A relay renews its own certificate with a fresh key pair while the hosts below it keep polling through it, as real
 * processes on one-minute certificates: its forwarding connection moves to the new pair (the old certificate is then
 * refused by the manager), its port for the hosts below serves a server certificate over the new key, and jobs still
 * reach the agents below. Results kept at the relay on a route whose serial a renewal replaced travel with the new one.
 */
import {createPrivateKey, createPublicKey, X509Certificate} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {AgentFiles} from '../src/agent/agent-state.js';
import {ForwardOutbox} from '../src/relay/forward-outbox.js';
import {endAll, rim} from './support/processes.js';
import {json, siteWorkspace, restartRelay, startAgent, startRelay, startServer} from './support/real-site.js';

const dirs: string[] = [];
afterEach(endAll);
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const spki = (keyPem: string) =>
	createPublicKey(createPrivateKey(keyPem)).export({type: 'spki', format: 'der'}).toString('hex');

/** A poll to the manager on a fresh connection with the given pair; rejects when the manager cuts the connection. */
function pollWith(url: string, key: string, cert: string, ca: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = https.request(
			new URL('/v1/poll', url),
			{method: 'POST', key, cert, ca, agent: false, headers: {'content-type': 'application/json'}},
			res => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			},
		);
		req.on('error', reject);
		req.end(JSON.stringify({results: [], os: 'linux'}));
	});
}

/** The public key (SPKI DER, hex) of the certificate a TLS server at `url` presents. */
function servedKey(url: string, ca: string): Promise<string> {
	const {hostname, port} = new URL(url);
	return new Promise((resolve, reject) => {
		const socket = tls.connect({host: hostname, port: Number(port), ca, servername: 'localhost'}, () => {
			const cert = socket.getPeerX509Certificate();
			socket.end();
			if (!cert) reject(new Error('no certificate'));
			else resolve(cert.publicKey.export({type: 'spki', format: 'der'}).toString('hex'));
		});
		socket.on('error', reject);
	});
}

describe('a relay renews its own certificate', () => {
	it('with a new key pair, while the agents below keep polling through it', {timeout: 300_000}, async () => {
		const {base, site, shown} = siteWorkspace('rim-relay-renew-', dirs);
		expect((await rim(site, 'init')).code).toBe(0);
		const server = await startServer(site, {}, ['--agent-cert-validity', '1m']);
		shown.push(['server', server.running]);
		const relay = await startRelay(site, base, 'R-1', server.url);
		shown.push(['R-1', relay.running]);
		const files = new AgentFiles(relay.dir);
		const oldKey = readFileSync(files.tls.key, 'utf8');
		const oldCert = readFileSync(files.tls.cert, 'utf8');
		const ca = readFileSync(files.tls.ca, 'utf8');
		const serverCertFile = path.join(relay.dir, 'tls', 'server-cert.pem');
		const oldServerCert = readFileSync(serverCertFile, 'utf8');
		expect(await servedKey(relay.url, ca)).toBe(spki(oldKey));
		const pc1 = await startAgent(site, base, 'PC-1', relay.url);
		const pc2 = await startAgent(site, base, 'PC-2', relay.url);
		shown.push(['PC-1', pc1.running], ['PC-2', pc2.running]);

		await relay.running.see('serves the hosts below with a server certificate over its new key');
		const newKey = readFileSync(files.tls.key, 'utf8');
		expect(spki(newKey)).not.toBe(spki(oldKey));
		expect(new X509Certificate(readFileSync(files.tls.cert, 'utf8')).checkPrivateKey(createPrivateKey(newKey))).toBe(
			true,
		);
		// New connections from below get the server certificate over the new key.
		expect(await servedKey(relay.url, ca)).toBe(spki(newKey));
		expect(
			new X509Certificate(readFileSync(path.join(relay.dir, 'tls', 'server-cert.pem'), 'utf8')).checkPrivateKey(
				createPrivateKey(newKey),
			),
		).toBe(true);
		await server.running.see('R-1 renewed its certificate');

		// The agents below still get their jobs through the relay, and renew through it too.
		const info = await rim(
			site,
			'job',
			'create',
			'--type',
			'get-software-info',
			'--destination',
			'PC-1',
			'--destination',
			'PC-2',
			'--wait',
			'--json',
		);
		expect(info.code).toBe(0);
		expect(json(info).destinations.map((d: {state: string}) => d.state)).toEqual(['finished', 'finished']);
		await server.running.see(/PC-\d renewed its certificate through relay R-1/);
		// The relay forwards on its new pair only: the manager refuses the old certificate from then on.
		await expect(pollWith(server.url, oldKey, oldCert, ca)).rejects.toThrow(/socket hang up|ECONNRESET|EPIPE/);
		// Nothing below noticed: no agent lost its connection.
		for (const pc of [pc1, pc2]) expect(pc.running.output()).not.toMatch(/trying again with backoff/);

		// Killed after its new pair was stored and before its new server certificate was: started again, it asks for a
		// server certificate over the key it has instead of serving one it cannot use.
		relay.running.child.kill('SIGKILL');
		await relay.running.exited;
		writeFileSync(serverCertFile, oldServerCert);
		const again = await restartRelay(relay.dir, 'R-1', server.url);
		shown.push(['R-1 again', again.running]);
		expect(await servedKey(again.url, ca)).toBe(spki(readFileSync(files.tls.key, 'utf8')));
	});

	it('results kept on a route travel with the serial a renewal gave, once the host shows it', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-relay-route-'));
		dirs.push(dir);
		const outbox = new ForwardOutbox(new AgentFiles(dir));
		const result = (id: string) => ({id, task: 'T1', report: {kind: 'done' as const}});
		outbox.add(
			[
				{id: 'PC-1', serial: 'AA'},
				{id: 'R-2', serial: 'BB'},
			],
			[result('result-0001')],
		);
		outbox.add([{id: 'PC-2', serial: 'CC'}], [result('result-0002')]);
		outbox.follow([
			{id: 'PC-1', serial: 'A1'},
			{id: 'R-2', serial: 'BB'},
		]);
		outbox.follow([{id: 'R-2', serial: 'B1'}]);
		expect(outbox.waiting()).toEqual([
			[
				{id: 'PC-1', serial: 'A1'},
				{id: 'R-2', serial: 'B1'},
			],
			[{id: 'PC-2', serial: 'CC'}],
		]);
		// Kept on disk that way: a relay started again forwards on the new route.
		expect(new ForwardOutbox(new AgentFiles(dir)).waiting()[0]).toEqual([
			{id: 'PC-1', serial: 'A1'},
			{id: 'R-2', serial: 'B1'},
		]);
	});
});

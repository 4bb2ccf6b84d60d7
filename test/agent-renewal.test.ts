/**
 * Certificate renewal with a fresh key pair, as real processes: a manager that issues one-minute certificates, an agent
 * that renews before its certificate runs out. The key on disk changes, the agent keeps working (a job reaches it after
 * the renewal, and after a restart on the renewed pair), and the certificate it replaced is refused at the handshake.
 * A renewal cut short at any point leaves the agent a pair that belongs together.
 */
import {createPrivateKey, createPublicKey, X509Certificate} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {AgentFiles} from '../src/agent/agent-state.js';
import {checkRenewed, commitRenewal, finishRenewal, nextKeyPem} from '../src/agent/renewal.js';
import {createOffice} from '../src/engine/pki/index.js';
import {createCsr, csrPublicKey, newAgentKeyPem, signAgentCertificate} from '../src/engine/pki/agent-certs.js';
import {seededRng} from '../src/engine/rng.js';
import {endAll, rim, start} from './support/processes.js';
import {json, siteWorkspace, startAgent, startServer} from './support/real-site.js';

const dirs: string[] = [];
afterEach(endAll);
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const publicKeyOf = (keyFile: string) =>
	createPublicKey(createPrivateKey(readFileSync(keyFile, 'utf8')))
		.export({type: 'spki', format: 'pem'})
		.toString();

/** A poll on a fresh connection with the given pair; rejects when the manager cuts the connection. */
function pollWith(url: string, key: string, cert: string, ca: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const body = JSON.stringify({results: [], os: 'linux'});
		const req = https.request(
			new URL('/v1/poll', url),
			{method: 'POST', key, cert, ca, agent: false, headers: {'content-type': 'application/json'}},
			res => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

describe('an agent renews its certificate with a new key pair', () => {
	it('keeps working on the new pair, across a restart; the old certificate is refused', {
		timeout: 300_000,
	}, async () => {
		const {base, site, shown} = siteWorkspace('rim-renew-', dirs);
		expect((await rim(site, 'init')).code).toBe(0);
		const server = await startServer(site, {}, ['--agent-cert-validity', '1m']);
		shown.push(['server', server.running]);
		const pc = await startAgent(site, base, 'PC-1', server.url);
		shown.push(['PC-1', pc.running]);
		const files = new AgentFiles(pc.dir);
		const oldKey = readFileSync(files.tls.key, 'utf8');
		const oldCert = readFileSync(files.tls.cert, 'utf8');
		const ca = readFileSync(files.tls.ca, 'utf8');
		const lifetime = (pem: string) => {
			const c = new X509Certificate(pem);
			return Date.parse(c.validTo) - Date.parse(c.validFrom);
		};
		// One minute, plus the minute it is dated back for clocks that differ.
		expect(lifetime(oldCert)).toBe(120_000);

		await pc.running.see('renewed its certificate with a new key pair');
		const newKey = readFileSync(files.tls.key, 'utf8');
		const newCert = readFileSync(files.tls.cert, 'utf8');
		expect(publicKeyOf(files.tls.key)).not.toBe(
			createPublicKey(createPrivateKey(oldKey)).export({type: 'spki', format: 'pem'}),
		);
		expect(new X509Certificate(newCert).checkPrivateKey(createPrivateKey(newKey))).toBe(true);
		expect(new X509Certificate(newCert).serialNumber).not.toBe(new X509Certificate(oldCert).serialNumber);
		expect(statSync(files.tls.key).mode & 0o777).toBe(0o600);
		await server.running.see('PC-1 renewed its certificate');

		// The agent works on the new pair: a job reaches it and comes back.
		const info = await rim(
			site,
			'job',
			'create',
			'--type',
			'get-software-info',
			'--destination',
			'PC-1',
			'--wait',
			'--json',
		);
		expect(info.code).toBe(0);
		expect(json(info).destinations[0]).toMatchObject({host: 'PC-1', state: 'finished'});
		// Its next connections show the new certificate: the old one is refused at the handshake from then on.
		await expect(pollWith(server.url, oldKey, oldCert, ca)).rejects.toThrow(/socket hang up|ECONNRESET|EPIPE/);
		expect(await pollWith(server.url, newKey, newCert, ca)).toBe(200);

		// Restarted, the agent starts on the renewed pair (no token: it is enrolled).
		pc.running.child.kill('SIGTERM');
		expect(await pc.running.exited).toBe(0);
		const again = start(
			['agent', '--dir', pc.dir, '--server', server.url, '--name', 'PC-1', '--start-jitter', '0'],
			path.join(pc.dir, 'agent.pid'),
		);
		shown.push(['PC-1 again', again]);
		const second = await rim(
			site,
			'job',
			'create',
			'--type',
			'get-software-info',
			'--destination',
			'PC-1',
			'--wait',
			'--json',
		);
		expect(json(second).destinations[0]).toMatchObject({host: 'PC-1', state: 'finished'});
		expect(again.output()).not.toMatch(/refused|revoked/);
	});
});

describe('a renewal cut short', () => {
	const office = createOffice({now: Date.now(), rng: seededRng(5), name: 'Renewal Office'});
	const certOver = (keyPem: string) => {
		const key = csrPublicKey(createCsr(keyPem, 'PC-9'));
		if (!key.ok) throw new Error(key.error.reason);
		return signAgentCertificate(office, {publicKey: key.value, agentId: 'PC-9', now: Date.now(), rng: seededRng(2)});
	};
	/** An agent folder with an enrolled pair; returns it and the files. */
	const enrolledFolder = () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-renew-cut-'));
		dirs.push(dir);
		const files = new AgentFiles(dir);
		const key = newAgentKeyPem();
		mkdirSync(path.join(dir, 'tls'), {recursive: true});
		writeFileSync(files.tls.key, key);
		writeFileSync(files.tls.cert, certOver(key));
		return files;
	};
	const pairHolds = (files: AgentFiles) =>
		new X509Certificate(readFileSync(files.tls.cert, 'utf8')).checkPrivateKey(
			createPrivateKey(readFileSync(files.tls.key, 'utf8')),
		);

	it('before the answer came: the old pair stays, and the next try asks over the same new key', () => {
		const files = enrolledFolder();
		const oldKey = readFileSync(files.tls.key, 'utf8');
		const next = nextKeyPem(files);
		finishRenewal(files);
		expect(readFileSync(files.tls.key, 'utf8')).toBe(oldKey);
		expect(pairHolds(files)).toBe(true);
		expect(nextKeyPem(files)).toBe(next);
	});

	it('after the answer was kept, before or between the renames: the new pair takes over at start', () => {
		for (const cut of ['before the renames', 'between the renames'] as const) {
			const files = enrolledFolder();
			const next = nextKeyPem(files);
			const cert = certOver(next);
			writeFileSync(path.join(files.dir, 'tls', 'cert.next.pem'), cert);
			if (cut === 'between the renames') writeFileSync(files.tls.key, next);
			if (cut === 'between the renames') rmSync(path.join(files.dir, 'tls', 'key.next.pem'));
			finishRenewal(files);
			expect(readFileSync(files.tls.key, 'utf8')).toBe(next);
			expect(readFileSync(files.tls.cert, 'utf8')).toBe(cert);
			expect(pairHolds(files)).toBe(true);
		}
	});

	it('an answer that does not check (it comes from the network) is refused before anything is replaced', () => {
		const key = newAgentKeyPem();
		const ca = office.public.caCertPem;
		const asked = {keyPem: key, caCertPem: ca, name: 'PC-9', now: Date.now()};
		expect(checkRenewed(certOver(key), asked).ok).toBe(true);
		expect(checkRenewed('not a certificate', asked)).toEqual({
			ok: false,
			error: 'the renewed certificate does not parse',
		});
		expect(checkRenewed(certOver(newAgentKeyPem()), asked)).toEqual({
			ok: false,
			error: 'the renewed certificate is not over the key this agent asked with',
		});
		const other = createOffice({now: Date.now(), rng: seededRng(6), name: 'Other Office'});
		const publicKey = csrPublicKey(createCsr(key, 'PC-9'));
		if (!publicKey.ok) throw new Error(publicKey.error.reason);
		const foreign = signAgentCertificate(other, {
			publicKey: publicKey.value,
			agentId: 'PC-9',
			now: Date.now(),
			rng: seededRng(3),
		});
		expect(checkRenewed(foreign, asked)).toEqual({
			ok: false,
			error: 'the renewed certificate is not signed by the certification office this agent enrolled with',
		});
		expect(checkRenewed(certOver(key), {...asked, name: 'PC-8'})).toEqual({
			ok: false,
			error: 'the renewed certificate names "PC-9", not PC-8',
		});
		expect(checkRenewed(certOver(key), {...asked, now: Date.now() + 200 * 86_400_000})).toEqual({
			ok: false,
			error: 'the renewed certificate is not valid now',
		});
	});

	it('done: the new pair is in place and nothing is left half-way', () => {
		const files = enrolledFolder();
		const next = nextKeyPem(files);
		commitRenewal(files, certOver(next));
		expect(readFileSync(files.tls.key, 'utf8')).toBe(next);
		expect(pairHolds(files)).toBe(true);
		finishRenewal(files);
		expect(readFileSync(files.tls.key, 'utf8')).toBe(next);
		expect(nextKeyPem(files)).not.toBe(next);
	});
});

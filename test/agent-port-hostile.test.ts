/**
 * The agent port against hostile or broken clients, in one process over loopback: who is refused right after the TLS
 * handshake (no certificate on a work endpoint, another CA, a revoked agent), which tokens are refused (forged, reused,
 * expired, another office's), oversized and misdirected reports, and downloads that resume, retry a corrupt chunk,
 * or end with a code after a bounded number of tries.
 */
import {createPrivateKey, createPublicKey, randomBytes, X509Certificate} from 'node:crypto';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {call, enrol, enrolled, endSites, onEnd, site, type Site} from './support/agent-port-site.js';
import {actingAs} from '../src/actor.js';
import {AgentFiles} from '../src/agent/agent-state.js';
import {fetchPayload} from '../src/agent/download.js';
import {Transport} from '../src/agent/transport.js';
import {readAudit} from '../src/data/audit-log.js';
import {issueCertificate} from '../src/engine/lab.js';
import {blobFile} from '../src/data/package-blobs.js';
import {createCsr, csrPublicKey, newAgentKeyPem, signAgentCertificate} from '../src/engine/pki/agent-certs.js';
import {createOffice} from '../src/engine/pki/index.js';
import {seededRng} from '../src/engine/rng.js';
import {needsRenewal} from '../src/net/agents/protocol.js';
import {addPackageFromPath} from '../src/site-packages.js';

afterEach(endSites);

const poll = {results: [], os: 'linux'};

describe('the agent port refuses who it must', {timeout: 120_000}, () => {
	it('without a certificate a client may fetch the CA and enrol, and nothing else', async () => {
		const s = await site();
		expect((await call(s, 'GET', '/v1/ca')).status).toBe(200);
		const refused = await call(s, 'POST', '/v1/poll', {body: poll});
		expect(refused.status).toBe(401);
		expect(JSON.parse(refused.body).error).toBe('a client certificate issued by this site is required');
	});

	it('cuts a certificate from another CA, and a revoked one, right after the handshake', async () => {
		const s = await site({holdMs: 50});
		const other = createOffice({now: Date.now(), rng: seededRng(99), name: 'Another Office'});
		const key = newAgentKeyPem();
		const publicKey = csrPublicKey(createCsr(key, 'PC-X'));
		if (!publicKey.ok) throw new Error(publicKey.error.reason);
		const foreign = signAgentCertificate(other, {
			publicKey: publicKey.value,
			agentId: 'PC-X',
			now: Date.now(),
			rng: seededRng(1),
		});
		await expect(call(s, 'POST', '/v1/poll', {key, cert: foreign, body: poll})).rejects.toThrow(
			/socket hang up|ECONNRESET|EPIPE/,
		);

		const agent = await enrolled(s, 'PC-1');
		expect((await call(s, 'POST', '/v1/poll', {...agent, body: poll})).status).toBe(200);
		const refusedBefore = s.port.server.stats.refusedHandshakes;
		expect(await s.session.engine.removeHost('PC-1')).toMatchObject({ok: true});
		// Removing the host (as the CLI or the TUI does) revokes its agent.
		expect(s.session.agents!.registry.agent('PC-1')).toBeUndefined();
		await expect(call(s, 'POST', '/v1/poll', {...agent, body: poll})).rejects.toThrow(
			/socket hang up|ECONNRESET|EPIPE/,
		);
		expect(s.port.server.stats.refusedHandshakes).toBe(refusedBefore + 1);
	});

	it('renews over a new key pair; the old certificate works until the new one is first shown, then is refused', async () => {
		const s = await site({holdMs: 50});
		const agent = await enrolled(s, 'PC-R');
		const freshKey = newAgentKeyPem();
		const csrPem = createCsr(freshKey, 'PC-R');
		const renewed = await call(s, 'POST', '/v1/renew', {...agent, body: {csrPem}});
		expect(renewed.status).toBe(200);
		const cert = JSON.parse(renewed.body).certPem as string;
		expect(new X509Certificate(cert).checkPrivateKey(createPrivateKey(freshKey))).toBe(true);
		// An agent killed before it stored the answer comes back with its old pair and asks again over the same new key:
		// it gets in, and gets the same certificate.
		expect((await call(s, 'POST', '/v1/poll', {...agent, body: poll})).status).toBe(200);
		const again = await call(s, 'POST', '/v1/renew', {...agent, body: {csrPem}});
		expect(JSON.parse(again.body).certPem).toBe(cert);
		// The first connection with the new certificate retires the old one for good.
		expect((await call(s, 'POST', '/v1/poll', {key: freshKey, cert, body: poll})).status).toBe(200);
		await expect(call(s, 'POST', '/v1/poll', {...agent, body: poll})).rejects.toThrow(
			/socket hang up|ECONNRESET|EPIPE/,
		);
		expect((await call(s, 'POST', '/v1/poll', {key: freshKey, cert, body: poll})).status).toBe(200);
		// Without a certificate there is nothing to renew.
		expect((await call(s, 'POST', '/v1/renew', {body: {csrPem}})).status).toBe(401);
		// The agent asks once a third of its certificate's lifetime is left.
		expect([needsRenewal(0, 90, 59), needsRenewal(0, 90, 61)]).toEqual([false, true]);
	});

	it('a renewal asked again over another key revokes the certificate that was never used', async () => {
		const s = await site({holdMs: 50});
		const agent = await enrolled(s, 'PC-S');
		const first = newAgentKeyPem();
		const unused = JSON.parse(
			(await call(s, 'POST', '/v1/renew', {...agent, body: {csrPem: createCsr(first, 'PC-S')}})).body,
		).certPem as string;
		const second = newAgentKeyPem();
		const used = JSON.parse(
			(await call(s, 'POST', '/v1/renew', {...agent, body: {csrPem: createCsr(second, 'PC-S')}})).body,
		).certPem as string;
		await expect(call(s, 'POST', '/v1/poll', {key: first, cert: unused, body: poll})).rejects.toThrow(
			/socket hang up|ECONNRESET|EPIPE/,
		);
		expect((await call(s, 'POST', '/v1/poll', {key: second, cert: used, body: poll})).status).toBe(200);
		await expect(call(s, 'POST', '/v1/poll', {...agent, body: poll})).rejects.toThrow(
			/socket hang up|ECONNRESET|EPIPE/,
		);
	});

	it('refuses forged, reused, expired and foreign tokens with a clear line, enrolling nothing', async () => {
		const s = await site();
		const registry = s.session.agents!.registry;
		const token = registry.createToken({role: 'pc', uses: 1, expiresAt: Date.now() + 60_000, now: Date.now()});
		const [, id, , hash] = token.split('.');
		const forged = `rim1.${id}.${randomBytes(32).toString('base64url')}.${hash}`;
		expect((await enrol(s, 'PC-F', forged)).answer).toEqual({
			status: 'refused',
			reason: 'the join token is not known to this manager',
		});
		expect((await enrol(s, 'PC-1', token)).answer.status).toBe('enrolled');
		expect((await enrol(s, 'PC-2', token)).answer).toEqual({
			status: 'refused',
			reason: 'the join token has been used already; ask the admin for a new one (rim token create)',
		});
		const expired = registry.createToken({role: 'pc', uses: 1, expiresAt: Date.now() - 1, now: Date.now() - 60_000});
		expect((await enrol(s, 'PC-3', expired)).answer).toMatchObject({
			status: 'refused',
			reason: expect.stringMatching(/^the join token has expired/),
		});
		const foreign = `rim1.${id}.${token.split('.')[2]}.${'0'.repeat(64)}`;
		expect((await enrol(s, 'PC-4', foreign)).answer).toEqual({
			status: 'refused',
			reason: 'the join token was made by another certification office',
		});
		expect(s.session.engine.state.inventory.hosts.map(h => h.id)).toEqual(['PC-1']);
		// A name taken by another key pair is refused too.
		const again = registry.createToken({role: 'pc', uses: 1, expiresAt: Date.now() + 60_000, now: Date.now()});
		expect((await enrol(s, 'PC-1', again)).answer).toMatchObject({
			status: 'refused',
			reason: expect.stringMatching(/name PC-1 is taken/),
		});
		// A name with control characters never gets in, and never reaches a log line raw.
		const hostile = await call(s, 'POST', '/v1/enrol', {
			body: {name: 'PC\u001b[2J', token: again, role: 'pc', os: 'linux', csrPem: 'x', devicePublicKeyPem: null},
		});
		expect(hostile.status).toBe(400);
		expect(s.logs.join('\n')).not.toMatch(/\u001b/);
	});

	it("refuses a 10 MB report before reading it, and a report for another host's task", async () => {
		const s = await site();
		const a = await enrolled(s, 'PC-A');
		const b = await enrolled(s, 'PC-B');
		const big = Buffer.alloc(10 * 1024 * 1024, 0x20);
		const tooBig = await call(s, 'POST', '/v1/poll', {...a, raw: big}).catch((e: Error) => ({
			status: 0,
			body: e.message,
		}));
		expect([413, 0]).toContain(tooBig.status);
		const fleet = s.session.agents!.fleet;
		fleet.request({kind: 'collect', key: {job: 'J0001', host: 'PC-A', attempt: 1}});
		expect(fleet.tasksFor('PC-A', 10).map(t => t.id)).toEqual(['T1']);
		const misdirected = await call(s, 'POST', '/v1/poll', {
			...b,
			body: {os: 'linux', results: [{id: 'result-0001', task: 'T1', report: {kind: 'collected', packages: []}}]},
		});
		expect(misdirected.status).toBe(200);
		expect(fleet.tasksFor('PC-A', 10).map(t => t.id)).toEqual(['T1']);
		expect(s.logs.some(l => l.includes('result result-0001 from PC-B refused: no task T1 is waiting on PC-B'))).toBe(
			true,
		);
		// The right host's result is taken once; the same result again gets the same ack and changes nothing.
		const result = {id: 'result-0002', task: 'T1', report: {kind: 'collected', packages: []}};
		const first = JSON.parse((await call(s, 'POST', '/v1/poll', {...a, body: {os: 'linux', results: [result]}})).body);
		expect(first.acks).toEqual(['result-0002']);
		expect(fleet.tasksFor('PC-A', 10)).toEqual([]);
		const second = JSON.parse((await call(s, 'POST', '/v1/poll', {...a, body: {os: 'linux', results: [result]}})).body);
		expect(second.acks).toEqual(['result-0002']);
	});
});

describe('downloads by chunk', {timeout: 120_000}, () => {
	async function withPackage(s: Site) {
		const folder = path.join(s.base, 'pkg');
		mkdirSync(folder);
		writeFileSync(path.join(folder, 'data.bin'), randomBytes(600_000));
		const added = await addPackageFromPath(s.session.engine, s.session.store.dir, {
			path: folder,
			id: 'BIG',
			version: '1',
			kind: 'standard',
		});
		if (!added.ok) throw new Error(added.error);
		const pkg = added.value.package;
		return {
			id: pkg.id,
			version: pkg.version,
			digest: pkg.sha256,
			size: pkg.size,
			installScript: null,
			replaceExisting: false,
			auth: null,
		};
	}

	async function client(s: Site) {
		const agent = await enrolled(s, 'PC-D');
		const transport = new Transport(s.url, {
			keyPem: agent.key,
			certPem: agent.cert,
			caCertPem: s.session.engine.office.public.caCertPem,
		});
		onEnd(() => transport.close());
		const files = new AgentFiles(path.join(s.base, 'agent'));
		mkdirSync(files.downloads, {recursive: true});
		return {transport, files};
	}

	it('resumes after a crash from the first unverified chunk, re-fetching nothing already verified', async () => {
		const s = await site({chunkBytes: 64 * 1024});
		const pkg = await withPackage(s);
		const {transport, files} = await client(s);
		const lines: string[] = [];
		const crashAfterTwo = (line: string) => {
			lines.push(line);
			if (line.startsWith('fetched chunk 2/')) throw new Error('killed');
		};
		const retry = {floorMs: 1, capMs: 2, factor: 2, chunkTries: 3};
		await expect(
			fetchPayload(transport, files, pkg, {retry, chunkTimeoutMs: 10_000, random: () => 0.5, log: crashAfterTwo}),
		).rejects.toThrow('killed');
		const second: string[] = [];
		const done = await fetchPayload(transport, files, pkg, {
			retry,
			chunkTimeoutMs: 10_000,
			random: () => 0.5,
			log: l => second.push(l),
		});
		expect(done.ok).toBe(true);
		const total = Math.ceil(pkg.size / (64 * 1024));
		expect(second[0]).toBe(`resuming BIG at chunk 3 of ${total}`);
		expect(second.filter(l => l.startsWith('fetched chunk')).length).toBe(total - 2);
		expect(
			readFileSync(done.ok ? done.value : '').equals(readFileSync(blobFile(s.session.store.dir, pkg.digest))),
		).toBe(true);
	});

	it('fetches a corrupt chunk again and never keeps it; a chunk that stays corrupt ends in a code after bounded tries', async () => {
		const s = await site({chunkBytes: 64 * 1024});
		const pkg = await withPackage(s);
		const {transport, files} = await client(s);
		const blob = blobFile(s.session.store.dir, pkg.digest);
		const good = readFileSync(blob);
		// The chunk list is computed from the good bytes, then a byte of chunk 2 changes in what is sent.
		await transport.json('GET', `/v1/payload/${pkg.digest}/chunks`, {timeoutMs: 10_000});
		const bad = Buffer.from(good);
		bad[70_000] = bad[70_000]! ^ 0xff;
		writeFileSync(blob, bad);
		const lines: string[] = [];
		const retry = {floorMs: 1, capMs: 2, factor: 2, chunkTries: 3};
		const repairOnFirstFailure = (line: string) => {
			lines.push(line);
			if (line.includes('try 1 of 3 failed')) writeFileSync(blob, good);
		};
		const fixed = await fetchPayload(transport, files, pkg, {
			retry,
			chunkTimeoutMs: 10_000,
			random: () => 0.5,
			log: repairOnFirstFailure,
		});
		expect(fixed.ok).toBe(true);
		expect(lines).toContain('chunk 2 of BIG: try 1 of 3 failed: chunk 2 of BIG arrived corrupted (SHA-256 mismatch)');
		expect(readFileSync(fixed.ok ? fixed.value : '').equals(good)).toBe(true);

		rmSync(files.downloads, {recursive: true, force: true});
		mkdirSync(files.downloads, {recursive: true});
		writeFileSync(blob, bad);
		const failed = await fetchPayload(transport, files, pkg, {
			retry,
			chunkTimeoutMs: 10_000,
			random: () => 0.5,
			log: () => {},
		});
		expect(failed).toEqual({
			ok: false,
			error:
				'chunk 2 of BIG could not be downloaded after 3 tries: chunk 2 of BIG arrived corrupted (SHA-256 mismatch)',
		});
	});
});

describe('enrolment in the audit log', {timeout: 120_000}, () => {
	it('names the agent as who enrolled, the admin as who accepted, once each, with the equivalent command', async () => {
		const s = await site();
		await enrolled(s, 'PC-1');
		const first = await enrol(s, 'PC-2', null);
		expect(first.answer.status).toBe('pending');
		// The pending agent asks again (every 2 s): still one entry.
		const again = await call(s, 'POST', '/v1/enrol', {
			body: {
				name: 'PC-2',
				token: null,
				role: 'pc',
				os: 'linux',
				csrPem: createCsr(first.key, 'PC-2'),
				devicePublicKeyPem: null,
			},
		});
		expect(JSON.parse(again.body).status).toBe('pending');
		const accepted = await actingAs({user: 'admin', origin: 'cli'}, () => s.session.agents!.accept('PC-2'));
		expect(accepted.ok).toBe(true);
		const read = readAudit(path.join(s.base, 'site'));
		if (!read.ok) throw new Error(read.error.message);
		expect(
			read.value.entries
				.filter(e => e.what !== 'created an empty site')
				.map(({user, origin, what, command, exact}) => ({user, origin, what, command, exact})),
		).toEqual([
			{
				user: 'PC-1',
				origin: 'agent',
				what: 'agent PC-1 enrolled as a pc with a join token',
				command: 'rim agent --name PC-1 --token TOKEN',
				exact: false,
			},
			{
				user: 'PC-2',
				origin: 'agent',
				what: 'agent PC-2 (pc) asked to enrol and waits for rim host accept',
				command: 'rim agent --name PC-2 --role pc',
				exact: false,
			},
			{user: 'admin', origin: 'cli', what: 'accepted agent PC-2 (pc)', command: 'rim host accept PC-2', exact: true},
		]);
	});
});

describe('a new device certificate for a security PC on an agent', {timeout: 120_000}, () => {
	it('is issued over the device key the PC made at enrolment, not the office shared one', async () => {
		const s = await site();
		const token = s.session.agents!.registry.createToken({
			role: 'security-pc',
			uses: 1,
			expiresAt: Date.now() + 60_000,
			now: Date.now(),
		});
		const tlsKey = newAgentKeyPem();
		// The agent keeps the private half in A/device/key.pem; only the public key travels.
		const deviceKey = newAgentKeyPem();
		const devicePublicKeyPem = createPublicKey(deviceKey).export({type: 'spki', format: 'pem'}).toString();
		const answer = await call(s, 'POST', '/v1/enrol', {
			body: {
				name: 'SEC-1',
				token,
				role: 'security-pc',
				os: 'linux',
				csrPem: createCsr(tlsKey, 'SEC-1'),
				devicePublicKeyPem,
			},
		});
		expect(JSON.parse(answer.body).status).toBe('enrolled');
		const issued = await issueCertificate(s.session.engine, 'SEC-1');
		expect(issued.ok).toBe(true);
		const task = s.session.agents!.fleet.tasksFor('SEC-1', 10).find(t => t.order.kind === 'device-certificate');
		if (task?.order.kind !== 'device-certificate') throw new Error('no device-certificate task queued');
		const cert = new X509Certificate(task.order.certPem);
		expect(cert.publicKey.export({type: 'spki', format: 'pem'})).toBe(devicePublicKeyPem);
		expect(cert.checkIssued(new X509Certificate(s.session.engine.office.public.caCertPem))).toBe(true);
		// The host's record names the certificate sent.
		expect(s.session.engine.host('SEC-1')?.certificate?.serial.toUpperCase()).toBe(cert.serialNumber.toUpperCase());
	});
});

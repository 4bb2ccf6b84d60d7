/**
 * A security PC's authentication on the agent: each code comes from a real condition of the files under A/device/ or
 * of the update data on disk, as `rim agent` reads them when its authenticate task arrives.
 */
import {createHash, randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {AgentFiles} from '../src/agent/agent-state.js';
import {carryOut, type ExecutorOptions} from '../src/agent/executor.js';
import {Transport} from '../src/agent/transport.js';
import {newAgentKeyPem} from '../src/engine/pki/agent-certs.js';
import {createOffice, issueDeviceCertificate, signPackage} from '../src/engine/pki/index.js';
import {seededRng} from '../src/engine/rng.js';
import {wirePackageSchema, type Task, type WirePackage} from '../src/net/agents/protocol.js';
import {main} from '../src/cli.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'rim-device-'));
afterAll(() => rmSync(base, {recursive: true, force: true}));

const NOW = Date.now();
const office = createOffice({now: NOW, rng: seededRng(5)});
const foreign = createOffice({now: NOW, rng: seededRng(6), name: 'Another Office'});
const deviceKey = newAgentKeyPem();
const deviceCert = (o = office, notAfter = NOW + 86_400_000) =>
	issueDeviceCertificate(o, {
		hostId: 'SEC-1',
		notBefore: NOW - 60_000,
		notAfter,
		rng: seededRng(7),
		publicKeyPem: deviceKey,
	});
const payload = randomBytes(50_000);
const digest = createHash('sha256').update(payload).digest('hex');
const pkg: WirePackage = {
	id: 'DEFS',
	version: '1',
	digest,
	size: payload.length,
	installScript: null,
	replaceExisting: false,
	auth: signPackage(office, {id: 'DEFS', version: '1', sha256: digest, size: payload.length}),
};
const task: Task = {
	id: 'T1',
	key: {job: 'J0001', host: 'SEC-1', attempt: 1},
	order: {kind: 'authenticate', packages: [pkg]},
};

let n = 0;
/** A fresh agent folder with a healthy device and the update data downloaded; `change` breaks something. */
async function authenticate(change: (files: AgentFiles) => void = () => {}, extra: Partial<ExecutorOptions> = {}) {
	const files = new AgentFiles(path.join(base, `agent-${n++}`));
	files.write(files.device.cert, deviceCert());
	files.write(files.device.ca, office.public.caCertPem);
	files.write(files.device.pki, JSON.stringify({office: office.public.fingerprint}));
	mkdirSync(files.downloads, {recursive: true});
	writeFileSync(path.join(files.downloads, `${digest}.tar.gz`), payload);
	change(files);
	const report = await carryOut(task, {
		files,
		transport: new Transport(new URL('https://127.0.0.1:1'), null),
		installRoot: path.join(base, 'root'),
		answer: 'yes',
		dialogTimeoutMs: 1000,
		log: () => {},
		authMemoryBytes: 1024,
		installTimeoutMs: 1000,
		officeFingerprint: office.public.fingerprint,
		name: 'SEC-1',
		now: () => NOW,
		download: {
			retry: {floorMs: 1, capMs: 1, factor: 2, chunkTries: 1},
			chunkTimeoutMs: 1000,
			random: () => 0,
			log: () => {},
		},
		...extra,
	});
	return report?.kind === 'authenticated' ? (report.failure?.code ?? 'ok') : (report?.kind ?? 'stopped');
}

describe('authentication on a real security PC', () => {
	it('succeeds on a healthy device, and each of the nine codes comes from its broken condition', async () => {
		expect(await authenticate()).toBe('ok');
		expect(await authenticate(f => rmSync(f.device.cert))).toBe('300097078300');
		expect(await authenticate(f => rmSync(f.device.ca))).toBe('300097078600');
		expect(await authenticate(f => f.write(f.device.cert, deviceCert(foreign)))).toBe('300097078400');
		expect(await authenticate(f => f.write(f.device.cert, deviceCert(office, NOW - 1000)))).toBe('300097078500');
		expect(await authenticate(f => f.write(f.device.pki, JSON.stringify({office: foreign.public.fingerprint})))).toBe(
			'300097079100',
		);
		expect(
			await authenticate(f => {
				const altered = Buffer.from(payload);
				altered[100] = altered[100]! ^ 1;
				writeFileSync(path.join(f.downloads, `${digest}.tar.gz`), altered);
			}),
		).toBe('300097078100');
		expect(await authenticate(f => f.write(f.device.pki, '{not json'))).toBe('300097078700');
		expect(await authenticate(f => f.write(f.device.cert, 'not a certificate'))).toBe('300097078700');
		expect(
			await authenticate(f =>
				f.write(
					f.device.cert,
					issueDeviceCertificate(office, {
						hostId: 'SEC-2',
						notBefore: NOW - 60_000,
						notAfter: NOW + 86_400_000,
						rng: seededRng(8),
						publicKeyPem: deviceKey,
					}),
				),
			),
		).toBe('30009707FF00');
		// More memory required than any machine has: the shortage is real on this PC.
		expect(await authenticate(() => {}, {authMemoryBytes: Number.MAX_SAFE_INTEGER})).toBe('300097078200');
	});
});

describe('the confirmation dialog on a real PC (--answer ask)', () => {
	it('stays open until rim agent answer answers it; with no dialog open, the answer is refused', async () => {
		const files = new AgentFiles(path.join(base, 'asking'));
		mkdirSync(files.dir, {recursive: true});
		const lines: string[] = [];
		const out = {log: (l: string) => lines.push(l), error: (l: string) => lines.push(l)};
		expect(await main(['agent', 'answer', 'yes', '--dir', files.dir], out, {})).toBe(2);
		expect(lines.pop()).toBe(`rim: no confirmation dialog is open on the agent in ${files.dir}`);
		const asked = carryOut(
			{id: 'T2', key: {job: 'J0002', host: 'SEC-1', attempt: 1}, order: {kind: 'ask-user'}},
			{
				files,
				transport: new Transport(new URL('https://127.0.0.1:1'), null),
				installRoot: path.join(base, 'root'),
				answer: 'ask',
				dialogTimeoutMs: 600_000,
				log: l => lines.push(l),
				authMemoryBytes: 1024,
				installTimeoutMs: 1000,
				officeFingerprint: '',
				name: 'SEC-1',
				now: () => NOW,
				download: {
					retry: {floorMs: 1, capMs: 1, factor: 2, chunkTries: 1},
					chunkTimeoutMs: 1000,
					random: () => 0,
					log: () => {},
				},
			},
		);
		while (files.read(files.dialog) === null) await new Promise(r => setImmediate(r));
		expect(lines).toContain(
			'the update of J0002 waits for the PC user: restart this PC now, then download and install? No answer in 600 s counts as Later.',
		);
		// No terminal here: only another shell can answer.
		expect(lines).toContain(`answer from another shell: rim agent answer yes|later|cancel --dir ${files.dir}`);
		expect(await main(['agent', 'answer', 'later', '--dir', files.dir], out, {})).toBe(0);
		expect(await asked).toEqual({kind: 'user-answered', answer: 'later'});
		expect(files.read(files.dialog)).toBeNull();

		// The agent stopping closes the dialog unanswered: no report, so the task is asked again at the next start.
		const stopping = new AbortController();
		const stopped = carryOut(
			{id: 'T3', key: {job: 'J0003', host: 'SEC-1', attempt: 1}, order: {kind: 'ask-user'}},
			{
				files,
				transport: new Transport(new URL('https://127.0.0.1:1'), null),
				installRoot: path.join(base, 'root'),
				answer: 'ask',
				dialogTimeoutMs: 600_000,
				signal: stopping.signal,
				log: l => lines.push(l),
				authMemoryBytes: 1024,
				installTimeoutMs: 1000,
				officeFingerprint: '',
				name: 'SEC-1',
				now: () => NOW,
				download: {
					retry: {floorMs: 1, capMs: 1, factor: 2, chunkTries: 1},
					chunkTimeoutMs: 1000,
					random: () => 0,
					log: () => {},
				},
			},
		);
		while (files.read(files.dialog) === null) await new Promise(r => setImmediate(r));
		stopping.abort();
		expect(await stopped).toBeNull();
		expect(files.read(files.dialog)).toBeNull();
	});
});

describe('what the agent accepts from the manager', () => {
	it('refuses an install script path that leaves the package', () => {
		const wire = (installScript: string) => wirePackageSchema.safeParse({...pkg, installScript}).success;
		expect(['bin/install.sh', 'setup..sh'].map(wire)).toEqual([true, true]);
		expect(['../x', '/etc/x', 'a/../../b', 'a\\..\\b'].map(wire)).toEqual([false, false, false, false]);
	});
});

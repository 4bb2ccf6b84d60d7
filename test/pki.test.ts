import {createHash, createPublicKey, X509Certificate} from 'node:crypto';
import fc from 'fast-check';
import forge from 'node-forge';
import {beforeAll, describe, expect, it} from 'vitest';
import {CODES} from '../src/engine/codes.js';
import type {PackageAuth} from '../src/engine/model.js';
import type {AuthDevice} from '../src/engine/pki/index.js';
import {
	applyDeviceFault,
	AUTH_MEMORY_REQUIRED,
	authenticateOnDevice,
	createOffice,
	DEVICE_FAULTS,
	describeCertificate,
	healthyDevice,
	issueDeviceCertificate,
	receivedPayload,
	signPackage,
	type DeviceFault,
	type Office,
} from '../src/engine/pki/index.js';
import {seededRng} from '../src/engine/rng.js';
import {createCsr, csrPublicKey, newAgentKeyPem} from '../src/engine/pki/agent-certs.js';

const NOW = Date.UTC(2026, 8, 1, 9, 30);
const DAY = 24 * 60 * 60 * 1000;
const HOST = 'sec-pc-0001';
const PKG = {id: 'PKG-0007', version: '0302'};
const EXPECTED = {packageId: PKG.id, version: PKG.version};
const rng = seededRng(42);

let office: Office;
/** Another office with the same name, so the same CA subject DN but a different key. */
let rival: Office;
let payload: Uint8Array;
let auth: PackageAuth;

beforeAll(() => {
	office = createOffice({now: NOW - 30 * DAY, rng});
	rival = createOffice({now: NOW - 30 * DAY, rng});
	payload = rng.bytes(2048);
	auth = signPackage(office, {...PKG, sha256: sha256(payload)});
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const freshDevice = (): AuthDevice =>
	healthyDevice(office, {hostId: HOST, notBefore: NOW - 10 * DAY, notAfter: NOW + 365 * DAY, rng});

/** Authenticates the package on a device as it receives it; returns the code, or 'ok'. */
function codeOn(device: AuthDevice, over: {auth?: PackageAuth; payload?: Uint8Array; hostId?: string} = {}): string {
	const result = authenticateOnDevice({
		device,
		hostId: over.hostId ?? HOST,
		expectedOffice: office.public.fingerprint,
		auth: over.auth ?? auth,
		...EXPECTED,
		payload: receivedPayload(device, over.payload ?? payload),
		now: NOW,
	});
	return result.ok ? 'ok' : result.error.code;
}

function detailOn(device: AuthDevice): string {
	const result = authenticateOnDevice({
		device,
		hostId: HOST,
		expectedOffice: office.public.fingerprint,
		auth,
		...EXPECTED,
		payload: receivedPayload(device, payload),
		now: NOW,
	});
	return result.ok ? '' : result.error.detail;
}

const fault = (device: AuthDevice, f: DeviceFault) =>
	applyDeviceFault(device, f, office, {hostId: HOST, now: NOW, rng});

const withCert = (device: AuthDevice, window: {notBefore: number; notAfter: number}, hostId = HOST, from = office) => ({
	...device,
	deviceCertPem: issueDeviceCertificate(from, {hostId, ...window, rng}),
});

/** Flips one byte of a certificate's DER (the last byte lies in the signature) and returns the PEM. */
function flipDerByte(pem: string, fromEnd: number): string {
	const der = Buffer.from(new X509Certificate(pem).raw);
	der[der.length - fromEnd] = der[der.length - fromEnd]! ^ 0x01;
	return `-----BEGIN CERTIFICATE-----\n${der
		.toString('base64')
		.match(/.{1,64}/g)!
		.join('\n')}\n-----END CERTIFICATE-----\n`;
}

describe('a healthy security PC', () => {
	it('authenticates a correctly signed package', () => {
		expect(
			authenticateOnDevice({
				device: freshDevice(),
				hostId: HOST,
				expectedOffice: office.public.fingerprint,
				auth,
				...EXPECTED,
				payload,
				now: NOW,
			}),
		).toEqual({ok: true});
	});

	it('has more free memory than authentication needs and no corruption', () => {
		const device = freshDevice();
		expect(device.freeMemoryBytes).toBeGreaterThanOrEqual(AUTH_MEMORY_REQUIRED);
		expect(device.corruptPayloadOffsets).toEqual([]);
		expect(device.pkiOffice).toBe(office.public.fingerprint);
	});
});

describe('lab faults make each of the nine codes arise from a real condition', () => {
	const table: [DeviceFault, string][] = [
		['unauthorized-pki', CODES.pkiEnvironment],
		['low-memory', CODES.lowMemory],
		['no-cert', CODES.noDeviceCert],
		['no-ca-cert', CODES.noCaCert],
		['foreign-cert', CODES.deviceCertInvalid],
		['expired-cert', CODES.deviceCertExpired],
		['tampered-data', CODES.dataAltered],
		['internal-error', CODES.authException],
		['other-error', CODES.authOther],
	];

	it.each(table)('the %s fault makes authentication fail with %s', (f, code) => {
		expect(codeOn(fault(freshDevice(), f))).toBe(code);
	});

	it('covers every fault but clear, with nine distinct codes', () => {
		expect(new Set(table.map(([f]) => f))).toEqual(new Set(DEVICE_FAULTS.filter(f => f !== 'clear')));
		expect(new Set(table.map(([, c]) => c)).size).toBe(9);
	});

	it('changes the device data itself, never adds a flag', () => {
		const device = freshDevice();
		for (const f of DEVICE_FAULTS) expect(Object.keys(fault(device, f)).sort()).toEqual(Object.keys(device).sort());
		expect(describeCertificate(fault(device, 'foreign-cert').deviceCertPem!)?.issuer).toBe(
			'Foreign Certification Office',
		);
		expect(describeCertificate(fault(device, 'expired-cert').deviceCertPem!)!.notAfter).toBeLessThan(NOW);
		expect(describeCertificate(fault(device, 'other-error').deviceCertPem!)!.subject).not.toBe(HOST);
		expect(describeCertificate(fault(device, 'internal-error').deviceCertPem!)).toBeNull();
		expect(fault(device, 'unauthorized-pki').pkiOffice).not.toBe(office.public.fingerprint);
		expect(sha256(receivedPayload(fault(device, 'tampered-data'), payload))).not.toBe(sha256(payload));
	});

	it('leaves the device it was given unchanged', () => {
		const device = freshDevice();
		const copy = structuredClone(device);
		for (const f of DEVICE_FAULTS) fault(device, f);
		expect(device).toEqual(copy);
	});

	it('authenticates again after clear issues a new certificate', () => {
		let device = freshDevice();
		for (const f of DEVICE_FAULTS.filter(f => f !== 'clear')) device = fault(device, f);
		expect(codeOn(device)).toBe(CODES.pkiEnvironment);
		const cleared = fault(device, 'clear');
		expect(codeOn(cleared)).toBe('ok');
		expect(describeCertificate(cleared.deviceCertPem!)!.notBefore).toBeLessThanOrEqual(NOW);
	});
});

describe('conditions made directly produce the codes of the check table (docs/pki.md)', () => {
	it('rejects a device certificate issued by another certification office with 300097078400', () => {
		const device = withCert(freshDevice(), {notBefore: NOW - DAY, notAfter: NOW + DAY}, HOST, rival);
		expect(codeOn(device)).toBe(CODES.deviceCertInvalid);
		expect(detailOn(device)).toMatch(/not by the certification office/);
	});

	it('rejects a device certificate whose signature was altered with 300097078400', () => {
		const device = freshDevice();
		const broken = {...device, deviceCertPem: flipDerByte(device.deviceCertPem!, 1)};
		expect(codeOn(broken)).toBe(CODES.deviceCertInvalid);
		expect(detailOn(broken)).toMatch(/signature does not verify/);
	});

	it('rejects a device certificate that is not valid yet with 300097078400', () => {
		const device = withCert(freshDevice(), {notBefore: NOW + DAY, notAfter: NOW + 365 * DAY});
		expect(codeOn(device)).toBe(CODES.deviceCertInvalid);
		expect(detailOn(device)).toBe('the device certificate is not valid before 2026-09-02 09:30 UTC');
	});

	it('rejects a device certificate with a past notAfter with 300097078500 and names the date', () => {
		const device = withCert(freshDevice(), {notBefore: NOW - 400 * DAY, notAfter: Date.UTC(2026, 7, 1)});
		expect(codeOn(device)).toBe(CODES.deviceCertExpired);
		expect(detailOn(device)).toBe('the device certificate expired on 2026-08-01 00:00 UTC');
	});

	it('needs exactly AUTH_MEMORY_REQUIRED bytes of free memory', () => {
		expect(codeOn({...freshDevice(), freeMemoryBytes: AUTH_MEMORY_REQUIRED})).toBe('ok');
		expect(codeOn({...freshDevice(), freeMemoryBytes: AUTH_MEMORY_REQUIRED - 1})).toBe(CODES.lowMemory);
	});

	it('rejects a payload with one flipped byte with 300097078100', () => {
		const flipped = Uint8Array.from(payload);
		flipped[100] = flipped[100]! ^ 0x01;
		expect(codeOn(freshDevice(), {payload: flipped})).toBe(CODES.dataAltered);
	});

	it('rejects a manifest with one flipped byte with 300097078100', () => {
		const manifest = auth.manifest.replace('0302', '0303');
		expect(codeOn(freshDevice(), {auth: {...auth, manifest}})).toBe(CODES.dataAltered);
	});

	it('rejects a manifest signed by a different key with 300097078100', () => {
		const forged = signPackage(rival, {...PKG, sha256: sha256(payload)});
		expect(codeOn(freshDevice(), {auth: {...forged, signerCertPem: office.public.signerCertPem}})).toBe(
			CODES.dataAltered,
		);
		expect(codeOn(freshDevice(), {auth: forged})).toBe(CODES.dataAltered);
	});

	it('rejects a correctly signed package that is not the one being installed with 300097078100', () => {
		const other = signPackage(office, {id: PKG.id, version: '0301', sha256: sha256(payload)});
		expect(codeOn(freshDevice(), {auth: other})).toBe(CODES.dataAltered);
	});

	it('reports certificate data that does not parse as an exception, 300097078700', () => {
		const device = freshDevice();
		const garbage = '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGUgYXQgYWxs\n-----END CERTIFICATE-----\n';
		expect(codeOn({...device, deviceCertPem: garbage})).toBe(CODES.authException);
		expect(codeOn({...device, caCertPem: garbage})).toBe(CODES.authException);
		expect(detailOn({...device, caCertPem: garbage})).toMatch(
			/certification office certificate on the device could not be read/,
		);
	});

	it('rejects a valid certificate of this office issued to another PC with 30009707FF00', () => {
		const device = withCert(freshDevice(), {notBefore: NOW - DAY, notAfter: NOW + DAY}, 'sec-pc-0002');
		expect(codeOn(device)).toBe(CODES.authOther);
		expect(detailOn(device)).toBe('the device certificate was issued to "sec-pc-0002", not to this PC "sec-pc-0001"');
	});

	it('accepts host ids with characters that X.509 names escape', () => {
		for (const hostId of ['pc,1+2="x"', ' lead', 'pc\\01', 'ü-日本']) {
			expect(codeOn(withCert(freshDevice(), {notBefore: NOW - DAY, notAfter: NOW + DAY}, hostId), {hostId})).toBe('ok');
		}
	});
});

describe('the first failing check decides the code', () => {
	it('reports low memory before a missing certificate', () => {
		expect(codeOn(fault(fault(freshDevice(), 'no-cert'), 'low-memory'))).toBe(CODES.lowMemory);
	});

	it('reports an expired certificate before tampered data', () => {
		expect(codeOn(fault(fault(freshDevice(), 'tampered-data'), 'expired-cert'))).toBe(CODES.deviceCertExpired);
	});

	it('reports a foreign certificate before its expiry', () => {
		const device = withCert(freshDevice(), {notBefore: NOW - 400 * DAY, notAfter: NOW - DAY}, HOST, rival);
		expect(codeOn(device)).toBe(CODES.deviceCertInvalid);
	});

	it('reports a missing CA certificate before an unreadable device certificate', () => {
		expect(codeOn(fault(fault(freshDevice(), 'internal-error'), 'no-ca-cert'))).toBe(CODES.noCaCert);
	});

	it('reports tampered data before a certificate issued to another PC', () => {
		expect(codeOn(fault(fault(freshDevice(), 'other-error'), 'tampered-data'))).toBe(CODES.dataAltered);
	});
});

describe('any single altered byte is detected', () => {
	it('flipping any byte of the payload gives 300097078100', () => {
		const device = freshDevice();
		fc.assert(
			fc.property(fc.nat({max: 2047}), fc.integer({min: 1, max: 255}), (at, mask) => {
				const altered = Uint8Array.from(payload);
				altered[at] = altered[at]! ^ mask;
				return codeOn(device, {payload: altered}) === CODES.dataAltered;
			}),
			{numRuns: 100},
		);
	});

	it('flipping any byte of the manifest text gives 300097078100', () => {
		const device = freshDevice();
		const bytes = Buffer.from(auth.manifest, 'utf8');
		fc.assert(
			fc.property(fc.nat({max: bytes.length - 1}), fc.integer({min: 1, max: 255}), (at, mask) => {
				const altered = Buffer.from(bytes);
				altered[at] = altered[at]! ^ mask;
				return codeOn(device, {auth: {...auth, manifest: altered.toString('utf8')}}) === CODES.dataAltered;
			}),
			{numRuns: 100},
		);
	});
});

describe('the payload a device receives', () => {
	it('differs at each corrupted offset, and two offsets at the same position do not cancel out', () => {
		const device = {...freshDevice(), corruptPayloadOffsets: [5, 5 + payload.length]};
		const received = receivedPayload(device, payload);
		expect(received[5]).toBe(payload[5]! ^ 0xff);
		expect([...received].filter((b, i) => b !== payload[i])).toHaveLength(1);
	});
});

describe('describeCertificate', () => {
	it('reads back what the office issued', () => {
		const pem = issueDeviceCertificate(office, {
			hostId: HOST,
			notBefore: NOW - DAY + 123,
			notAfter: NOW + 90 * DAY,
			rng,
		});
		const info = describeCertificate(pem)!;
		expect(info.subject).toBe(HOST);
		expect(info.issuer).toBe('rim Certification Office');
		expect(info.notBefore).toBe(NOW - DAY);
		expect(info.notAfter).toBe(NOW + 90 * DAY);
		expect(info.serial).toMatch(/^[0-9A-F]{32}$/);
		expect(info.fingerprint).toMatch(/^[0-9a-f]{64}$/);
	});

	it('gives the CA certificate the office fingerprint and a ten-year life', () => {
		const ca = describeCertificate(office.public.caCertPem)!;
		expect(ca.fingerprint).toBe(office.public.fingerprint);
		expect(ca.subject).toBe(ca.issuer);
		expect(ca.notAfter - (NOW - 30 * DAY)).toBe(10 * 365 * DAY);
		expect(describeCertificate(office.public.signerCertPem)!.issuer).toBe('rim Certification Office');
	});

	it('returns null for text that is not a certificate', () => {
		expect(describeCertificate('not a certificate')).toBeNull();
	});
});

describe('certificate signing requests', () => {
	const keyPem = newAgentKeyPem();
	const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
	const pem = (bytes: Buffer) =>
		`-----BEGIN CERTIFICATE REQUEST-----\n${bytes.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;

	it("gives an agent's own request's public key", () => {
		const checked = csrPublicKey(createCsr(keyPem, 'PC-1'));
		if (!checked.ok) throw new Error(checked.error.reason);
		const spki = (pem: string) => createPublicKey(pem).export({type: 'spki', format: 'der'}).toString('hex');
		expect(spki(forge.pki.publicKeyToPem(checked.value))).toBe(spki(keyPem));
	});

	it('refuses a request whose signature or signed content was changed, or signed with SHA-1', () => {
		const bytes = der(createCsr(keyPem, 'PC-1'));
		const signature = Buffer.from(bytes);
		signature[signature.length - 1]! ^= 1;
		const name = Buffer.from(bytes);
		const at = name.indexOf(Buffer.from('PC-1'));
		name[at + 3] = '2'.charCodeAt(0);
		for (const changed of [signature, name])
			expect(csrPublicKey(pem(changed))).toEqual({
				ok: false,
				error: {reason: 'the certificate signing request signature does not verify'},
			});
		const sha1 = forge.pki.createCertificationRequest();
		sha1.publicKey = forge.pki.publicKeyFromPem(
			createPublicKey(keyPem).export({type: 'spki', format: 'pem'}) as string,
		);
		sha1.setSubject([{name: 'commonName', value: 'PC-1'}]);
		sha1.sign(forge.pki.privateKeyFromPem(keyPem));
		expect(csrPublicKey(forge.pki.certificationRequestToPem(sha1))).toMatchObject({
			ok: false,
			error: {reason: expect.stringMatching(/not signed with RSA and SHA-256/)},
		});
	});
});

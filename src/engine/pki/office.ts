/** The certification office of docs/pki.md: the CA rim creates on first run, its signer and device certificates. */
import {generateKeyPairSync} from 'node:crypto';
import {DAY_MS, YEAR_MS} from '../durations.js';
import type {OfficePublic} from '../model.js';
import type {Rng} from '../rng.js';
import {
	buildCertificate,
	cachedX509,
	dn,
	fingerprintOf,
	forgePublicKeyOf,
	issuerOf,
	privateKeyOf,
	serialHex,
} from './certs.js';

/** Private keys of the office; the data layer stores them in files with mode 0600. */
export interface OfficeSecrets {
	caKeyPem: string;
	signerKeyPem: string;
	deviceKeyPem: string;
}

/** A certification office: what every PC may see, and the keys only the managing server holds. */
export interface Office {
	public: OfficePublic;
	secrets: OfficeSecrets;
}

/** Native RSA-2048 keygen (~110 ms); never forge's pure-JS generator, which takes seconds (docs/pki.md, Implementation notes). */
function newKeyPem(): string {
	return generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({type: 'pkcs8', format: 'pem'}).toString();
}

/**
 * Creates a certification office: a CA certificate valid for 10 years from `now`, a package-signing certificate
 * issued by it, and one device key pair shared by all simulated devices. RSA 2048, SHA-256; serials come from `rng`,
 * the keys themselves from OpenSSL (so two offices made with the same seed still differ). Takes ~350 ms (three keys).
 */
export function createOffice(opts: {now: number; rng: Rng; name?: string}): Office {
	const name = opts.name ?? 'rim Certification Office';
	const caKeyPem = newKeyPem();
	const signerKeyPem = newKeyPem();
	// One key pair for every simulated device: generating 10,000 RSA keys would take ~25 minutes, and rim's model never
	// uses a device's private key (the PC proves nothing with it; it only checks its certificate and the package).
	const deviceKeyPem = newKeyPem();
	const caKey = privateKeyOf(caKeyPem);
	// Back-dated one day so a PC whose clock lags the server a little still accepts certificates issued "now".
	const notBefore = opts.now - DAY_MS;
	const notAfter = opts.now + 10 * YEAR_MS;
	const caDn = dn(name);
	const caCertPem = buildCertificate(
		{
			subject: caDn,
			issuer: caDn,
			publicKey: forgePublicKeyOf(caKeyPem),
			notBefore,
			notAfter,
			serialHex: serialHex(opts.rng),
			extensions: [
				{name: 'basicConstraints', cA: true, critical: true},
				{name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
				{name: 'subjectKeyIdentifier'},
			],
		},
		caKey,
	);
	const signerCertPem = buildCertificate(
		{
			subject: dn(`${name} Package Signer`),
			issuer: caDn,
			publicKey: forgePublicKeyOf(signerKeyPem),
			notBefore,
			notAfter,
			serialHex: serialHex(opts.rng),
			extensions: [
				{name: 'basicConstraints', cA: false, critical: true},
				{name: 'keyUsage', digitalSignature: true, critical: true},
				{name: 'extKeyUsage', codeSigning: true},
				{name: 'subjectKeyIdentifier'},
				{name: 'authorityKeyIdentifier', keyIdentifier: issuerOf(caCertPem).keyId},
			],
		},
		caKey,
	);
	return {
		public: {caCertPem, fingerprint: fingerprintOf(cachedX509(caCertPem)), signerCertPem},
		secrets: {caKeyPem, signerKeyPem, deviceKeyPem},
	};
}

/**
 * Issues a device certificate for a host: subject CN = hostId, issued and signed by the office CA, over the office's
 * shared device public key (or `publicKeyPem`). Any window is accepted, so expired and not-yet-valid certificates are
 * real certificates too. Validity is stored to the second (truncated). ~0.4 ms: forge builds, Node signs.
 */
export function issueDeviceCertificate(
	office: Office,
	opts: {hostId: string; notBefore: number; notAfter: number; rng: Rng; publicKeyPem?: string},
): string {
	const issuer = issuerOf(office.public.caCertPem);
	return buildCertificate(
		{
			subject: dn(opts.hostId),
			issuer: issuer.subject,
			publicKey: forgePublicKeyOf(opts.publicKeyPem ?? office.secrets.deviceKeyPem),
			notBefore: opts.notBefore,
			notAfter: opts.notAfter,
			serialHex: serialHex(opts.rng),
			extensions: [
				{name: 'basicConstraints', cA: false},
				{name: 'keyUsage', digitalSignature: true, critical: true},
				{name: 'extKeyUsage', clientAuth: true},
				{name: 'subjectKeyIdentifier'},
				{name: 'authorityKeyIdentifier', keyIdentifier: issuer.keyId},
			],
		},
		privateKeyOf(office.secrets.caKeyPem),
	);
}

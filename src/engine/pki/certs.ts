/**
 * Internal helpers of the certification office: building X.509 certificates with node-forge and signing them with
 * Node's crypto (docs/pki.md, Implementation notes: 0.4 ms instead of forge's 20 ms), plus small parse caches for the hot paths.
 */
import {createHash, createPrivateKey, createPublicKey, sign, X509Certificate, type KeyObject} from 'node:crypto';
import forge from 'node-forge';
import type {Rng} from '../rng.js';

const {pki, asn1} = forge;
type Asn1 = forge.asn1.Asn1;

/** A distinguished-name attribute list; values are encoded as UTF8String so any host id survives the round trip. */
export type Dn = forge.pki.CertificateField[];

/** What a certificate says; the issuer's key signs it. */
export interface CertSpec {
	subject: Dn;
	issuer: Dn;
	publicKey: forge.pki.PublicKey;
	notBefore: number;
	notAfter: number;
	serialHex: string;
	extensions: object[];
}

/** A DN of common name + organisation. */
export function dn(commonName: string, organization = 'rim'): Dn {
	return [
		{name: 'commonName', value: commonName, valueTagClass: asn1.Type.UTF8 as unknown as forge.asn1.Class},
		{name: 'organizationName', value: organization, valueTagClass: asn1.Type.UTF8 as unknown as forge.asn1.Class},
	];
}

/** A positive 16-byte serial from the seeded RNG: first byte in 0x01..0x7f, so the DER INTEGER is minimal. */
export function serialHex(rng: Rng): string {
	const bytes = rng.bytes(16);
	bytes[0] = bytes[0]! & 0x7f || 0x01;
	return Buffer.from(bytes).toString('hex');
}

/** Builds the certificate with forge, signs its TBS with Node (sha256WithRSAEncryption) and returns the PEM. */
export function buildCertificate(spec: CertSpec, issuerKey: KeyObject): string {
	const cert = pki.createCertificate();
	cert.serialNumber = spec.serialHex;
	cert.publicKey = spec.publicKey;
	cert.validity.notBefore = new Date(spec.notBefore);
	cert.validity.notAfter = new Date(spec.notAfter);
	cert.setSubject(spec.subject);
	cert.setIssuer(spec.issuer);
	cert.setExtensions(spec.extensions);
	// The fast path of docs/pki.md (Implementation notes): the fields cert.sign() would set, with the signature computed by Node.
	const fast = cert as unknown as {signatureOid: string; siginfo: {algorithmOid: string}; tbsCertificate: Asn1};
	fast.signatureOid = fast.siginfo.algorithmOid = pki.oids['sha256WithRSAEncryption']!;
	fast.tbsCertificate = pki.getTBSCertificate(cert);
	const tbs = Buffer.from(asn1.toDer(fast.tbsCertificate).getBytes(), 'binary');
	cert.signature = sign('sha256', tbs, issuerKey).toString('binary');
	return pki.certificateToPem(cert);
}

/** A Map that forgets its oldest entry past `limit`, so PEM-keyed caches stay small. */
export class BoundedCache<V> {
	private readonly map = new Map<string, V>();
	constructor(private readonly limit: number) {}
	get(key: string, make: () => V): V {
		const hit = this.map.get(key);
		if (hit !== undefined || this.map.has(key)) return hit as V;
		const value = make();
		if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
		this.map.set(key, value);
		return value;
	}
}

const privateKeys = new BoundedCache<KeyObject>(16);
const publicKeys = new BoundedCache<KeyObject>(16);
const forgePublicKeys = new BoundedCache<forge.pki.PublicKey>(16);
const trustedCerts = new BoundedCache<X509Certificate>(64);
const issuers = new BoundedCache<{subject: Dn; keyId: string}>(16);

/** The private key of a PEM, parsed once per process. */
export const privateKeyOf = (pem: string): KeyObject => privateKeys.get(pem, () => createPrivateKey(pem));

/** The public half of a private or public key PEM, parsed once per process. */
export const publicKeyOf = (pem: string): KeyObject => publicKeys.get(pem, () => createPublicKey(pem));

/** The public half of a private or public key PEM, converted for forge's certificate builder once per process. */
export function forgePublicKeyOf(keyPem: string): forge.pki.PublicKey {
	return forgePublicKeys.get(keyPem, () =>
		pki.publicKeyFromPem(publicKeyOf(keyPem).export({type: 'spki', format: 'pem'}).toString()),
	);
}

/**
 * A certificate that is reused on every check (a CA copy, a signing certificate), parsed once per PEM string.
 * Throws like `new X509Certificate` when the PEM does not parse (the failure is not cached).
 */
export const cachedX509 = (pem: string): X509Certificate => trustedCerts.get(pem, () => new X509Certificate(pem));

// A device certificate is parsed to authenticate, and again moments later to record it on its host: the last few
// parsed are kept, so each is parsed once (X509Certificate objects are immutable).
const recentCerts = new BoundedCache<X509Certificate>(256);

/** A certificate seen once or twice in a row (a device's), parsed once while it is among the last 256. Throws like `new X509Certificate`. */
export const recentX509 = (pem: string): X509Certificate => recentCerts.get(pem, () => new X509Certificate(pem));

/** The issuer fields a CA puts in the certificates it signs: its subject DN and its subject key identifier. */
export function issuerOf(caCertPem: string): {subject: Dn; keyId: string} {
	return issuers.get(caCertPem, () => {
		const ca = pki.certificateFromPem(caCertPem);
		return {subject: ca.subject.attributes, keyId: ca.generateSubjectKeyIdentifier().getBytes()};
	});
}

/** Hex SHA-256 of a certificate's DER: the fingerprint rim shows and configures PCs with. */
export const fingerprintOf = (cert: X509Certificate): string => createHash('sha256').update(cert.raw).digest('hex');

/**
 * The CN of a Node `X509Certificate.subject`/`.issuer` string ("CN=…\nO=…"), unescaped, or '' when it has none.
 * Node escapes RFC 2253 specials (`\,` `\+` `\"`, a leading space) and control bytes (`\0A`); undoing that makes a
 * host id such as "a,b" compare equal to what was issued.
 */
export function commonNameOf(name: string): string {
	const line = name.split('\n').find(l => l.startsWith('CN='));
	return line === undefined ? '' : unescapeRfc2253(line.slice(3));
}

function unescapeRfc2253(value: string): string {
	if (!value.includes('\\')) return value;
	const bytes: number[] = [];
	for (const [, hex, char, plain] of value.matchAll(/\\([0-9A-Fa-f]{2})|\\(.)|([^\\]+)/gsu)) {
		if (hex !== undefined) bytes.push(Number.parseInt(hex, 16));
		else bytes.push(...Buffer.from(char ?? plain ?? '', 'utf8'));
	}
	return Buffer.from(bytes).toString('utf8');
}

/** Validity bounds of a parsed certificate, epoch ms (Node 20 has only the string forms). */
export function validityOf(cert: X509Certificate): {notBefore: number; notAfter: number} {
	return {notBefore: Date.parse(cert.validFrom), notAfter: Date.parse(cert.validTo)};
}

/** "2026-10-01 00:00 UTC": how details name an instant. */

/** Signing and checking update data packages (docs/pki.md): RSA-PSS/SHA-256 over a canonical manifest. */
import {constants, createHash, sign, verify, type X509Certificate} from 'node:crypto';
import type {PackageAuth} from '../model.js';
import {BoundedCache, cachedX509, privateKeyOf} from './certs.js';
import type {Office} from './office.js';

const HEADER = 'rim update data manifest v1';
const PSS = {padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32};
/**
 * Verdicts keyed by several texts, one map per text: a key built by joining them would be a new string of kilobytes
 * to hash on every lookup, which cost more than the rest of a security PC's check around the cryptography.
 */
class Verdicts {
	private readonly top: BoundedCache<Verdicts | boolean>;
	constructor(private readonly limit: number) {
		this.top = new BoundedCache(limit);
	}

	get(keys: readonly string[], make: () => boolean, depth = 0): boolean {
		const key = keys[depth]!;
		if (depth === keys.length - 1) return this.top.get(key, make) as boolean;
		const next = this.top.get(key, () => new Verdicts(this.limit)) as Verdicts;
		return next.get(keys, make, depth + 1);
	}
}

// Every security PC of a job checks the same signer and manifest: verdicts are pure functions of their inputs, so
// they are remembered (keyed by the full texts) and a 10,000-PC job verifies each signature once.
const chainVerdicts = new Verdicts(16);
const signatureVerdicts = new Verdicts(16);
// ...and every one of them reads the same manifest text.
const parsedManifests = new BoundedCache<Manifest | null>(64);

/** What a manifest names. */
export interface Manifest {
	id: string;
	version: string;
	sha256: string;
	/** Payload size in bytes; packages made from files name it, the generated demo packages do not. */
	size?: number;
}

/**
 * The canonical manifest text: a header line, then package id, version, payload SHA-256 (lowercase hex) and, when
 * known, the payload size, one per line. Id and version are JSON strings so any characters (even newlines) keep the
 * text unambiguous.
 */
export function manifestText(m: Manifest): string {
	return [
		HEADER,
		`package: ${JSON.stringify(m.id)}`,
		`version: ${JSON.stringify(m.version)}`,
		`payload-sha256: ${m.sha256.toLowerCase()}`,
		...(m.size === undefined ? [] : [`payload-size: ${m.size}`]),
	].join('\n');
}

/** Reads a manifest back, or null when the text is not exactly the canonical form. */
export function parseManifest(text: string): Manifest | null {
	const [header, idLine, versionLine, digestLine, sizeLine, ...rest] = text.split('\n');
	if (header !== HEADER || rest.length > 0) return null;
	const id = jsonField(idLine, 'package');
	const version = jsonField(versionLine, 'version');
	const sha256 = /^payload-sha256: ([0-9a-f]{64})$/.exec(digestLine ?? '')?.[1];
	const sizeText = sizeLine === undefined ? undefined : /^payload-size: (0|[1-9][0-9]{0,15})$/.exec(sizeLine)?.[1];
	if (id === null || version === null || sha256 === undefined || (sizeLine !== undefined && sizeText === undefined))
		return null;
	return sizeText === undefined ? {id, version, sha256} : {id, version, sha256, size: Number(sizeText)};
}

/** The JSON string value of a `key: "value"` line, or null. */
function jsonField(line: string | undefined, key: string): string | null {
	if (line === undefined || !line.startsWith(`${key}: `)) return null;
	try {
		const value: unknown = JSON.parse(line.slice(key.length + 2));
		return typeof value === 'string' ? value : null;
	} catch {
		return null;
	}
}

/**
 * Signs an update data package: the canonical manifest (package id, version, payload SHA-256), an RSA-PSS/SHA-256
 * signature by the office's signing key (base64; PSS is salted, so two signatures of one manifest differ), and the
 * signing certificate. ~1 ms.
 */
export function signPackage(office: Office, pkg: Manifest): PackageAuth {
	const manifest = manifestText(pkg);
	const key = privateKeyOf(office.secrets.signerKeyPem);
	const signature = sign('sha256', Buffer.from(manifest, 'utf8'), {key, ...PSS});
	return {manifest, signature: signature.toString('base64'), signerCertPem: office.public.signerCertPem};
}

/**
 * Checks a package's authentication data against a trusted CA (PEM) as a security PC does: the signing certificate
 * chains to that CA, the manifest signature verifies with it, the manifest names this package and version, and the
 * payload as received has the manifest's digest. Returns null when all hold, else a sentence saying what failed.
 * A signing certificate that does not parse is part of the received data, so it is reported here (data altered),
 * not thrown.
 * The signing certificate's validity dates are not checked: a package signed while it was valid stays valid (as with
 * time-stamped code signing), and docs/pki.md has no code for an expired signer.
 */
export function packageAuthFailure(
	auth: PackageAuth,
	expect: {caCertPem: string; packageId: string; version: string; payload: Uint8Array},
): string | null {
	const ca = cachedX509(expect.caCertPem);
	let signer: X509Certificate;
	try {
		signer = cachedX509(auth.signerCertPem);
	} catch {
		return 'the signing certificate of the update data does not parse';
	}
	const chained = chainVerdicts.get(
		[expect.caCertPem, auth.signerCertPem],
		() => signer.checkIssued(ca) && signer.verify(ca.publicKey),
	);
	if (!chained) {
		return 'the signing certificate of the update data was not issued by the certification office on the device';
	}
	const signed = signatureVerdicts.get([auth.signerCertPem, auth.signature, auth.manifest], () =>
		signatureVerifies(auth, signer),
	);
	if (!signed) return 'the manifest signature of the update data does not verify';
	const manifest = parsedManifests.get(auth.manifest, () => parseManifest(auth.manifest));
	if (manifest === null) return 'the manifest of the update data is not in the canonical form';
	if (manifest.id !== expect.packageId || manifest.version !== expect.version) {
		return `the manifest names package ${manifest.id} ${manifest.version}, not ${expect.packageId} ${expect.version}`;
	}
	if (manifest.size !== undefined && manifest.size !== expect.payload.length) {
		return `the received payload has ${expect.payload.length} bytes, not the signed ${manifest.size}`;
	}
	const digest = payloadDigest(expect.payload);
	if (digest !== manifest.sha256) {
		const short = (hex: string) => `${hex.slice(0, 12)}…`;
		return `the received payload's SHA-256 ${short(digest)} differs from the signed ${short(manifest.sha256)}`;
	}
	return null;
}

/** SHA-256 of payload bytes, computed once per byte array (received payloads are never changed after they arrive). */
const digests = new WeakMap<Uint8Array, string>();
function payloadDigest(payload: Uint8Array): string {
	let digest = digests.get(payload);
	if (digest === undefined) {
		digest = createHash('sha256').update(payload).digest('hex');
		digests.set(payload, digest);
	}
	return digest;
}

function signatureVerifies(auth: PackageAuth, signer: X509Certificate): boolean {
	try {
		return verify(
			'sha256',
			Buffer.from(auth.manifest, 'utf8'),
			{key: signer.publicKey, ...PSS},
			Buffer.from(auth.signature, 'base64'),
		);
	} catch {
		return false; // a malformed signature is a signature that does not verify
	}
}

/**
 * Certificates for the agent port (docs/agent-protocol.md, Enrolment): the office signs an agent's certificate signing
 * request (its key pair never leaves the agent) and gives the manager a TLS server certificate. Both are issued by the
 * same CA as the security PCs' device certificates.
 */
import {createPublicKey, generateKeyPairSync, sign, verify} from 'node:crypto';
import forge from 'node-forge';
import type {Rng} from '../rng.js';
import {buildCertificate, dn, forgePublicKeyOf, issuerOf, privateKeyOf, serialHex} from './certs.js';
import type {Office} from './office.js';

const {pki} = forge;

/** Agent TLS certificates are valid this long; agents renew them before they end. */
export const AGENT_CERT_VALIDITY_MS = 90 * 24 * 3600 * 1000;

/** A fresh RSA-2048 key, PKCS#8 PEM (native keygen, ~0.1 s). */
export function newAgentKeyPem(): string {
	return generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({type: 'pkcs8', format: 'pem'}).toString();
}

/**
 * A PKCS#10 request for `agentId` signed with `keyPem` (the agent side of enrolment): forge builds it, Node signs it
 * (as for certificates, docs/pki.md, Implementation notes: forge's own RSA signer is ~50 times slower).
 */
export function createCsr(keyPem: string, agentId: string): string {
	const csr = pki.createCertificationRequest();
	csr.publicKey = forgePublicKeyOf(keyPem);
	csr.setSubject(dn(agentId));
	const fast = csr as unknown as {
		signatureOid: string;
		siginfo: {algorithmOid: string};
		certificationRequestInfo: forge.asn1.Asn1;
	};
	fast.signatureOid = fast.siginfo.algorithmOid = pki.oids['sha256WithRSAEncryption']!;
	fast.certificationRequestInfo = pki.getCertificationRequestInfo(csr);
	const info = Buffer.from(forge.asn1.toDer(fast.certificationRequestInfo).getBytes(), 'binary');
	csr.signature = sign('sha256', info, privateKeyOf(keyPem)).toString('binary');
	return pki.certificationRequestToPem(csr);
}

export type CsrProblem = {reason: string};

/** The digests a request may be signed with (RSA PKCS#1 v1.5), by signature algorithm OID. */
const CSR_DIGESTS: Record<string, string> = {
	[pki.oids['sha256WithRSAEncryption']!]: 'sha256',
	[pki.oids['sha384WithRSAEncryption']!]: 'sha384',
	[pki.oids['sha512WithRSAEncryption']!]: 'sha512',
};

/**
 * The public key of a well-formed, self-consistent request; a request that does not parse or verify is refused. forge
 * parses it; Node checks its signature (forge's own RSA check took ~10 ms of a busy manager's loop per enrolment).
 */
export function csrPublicKey(csrPem: string): {ok: true; value: forge.pki.PublicKey} | {ok: false; error: CsrProblem} {
	try {
		const csr = pki.certificationRequestFromPem(csrPem) as ReturnType<typeof pki.certificationRequestFromPem> & {
			signatureOid: string;
			certificationRequestInfo: forge.asn1.Asn1;
		};
		if (!csr.publicKey) return {ok: false, error: {reason: 'the certificate signing request carries no public key'}};
		const digest = CSR_DIGESTS[csr.signatureOid];
		if (!digest)
			return {
				ok: false,
				error: {reason: 'the certificate signing request is not signed with RSA and SHA-256, SHA-384 or SHA-512'},
			};
		const info = Buffer.from(forge.asn1.toDer(csr.certificationRequestInfo).getBytes(), 'binary');
		const key = createPublicKey(pki.publicKeyToPem(csr.publicKey as forge.pki.rsa.PublicKey));
		if (!verify(digest, info, key, Buffer.from(csr.signature as string, 'binary')))
			return {ok: false, error: {reason: 'the certificate signing request signature does not verify'}};
		return {ok: true, value: csr.publicKey};
	} catch (e) {
		return {
			ok: false,
			error: {reason: `the certificate signing request does not parse (${e instanceof Error ? e.message : String(e)})`},
		};
	}
}

/**
 * The office signs an agent's key: subject CN = the agent's host id (whatever the request asked for), client
 * authentication only. Only the public key is taken from the request.
 */
export function signAgentCertificate(
	office: Office,
	opts: {publicKey: forge.pki.PublicKey; agentId: string; now: number; validityMs?: number; rng: Rng},
): string {
	const issuer = issuerOf(office.public.caCertPem);
	return buildCertificate(
		{
			subject: dn(opts.agentId, 'rim agent'),
			issuer: issuer.subject,
			publicKey: opts.publicKey,
			notBefore: opts.now - 60_000,
			notAfter: opts.now + (opts.validityMs ?? AGENT_CERT_VALIDITY_MS),
			serialHex: serialHex(opts.rng),
			extensions: [
				{name: 'basicConstraints', cA: false, critical: true},
				{name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
				{name: 'extKeyUsage', clientAuth: true},
				{name: 'subjectKeyIdentifier'},
				{name: 'authorityKeyIdentifier', keyIdentifier: issuer.keyId},
			],
		},
		privateKeyOf(office.secrets.caKeyPem),
	);
}

/** The manager's TLS certificate for the agent port: names every host and address agents may dial. */
export function issueServerCertificate(
	office: Office,
	opts: {names: string[]; now: number; rng: Rng},
): {keyPem: string; certPem: string} {
	const keyPem = newAgentKeyPem();
	return {
		keyPem,
		certPem: signServerCertificate(office, {
			publicKey: forgePublicKeyOf(keyPem),
			subject: 'rim manager',
			names: opts.names,
			now: opts.now,
			rng: opts.rng,
		}),
	};
}

/** A TLS server certificate over a key the holder keeps (a relay's): serves `names` (host names and addresses). */
export function signServerCertificate(
	office: Office,
	opts: {publicKey: forge.pki.PublicKey; subject: string; names: string[]; now: number; validityMs?: number; rng: Rng},
): string {
	const issuer = issuerOf(office.public.caCertPem);
	const isIp = (name: string) => /^[\d.]+$/.test(name) || name.includes(':');
	return buildCertificate(
		{
			subject: dn(opts.subject, 'rim'),
			issuer: issuer.subject,
			publicKey: opts.publicKey,
			notBefore: opts.now - 60_000,
			notAfter: opts.now + (opts.validityMs ?? AGENT_CERT_VALIDITY_MS),
			serialHex: serialHex(opts.rng),
			extensions: [
				{name: 'basicConstraints', cA: false, critical: true},
				{name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
				{name: 'extKeyUsage', serverAuth: true},
				{
					name: 'subjectAltName',
					altNames: [...new Set(opts.names)].map(n => (isIp(n) ? {type: 7, ip: n} : {type: 2, value: n})),
				},
				{name: 'subjectKeyIdentifier'},
				{name: 'authorityKeyIdentifier', keyIdentifier: issuer.keyId},
			],
		},
		privateKeyOf(office.secrets.caKeyPem),
	);
}

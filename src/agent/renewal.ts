/**
 * Renewing an agent's (or a relay's) TLS identity with a fresh key pair (docs/agent-protocol.md, Renewal), crash-safe:
 * the new key is kept beside the old one (`tls/key.next.pem`) before the request leaves, the answer is checked and
 * kept beside the old certificate (`tls/cert.next.pem`), and only then do both take the old ones' places. A process
 * killed at any point starts with a pair that belongs together: the old one (and the manager still accepts it until it
 * sees the new one) or the new one.
 */
import {createPrivateKey, X509Certificate} from 'node:crypto';
import {existsSync, renameSync} from 'node:fs';
import path from 'node:path';
import {fsyncDirSync} from '../data/atomic-file.js';
import {newAgentKeyPem} from '../engine/pki/agent-certs.js';
import {validityOf} from '../engine/pki/certs.js';
import {err, ok, type Result} from '../shared/result.js';
import type {AgentFiles} from './agent-state.js';

const nextFiles = (files: AgentFiles) => ({
	key: path.join(files.dir, 'tls', 'key.next.pem'),
	cert: path.join(files.dir, 'tls', 'cert.next.pem'),
});

/** The key pair a renewal in progress asks over: the one kept from an earlier try, else a new one (kept first). */
export function nextKeyPem(files: AgentFiles): string {
	const next = nextFiles(files);
	const kept = files.read(next.key);
	if (kept !== null) return kept;
	const keyPem = newAgentKeyPem();
	files.write(next.key, keyPem, 0o600);
	return keyPem;
}

/**
 * Checks the certificate a renewal brought back before anything is replaced (it comes from the network): issued by the
 * office this agent trusts, for this agent's name, over the new key, valid now.
 */
export function checkRenewed(
	certPem: string,
	expect: {keyPem: string; caCertPem: string; name: string; now: number},
): Result<X509Certificate, string> {
	let cert: X509Certificate;
	try {
		cert = new X509Certificate(certPem);
	} catch {
		return err('the renewed certificate does not parse');
	}
	if (!cert.verify(new X509Certificate(expect.caCertPem).publicKey))
		return err('the renewed certificate is not signed by the certification office this agent enrolled with');
	if (!cert.checkPrivateKey(createPrivateKey(expect.keyPem)))
		return err('the renewed certificate is not over the key this agent asked with');
	const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1];
	if (cn !== expect.name) return err(`the renewed certificate names ${JSON.stringify(cn ?? '')}, not ${expect.name}`);
	const {notBefore, notAfter} = validityOf(cert);
	if (!(notBefore <= expect.now && expect.now < notAfter)) return err('the renewed certificate is not valid now');
	return ok(cert);
}

/** Keeps the checked certificate, then puts the new pair in the old one's place. */
export function commitRenewal(files: AgentFiles, certPem: string): void {
	files.write(nextFiles(files).cert, certPem);
	finishRenewal(files);
}

/**
 * At start: a renewal that had its certificate kept is carried to its end (the key first: a kept certificate means the
 * new key was asked with). A renewal without one is left for the next try, over the same kept key.
 */
export function finishRenewal(files: AgentFiles): void {
	const next = nextFiles(files);
	if (!existsSync(next.cert)) return;
	if (existsSync(next.key)) renameSync(next.key, files.tls.key);
	renameSync(next.cert, files.tls.cert);
	fsyncDirSync(path.dirname(files.tls.cert));
}

/** Device certificates from the server's side: what the office issues, and what it records of each issue. */
import {YEAR_MS} from './durations.js';
import type {HostCertificate} from './model.js';
import {describeCertificate, issueDeviceCertificate, type Office} from './pki/index.js';
import {seededRng, type Rng} from './rng.js';

/** Device certificates rim issues are valid for one year. */
export const DEVICE_CERT_VALIDITY_MS = YEAR_MS;

/** What the server's host record keeps of an issued certificate; null when the PEM does not parse. */
export function certificateRecord(pem: string): HostCertificate | null {
	const c = describeCertificate(pem);
	return c && {serial: c.serial, notBefore: c.notBefore, notAfter: c.notAfter};
}

/** A fresh device certificate for `hostId`, valid for a year from a minute ago. */
export function issueFor(
	office: Office,
	hostId: string,
	now: number,
	rng: Rng,
	publicKeyPem?: string,
): {pem: string; record: HostCertificate} {
	const pem = issueDeviceCertificate(office, {
		hostId,
		notBefore: now - 60_000,
		notAfter: now + DEVICE_CERT_VALIDITY_MS,
		rng,
		publicKeyPem,
	});
	return {pem, record: certificateRecord(pem)!};
}

/** The generator for one lab or office action on one host at one time (same inputs, same certificate). */
export function actionRng(seed: number, hostId: string, what: string, now: number): Rng {
	return seededRng(
		(seed ^
			[...`${hostId}:${what}:${now}`].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261)) >>>
			0,
	);
}

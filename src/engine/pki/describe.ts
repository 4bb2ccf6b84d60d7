/** Reading a certificate back for display (the host page, `rim lab` output). */
import type {X509Certificate} from 'node:crypto';
import {commonNameOf, fingerprintOf, recentX509, validityOf} from './certs.js';

/** What rim shows about a certificate. */
export interface CertificateSummary {
	/** Subject common name (a device certificate's host id). */
	subject: string;
	/** Issuer common name. */
	issuer: string;
	/** Epoch ms, to the second. */
	notBefore: number;
	notAfter: number;
	/** Serial number, uppercase hex as OpenSSL prints it. */
	serial: string;
	/** Hex SHA-256 of the DER (the same form as `OfficePublic.fingerprint`). */
	fingerprint: string;
}

/** Reads subject CN, issuer CN, validity, serial and fingerprint of a certificate PEM, or null if it does not parse. */
export function describeCertificate(pem: string): CertificateSummary | null {
	let cert: X509Certificate;
	try {
		cert = recentX509(pem);
	} catch {
		return null;
	}
	return {
		subject: commonNameOf(cert.subject),
		issuer: commonNameOf(cert.issuer),
		...validityOf(cert),
		serial: cert.serialNumber,
		fingerprint: fingerprintOf(cert),
	};
}

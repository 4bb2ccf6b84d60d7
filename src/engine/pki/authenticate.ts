/** The check a security PC runs before it downloads update data (docs/pki.md, The check). */
import type {X509Certificate} from 'node:crypto';
import {CODES} from '../codes.js';
import type {PackageAuth} from '../model.js';
import type {AuthDevice} from './auth-device.js';
import {formatUtc} from '../rules/fields.js';
import {cachedX509, commonNameOf, recentX509, validityOf} from './certs.js';
import {packageAuthFailure} from './package-auth.js';
import type {MaintenanceCode} from '../../shared/maintenance-code.js';

/** Memory authentication needs on the device, bytes (64 MiB); healthy devices have 4–16 times as much. */
export const AUTH_MEMORY_REQUIRED = 64 * 1024 * 1024;

/** Why authentication failed: a maintenance code of docs/pki.md and a specific sentence. */
export type AuthFailure = {code: MaintenanceCode; detail: string};

/** Everything the security PC has at hand when it authenticates. */
export interface AuthInput {
	device: AuthDevice;
	hostId: string;
	/** Fingerprint of the authorized certification office (the managing server's). */
	expectedOffice: string;
	auth: PackageAuth;
	packageId: string;
	version: string;
	/** The payload as the device received it (see `receivedPayload`). */
	payload: Uint8Array;
	now: number;
}

const fail = (code: MaintenanceCode, detail: string) => ({ok: false, error: {code, detail}}) as const;
const mib = (bytes: number) => `${Math.floor(bytes / 1024 / 1024)} MiB`;
const shortPrint = (fingerprint: string) => (fingerprint === '' ? '(none)' : `${fingerprint.slice(0, 16)}…`);

/**
 * Authenticates update data on a security PC. Checks run in the order of docs/pki.md (The check) and the first failure decides:
 * PKI environment (79100), memory (78200), device cert present (78300), CA copy present (78600), device cert issued
 * by the CA copy with a good signature and not before its start (78400), not expired (78500), package signature and
 * payload digest (78100), and last the certificate's CN against this host (FF00). Any exception inside is 78700.
 * Certificate data that is present but does not parse, the device certificate or the CA copy, is such an exception
 * (78700, "unreadable certificate data"): absent and unreadable are different faults with the same remedy.
 * Pure apart from parse caches; ~0.2 ms per call.
 */
export function authenticateOnDevice(input: AuthInput): {ok: true} | {ok: false; error: AuthFailure} {
	try {
		return check(input);
	} catch (e) {
		const reason = e instanceof Error ? e.message : String(e);
		return fail(CODES.authException, `authentication stopped on an exception: ${reason}`);
	}
}

function check({device, hostId, expectedOffice, auth, packageId, version, payload, now}: AuthInput) {
	if (device.pkiOffice !== expectedOffice) {
		return fail(
			CODES.pkiEnvironment,
			`the PC's PKI environment trusts certification office ` +
				`${shortPrint(device.pkiOffice)}, not the authorized ${shortPrint(expectedOffice)}`,
		);
	}
	if (device.freeMemoryBytes < AUTH_MEMORY_REQUIRED) {
		return fail(
			CODES.lowMemory,
			`authentication needs ${mib(AUTH_MEMORY_REQUIRED)} of free memory; ` +
				`the device has ${mib(device.freeMemoryBytes)}`,
		);
	}
	if (device.deviceCertPem === null) {
		return fail(CODES.noDeviceCert, 'the authentication device holds no device certificate');
	}
	if (device.caCertPem === null) {
		return fail(CODES.noCaCert, 'the authentication device holds no certificate of the certification office');
	}
	const ca = readCert(device.caCertPem, 'the certification office certificate on the device', cachedX509);
	const cert = readCert(device.deviceCertPem, 'the device certificate', recentX509);
	if (!cert.checkIssued(ca)) {
		return fail(
			CODES.deviceCertInvalid,
			`the device certificate was issued by "${commonNameOf(cert.issuer)}", ` +
				`not by the certification office "${commonNameOf(ca.subject)}" on the device`,
		);
	}
	if (!cert.verify(ca.publicKey)) {
		return fail(
			CODES.deviceCertInvalid,
			'the device certificate signature does not verify with the certification office key',
		);
	}
	const {notBefore, notAfter} = validityOf(cert);
	if (now < notBefore) {
		return fail(CODES.deviceCertInvalid, `the device certificate is not valid before ${formatUtc(notBefore)}`);
	}
	if (now > notAfter) return fail(CODES.deviceCertExpired, `the device certificate expired on ${formatUtc(notAfter)}`);
	const altered = packageAuthFailure(auth, {caCertPem: device.caCertPem, packageId, version, payload});
	if (altered !== null) return fail(CODES.dataAltered, altered);
	const subject = commonNameOf(cert.subject);
	if (subject !== hostId) {
		return fail(CODES.authOther, `the device certificate was issued to "${subject}", not to this PC "${hostId}"`);
	}
	return {ok: true} as const;
}

/** Parses certificate data the device holds; a parse error becomes an exception that names the data. */
function readCert(pem: string, what: string, parse: (pem: string) => X509Certificate): X509Certificate {
	try {
		return parse(pem);
	} catch (e) {
		throw new Error(`${what} could not be read (${e instanceof Error ? e.message : String(e)})`);
	}
}

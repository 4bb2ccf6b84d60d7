/**
 * What is wrong with a security PC's authentication device right now, every condition at once (authentication stops
 * at the first): each finding names the lab fault that makes it real and the maintenance code it leads to. The host
 * view shows these; nothing here decides a run.
 */
import {X509Certificate} from 'node:crypto';
import {CODES} from '../codes.js';
import type {AuthDevice} from './auth-device.js';
import {formatUtc} from '../rules/fields.js';
import {AUTH_MEMORY_REQUIRED} from './authenticate.js';
import {commonNameOf, validityOf} from './certs.js';
import type {DeviceFault} from '../device-faults.js';
import type {MaintenanceCode} from '../../shared/maintenance-code.js';

export interface DeviceFinding {
	fault: Exclude<DeviceFault, 'clear'>;
	code: MaintenanceCode;
	text: string;
}

export interface DeviceCertificateView {
	subject: string;
	issuer: string;
	notBefore: number;
	notAfter: number;
	validity: 'valid' | 'expired' | 'not-yet-valid';
}

export interface DeviceInspection {
	certificate: DeviceCertificateView | 'missing' | 'unreadable';
	caCopy: 'this office' | 'another office' | 'missing' | 'unreadable';
	pkiAuthorized: boolean;
	freeMemoryBytes: number;
	memoryRequiredBytes: number;
	findings: DeviceFinding[];
}

const mib = (bytes: number) => `${Math.floor(bytes / 1_048_576)} MiB`;

function parse(pem: string): X509Certificate | null {
	try {
		return new X509Certificate(pem);
	} catch {
		return null;
	}
}

export function inspectDevice(
	device: AuthDevice,
	office: {fingerprint: string; caCertPem: string},
	hostId: string,
	now: number,
): DeviceInspection {
	const findings: DeviceFinding[] = [];
	const found = (fault: DeviceFinding['fault'], code: MaintenanceCode, text: string) =>
		findings.push({fault, code, text});
	const pkiAuthorized = device.pkiOffice === office.fingerprint;
	if (!pkiAuthorized)
		found('unauthorized-pki', CODES.pkiEnvironment, 'the PKI environment is set up for another certification office');
	if (device.freeMemoryBytes < AUTH_MEMORY_REQUIRED) {
		found(
			'low-memory',
			CODES.lowMemory,
			`${mib(device.freeMemoryBytes)} free; authentication needs ${mib(AUTH_MEMORY_REQUIRED)}`,
		);
	}
	let caCopy: DeviceInspection['caCopy'] = 'missing';
	const ca = device.caCertPem === null ? null : parse(device.caCertPem);
	if (device.caCertPem === null) found('no-ca-cert', CODES.noCaCert, 'the certification office certificate is missing');
	else if (!ca) {
		caCopy = 'unreadable';
		found('internal-error', CODES.authException, 'the certification office certificate cannot be read');
	} else caCopy = device.caCertPem.trim() === office.caCertPem.trim() ? 'this office' : 'another office';

	let certificate: DeviceInspection['certificate'] = 'missing';
	if (device.deviceCertPem === null) found('no-cert', CODES.noDeviceCert, 'the device certificate is missing');
	else {
		const cert = parse(device.deviceCertPem);
		if (!cert) {
			certificate = 'unreadable';
			found('internal-error', CODES.authException, 'the device certificate cannot be read');
		} else {
			const {notBefore, notAfter} = validityOf(cert);
			const validity = now > notAfter ? 'expired' : now < notBefore ? 'not-yet-valid' : 'valid';
			certificate = {
				subject: commonNameOf(cert.subject),
				issuer: commonNameOf(cert.issuer),
				notBefore,
				notAfter,
				validity,
			};
			if (ca && !(cert.checkIssued(ca) && cert.verify(ca.publicKey))) {
				found(
					'foreign-cert',
					CODES.deviceCertInvalid,
					`the device certificate (issuer "${certificate.issuer}") does not verify against the office certificate on the device`,
				);
			}
			if (validity === 'expired')
				found('expired-cert', CODES.deviceCertExpired, `the device certificate expired on ${formatUtc(notAfter)}`);
			if (validity === 'not-yet-valid')
				found(
					'foreign-cert',
					CODES.deviceCertInvalid,
					`the device certificate is not valid before ${formatUtc(notBefore)}`,
				);
			if (certificate.subject !== hostId) {
				found(
					'other-error',
					CODES.authOther,
					`the device certificate was issued to "${certificate.subject}", not to ${hostId}`,
				);
			}
		}
	}
	if (device.corruptPayloadOffsets.length) {
		found(
			'tampered-data',
			CODES.dataAltered,
			`the download channel alters ${device.corruptPayloadOffsets.length} byte(s) of every payload`,
		);
	}
	return {
		certificate,
		caCopy,
		pkiAuthorized,
		freeMemoryBytes: device.freeMemoryBytes,
		memoryRequiredBytes: AUTH_MEMORY_REQUIRED,
		findings,
	};
}

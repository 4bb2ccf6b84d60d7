/** Authentication devices of security PCs: a healthy device, and the lab faults (docs/pki.md) that break one. */
import type {DeviceFault} from '../device-faults.js';
import {seededRng, type Rng} from '../rng.js';
import {AUTH_MEMORY_REQUIRED} from './authenticate.js';
import {DAY_MS, YEAR_MS} from '../durations.js';
import {createOffice, issueDeviceCertificate, type Office} from './office.js';
import type {AuthDevice} from './auth-device.js';

export type {AuthDevice} from './auth-device.js';

/**
 * A fresh, healthy authentication device for a host: a device certificate valid from `notBefore` to `notAfter`, a copy
 * of the CA certificate, the PKI environment set to this office, 4–16 times the memory authentication needs, and no
 * corruption.
 */
export function healthyDevice(
	office: Office,
	opts: {hostId: string; notBefore: number; notAfter: number; rng: Rng},
): AuthDevice {
	return {
		pkiOffice: office.public.fingerprint,
		freeMemoryBytes: opts.rng.int(4, 16) * AUTH_MEMORY_REQUIRED,
		deviceCertPem: issueDeviceCertificate(office, opts),
		caCertPem: office.public.caCertPem,
		corruptPayloadOffsets: [],
	};
}

let otherOffice: Office | null = null;

/**
 * Another certification office, created once per process (~350 ms) from a fixed seed, so that repeated
 * `foreign-cert` / `unauthorized-pki` faults are fast and do not consume the caller's RNG.
 */
function foreignOffice(now: number): Office {
	otherOffice ??= createOffice({now, rng: seededRng(0x0f0e1c), name: 'Foreign Certification Office'});
	return otherOffice;
}

/**
 * Applies a lab fault to a device and returns the new device (the input is not changed). Each fault makes its
 * condition real by changing the device's data (a missing file, a cert from another CA, an expired cert, a corrupted
 * byte…), never by a flag naming a code; `clear` replaces the device by a healthy one with a newly issued certificate
 * valid for a year ("Issue a new certification").
 */
export function applyDeviceFault(
	device: AuthDevice,
	fault: DeviceFault,
	office: Office,
	ctx: {hostId: string; now: number; rng: Rng},
): AuthDevice {
	const {hostId, now, rng} = ctx;
	const next: AuthDevice = {...device, corruptPayloadOffsets: [...device.corruptPayloadOffsets]};
	const current = {notBefore: now - DAY_MS, notAfter: now + YEAR_MS};
	const expired = {notBefore: now - YEAR_MS, notAfter: now - DAY_MS};
	switch (fault) {
		case 'no-cert':
			return {...next, deviceCertPem: null};
		case 'foreign-cert':
			return {...next, deviceCertPem: issueDeviceCertificate(foreignOffice(now), {hostId, ...current, rng})};
		case 'expired-cert':
			return {...next, deviceCertPem: issueDeviceCertificate(office, {hostId, ...expired, rng})};
		case 'no-ca-cert':
			return {...next, caCertPem: null};
		case 'tampered-data':
			return {...next, corruptPayloadOffsets: [...next.corruptPayloadOffsets, rng.int(0, 0x7fffffff)]};
		case 'low-memory':
			return {...next, freeMemoryBytes: Math.floor((AUTH_MEMORY_REQUIRED * rng.int(10, 75)) / 100)};
		case 'unauthorized-pki':
			return {...next, pkiOffice: foreignOffice(now).public.fingerprint};
		case 'internal-error':
			return {...next, deviceCertPem: garbagePem(rng)};
		case 'other-error':
			// A valid, current certificate of this office, but for another PC: the "any other failure" of docs/pki.md.
			return {...next, deviceCertPem: issueDeviceCertificate(office, {...current, hostId: `${hostId}-replaced`, rng})};
		case 'clear':
			return healthyDevice(office, {hostId, ...current, rng});
		default: {
			const unknown: never = fault;
			throw new Error(`unknown device fault ${String(unknown)}`);
		}
	}
}

/** A well-formed PEM block whose body is not DER (it starts with 0xff, never a SEQUENCE), so parsing throws. */
function garbagePem(rng: Rng): string {
	const body = rng.bytes(300);
	body[0] = 0xff;
	const lines =
		Buffer.from(body)
			.toString('base64')
			.match(/.{1,64}/g) ?? [];
	return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----', ''].join('\n');
}

/**
 * The payload as the device receives it: the same bytes when the device corrupts nothing, else a copy where each
 * corrupted offset (taken modulo the length, each distinct position once, so two offsets never cancel out) is XOR 0xff.
 * An empty payload has no byte to corrupt.
 */
export function receivedPayload(device: AuthDevice, payload: Uint8Array): Uint8Array {
	// Unaltered data is the server's bytes themselves (never changed), so its digest is computed once per payload.
	if (device.corruptPayloadOffsets.length === 0) return payload;
	const copy = Uint8Array.from(payload);
	if (copy.length === 0) return copy;
	const positions = new Set(device.corruptPayloadOffsets.map(o => ((o % copy.length) + copy.length) % copy.length));
	for (const p of positions) copy[p] = copy[p]! ^ 0xff;
	return copy;
}

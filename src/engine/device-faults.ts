/**
 * The faults a trainer can inject into a security PC's authentication device (docs/rules.md, "Training lab"). Plain data
 * with no crypto behind it, so the screens can list them without loading the PKI (pki/device.ts applies them).
 */

/** One fault, or `clear` to repair the device. */
export type DeviceFault =
	| 'no-cert'
	| 'foreign-cert'
	| 'expired-cert'
	| 'no-ca-cert'
	| 'tampered-data'
	| 'low-memory'
	| 'unauthorized-pki'
	| 'internal-error'
	| 'other-error'
	| 'clear';

/** Every fault, in the order of the authentication-check table (docs/pki.md), then `clear`. */
export const DEVICE_FAULTS: readonly DeviceFault[] = [
	'unauthorized-pki',
	'low-memory',
	'no-cert',
	'no-ca-cert',
	'foreign-cert',
	'expired-cert',
	'tampered-data',
	'internal-error',
	'other-error',
	'clear',
];

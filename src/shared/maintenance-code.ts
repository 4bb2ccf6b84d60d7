/**
 * A maintenance code: twelve hexadecimal digits, upper case, such as 300097078500 (docs/rules.md, Maintenance codes).
 * Branded, so that a plain string (a detail text, a host id) cannot pass for one: codes come from the codes table
 * (engine/codes.ts) or from `parseMaintenanceCode` where text enters rim — an agent's report, a command-line argument,
 * a stored document.
 */
declare const brand: unique symbol;
export type MaintenanceCode = string & {readonly [brand]: 'MaintenanceCode'};

const CANONICAL = /^[0-9A-F]{12}$/;

/** The code the text names (surrounding blanks and lower-case digits accepted), or null when it names none. */
export function parseMaintenanceCode(text: string): MaintenanceCode | null {
	const upper = text.trim().toUpperCase();
	return CANONICAL.test(upper) ? (upper as MaintenanceCode) : null;
}

/** True for a code exactly as rim writes it (upper case, nothing around it): what stored and wire documents hold. */
export function isCanonicalMaintenanceCode(value: unknown): value is MaintenanceCode {
	return typeof value === 'string' && CANONICAL.test(value);
}

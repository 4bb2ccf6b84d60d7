/**
 * The range of every number and date rim accepts, in one table. A value outside is refused where it is typed (CLI
 * option, wizard field, environment) with the range in words, so nothing accepted can later push the lab clock past
 * what a date can hold or otherwise break a command. The lab clock itself never schedules past LAB_TIME_MAX, so even
 * a long chain of accepted values (a split package's pauses over many hops) ends inside the range.
 */

export interface NumberBound {
	min: number;
	max: number;
	/** What the number counts, for messages: "whole number of bytes". */
	unit: string;
}

export const BOUNDS = {
	splitBytes: {min: 1, max: 2 ** 40, unit: 'bytes'},
	splitIntervalSeconds: {min: 0, max: 86_400, unit: 'seconds'},
	demoHosts: {min: 3, max: 100_000, unit: 'hosts'},
	demoSeed: {min: 0, max: 2 ** 31 - 1, unit: 'seed'},
	/** Lab seconds per wall second (--speed, RIM_SPEED). */
	clockSpeed: {min: 1, max: 1000, unit: 'times wall-clock speed'},
} as const satisfies Record<string, NumberBound>;

/** Dates an admin may type: 2000-01-01 to 9999-12-31 (four-digit years), UTC. */
export const DATE_MIN = Date.UTC(2000, 0, 1);
export const DATE_MAX = Date.UTC(9999, 11, 31, 23, 59, 59);

/** The lab clock stops here: far past any typed date plus anything derived from it, far before the end of JS dates. */
export const LAB_TIME_MAX = Date.UTC(20000, 0, 1);

/** The largest time a JavaScript Date can hold (±8.64e15 ms); a stored time outside is refused on load. */
export const JS_TIME_LIMIT = 8.64e15;

/** Time-zone offsets that exist: -12:00 to +14:00, in quarter hours. */
export function isRealZoneOffset(sign: '+' | '-', hours: number, minutes: number): boolean {
	if (![0, 15, 30, 45].includes(minutes)) return false;
	const total = hours * 60 + minutes;
	return sign === '+' ? total <= 14 * 60 : total <= 12 * 60;
}

/** `n` as a whole number inside the bound, or the reason it is not. */
export function checkWhole(text: string, bound: NumberBound): {ok: true; value: number} | {ok: false; reason: string} {
	const t = text.trim();
	const n = /^-?\d+$/.test(t) ? Number(t) : Number.NaN;
	if (Number.isSafeInteger(n) && n >= bound.min && n <= bound.max) return {ok: true, value: n};
	return {ok: false, reason: `must be a whole number from ${bound.min} to ${bound.max} (${bound.unit}), not "${text}"`};
}

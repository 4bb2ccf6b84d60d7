/** Field checks of the Create Job wizard (docs/rules.md, The Create Job wizard): each returns the messages the field shows. */
import type {JobSettings} from '../model.js';
import {BOUNDS, DATE_MAX, DATE_MIN, isRealZoneOffset} from '../../shared/bounds.js';
import {hasUnsafeChar} from '../../shared/characters.js';

export const JOB_NAME_MAX = 32;
const FORBIDDEN_NAME_CHARS = ['\\', '/', '*', '"', ':', "'", '!', '|', '.', '<', '>', '?', ' '];

export function validateJobName(name: string, existingNames: readonly string[]): string[] {
	return validateName(name, existingNames, {label: 'Job name', exists: `A job named "${name}" exists already`});
}

/** Folders of the Job Definition window are named with the job-name rules; unique among their siblings. */
export function validateFolderName(name: string, siblingNames: readonly string[]): string[] {
	return validateName(name, siblingNames, {
		label: 'Folder name',
		exists: `A folder named "${name}" exists already there`,
	});
}

function validateName(
	name: string,
	existingNames: readonly string[],
	words: {label: string; exists: string},
): string[] {
	if (name.length === 0) return [`${words.label} is required`];
	const out: string[] = [];
	if (name.length > JOB_NAME_MAX)
		out.push(`${words.label} is ${name.length} characters; at most ${JOB_NAME_MAX} are allowed`);
	// Control and invisible characters (zero-width, bidi, format) would make two names look identical, or hide one.
	const bad = [...new Set([...name].filter(ch => FORBIDDEN_NAME_CHARS.includes(ch) || hasUnsafeChar(ch)))];
	if (bad.length) {
		const shown = bad.map(ch => (ch === ' ' ? 'space' : hasUnsafeChar(ch) ? 'control or invisible characters' : ch));
		out.push(`${words.label} cannot contain ${[...new Set(shown)].join(' ')}`);
	}
	const lower = name.toLowerCase();
	if (existingNames.some(existing => existing.toLowerCase() === lower)) out.push(words.exists);
	return out;
}

/**
 * The default job name, RemoteInstall_YYMMDDhhmmss, in UTC; when a job created in the same second took it (names are
 * unique), the first of `_2`, `_3`, … that is free.
 */
export function defaultJobName(now: number, taken: readonly string[] = []): string {
	const d = new Date(now);
	const two = (n: number) => String(n).padStart(2, '0');
	const base =
		`RemoteInstall_${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}` +
		`${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
	const used = new Set(taken.map(name => name.toLowerCase()));
	let name = base;
	for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}_${n}`;
	return name;
}

export function validateSplit(settings: JobSettings): string[] {
	if (!settings.split) return [];
	const out: string[] = [];
	const {bytes, intervalSeconds} = settings.split;
	const size = BOUNDS.splitBytes;
	const interval = BOUNDS.splitIntervalSeconds;
	if (!Number.isSafeInteger(bytes) || bytes < size.min || bytes > size.max) {
		out.push(`Split size must be a whole number of bytes from ${size.min} to ${size.max}`);
	}
	if (!Number.isSafeInteger(intervalSeconds) || intervalSeconds < interval.min || intervalSeconds > interval.max) {
		out.push(`Split interval must be a whole number of seconds from ${interval.min} to ${interval.max}`);
	}
	if (settings.distributeToSuspended) out.push('A split package cannot be distributed to suspended destinations');
	return out;
}

export function validateSchedule(settings: JobSettings, now: number): string[] {
	const out: string[] = [];
	const {startAt, timeLimit, clientAt} = settings;
	if (startAt !== null && startAt < now) out.push(`Start date ${formatUtc(startAt)} is in the past`);
	if (timeLimit !== null && timeLimit <= (startAt ?? now))
		out.push(`Execution time limit ${formatUtc(timeLimit)} must be after the start`);
	if (clientAt !== null && clientAt < now) out.push(`Client execution date ${formatUtc(clientAt)} is in the past`);
	return out;
}

/** `2026-11-24 14:05 UTC`: the one date format rim shows. */
export function formatUtc(ms: number, opts: {seconds?: boolean} = {}): string {
	return `${new Date(ms)
		.toISOString()
		.slice(0, opts.seconds ? 19 : 16)
		.replace('T', ' ')} UTC`;
}

/**
 * Reads an admin-typed date: `YYYY-MM-DD`, `YYYY-MM-DD hh:mm`, or full ISO 8601. Dates without a zone are UTC.
 * Refuses anything that is not a real calendar date (2026-02-30 is refused, not rolled over), a zone offset that does
 * not exist (+99:00), and dates outside 2000-01-01…9999-12-31, with the reason.
 */
export function readDate(text: string): {ok: true; value: number} | {ok: false; reason: string} {
	const t = text.trim();
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
	if (!m)
		return {
			ok: false,
			reason: 'is not a date (use YYYY-MM-DD, YYYY-MM-DD hh:mm or ISO 8601; times are UTC unless a zone is given)',
		};
	const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
	const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
	const utc = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]);
	const check = new Date(utc);
	if (
		check.getUTCFullYear() !== parts[0] ||
		check.getUTCMonth() !== parts[1] - 1 ||
		check.getUTCDate() !== parts[2] ||
		parts[3] > 23 ||
		parts[4] > 59 ||
		parts[5] > 59
	)
		return {ok: false, reason: 'is not a real calendar date and time'};
	let at = utc;
	if (zone && zone !== 'Z') {
		const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
		const sign = zm[1] as '+' | '-';
		if (!isRealZoneOffset(sign, Number(zm[2]), Number(zm[3]))) {
			return {ok: false, reason: `has zone offset ${zone}, which does not exist (offsets run from -12:00 to +14:00)`};
		}
		at = utc - (Number(zm[2]) * 60 + Number(zm[3])) * 60_000 * (sign === '+' ? 1 : -1);
	}
	if (at < DATE_MIN || at > DATE_MAX)
		return {ok: false, reason: 'is outside the dates rim accepts (2000-01-01 to 9999-12-31)'};
	return {ok: true, value: at};
}

/** readDate's value, or null when the text is refused. */
export function parseDate(text: string): number | null {
	const read = readDate(text);
	return read.ok ? read.value : null;
}

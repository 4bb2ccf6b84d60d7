/** Field checks of the Create Job wizard (docs/rules.md, The Create Job wizard): each returns the messages the field shows. */
import type {JobSettings} from '../model.js';

export const JOB_NAME_MAX = 32;
const FORBIDDEN_NAME_CHARS = ['\\', '/', '*', '"', ':', "'", '!', '|', '.', '<', '>', '?', ' '];

export function validateJobName(name: string, existingNames: readonly string[]): string[] {
	if (name.length === 0) return ['Job name is required'];
	const out: string[] = [];
	if (name.length > JOB_NAME_MAX) out.push(`Job name is ${name.length} characters; at most ${JOB_NAME_MAX} are allowed`);
	const bad = [...new Set([...name].filter(ch => FORBIDDEN_NAME_CHARS.includes(ch) || ch < ' ' || ch === '\x7f'))];
	if (bad.length) {
		const shown = bad.map(ch => (ch === ' ' ? 'space' : ch < ' ' || ch === '\x7f' ? 'control characters' : ch));
		out.push(`Job name cannot contain ${[...new Set(shown)].join(' ')}`);
	}
	const lower = name.toLowerCase();
	if (existingNames.some(existing => existing.toLowerCase() === lower)) out.push(`A job named "${name}" exists already`);
	return out;
}

/** The default job name, RemoteInstall_YYMMDDhhmmss, in UTC. */
export function defaultJobName(now: number): string {
	const d = new Date(now);
	const two = (n: number) => String(n).padStart(2, '0');
	return `RemoteInstall_${two(d.getUTCFullYear() % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}` +
		`${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

export function validateSplit(settings: JobSettings): string[] {
	if (!settings.split) return [];
	const out: string[] = [];
	const {bytes, intervalSeconds} = settings.split;
	// Safe integers only: a larger number would be saved but refused by the data file's schema at the next open.
	if (!Number.isSafeInteger(bytes) || bytes <= 0) out.push('Split size must be a whole number of bytes greater than 0');
	if (!Number.isSafeInteger(intervalSeconds) || intervalSeconds < 0) out.push('Split interval must be a whole number of seconds, 0 or more');
	if (settings.distributeToSuspended) out.push('A split package cannot be distributed to suspended destinations');
	return out;
}

export function validateSchedule(settings: JobSettings, now: number): string[] {
	const out: string[] = [];
	const {startAt, timeLimit, clientAt} = settings;
	if (startAt !== null && startAt < now) out.push(`Start date ${formatUtc(startAt)} is in the past`);
	if (timeLimit !== null && timeLimit <= (startAt ?? now)) out.push(`Execution time limit ${formatUtc(timeLimit)} must be after the start`);
	if (clientAt !== null && clientAt < now) out.push(`Client execution date ${formatUtc(clientAt)} is in the past`);
	return out;
}

/** `2026-11-24 14:05 UTC`: the one date format rim shows. */
export function formatUtc(ms: number): string {
	return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Parses an admin-typed date: `YYYY-MM-DD`, `YYYY-MM-DD hh:mm`, or full ISO 8601. Dates without a zone are UTC.
 * Returns null for anything that is not a real calendar date (2026-02-30 is refused, not rolled over).
 */
export function parseDate(text: string): number | null {
	const t = text.trim();
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(t);
	if (!m) return null;
	const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
	const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
	const utc = Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5]);
	const check = new Date(utc);
	if (check.getUTCFullYear() !== parts[0] || check.getUTCMonth() !== parts[1] - 1 || check.getUTCDate() !== parts[2] ||
		parts[3] > 23 || parts[4] > 59 || parts[5] > 59) return null;
	if (!zone || zone === 'Z') return utc;
	const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
	const offset = (Number(zm[2]) * 60 + Number(zm[3])) * 60_000 * (zm[1] === '+' ? 1 : -1);
	return utc - offset;
}

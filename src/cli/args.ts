/** Argument parsing for the headless commands: node's parseArgs plus rim's value checks. */
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {parseDate} from '../engine/rules/fields.js';

/** Bad input: exit code 2 with this one-line reason on stderr. */
export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON: Options = {
	'data-dir': {type: 'string'},
	json: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
};

export function parse(argv: string[], options: Options) {
	try {
		return parseArgs({args: argv, options: {...COMMON, ...options}, allowPositionals: true, strict: true});
	} catch (e) {
		throw new UsageError((e as Error).message.split('\n')[0]!.replace(/^TypeError \[[A-Z_]+\]: /, ''));
	}
}

export function positional(positionals: string[], index: number, name: string): string {
	const value = positionals[index];
	if (value === undefined || value === '') throw new UsageError(`missing ${name}`);
	return value;
}

export function noExtra(positionals: string[], count: number): void {
	if (positionals.length > count) throw new UsageError(`unexpected argument "${positionals[count]}"`);
}

export function dateOption(value: unknown, flag: string): number | null {
	if (value === undefined) return null;
	const parsed = parseDate(String(value));
	if (parsed === null) throw new UsageError(`--${flag} "${value}" is not a valid date (use YYYY-MM-DD, YYYY-MM-DD hh:mm or ISO 8601; times are UTC unless a zone is given)`);
	return parsed;
}

export function intOption(value: unknown, flag: string, min: number, max: number): number | undefined {
	if (value === undefined) return undefined;
	const text = String(value);
	const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
	if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}, not "${text}"`);
	return n;
}

export function strings(value: unknown): string[] {
	if (value === undefined) return [];
	return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** Argument parsing for the headless commands: node's parseArgs plus rim's value checks. */
import {parseArgs, type ParseArgsConfig} from 'node:util';
import {checkWhole, type NumberBound} from '../shared/bounds.js';
import {readDate} from '../engine/rules/fields.js';

/** Bad input: exit code 2 with this one-line reason on stderr. */
export class UsageError extends Error {}

export type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON: Options = {
	'data-dir': {type: 'string'},
	json: {type: 'boolean'},
	help: {type: 'boolean', short: 'h'},
};

/**
 * `--hosts -5`: node reads `-5` as an option and calls the value ambiguous. A value that reads as a negative number is
 * glued to its option (`--hosts=-5`) so the option's own check can say what range it takes.
 */
function glueNegativeNumbers(argv: string[], options: Options): string[] {
	const out: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		const next = argv[i + 1];
		const option = arg.startsWith('--') ? options[arg.slice(2)] : undefined;
		if (option?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
			out.push(`${arg}=${next}`);
			i++;
		} else out.push(arg);
	}
	return out;
}

/** A value that looks like an option (`--name=--yes`) is almost always a slip; refuse it instead of taking it. */
function refuseOptionLikeValues(values: Record<string, unknown>): void {
	for (const [name, value] of Object.entries(values)) {
		for (const v of Array.isArray(value) ? value : [value]) {
			if (typeof v === 'string' && /^--?[A-Za-z]/.test(v)) {
				throw new UsageError(`--${name} "${v}" looks like an option, not a value; give --${name} a value`);
			}
		}
	}
}

export function parse(argv: string[], options: Options) {
	const all = {...COMMON, ...options};
	let parsed;
	try {
		parsed = parseArgs({args: glueNegativeNumbers(argv, all), options: all, allowPositionals: true, strict: true});
	} catch (e) {
		throw new UsageError((e as Error).message.split('\n')[0]!.replace(/^TypeError \[[A-Z_]+\]: /, ''));
	}
	refuseOptionLikeValues(parsed.values);
	return parsed;
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
	const read = readDate(String(value));
	if (!read.ok) throw new UsageError(`--${flag} "${value}" ${read.reason}`);
	return read.value;
}

/** A whole number inside one of the bounds of shared/bounds.ts. */
export function intOption(value: unknown, flag: string, bound: NumberBound): number | undefined {
	if (value === undefined) return undefined;
	const checked = checkWhole(String(value), bound);
	if (!checked.ok) throw new UsageError(`--${flag} ${checked.reason}`);
	return checked.value;
}

export function strings(value: unknown): string[] {
	if (value === undefined) return [];
	return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** What every headless command gets: its arguments, where to print, the environment and the wall clock. */
import {resolveDataDir} from '../data/data-dir.js';
import {openSession, type ClockChoice, type Session} from '../session.js';
import {UsageError} from './args.js';
import type {Out} from './output.js';

export interface CommandContext {
	argv: string[];
	out: Out;
	env: NodeJS.ProcessEnv;
	home: string;
	/** Wall-clock time; the only place the CLI reads it. */
	wallNow(): number;
}

/** Refusals that are not usage errors but still bad input for this data (exit 2), e.g. the data dir is locked. */
export class InputError extends UsageError {}

export function dataDirOf(ctx: CommandContext, flag: unknown): string {
	return resolveDataDir(typeof flag === 'string' ? flag : undefined, ctx.env, ctx.home);
}

/** Opens the data directory, runs `body`, and always flushes and unlocks. */
export async function withSession<T>(ctx: CommandContext, dataDirFlag: unknown, clock: ClockChoice,
	body: (session: Session) => Promise<T>): Promise<T> {
	const opened = await openSession({dataDir: dataDirOf(ctx, dataDirFlag), now: ctx.wallNow(), clock,
		onWriteError: message => ctx.out.error(`rim: ${message}`)});
	if (!opened.ok) throw new InputError(opened.error);
	try {
		return await body(opened.value);
	} finally {
		await opened.value.close();
	}
}

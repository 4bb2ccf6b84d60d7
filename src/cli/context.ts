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
	/**
	 * Set when the command runs inside the manager on behalf of an attached client: the manager's live session, used
	 * instead of opening the data directory (which the manager holds).
	 */
	manager?: Session;
	/** The CLI's dispatcher, for a command that serves others (`rim server` runs their command lines with it). */
	runCommand(argv: string[], out: Out, manager: Session): Promise<number>;
}

/** Refusals that are not usage errors but still bad input for this data (exit 2), e.g. the data dir is locked. */
export class InputError extends UsageError {}

export function dataDirOf(ctx: CommandContext, flag: unknown): string {
	return resolveDataDir(typeof flag === 'string' ? flag : undefined, ctx.env, ctx.home);
}

/**
 * Opens the data directory, runs `body`, and always flushes and unlocks. Running jobs resume (a command that changes
 * or waits on jobs drives them); inside the manager, its live session is used as it is.
 */
export async function withSession<T>(
	ctx: CommandContext,
	dataDirFlag: unknown,
	clock: ClockChoice,
	body: (session: Session) => Promise<T>,
): Promise<T> {
	return opened(ctx, dataDirFlag, clock, true, body);
}

/** For commands that only read: nothing resumes and nothing is written, so the data directory is left as it was. */
export async function readSession<T>(
	ctx: CommandContext,
	dataDirFlag: unknown,
	body: (session: Session) => Promise<T>,
): Promise<T> {
	return opened(ctx, dataDirFlag, {kind: 'virtual'}, false, body);
}

async function opened<T>(
	ctx: CommandContext,
	dataDirFlag: unknown,
	clock: ClockChoice,
	resume: boolean,
	body: (session: Session) => Promise<T>,
): Promise<T> {
	if (ctx.manager) return body(ctx.manager);
	// A failed write is reported once, by the value that carries it: the command's own result (a job that is not saved),
	// or the close below; the store retries silently in between.
	const opened = await openSession({
		dataDir: dataDirOf(ctx, dataDirFlag),
		now: ctx.wallNow(),
		clock,
		resume,
		onWarning: message => ctx.out.error(`rim: warning: ${message}`),
	});
	if (!opened.ok) throw new InputError(opened.error);
	let result: T;
	try {
		result = await body(opened.value);
	} catch (e) {
		// The command's own refusal says what went wrong; a close that fails for the same reason adds nothing.
		await opened.value.close();
		throw e;
	}
	const closed = await opened.value.close();
	if (!closed.ok) throw new InputError(`the last changes are not saved: ${closed.error}`);
	return result;
}

/**
 * A headless command on a data directory that a manager serves: the command line goes to the manager, which runs it
 * on its live engine; its output lines come back and are printed here, and its exit code is this process's.
 */
import path from 'node:path';
import {parseArgs} from 'node:util';
import {attach} from '../net/admin/client.js';
import {LOCK_FILE} from '../data/lock.js';
import {type AdminLimits, SOCKET_NAME} from '../net/admin/protocol.js';
import type {Out} from './output.js';

/** The `--data-dir` a command line names, if any (`--data-dir DIR` or `--data-dir=DIR`). */
export function dataDirFlag(argv: readonly string[]): string | undefined {
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') return undefined;
		if (arg === '--data-dir') return argv[i + 1];
		if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length);
	}
	return undefined;
}

/** The options of `rim package add` that take a value (so their values are not read as the PATH). */
const PACKAGE_ADD_VALUES = ['id', 'version', 'kind', 'name', 'cabinet', 'os', 'install-script', 'data-dir'] as const;

/**
 * `rim package add PATH …` run by a manager: PATH is this shell's, and the manager's working folder is not this one's,
 * so a relative PATH travels made absolute. Every other command line travels as typed.
 */
export function withLocalPaths(argv: readonly string[], cwd = process.cwd()): string[] {
	const options = Object.fromEntries(PACKAGE_ADD_VALUES.map(name => [name, {type: 'string' as const}]));
	const {tokens} = parseArgs({args: [...argv], options, allowPositionals: true, strict: false, tokens: true});
	const positionals = tokens.filter(token => token.kind === 'positional');
	const [command, verb, typed] = positionals;
	if (command?.value !== 'package' || verb?.value !== 'add' || !typed || path.isAbsolute(typed.value)) return [...argv];
	const copy = [...argv];
	copy[typed.index] = path.resolve(cwd, typed.value);
	return copy;
}

export const socketPath = (dataDir: string): string => path.join(dataDir, SOCKET_NAME);

/** One line for a manager that took the connection and then said nothing: it still holds the directory. */
export const silentManager = (dataDir: string, waitedMs: number): string =>
	`the manager of ${dataDir} took the connection but did not answer within ${Number((waitedMs / 1000).toFixed(1))} s ` +
	`(busy or hung); try again, or stop it (its pid is in ${path.join(dataDir, LOCK_FILE)})`;

/**
 * Runs `argv` through the manager of `dataDir`; null when no manager serves it (the caller opens the directory itself).
 * A manager that goes away mid-command is reported in one line, exit 2. Lines from the manager are network input:
 * they reach the terminal only through `out`, the output layer, which neutralises control and format characters.
 */
export async function runAttached(
	dataDir: string,
	argv: string[],
	out: Out,
	limits: Partial<AdminLimits> = {},
): Promise<number | null> {
	const attached = await attach(socketPath(dataDir), limits);
	if (attached.kind === 'none') return null;
	if (attached.kind === 'silent') {
		out.error(`rim: ${silentManager(dataDir, attached.waitedMs)}`);
		return 2;
	}
	const {client} = attached;
	try {
		return await client.command(
			withLocalPaths(argv),
			line => out.log(line),
			line => out.error(line),
		);
	} catch (e) {
		out.error(
			`rim: the manager of ${dataDir} (pid ${client.manager.pid}) went away before the command finished ` +
				`(${(e as Error).message}); check its outcome with rim jobs`,
		);
		return 2;
	} finally {
		client.close();
	}
}

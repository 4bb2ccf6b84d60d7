/**
 * rim's entry: with no command it opens the full-screen TUI; otherwise it runs one headless command.
 * Exit codes: 0 success, 1 a job ended with errors, 2 bad input (one-line reason on stderr),
 * 3 `--wait` stopped on destinations that wait for an outside event, 70 internal error.
 */
import os from 'node:os';
import {pathToFileURL} from 'node:url';
import {resolveDataDir} from './data/data-dir.js';
import {noExtra, parse, UsageError} from './cli/args.js';
import {dataDirFlag, runAttached} from './cli/attached.js';
import {COMMANDS, findCommand} from './cli/commands.js';
import type {CommandContext} from './cli/context.js';
import {processSink, safeOut, type Out, type Sink} from './cli/output.js';
import type {Session} from './session.js';

export function usage(): string {
	return [
		'rim — Remote Installation Manager',
		'',
		'  rim [--data-dir DIR]            open the full-screen TUI on the data directory (the demo fleet on first run)',
		...COMMANDS.map(c => `  ${c.usage}\n      ${c.summary}`),
		'',
		'Every command takes --data-dir DIR (else $RIM_DATA_DIR, else $XDG_DATA_HOME/rim, else ~/.local/share/rim).',
		'Exit codes: 0 ok, 1 a job ended with errors, 2 bad input, 3 --wait stopped on an outside event, 70 internal error.',
	].join('\n');
}

/** `rim --data-dir X jobs`: options every command takes may also come before the command; they move after it. */
function globalOptionsLast(argv: string[]): string[] {
	const global: string[] = [];
	let i = 0;
	for (; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--data-dir' && i + 1 < argv.length) global.push(arg, argv[++i]!);
		else if (arg.startsWith('--data-dir=') || arg === '--json') global.push(arg);
		else break;
	}
	return [...argv.slice(i), ...global];
}

/** The usage of every command whose name starts with `word` (`rim job --help`). */
function groupUsage(word: string): string | null {
	const members = COMMANDS.filter(c => c.name.split(' ')[0] === word && c.name.includes(' '));
	return members.length ? members.map(c => `${c.usage}\n  ${c.summary}`).join('\n') : null;
}

/** Where a command runs: in this process (attaching to a manager when one serves the data directory), or inside the
 *  manager on behalf of a client (`manager` is its live session). */
export interface RunWhere {
	manager?: Session;
}

/** Runs one command; everything it prints goes through the output layer to `sink` (the process's streams by default). */
export async function main(
	rawArgv: string[],
	sink: Sink = processSink,
	env = process.env,
	where: RunWhere = {},
): Promise<number> {
	const out = safeOut(sink);
	const argv = globalOptionsLast(rawArgv);
	const runCommand = (line: string[], to: Out, manager: Session) => main(line, to, env, {manager});
	const ctx = (rest: string[]): CommandContext => ({
		argv: rest,
		out,
		env,
		home: os.homedir(),
		wallNow: () => Date.now(),
		manager: where.manager,
		runCommand,
	});
	try {
		if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') return (out.log(usage()), 0);
		if (argv.length === 0 || argv[0]!.startsWith('--data-dir')) {
			if (where.manager) throw new UsageError('the full-screen interface runs in its own terminal: start rim there');
			const {values, positionals} = parse(argv, {});
			noExtra(positionals, 0);
			const {runTui} = await import('./tui.js');
			return await runTui({
				dataDir: resolveDataDir(values['data-dir'] as string | undefined, env, os.homedir()),
				runCommand,
			});
		}
		const found = findCommand(argv);
		if (!found) {
			const group = groupUsage(argv[0]!);
			const asksHelp =
				argv[1] === undefined || argv[1] === '--help' || argv[1] === '-h' || argv[1].startsWith('--data-dir');
			if (group && asksHelp && argv[1] !== undefined) return (out.log(group), 0);
			if (group) {
				const verbs = COMMANDS.filter(c => c.name.startsWith(`${argv[0]} `))
					.map(c => c.name.split(' ')[1])
					.join(', ');
				const what = argv[1] === undefined ? `missing ${argv[0]} command` : `unknown ${argv[0]} command "${argv[1]}"`;
				throw new UsageError(`${what}: use ${verbs} (rim ${argv[0]} --help)`);
			}
			throw new UsageError(`unknown command "${argv[0]}" (rim --help lists the commands)`);
		}
		if (found.rest.includes('--help') || found.rest.includes('-h'))
			return (out.log(`${found.spec.usage}\n  ${found.spec.summary}`), 0);
		if (where.manager && found.spec.exclusive) {
			throw new UsageError(
				`${found.spec.name} needs the data directory to itself, and a manager (pid ${process.pid}) serves it: stop the manager first`,
			);
		}
		if (!where.manager && !found.spec.local) {
			const attached = await runAttached(resolveDataDir(dataDirFlag(argv), env, os.homedir()), argv, out);
			if (attached !== null) return attached;
		}
		return await found.spec.run(ctx(found.rest));
	} catch (e) {
		if (e instanceof UsageError) {
			out.error(`rim: ${e.message}`);
			return 2;
		}
		out.error(`rim: internal error, please report: ${(e as Error).stack ?? String(e)}`);
		return 70;
	}
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
	process.exitCode = await main(process.argv.slice(2));
}

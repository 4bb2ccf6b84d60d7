/**
 * `rim` with no command: the full-screen TUI. Opens the session on a real clock, takes the alternate screen, and
 * gives the terminal back on every way out — q, Ctrl+C, SIGTERM, SIGHUP, a crash (docs/tui.md, Ink notes) — then closes
 * the session (flushes pending writes, releases the data-directory lock).
 */
import {render} from 'ink';
import {App} from './app.js';
import {clockSpeed, timeoutTicker} from './clock-choice.js';
import {engineApi} from './engine-api.js';
import type {CommandRunner} from './manager.js';
import {startManager} from './manager.js';
import {openSession} from './session.js';
import {TerminalOutput} from './terminal/terminal-output.js';
import {socketPath} from './cli/attached.js';
import {ReattachingApi} from './live/remote-api.js';
import {attach} from './net/admin/client.js';
import type {EngineApi} from './screens/engine-context.js';

const ENTER_ALT = '\u001B[?1049h\u001B[H';
const LEAVE_ALT = '\u001B[?1049l';

export {clockSpeed} from './clock-choice.js';

/**
 * The TUI's engine: attached to the manager of the data directory when one runs, else this process opens the directory
 * and becomes its manager (every other rim on the directory then attaches to it).
 */
async function openOrAttach(opts: {dataDir: string; runCommand: CommandRunner}, notify: (text: string) => void):
	Promise<{ok: true; value: {api: EngineApi; close(): Promise<void>}} | {ok: false; error: string}> {
	const socket = socketPath(opts.dataDir);
	const attached = await attach(socket);
	if (attached.kind === 'attached') {
		const remote = new ReattachingApi(() => attach(socket), {notice: notify});
		await remote.start(attached.client);
		if (remote.api.getSnapshot() === null) return {ok: false, error: `the manager of ${opts.dataDir} went away while rim attached; try again`};
		return {ok: true, value: {api: remote.api, close: async () => remote.stop()}};
	}
	const opened = await openSession({dataDir: opts.dataDir, now: Date.now(), clock: {kind: 'real', speed: clockSpeed()},
		ticker: timeoutTicker, onWriteError: message => notify(`could not save: ${message}`)});
	if (!opened.ok) return opened;
	const session = opened.value;
	const started = await startManager({session, dataDir: opts.dataDir, runCommand: opts.runCommand});
	if (!started.ok) process.stderr.write(`rim: ${started.error}; other rim processes cannot attach to this one\n`);
	const manager = started.ok ? started.value : null;
	return {ok: true, value: {api: engineApi(session.engine), close: async () => {
		await manager?.close();
		await session.close();
	}}};
}

/** Runs the TUI until the user quits; resolves to the process exit code. */
export async function runTui(opts: {dataDir: string; runCommand: CommandRunner}): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write('rim: the full-screen interface needs a terminal (stdin and stdout must be a TTY).\n' +
			'Use the headless commands instead: rim --help lists them (rim packages, rim jobs, rim job create …).\n');
		return 2;
	}
	const writeErrors = new Set<(text: string) => void>();
	const notify = (text: string) => writeErrors.forEach(listener => listener(text));
	const opened = await openOrAttach(opts, notify);
	if (!opened.ok) {
		process.stderr.write(`rim: ${opened.error}\n`);
		return 2;
	}
	const {api, close} = opened.value;

	process.stdout.write(ENTER_ALT);
	const output = new TerminalOutput(process.stdout);
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		output.close();
		process.stdout.write(LEAVE_ALT);
	};
	process.on('exit', restore);
	let instance: ReturnType<typeof render> | undefined;
	// A signal ends the process without an 'exit' event: give the terminal back and save first (SSH hang-up = SIGHUP).
	const signals = [['SIGTERM', 143], ['SIGHUP', 129], ['SIGINT', 130]] as const;
	let closing = false;
	const onSignal = (code: number) => () => {
		if (closing) return;
		closing = true;
		instance?.unmount();
		restore();
		void close().finally(() => process.exit(code));
	};
	const handlers = signals.map(([signal, code]) => [signal, onSignal(code)] as const);
	// `on`, not `once`: Ink's signal-exit re-raises the signal when it finds no other listener left, which would kill
	// the process before close() has flushed and unlocked.
	for (const [signal, handler] of handlers) process.on(signal, handler);

	let exitCode = 0;
	try {
		instance = render(
			<App api={api} dataDir={opts.dataDir} tickMs={1000} redraw={() => output.redraw()} notices={listener => {
				writeErrors.add(listener);
				return () => writeErrors.delete(listener);
			}} />,
			// Ink hands every frame whole to rim's output layer, which writes only what changed (`debug` is that mode).
			{stdout: output as unknown as NodeJS.WriteStream, debug: true, exitOnCtrlC: false, patchConsole: false},
		);
		await instance.waitUntilExit();
	} catch (e) {
		restore();
		process.stderr.write(`rim: internal error, please report: ${(e as Error).stack ?? String(e)}\n`);
		exitCode = 70;
	} finally {
		restore();
		for (const [signal, handler] of handlers) process.off(signal, handler);
		process.off('exit', restore);
		await close();
	}
	return exitCode;
}

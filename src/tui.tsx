/**
 * `rim` with no command: the full-screen TUI. Opens the session on a real clock, takes the alternate screen, and
 * gives the terminal back on every way out — q, Ctrl+C, SIGTERM, SIGHUP, a crash (docs/tui.md, Ink notes) — then closes
 * the session (flushes pending writes, releases the data-directory lock).
 */
import {render} from 'ink';
import {App} from './app.js';
import {clockSpeed, timeoutTicker} from './clock-choice.js';
import {screenReaderChoice} from './screen-reader-choice.js';
import {exportFiles} from './data/export-file.js';
import {spawnSync} from 'node:child_process';
import {clipboardRoute, type ClipboardRoute} from './terminal/clipboard.js';
import type {ClipboardPort} from './screens/clipboard-port.js';
import {engineApi} from './engine-api.js';
import type {CommandRunner} from './manager.js';
import {startManager} from './manager.js';
import {openSession} from './session.js';
import {TerminalOutput} from './terminal/terminal-output.js';
import {silentManager, socketPath} from './cli/attached.js';
import {consoleOut, fullScreen, isTerminalGone, onTerminalGone} from './cli/output.js';
import {ReattachingApi, type ManagerStatus, type OwnManager} from './live/remote-api.js';
import {attach} from './net/admin/client.js';
import type {ManagerLink} from './screens/engine-context.js';

type Opened = {ok: true; value: OwnManager} | {ok: false; error: string};

/**
 * This process opens the data directory and becomes its manager (every other rim on the directory attaches to it).
 * `warn`: where a warning goes — the terminal before the TUI takes the screen, the flash line once it shows.
 */
async function openHere(
	opts: {dataDir: string; runCommand: CommandRunner},
	speed: number,
	_notify: (text: string) => void,
	warn: (text: string) => void,
): Promise<Opened> {
	const opened = await openSession({
		dataDir: opts.dataDir,
		now: Date.now(),
		clock: {kind: 'real', speed},
		ticker: timeoutTicker,
		onWarning: message => warn(`warning: ${message}`),
	});
	if (!opened.ok) return opened;
	const session = opened.value;
	const started = await startManager({session, dataDir: opts.dataDir, runCommand: opts.runCommand});
	if (!started.ok) warn(`${started.error}; other rim processes cannot attach to this one`);
	const manager = started.ok ? started.value : null;
	return {
		ok: true,
		value: {
			api: engineApi(session.engine, {dataDir: opts.dataDir, fleetKind: session.fleetKind, agents: session.agents}),
			close: async () => {
				await manager?.close();
				// The store retried a failed write until now; what it still could not write is said once, in the shell.
				const closed = await session.close();
				if (!closed.ok) warn(`the last changes are NOT saved: ${closed.error}`);
			},
		},
	};
}

/**
 * The TUI's engine: attached to the manager of the data directory when one runs (and, should it go away, this process
 * becomes the manager when the admin asks), else this process opens the directory and becomes its manager.
 */
async function openOrAttach(
	opts: {dataDir: string; runCommand: CommandRunner},
	speed: number,
	status: Required<ManagerStatus>,
): Promise<Opened> {
	const socket = socketPath(opts.dataDir);
	const attached = await attach(socket);
	if (attached.kind === 'attached') {
		const remote = new ReattachingApi(
			() => attach(socket),
			status,
			1000,
			() => openHere(opts, speed, status.notice, status.notice),
		);
		await remote.start(attached.client);
		if (remote.api.getSnapshot() === null)
			return {ok: false, error: `the manager of ${opts.dataDir} went away while rim attached; try again`};
		return {ok: true, value: {api: remote.api, close: () => remote.stop()}};
	}
	if (attached.kind === 'silent') return {ok: false, error: silentManager(opts.dataDir, attached.waitedMs)};
	return openHere(opts, speed, status.notice, text => consoleOut.error(`rim: ${text}`));
}

/** Runs the TUI until the user quits; resolves to the process exit code. */
export async function runTui(opts: {dataDir: string; runCommand: CommandRunner}): Promise<number> {
	// A bad RIM_SPEED is refused before anything else (it throws a usage error: one line, exit 2).
	const speed = clockSpeed();
	const screenReader = screenReaderChoice();
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		consoleOut.error(
			'rim: the full-screen interface needs a terminal (stdin and stdout must be a TTY).\n' +
				'Use the headless commands instead: rim --help lists them (rim packages, rim jobs, rim job create …).',
		);
		return 2;
	}
	const writeErrors = new Set<(text: string) => void>();
	const notify = (text: string) => writeErrors.forEach(listener => listener(text));
	const links = new Set<(link: ManagerLink) => void>();
	const opened = await openOrAttach(opts, speed, {
		notice: notify,
		link: link => links.forEach(listener => listener(link)),
	});
	if (!opened.ok) {
		consoleOut.error(`rim: ${opened.error}`);
		return 2;
	}
	const {api, close} = opened.value;

	fullScreen.enter();
	// Ink's frames reach the terminal through the output layer's writer (a hang-up's EIO ends the TUI, see below).
	// Screen-reader mode: linear text, each line trimmed and folded to the width (Ink leaves out borders itself).
	const output = new TerminalOutput(
		{
			get columns() {
				return process.stdout.columns;
			},
			get rows() {
				return process.stdout.rows;
			},
			write: fullScreen.write,
			on: (event, listener) => process.stdout.on(event, listener),
			off: (event, listener) => process.stdout.off(event, listener),
		},
		{linear: screenReader},
	);
	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		output.close();
		fullScreen.leave();
	};
	process.on('exit', restore);
	let instance: ReturnType<typeof render> | undefined;
	// A signal ends the process without an 'exit' event: give the terminal back and save first (SSH hang-up = SIGHUP).
	const signals = [
		['SIGTERM', 143],
		['SIGHUP', 129],
		['SIGINT', 130],
	] as const;
	let closed: Promise<void> | undefined;
	const closeOnce = () => (closed ??= close());
	let closing = false;
	const onSignal = (code: number) => () => {
		if (closing) return;
		closing = true;
		instance?.unmount();
		restore();
		void closeOnce().finally(() => (code === 129 ? endByHangUp() : process.exit(code)));
	};
	const handlers = signals.map(([signal, code]) => [signal, onSignal(code)] as const);
	// `on`, not `once`: Ink's signal-exit re-raises the signal when it finds no other listener left, which would kill
	// the process before close() has flushed and unlocked.
	for (const [signal, handler] of handlers) process.on(signal, handler);
	// A hang-up can also show first as a failing write (EIO on the pty) or read: end the same way, saved and unlocked.
	const hangUp = onSignal(129);
	const stopWatching = onTerminalGone(hangUp);
	const onStdinError = (e: Error) => {
		if (!isTerminalGone(e)) throw e;
		hangUp();
	};
	process.stdin.on('error', onStdinError);

	let exitCode = 0;
	try {
		instance = render(
			<App
				api={api}
				dataDir={opts.dataDir}
				tickMs={1000}
				redraw={() => output.redraw()}
				notices={listener => {
					writeErrors.add(listener);
					return () => writeErrors.delete(listener);
				}}
				managerLinks={listener => {
					links.add(listener);
					return () => links.delete(listener);
				}}
				exports={exportFiles(process.cwd())}
				clipboard={terminalClipboard(output)}
			/>,
			// Ink hands every frame whole to rim's output layer, which writes only what changed (`debug` is that mode).
			{
				stdout: output as unknown as NodeJS.WriteStream,
				debug: true,
				exitOnCtrlC: false,
				patchConsole: false,
				isScreenReaderEnabled: screenReader,
			},
		);
		await instance.waitUntilExit();
	} catch (e) {
		restore();
		consoleOut.error(`rim: internal error, please report: ${(e as Error).stack ?? String(e)}`);
		exitCode = 70;
	} finally {
		restore();
		// While a signal's close is under way its handlers stay: another SIGHUP would otherwise kill rim mid-save.
		if (!closing) {
			for (const [signal, handler] of handlers) process.off(signal, handler);
			stopWatching();
			process.stdin.off('error', onStdinError);
			process.off('exit', restore);
		}
		await closeOnce();
	}
	// Ending on a hang-up: onSignal ends the process once the save is done; do not return into a normal exit first.
	if (closing) await new Promise<never>(() => setInterval(() => {}, 60_000));
	return exitCode;
}

/** A tmux option as tmux reports it (inside tmux only); null when tmux does not answer within a second. */
function tmuxOption(name: string): string | null {
	const shown = spawnSync('tmux', ['show-options', '-gv', name], {
		encoding: 'utf8',
		timeout: 1000,
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	return shown.status === 0 ? shown.stdout.trim() : null;
}

/** The session log's clipboard: OSC 52 through the output layer, by the route this terminal takes (decided once). */
export function terminalClipboard(
	output: Pick<TerminalOutput, 'copy'>,
	env: NodeJS.ProcessEnv = process.env,
	ask = tmuxOption,
): ClipboardPort {
	let route: ClipboardRoute | undefined;
	return {
		copy(text) {
			route ??= clipboardRoute(env, ask);
			if (route.kind === 'none') return {copied: false, why: route.why};
			output.copy(text, route);
			return {copied: true, how: route.kind === 'tmux-passthrough' ? 'OSC 52 through tmux' : 'OSC 52'};
		},
	};
}

/**
 * After a hang-up the saved work is on disk and the lock released: end as a hang-up does, by SIGHUP's default action.
 * A normal exit would make Node restore the terminal's settings on a pty that is gone and abort with a trace.
 */
function endByHangUp(): never {
	process.removeAllListeners('SIGHUP');
	process.kill(process.pid, 'SIGHUP');
	// Not reached: the default action of SIGHUP ends the process.
	return process.exit(129);
}

/** Runs the real rim in a tmux pane and reads its screen: the terminal-level tests' only way in. */
import {execFileSync, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {expect} from 'vitest';
import {main} from '../../src/cli.js';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const RIM = path.resolve('bin/rim');
const sessions: string[] = [];

export const tmux = (...args: string[]) => execFileSync('tmux', args, {encoding: 'utf8'});
export const screen = (session: string) => tmux('capture-pane', '-p', '-t', session);

/** Starts `bin/rim --data-dir DIR` in a detached pane (CI unset: Ink draws nothing when it thinks it runs in CI). */
export function startRim(name: string, dir: string, columns: number, rows: number, env = ''): string {
	const session = `rim-${name}-${process.pid}`;
	sessions.push(session);
	tmux(
		'new-session',
		'-d',
		'-s',
		session,
		'-x',
		String(columns),
		'-y',
		String(rows),
		`env -u CI TERM=xterm-256color ${env} ${RIM} --data-dir ${dir}; echo EXIT:$?; sleep 60`,
	);
	return session;
}

/** Starts `bin/rim ARGV…` (no data directory added: a `rim agent`, say) in a detached pane, ended by killSessions. */
export function startRimCommand(name: string, argv: string[], columns: number, rows: number): string {
	const session = `rim-${name}-${process.pid}`;
	sessions.push(session);
	const quoted = argv.map(a => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
	tmux(
		'new-session',
		'-d',
		'-s',
		session,
		'-x',
		String(columns),
		'-y',
		String(rows),
		`env -u CI TERM=xterm-256color ${RIM} ${quoted}; echo EXIT:$?; sleep 60`,
	);
	return session;
}

export async function waitForScreen(session: string, pred: (s: string) => boolean, ms = 15_000): Promise<string> {
	const until = performance.now() + ms;
	let last = '';
	while (performance.now() < until) {
		last = screen(session);
		if (pred(last)) return last;
		await new Promise(r => setTimeout(r, 50));
	}
	throw new Error(`screen never matched; last screen:\n${last}`);
}

/** Waits until the screen matches and has stayed the same for 300 ms (no frame still on its way). */
export async function settled(session: string, pred: (s: string) => boolean): Promise<string> {
	let prev = await waitForScreen(session, pred);
	for (;;) {
		await new Promise(r => setTimeout(r, 300));
		const now = await waitForScreen(session, pred);
		if (now === prev) return now;
		prev = now;
	}
}

/** Every process below `roots` (the panes' shells): bin/rim's node and whatever it started. */
function descendants(roots: readonly number[]): number[] {
	const children = new Map<number, number[]>();
	for (const line of spawnSync('ps', ['-A', '-o', 'pid=,ppid='], {encoding: 'utf8'}).stdout.split('\n')) {
		const [pid, ppid] = line.trim().split(/\s+/).map(Number);
		if (pid && ppid) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
	}
	const found: number[] = [];
	const queue = [...roots];
	while (queue.length) {
		const pid = queue.shift()!;
		found.push(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return found;
}

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

/**
 * Kills the sessions `startRim` started and waits until the processes in their panes have ended: a rim that gets the
 * hang-up saves its data directory before it exits, so a folder removed any earlier can fill up again under rmSync.
 * The wait is bounded (20 s, then the caller goes on and its clean-up says what it found).
 */
export async function killSessions(): Promise<void> {
	const panes: number[] = [];
	for (const s of sessions) {
		const listed = spawnSync('tmux', ['list-panes', '-s', '-t', s, '-F', '#{pane_pid}'], {encoding: 'utf8'});
		panes.push(
			...(listed.stdout ?? '')
				.split('\n')
				.map(Number)
				.filter(pid => pid > 0),
		);
	}
	const pids = descendants(panes);
	for (const s of sessions.splice(0)) spawnSync('tmux', ['kill-session', '-t', s]);
	const until = performance.now() + 20_000;
	while (pids.some(alive) && performance.now() < until) await new Promise(r => setTimeout(r, 50));
}

const dirs: string[] = [];
const children: ChildProcess[] = [];

/** A temporary folder, removed by `endTerminalTests`. */
export function tempDir(prefix: string): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
	dirs.push(dir);
	return dir;
}

/** A temporary data directory holding a fresh demo fleet (`rim demo reset`). */
export async function demoDir(prefix: string): Promise<string> {
	const dir = tempDir(prefix);
	expect(await main(['demo', 'reset', '--data-dir', dir], {log: () => {}, error: () => {}}, {})).toBe(0);
	return dir;
}

/** A process started beside the tmux sessions (a `rim server`), killed by `endTerminalTests` if still running. */
export function track<C extends ChildProcess>(child: C): C {
	children.push(child);
	return child;
}

/** afterAll of every terminal test file: the tmux sessions, the tracked processes and the temporary folders go. */
export async function endTerminalTests(): Promise<void> {
	await killSessions();
	for (const child of children.splice(0))
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
}

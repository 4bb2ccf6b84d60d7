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
	tmux('new-session', '-d', '-s', session, '-x', String(columns), '-y', String(rows),
		`env -u CI TERM=xterm-256color ${env} ${RIM} --data-dir ${dir}; echo EXIT:$?; sleep 60`);
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

export function killSessions(): void {
	for (const s of sessions.splice(0)) spawnSync('tmux', ['kill-session', '-t', s]);
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
export function endTerminalTests(): void {
	killSessions();
	for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
}

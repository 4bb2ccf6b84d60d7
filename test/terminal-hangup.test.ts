/**
 * A real pty under tmux: closing the terminal under a running TUI (an SSH hang-up) is a normal way to end, and rim
 * runs as an installed command from any working directory, through a symlink as `npm link` makes.
 */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {isAlive} from '../src/data/lock.js';
import {hasTmux, killSessions, tmux, waitForScreen} from './support/tmux.js';

const RIM = path.resolve('bin/rim');
const dirs: string[] = [];
afterAll(async () => {
	await killSessions();
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

async function demoDir(): Promise<string> {
	const root = mkdtempSync(path.join(os.tmpdir(), 'rim-hangup-'));
	dirs.push(root);
	const dir = path.join(root, 'data');
	expect(await main(['demo', 'reset', '--data-dir', dir], {log: () => {}, error: () => {}}, {})).toBe(0);
	return dir;
}

/** Polls an observable condition (a file, a process) until it holds; the bound only keeps a broken rim from hanging the run. */
async function until(what: string, pred: () => boolean, ms = 60_000): Promise<void> {
	const end = Date.now() + ms;
	while (!pred()) {
		if (Date.now() > end) throw new Error(`never happened: ${what}`);
		await new Promise(r => setTimeout(r, 50));
	}
}

let sessionCount = 0;
function startTui(command: string, cwd = process.cwd()): string {
	const session = `rim-hup-${process.pid}-${++sessionCount}`;
	tmux(
		'new-session',
		'-d',
		'-s',
		session,
		'-x',
		'100',
		'-y',
		'30',
		'-c',
		cwd,
		`env -u CI TERM=xterm-256color ${command}; echo EXIT:$?; sleep 60`,
	);
	return session;
}

describe.skipIf(!hasTmux)('closing the terminal under a running TUI', () => {
	it.each(['kill-session', 'kill-window'])(
		'is a normal end on tmux %s: saved, unlocked, no trace, no temp file',
		async how => {
			const dir = await demoDir();
			const errors = path.join(path.dirname(dir), 'stderr.txt');
			const s = startTui(`RIM_SPEED=50 ${RIM} --data-dir ${dir} 2>${errors}`);
			const keys = (...k: string[]) => tmux('send-keys', '-t', s, ...k);
			await waitForScreen(s, screen => screen.includes('Packages (7)'), 60_000);
			// Drop SEC-PATCH-2611 on SEC-01 and execute: a job that is saved and then keeps changing while it runs.
			keys('Space', 'Tab', '/');
			tmux('send-keys', '-t', s, '-l', 'SEC-01');
			await waitForScreen(s, screen => screen.includes('/SEC-01'));
			keys('Enter', 'Enter');
			await waitForScreen(s, screen => screen.includes('Define New Job'));
			keys('Enter');
			await waitForScreen(s, screen => screen.includes('Create Job'));
			keys('e');
			await waitForScreen(s, screen => /J0001/.test(screen));
			const lock = path.join(dir, 'rim.lock');
			const pid = Number(readFileSync(lock, 'utf8').trim());
			expect(isAlive(pid)).toBe(true);

			tmux(how, '-t', s);
			await until('rim exits after the hang-up', () => !isAlive(pid));
			expect(existsSync(lock)).toBe(false);
			expect(readFileSync(errors, 'utf8')).toBe('');
			expect(readdirSync(dir).filter(f => /\.tmp-\d+$/.test(f))).toEqual([]);
			const out: string[] = [];
			expect(
				await main(
					['job', 'status', 'J0001', '--json', '--data-dir', dir],
					{log: l => out.push(l), error: l => out.push(l)},
					{},
				),
			).toBe(0);
			expect(JSON.parse(out.join('\n')).destinations[0].host).toBe('SEC-01');
		},
		120_000,
	);
});

describe('rim from any working directory, through a symlink', () => {
	it('runs a headless command from / through an npm-link style symlink', async () => {
		const dir = await demoDir();
		const linkDir = path.join(path.dirname(dir), 'global-bin');
		mkdirSync(linkDir);
		symlinkSync(RIM, path.join(linkDir, 'rim'));
		const run = spawnSync(path.join(linkDir, 'rim'), ['jobs', '--data-dir', dir], {cwd: '/', encoding: 'utf8'});
		expect(run.stderr).toBe('');
		expect(run.status).toBe(0);
		expect(run.stdout).toContain('no jobs yet');
	}, 60_000);

	it.skipIf(!hasTmux)(
		'opens the TUI from / through the symlink, and quits with exit 0',
		async () => {
			const dir = await demoDir();
			const linkDir = path.join(path.dirname(dir), 'global-bin');
			mkdirSync(linkDir);
			symlinkSync(RIM, path.join(linkDir, 'rim'));
			const s = startTui(`${path.join(linkDir, 'rim')} --data-dir ${dir}`, '/');
			const screen = await waitForScreen(s, text => text.includes('Packages (7)') || text.includes('EXIT:'), 60_000);
			expect(screen).not.toContain('React is not defined');
			expect(screen).toContain('Packages (7)');
			tmux('send-keys', '-t', s, 'q');
			expect(await waitForScreen(s, text => text.includes('EXIT:'), 60_000)).toContain('EXIT:0');
			tmux('kill-session', '-t', s);
		},
		120_000,
	);
});

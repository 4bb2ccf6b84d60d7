/**
 * Benchmark 4 — startup: `bin/rim jobs` (headless: start, lock, read + validate rim.json, print) on a data directory
 * with the 10,000-host demo fleet (2,000 packages) and a finished job, beside `node -e 0` and a 40-host directory;
 * when src/tui.tsx exists, also `bin/rim` to its first frame under tmux. Peak RSS comes from /usr/bin/time -v when it
 * is installed (else it is shown as —).
 *
 * How to read it: median of 5 runs; "× node" is the wall time over `node -e 0`'s.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fmt, percentile, printTable} from './support.js';

const RIM = path.resolve('bin/rim');
const HAS_TIME = existsSync('/usr/bin/time');

/** Wall ms and peak RSS (MB) of one run of a command. */
function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): {ms: number; rssMb: number} {
	const started = performance.now();
	if (HAS_TIME) {
		const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], {encoding: 'utf8', env, maxBuffer: 256 << 20});
		const ms = performance.now() - started;
		if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
		const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
		return {ms, rssMb: kb / 1024};
	}
	// No GNU time: peak RSS is not measured (a wrapper's getrusage would report itself, not rim).
	const r = spawnSync(cmd, args, {stdio: 'ignore', env});
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
	return {ms: performance.now() - started, rssMb: Number.NaN};
}

function median(cmd: string, args: string[], runs = 5): {ms: number; rssMb: number} {
	const all = Array.from({length: runs}, () => measure(cmd, args));
	return {ms: percentile(all.map(a => a.ms), 50), rssMb: Math.max(...all.map(a => a.rssMb))};
}

/** Time from starting `bin/rim` in a 120×40 tmux pane to a first frame (a screen that stays the same for 100 ms). */
function tuiFirstFrame(dataDir: string): number | string {
	if (!existsSync(path.resolve('src/tui.tsx'))) return 'src/tui.tsx not present';
	const probe = spawnSync('tmux', ['-V']);
	if (probe.status !== 0) return 'tmux not installed';
	const session = `rim-bench-${process.pid}`;
	const tmux = (...a: string[]) => execFileSync('tmux', a, {encoding: 'utf8'});
	const started = performance.now();
	tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `env -u CI TERM=xterm-256color ${RIM} --data-dir ${dataDir}; sleep 30`);
	try {
		let last = '';
		let firstSeen = 0;
		let lastChange = 0;
		while (performance.now() - started < 30_000) {
			const screen = tmux('capture-pane', '-p', '-t', session);
			const now = performance.now();
			if (screen.trim().split('\n').filter(l => l.trim()).length >= 5) {
				if (!firstSeen) firstSeen = now;
				if (screen !== last) lastChange = now;
				else if (now - lastChange >= 100) return lastChange - started;
			}
			last = screen;
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
		}
		return 'no frame within 30 s';
	} finally {
		spawnSync('tmux', ['kill-session', '-t', session]);
	}
}

export async function startupBenchmark(): Promise<void> {
	console.log('\n## 4. Startup — headless command and TUI first frame, peak RSS');
	const big = mkdtempSync(path.join(os.tmpdir(), 'rim-bench-start-'));
	const small = mkdtempSync(path.join(os.tmpdir(), 'rim-bench-start40-'));
	try {
		execFileSync(RIM, ['demo', 'reset', '--data-dir', big, '--hosts', '10000'], {stdio: 'ignore'});
		execFileSync(RIM, ['job', 'create', '--type', 'install', '--package', 'SEC-PATCH-2611', '--destination', 'SECURITY-PCS', '--data-dir', big, '--wait'], {stdio: 'ignore'});
		execFileSync(RIM, ['demo', 'reset', '--data-dir', small], {stdio: 'ignore'});
		const base = median(process.execPath, ['-e', '0']);
		const jobs40 = median(RIM, ['jobs', '--data-dir', small]);
		const jobs10k = median(RIM, ['jobs', '--data-dir', big]);
		const tui = tuiFirstFrame(big);
		const rows: (string | number)[][] = [
			['node -e 0', fmt(base.ms, 0), '1.0', fmt(base.rssMb, 0)],
			['bin/rim jobs (40 hosts)', fmt(jobs40.ms, 0), fmt(jobs40.ms / base.ms, 1), fmt(jobs40.rssMb, 0)],
			['bin/rim jobs (10,000 hosts, 2,000 packages, one finished 2,000-destination job)', fmt(jobs10k.ms, 0), fmt(jobs10k.ms / base.ms, 1), fmt(jobs10k.rssMb, 0)],
			typeof tui === 'number'
				? ['bin/rim → first TUI frame, 120×40 under tmux (10,000 hosts)', fmt(tui, 0), fmt(tui / base.ms, 1), '—']
				: [`bin/rim → first TUI frame: TODO (${tui})`, '—', '—', '—'],
		];
		printTable('startup (median of 5)', ['command', 'wall ms', '× node', 'peak RSS MB'], rows);
	} finally {
		rmSync(big, {recursive: true, force: true});
		rmSync(small, {recursive: true, force: true});
	}
}

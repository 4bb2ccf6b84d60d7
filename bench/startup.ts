/**
 * Benchmark 4 — startup, side by side in a real 120×40 pseudo-terminal (bench/pty.ts), alternating runs:
 *   - node importing ink and react (the floor for any Ink TUI), until it prints;
 *   - `bin/rim` on the 10,000-host directory (a 2,000-destination job running) until its first screen update ends;
 *   - `bin/rim jobs` on the same directory (headless: open, lock, read and validate, print), to its exit.
 * How to read it: each rim run is divided by the node+ink+react run next to it, so machine load cancels out as far
 * as it can; the goal is judged on the median of those ratios, shown with their range.
 */
import {execFileSync} from 'node:child_process';
import {bigDataDir, copyOf, RIM} from './data-dirs.js';
import {Pty, UPDATE_END} from './pty.js';
import {fmt, goalOfRuns, machineLoad, percentile, printTable, spread} from './support.js';
import {ptyBenchBlocker} from './patches.js';

const RUNS = 5;

function env(): NodeJS.ProcessEnv {
	const e: NodeJS.ProcessEnv = {...process.env, NODE_ENV: 'production', TERM: 'xterm-256color'};
	delete e.CI;
	return e;
}

async function untilOutput(command: string[], done: (out: string) => boolean, quit?: string): Promise<number> {
	const started = performance.now();
	const pty = new Pty(command, {columns: 120, rows: 40, env: env(), cwd: process.cwd()});
	try {
		await pty.until(done, 180_000);
		const ms = performance.now() - started;
		if (quit) {
			pty.write(quit);
			await Promise.race([pty.exited, new Promise(r => setTimeout(r, 30_000))]);
		}
		return ms;
	} finally {
		pty.kill();
	}
}

const IMPORT_INK = [
	'node',
	'--input-type=module',
	'-e',
	"await import('ink'); await import('react'); process.stdout.write('imported')",
];

export async function startupBenchmark(): Promise<void> {
	console.log(`\n## 4. Startup in a real pty, ${RUNS} alternating runs (${machineLoad()})`);
	const blocker = ptyBenchBlocker();
	if (blocker) {
		console.log(blocker);
		return;
	}
	const dir = bigDataDir();
	const base: number[] = [];
	const tui: number[] = [];
	const jobs: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		base.push(await untilOutput(IMPORT_INK, out => out.includes('imported')));
		tui.push(await untilOutput([RIM, '--data-dir', copyOf(dir)], out => out.includes(UPDATE_END), '\u0003'));
		const started = performance.now();
		execFileSync(RIM, ['jobs', '--data-dir', dir], {stdio: 'ignore', env: env()});
		jobs.push(performance.now() - started);
	}
	const ratios = tui.map((ms, i) => ms / base[i]!);
	printTable(
		'startup (ms: median of the runs, their range in brackets)',
		['what', 'ms', '÷ node+ink+react (per run)'],
		[
			['node importing ink and react', spread(base, 0), '1'],
			['bin/rim → first TUI frame, 10,000 hosts, a job running', spread(tui, 0), spread(ratios, 2)],
			[
				'bin/rim jobs, 10,000 hosts (headless, to exit)',
				spread(jobs, 0),
				spread(
					jobs.map((ms, i) => ms / base[i]!),
					2,
				),
			],
		],
	);
	console.log(goalOfRuns('first TUI frame at 10,000 hosts ÷ node importing ink+react', ratios, '<=', 3));
	console.log(
		`  (first frame median ${fmt(percentile(tui, 50), 0)} ms; bin/rim runs dist/ when it is current, else the sources through tsx)`,
	);
}

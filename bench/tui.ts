/**
 * Benchmark 1 — TUI key → frame as a user gets it: the real `bin/rim` (its build, NODE_ENV=production, real clock at 1×,
 * the once-a-second tick) in a real 120×40 pseudo-terminal (bench/pty.ts), keys j/k typed 150 ms apart (a fast human
 * pace). Per key: from writing it to the pty to the end of the screen update that moves the selection (the update
 * with the `›` marker), as read back from the pty. Also the bytes that update took, beside a whole frame (Ctrl+L).
 * Fleets: the 40-host demo, and 10,000 hosts / 2,000 packages with a job to 2,000 security PCs running.
 * Three runs per fleet (a fresh rim each); the goals are judged on the median of the runs' medians.
 */
import {fmt, goalOfRuns, machineLoad, percentile, printTable, spread} from './support.js';
import {bigDataDir, copyOf, demoDataDir, RIM} from './data-dirs.js';
import {Pty, UPDATE_END} from './pty.js';
import {ptyBenchBlocker} from './patches.js';

const RUNS = 3;
const KEYS = 30;
const KEY_GAP_MS = 150;
const UPDATE_BEGIN = '\u001B[?2026h';
const MARKER = Buffer.from('›').toString('latin1');

export interface Run {
	times: number[];
	keyBytes: number[];
	frameBytes: number;
}

/** The first complete update that starts at or after `from` and satisfies `test`, as [start, end). */
function updateAfter(output: string, from: number, test: (update: string) => boolean): [number, number] | null {
	let at = output.indexOf(UPDATE_BEGIN, from);
	while (at >= 0) {
		const end = output.indexOf(UPDATE_END, at);
		if (end < 0) return null;
		const stop = end + UPDATE_END.length;
		if (test(output.slice(at, stop))) return [at, stop];
		at = output.indexOf(UPDATE_BEGIN, stop);
	}
	return null;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** One rim TUI in a 120×40 pty on `dir`: a whole frame (Ctrl+L), then KEYS keys j/k, each timed to its update. */
export async function keyFrameRun(dir: string): Promise<Run> {
	const env: NodeJS.ProcessEnv = {...process.env, NODE_ENV: 'production', TERM: 'xterm-256color'};
	delete env.CI;
	delete env.RIM_SPEED;
	const pty = new Pty([RIM, '--data-dir', dir], {columns: 120, rows: 40, env});
	try {
		await pty.until(out => out.includes(UPDATE_END), 180_000);
		let from = pty.bytes;
		pty.write('\u000c');
		await pty.until(out => updateAfter(out, from, u => u.includes('\u001B[2J')) !== null);
		const [start, end] = updateAfter(pty.output, from, u => u.includes('\u001B[2J'))!;
		const frameBytes = end - start;
		const times: number[] = [];
		const keyBytes: number[] = [];
		for (let i = 0; i < KEYS; i++) {
			await sleep(KEY_GAP_MS);
			from = pty.bytes;
			const started = performance.now();
			pty.write(i % 2 === 0 ? 'j' : 'k');
			await pty.until(out => updateAfter(out, from, u => u.includes(MARKER)) !== null, 30_000);
			times.push(performance.now() - started);
			const [, stop] = updateAfter(pty.output, from, u => u.includes(MARKER))!;
			keyBytes.push(stop - from);
		}
		pty.write('\u0003');
		await Promise.race([pty.exited, sleep(30_000)]);
		return {times, keyBytes, frameBytes};
	} finally {
		pty.kill();
	}
}

export async function tuiBenchmark(): Promise<void> {
	console.log(`\n## 1. TUI key → frame through a real pty, 120×40, keys ${KEY_GAP_MS} ms apart (${machineLoad()})`);
	const blocker = ptyBenchBlocker();
	if (blocker) {
		console.log(blocker);
		return;
	}
	const fleets = [
		{label: '40-host demo', dir: demoDataDir()},
		{label: '10,000 hosts, 2,000 packages, a 2,000-destination job running', dir: bigDataDir()},
	];
	const results: Run[][] = [];
	for (const fleet of fleets) {
		const runs: Run[] = [];
		for (let i = 0; i < RUNS; i++) runs.push(await keyFrameRun(copyOf(fleet.dir)));
		results.push(runs);
	}
	const medians = (runs: Run[]) => runs.map(r => percentile(r.times, 50));
	const p95s = (runs: Run[]) => runs.map(r => percentile(r.times, 95));
	const shares = (runs: Run[]) => runs.map(r => (100 * percentile(r.keyBytes, 50)) / r.frameBytes);
	printTable(
		`key → frame (${RUNS} runs × ${KEYS} keys; median of the runs, their range in brackets)`,
		['fleet', 'median ms', 'p95 ms', 'bytes per key', 'whole frame bytes', 'key ÷ frame %'],
		fleets.map((fleet, i) => {
			const runs = results[i]!;
			return [
				fleet.label,
				spread(medians(runs)),
				spread(p95s(runs)),
				fmt(
					percentile(
						runs.map(r => percentile(r.keyBytes, 50)),
						50,
					),
					0,
				),
				fmt(
					percentile(
						runs.map(r => r.frameBytes),
						50,
					),
					0,
				),
				spread(shares(runs), 1),
			];
		}),
	);
	const [small, large] = results as [Run[], Run[]];
	console.log(goalOfRuns('median key → frame ms at 10,000 hosts with a job running', medians(large), '<=', 8));
	console.log(
		goalOfRuns(
			'median large ÷ small',
			medians(large).map((m, i) => m / medians(small)[i]!),
			'<=',
			1.5,
		),
	);
	console.log(goalOfRuns('bytes per key, % of a whole 120×40 frame (40 hosts)', shares(small), '<=', 15, 1));
	console.log(goalOfRuns('bytes per key, % of a whole 120×40 frame (10,000 hosts)', shares(large), '<=', 15, 1));
}

/**
 * Benchmark 6 — key → frame in a TUI attached to a manager, beside the embedded TUI, at 10,000 hosts with a
 * 2,000-destination job running. Same pty, keys and measure as benchmark 1 (bench/tui.ts): the embedded run is `bin/rim`
 * on its own copy of the directory (it is the manager); the attached run is `rim server` on another copy and `bin/rim`
 * attached to it, so the job runs in the server and the TUI follows it by deltas over rim.sock. Runs alternate, and each
 * attached run is divided by the embedded run beside it. The socket's bytes per change are benchmark 5's (manager).
 */
import {spawn} from 'node:child_process';
import {bigDataDir, copyOf, RIM} from './data-dirs.js';
import {fmt, goalOfRuns, machineLoad, percentile, printTable, spread} from './support.js';
import {keyFrameRun, type Run} from './tui.js';
import {ptyBenchBlocker} from './patches.js';

const RUNS = Number(process.env.RIM_BENCH_RUNS ?? 3);

/** `rim server` on `dir` until it prints its ready line; `stop` ends it with SIGTERM and waits for its exit. */
async function startServer(dir: string): Promise<{stop(): Promise<void>}> {
	const env: NodeJS.ProcessEnv = {...process.env, NODE_ENV: 'production'};
	delete env.RIM_SPEED;
	const child = spawn(RIM, ['server', '--data-dir', dir], {stdio: ['ignore', 'pipe', 'inherit'], env});
	const exited = new Promise<void>(resolve => child.on('exit', () => resolve()));
	await new Promise<void>((resolve, reject) => {
		let out = '';
		child.stdout!.on('data', chunk => {
			out += chunk;
			if (out.includes('admin socket')) resolve();
		});
		child.on('exit', code => reject(new Error(`rim server ended (${code}) before it was ready: ${out}`)));
	});
	return {
		stop: async () => {
			child.kill('SIGTERM');
			await exited;
		},
	};
}

async function attachedRun(dir: string): Promise<Run> {
	const server = await startServer(dir);
	try {
		return await keyFrameRun(dir);
	} finally {
		await server.stop();
	}
}

export async function attachedBenchmark(): Promise<void> {
	console.log(
		`\n## 6. Key → frame in a TUI attached to a manager beside the embedded TUI, 10,000 hosts (${machineLoad()})`,
	);
	const blocker = ptyBenchBlocker();
	if (blocker) {
		console.log(blocker);
		return;
	}
	const dir = bigDataDir();
	const embedded: Run[] = [];
	const attached: Run[] = [];
	for (let i = 0; i < RUNS; i++) {
		embedded.push(await keyFrameRun(copyOf(dir)));
		attached.push(await attachedRun(copyOf(dir)));
	}
	const medians = (runs: Run[]) => runs.map(r => percentile(r.times, 50));
	const p95s = (runs: Run[]) => runs.map(r => percentile(r.times, 95));
	const ratios = medians(attached).map((m, i) => m / medians(embedded)[i]!);
	printTable(
		`key → frame at 10,000 hosts, a 2,000-destination job running (${RUNS} alternating pairs × 30 keys; median, range)`,
		['TUI', 'median ms', 'p95 ms', 'bytes per key'],
		[
			[
				'embedded (this process is the manager)',
				spread(medians(embedded)),
				spread(p95s(embedded)),
				fmt(
					percentile(
						embedded.map(r => percentile(r.keyBytes, 50)),
						50,
					),
					0,
				),
			],
			[
				'attached to rim server over rim.sock',
				spread(medians(attached)),
				spread(p95s(attached)),
				fmt(
					percentile(
						attached.map(r => percentile(r.keyBytes, 50)),
						50,
					),
					0,
				),
			],
		],
	);
	console.log(goalOfRuns('median key → frame, attached ÷ embedded (per pair)', ratios, '<=', 1.5));
}

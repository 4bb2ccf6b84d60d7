/**
 * Benchmark 1 — TUI key → frame at 120×40, production build, in a child process per fleet (bench/tui-child.tsx):
 * the 40-host demo, and 10,000 security PCs with ~2,000 packages and a 10,000-destination job running.
 * How to read it: median and p95 per keypress; large ÷ small of the medians (goal ≤ 1.5) and median ≤ 8 ms.
 * A frame can also come from a snapshot publish that lands right after a key; that only shortens a measurement.
 */
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fmt, goal, percentile, printTable} from './support.js';

export async function tuiBenchmark(): Promise<void> {
	console.log('\n## 1. TUI key → frame, 120×40, NODE_ENV=production');
	if (!existsSync(path.resolve('src/app.tsx'))) {
		console.log('  TODO — TUI benchmark: src/app.tsx not present');
		return;
	}
	const results = ['small', 'large'].map(which => {
		const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/tui-child.tsx', which],
			{encoding: 'utf8', env: {...process.env, NODE_ENV: 'production'}, maxBuffer: 16 << 20});
		const line = r.stdout.trim().split('\n').pop() ?? '';
		if (r.status !== 0 || !line.startsWith('{')) throw new Error(`TUI benchmark child (${which}) failed: ${r.stderr.slice(-800)}`);
		return JSON.parse(line) as {name: string; times: number[]; missed: number};
	});
	const [small, large] = results as [typeof results[0], typeof results[0]];
	const row = (label: string, r: typeof small) => [label, r.times.length, r.missed, fmt(percentile(r.times, 50), 2), fmt(percentile(r.times, 95), 2), fmt(Math.max(...r.times), 1)];
	printTable('key → frame', ['fleet', 'keys', 'no frame', 'median ms', 'p95 ms', 'max ms'], [
		row('40-host demo', small),
		row('10,000 hosts, 2,000 packages, 10,000-destination job running', large),
	]);
	const ratio = percentile(large.times, 50) / percentile(small.times, 50);
	console.log(goal('median large ÷ small', ratio, '<=', 1.5));
	console.log(goal('median ms at 10,000 hosts', percentile(large.times, 50), '<=', 8));
}

/**
 * Benchmark 5 — `rim package add` of a large folder: wall time beside `tar czf` of the same folder (GNU tar + gzip,
 * what an admin would otherwise run), and rim's peak RSS beside the same command on a small folder, to show that
 * memory stays flat (packing streams). Size: `RIM_BENCH_PACKAGE_MB` (default 256; the README's 1 GB figures come from
 * `RIM_BENCH_PACKAGE_MB=1024 npm run bench -- package`). Peak RSS from `/usr/bin/time -v`.
 *
 * The folder: files of 16 MiB, half random bytes (incompressible) and half text (compressible), in two subfolders.
 */
import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fmt, goalOfRuns, printTable} from './support.js';

const RIM = path.resolve('bin/rim');
const MB = 1024 * 1024;
const FILE_MB = 16;

function makeFolder(root: string, totalMb: number): void {
	const text = Buffer.from(
		'rim benchmark line: packages made from files are packed as tar + gzip\n'.repeat(16_000),
	).subarray(0, MB);
	const files = Math.max(1, Math.ceil(totalMb / FILE_MB));
	for (let i = 0; i < files; i++) {
		const dir = path.join(root, i % 2 ? 'text' : 'random');
		mkdirSync(dir, {recursive: true});
		const fd = openSync(path.join(dir, `part-${String(i).padStart(4, '0')}.bin`), 'w');
		try {
			const mb = Math.min(FILE_MB, totalMb - i * FILE_MB);
			for (let m = 0; m < mb; m++) writeSync(fd, i % 2 ? text : randomBytes(MB));
		} finally {
			closeSync(fd);
		}
	}
}

interface Run {
	ms: number;
	rssMb: number;
}

function timed(cmd: string, args: string[]): Run {
	const started = performance.now();
	const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], {encoding: 'utf8', maxBuffer: 64 << 20});
	const ms = performance.now() - started;
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
	const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
	return {ms, rssMb: kb / 1024};
}

export async function packageBenchmark(): Promise<void> {
	const totalMb = Number(process.env.RIM_BENCH_PACKAGE_MB ?? 256);
	console.log(`\n## 5. rim package add — a ${totalMb} MiB folder beside tar czf, peak RSS`);
	if (!existsSync('/usr/bin/time')) {
		console.log('  not measured: peak RSS needs GNU time at /usr/bin/time (apt-get install time)');
		return;
	}
	const work = mkdtempSync(path.join(os.tmpdir(), 'rim-bench-package-'));
	try {
		const big = path.join(work, 'big');
		const small = path.join(work, 'small');
		makeFolder(big, totalMb);
		makeFolder(small, FILE_MB);
		const site = path.join(work, 'site');
		timed(RIM, ['init', '--data-dir', site]);
		const smallRim = timed(RIM, [
			'package',
			'add',
			small,
			'--id',
			'SMALL',
			'--version',
			'1',
			'--kind',
			'standard',
			'--data-dir',
			site,
		]);
		const bigRim = timed(RIM, [
			'package',
			'add',
			big,
			'--id',
			'BIG',
			'--version',
			'1',
			'--kind',
			'standard',
			'--data-dir',
			site,
		]);
		const bigTar = timed('tar', ['czf', path.join(work, 'big.tar.gz'), '-C', big, '.']);
		const mbps = (run: Run, mb: number) => fmt(mb / (run.ms / 1000), 0);
		printTable(
			`package add vs tar czf (one run each; ${totalMb} MiB: half random, half text)`,
			['command', 'wall ms', 'MiB/s', 'peak RSS MB'],
			[
				[
					`bin/rim package add (${FILE_MB} MiB folder)`,
					fmt(smallRim.ms, 0),
					mbps(smallRim, FILE_MB),
					fmt(smallRim.rssMb, 0),
				],
				[`bin/rim package add (${totalMb} MiB folder)`, fmt(bigRim.ms, 0), mbps(bigRim, totalMb), fmt(bigRim.rssMb, 0)],
				[`tar czf (${totalMb} MiB folder)`, fmt(bigTar.ms, 0), mbps(bigTar, totalMb), fmt(bigTar.rssMb, 0)],
			],
		);
		console.log(goalOfRuns('rim ÷ tar czf wall time', [bigRim.ms / bigTar.ms], '<=', 1.5));
		console.log(
			goalOfRuns(
				`peak RSS growth from ${FILE_MB} MiB to ${totalMb} MiB (MB)`,
				[bigRim.rssMb - smallRim.rssMb],
				'<=',
				32,
				0,
			),
		);
	} finally {
		rmSync(work, {recursive: true, force: true});
	}
}

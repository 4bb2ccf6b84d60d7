/**
 * Data directories the pty benchmarks run the real bin/rim on, made once per `npm run bench` with rim's own commands:
 * the 40-host demo, and the 10,000-host demo with a job to its 2,000 security PCs defined and started (not driven:
 * the TUI resumes it on the wall clock when it opens the directory).
 */
import {cpSync, mkdtempSync, rmSync} from 'node:fs';
import {execFileSync} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

export const RIM = path.resolve('bin/rim');
const made: string[] = [];
let demo: string | undefined;
let big: string | undefined;

const rim = (...args: string[]) =>
	execFileSync(RIM, args, {stdio: 'ignore', env: {...process.env, NODE_ENV: 'production'}});

export function demoDataDir(): string {
	if (!demo) {
		demo = mkdtempSync(path.join(os.tmpdir(), 'rim-bench-demo-'));
		made.push(demo);
		rim('demo', 'reset', '--data-dir', demo);
	}
	return demo;
}

export function bigDataDir(): string {
	if (!big) {
		big = mkdtempSync(path.join(os.tmpdir(), 'rim-bench-10k-'));
		made.push(big);
		rim('demo', 'reset', '--data-dir', big, '--hosts', '10000');
		rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'SEC-PATCH-2611',
			'--destination',
			'SECURITY-PCS',
			'--data-dir',
			big,
		);
	}
	return big;
}

/** A private copy (a running TUI changes its directory). */
export function copyOf(dir: string): string {
	const copy = mkdtempSync(path.join(os.tmpdir(), 'rim-bench-copy-'));
	made.push(copy);
	cpSync(dir, copy, {recursive: true, filter: source => !source.endsWith('rim.lock') && !source.endsWith('rim.sock')});
	return copy;
}

export function removeDataDirs(): void {
	for (const dir of made.splice(0)) rmSync(dir, {recursive: true, force: true});
	demo = big = undefined;
}

/**
 * A real full disk for tests: a small tmpfs mounted inside a user + mount namespace (`unshare -rm`, which needs no
 * privilege where user namespaces are enabled). The namespace lives as long as a `cat` holding it; every command runs
 * in it through `nsenter`, so rim sees the small disk and ENOSPC is the kernel's own.
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RIM = path.resolve('bin/rim');

/** Whether this machine lets us mount a tmpfs in a user namespace (probed once). */
export const canMountTmpfs = (() => {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-probe-'));
	try {
		return spawnSync('unshare', ['-rm', 'sh', '-c', 'mount -t tmpfs -o size=64k probe "$0"', dir]).status === 0;
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
})();

export interface Ran {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface SmallDisk {
	/** The mount point (empty outside the namespace). */
	dir: string;
	/** The namespace holder's pid, for `nsenter -t`. */
	pid: number;
	/** Runs a program inside the namespace. */
	run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Ran>;
	/** `bin/rim ARGS` inside the namespace. */
	rim(args: string[], env?: NodeJS.ProcessEnv): Promise<Ran>;
	/** A shell line inside the namespace. */
	sh(line: string): Promise<Ran>;
	/** The argv that runs `command` inside the namespace (for tmux). */
	argv(command: string[]): string[];
	/** Fills the disk, leaving `leaveKb` KiB free; returns the filler's path. */
	fill(leaveKb: number): Promise<string>;
	close(): Promise<void>;
}

/** Mounts a tmpfs of `sizeKb` KiB in a new namespace. */
export async function smallDisk(sizeKb: number): Promise<SmallDisk> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-small-disk-'));
	const holder: ChildProcess = spawn(
		'unshare',
		['-rm', 'sh', '-c', `mount -t tmpfs -o size=${sizeKb}k rimtest "$0" && echo mounted && exec cat`, dir],
		{stdio: ['pipe', 'pipe', 'pipe']},
	);
	await new Promise<void>((resolve, reject) => {
		let out = '';
		let errText = '';
		holder.stdout!.on('data', chunk => {
			out += String(chunk);
			if (out.includes('mounted')) resolve();
		});
		holder.stderr!.on('data', chunk => (errText += String(chunk)));
		holder.on('exit', code => reject(new Error(`unshare ended (${code}): ${errText}`)));
	});
	const pid = holder.pid!;
	const argv = (command: string[]) => ['nsenter', '-t', String(pid), '-U', '-m', '--preserve-credentials', ...command];
	const run = (command: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
		new Promise<Ran>(resolve => {
			const [bin, ...rest] = argv([command, ...args]);
			const child = spawn(bin!, rest, {
				env: {...process.env, CI: undefined, ...env},
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', chunk => (stdout += String(chunk)));
			child.stderr.on('data', chunk => (stderr += String(chunk)));
			child.on('close', code => resolve({code, stdout, stderr}));
		});
	const sh = (line: string) => run('sh', ['-c', line]);
	return {
		dir,
		pid,
		run,
		rim: (args, env) => run(RIM, args, env),
		sh,
		argv,
		async fill(leaveKb) {
			const filler = path.join(dir, `filler-${Math.random().toString(36).slice(2)}`);
			// dd stops at ENOSPC (exit 1); then give back what the caller wants free.
			await sh(`dd if=/dev/zero of=${filler} bs=4k 2>/dev/null; truncate -s -${leaveKb}k ${filler}`);
			return filler;
		},
		async close() {
			const ended = new Promise(resolve => holder.once('exit', resolve));
			holder.stdin!.end();
			await ended;
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

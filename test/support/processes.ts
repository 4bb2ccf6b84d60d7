/** Real rim processes for tests: started with their output collected, waited on by what they print, always ended. */
import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';

export const RIM = path.resolve('bin/rim');

export interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `rim ARGV… --data-dir DIR` to its end. */
export function rim(dir: string, ...argv: string[]): Promise<Run> {
	return new Promise(resolve => {
		const child = spawn(RIM, [...argv, '--data-dir', dir], {env: {...process.env, RIM_DATA_DIR: ''}});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', d => (stdout += d));
		child.stderr.on('data', d => (stderr += d));
		child.on('close', code => resolve({code, stdout, stderr}));
	});
}

export interface Running {
	child: ChildProcess;
	/** Resolves once the output holds `text` (or matches it); rejects if the process ends first. */
	see(text: string | RegExp): Promise<string>;
	output(): string;
	exited: Promise<number | null>;
}

const started: {child: ChildProcess; pidFile: string | null}[] = [];

/** Starts a long-running rim; `pidFile`: a process that may replace itself names its successor there (rim agent). */
export function start(argv: string[], pidFile: string | null = null, env: Record<string, string> = {}): Running {
	const child = spawn(RIM, argv, {env: {...process.env, RIM_DATA_DIR: '', ...env}});
	started.push({child, pidFile});
	let output = '';
	const waiters: (() => void)[] = [];
	const add = (d: Buffer) => {
		output += d;
		for (const w of waiters.splice(0)) w();
	};
	child.stdout!.on('data', add);
	child.stderr!.on('data', add);
	const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
	let ended = false;
	child.on('close', () => {
		ended = true;
		for (const w of waiters.splice(0)) w();
	});
	const see = (text: string | RegExp) =>
		new Promise<string>((resolve, reject) => {
			const check = () => {
				const found = typeof text === 'string' ? output.includes(text) : text.test(output);
				if (found) resolve(output);
				else if (ended) reject(new Error(`the process ended before printing ${String(text)}:\n${output}`));
				else waiters.push(check);
			};
			check();
		});
	return {child, see, output: () => output, exited};
}

/** Ends every process `start` started, and the successors named in their pid files. */
export function endAll(): void {
	for (const {child, pidFile} of started.splice(0)) {
		if (pidFile && existsSync(pidFile)) {
			const pid = Number(readFileSync(pidFile, 'utf8').trim());
			if (pid > 0 && pid !== child.pid) {
				try {
					process.kill(pid, 'SIGKILL');
				} catch {
					/* already gone */
				}
			}
		}
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
}

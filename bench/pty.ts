/**
 * A program in a real pseudo-terminal, for the benchmarks: util-linux `script` gives the child a pty of the size we set,
 * forwards what we write as typed keys and hands back every byte the program writes to its terminal. The benchmarks
 * time what a user waits for: from a key (or the start) to the end of the update on the terminal.
 */
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';

export const hasScript = spawnSync('script', ['--version']).status === 0;

/** The end of one of rim's screen updates (synchronized output off). */
export const UPDATE_END = '\u001B[?2026l';

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export class Pty {
	private readonly child: ChildProcess;
	private text = '';
	private waiters: (() => void)[] = [];
	exited: Promise<number>;

	constructor(command: string[], opts: {columns: number; rows: number; env?: NodeJS.ProcessEnv; cwd?: string}) {
		const inner = `stty cols ${opts.columns} rows ${opts.rows}; exec ${command.map(quote).join(' ')}`;
		this.child = spawn('script', ['-qfec', inner, '/dev/null'], {
			stdio: ['pipe', 'pipe', 'ignore'],
			env: opts.env,
			cwd: opts.cwd,
		});
		this.child.stdout!.setEncoding('latin1');
		this.child.stdout!.on('data', (chunk: string) => {
			this.text += chunk;
			for (const wake of this.waiters.splice(0)) wake();
		});
		this.exited = new Promise(resolve =>
			this.child.on('exit', code => {
				for (const wake of this.waiters.splice(0)) wake();
				resolve(code ?? -1);
			}),
		);
	}

	/** Everything the program wrote so far (one char per byte). */
	get output(): string {
		return this.text;
	}

	get bytes(): number {
		return this.text.length;
	}

	write(keys: string): void {
		this.child.stdin!.write(keys);
	}

	/** Resolves once `test(output)` holds; rejects after `ms`. */
	async until(test: (output: string) => boolean, ms = 60_000): Promise<void> {
		const limit = performance.now() + ms;
		while (!test(this.text)) {
			if (this.child.exitCode !== null) throw new Error(`the program exited; it wrote:\n${this.text.slice(-2000)}`);
			const left = limit - performance.now();
			if (left <= 0) throw new Error(`timed out; the program wrote:\n${this.text.slice(-2000)}`);
			await new Promise<void>(resolve => {
				const timer = setTimeout(resolve, left);
				this.waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	kill(): void {
		if (this.child.exitCode === null) this.child.kill('SIGKILL');
	}
}

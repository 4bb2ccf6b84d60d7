/**
 * The confirmation dialog on the agent's own terminal (docs/agent-protocol.md, Security PCs): the PC's user types an
 * answer on the terminal the agent runs in. The question is ours; what the network sent (the job's id) reaches the
 * terminal only through the output layer's sanitizing log line before it.
 */
import readline from 'node:readline';

export type DialogAnswer = 'yes' | 'later' | 'cancel';

/** Asks on the terminal until a valid answer is typed; null when `signal` ends the dialog first (answered elsewhere, time up, stopping). */
export type TerminalAsk = (signal: AbortSignal) => Promise<DialogAnswer | null>;

/** What the user may type (any case, surrounding spaces ignored): Yes, or Later (n/no too: not now), or Cancel. */
const TYPED: Record<string, DialogAnswer> = {
	y: 'yes',
	yes: 'yes',
	n: 'later',
	no: 'later',
	l: 'later',
	later: 'later',
	c: 'cancel',
	cancel: 'cancel',
};

export const PROMPT = 'Restart now and install? [y]es / [n]o, later / [c]ancel: ';

/** `onInterrupt`: Ctrl-C at the prompt (the terminal is in raw mode, so no signal comes by itself). */
export function terminalAsker(
	input: NodeJS.ReadStream,
	output: NodeJS.WriteStream,
	onInterrupt: () => void,
): TerminalAsk {
	return signal =>
		new Promise(resolve => {
			if (signal.aborted) return resolve(null);
			const rl = readline.createInterface({input, output, terminal: true});
			let ended = false;
			const end = (answer: DialogAnswer | null) => {
				if (ended) return;
				ended = true;
				signal.removeEventListener('abort', onAbort);
				rl.close();
				// Give the terminal back: nothing else reads it, and the agent must be free to exit.
				input.pause();
				resolve(answer);
			};
			const onAbort = () => {
				output.write('\n');
				end(null);
			};
			signal.addEventListener('abort', onAbort, {once: true});
			rl.on('SIGINT', () => {
				output.write('\n');
				end(null);
				onInterrupt();
			});
			const ask = () =>
				rl.question(PROMPT, typed => {
					const answer = TYPED[typed.trim().toLowerCase()];
					if (answer) return end(answer);
					output.write('Answer y (Yes: restart and install), n or l (Later) or c (Cancel).\n');
					ask();
				});
			ask();
		});
}

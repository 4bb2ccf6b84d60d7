/** Drives Ink screens with real key bytes inside React's act(), so every frame is settled before it is read. */
import {act, type ReactElement} from 'react';
import {cleanup, render} from 'ink-testing-library';

export const KEY = {
	up: '\x1b[A',
	down: '\x1b[B',
	right: '\x1b[C',
	left: '\x1b[D',
	pageUp: '\x1b[5~',
	pageDown: '\x1b[6~',
	home: '\x1b[H',
	end: '\x1b[F',
	tab: '\t',
	shiftTab: '\x1b[Z',
	enter: '\r',
	escape: '\x1b',
	backspace: '\x7f',
	delete: '\x1b[3~',
	ctrlC: '\x03',
	space: ' ',
} as const;

export async function renderTui(tree: ReactElement) {
	let r!: ReturnType<typeof render>;
	await act(async () => {
		r = render(tree);
	});
	return {
		...r,
		frame: () => r.lastFrame() ?? '',
		async press(...keys: string[]) {
			for (const k of keys) {
				await act(async () => {
					r.stdin.write(k);
					// A lone ESC is delivered one setImmediate later (Ink waits for more bytes of a sequence).
					if (k === KEY.escape) await new Promise(res => setImmediate(res));
				});
			}
		},
		async type(text: string) {
			await act(async () => {
				r.stdin.write(text);
			});
		},
		/** Lets pending promises (engine actions) and their state updates settle. */
		async settle() {
			await act(async () => {
				await new Promise(res => setImmediate(res));
			});
		},
	};
}

export const cleanupTui = () => act(() => cleanup());

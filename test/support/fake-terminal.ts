/** Stand-ins for a terminal's streams, for rendering Ink at a chosen size (ink-testing-library fixes 100 columns). */
import {EventEmitter} from 'node:events';

/** A stdout of a given size that keeps every frame Ink writes; `onWrite` fires after each one. */
export class SizedStdout extends EventEmitter {
	isTTY = true;
	frames: string[] = [];
	onWrite: (() => void) | null = null;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (s: string) => {
		this.frames.push(s);
		this.onWrite?.();
		return true;
	};
	get last(): string {
		return this.frames.at(-1) ?? '';
	}
}

/** A raw-mode stdin whose `push` delivers bytes the way Ink reads them (the 'readable' event + read()). */
export class FakeStdin extends EventEmitter {
	isTTY = true;
	private queue: string[] = [];
	push(s: string): void {
		this.queue.push(s);
		this.emit('readable');
	}
	read = () => this.queue.shift() ?? null;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}

import type {WallTime} from '../../src/engine/clock.js';

/** Wall time that moves only when the test says; timers fire as it passes them. */
export class HandWall implements WallTime {
	private timers: {at: number; fn: () => void; live: boolean}[] = [];
	/** The delays asked for, to check the longest-timeout cap. */
	readonly delays: number[] = [];

	constructor(private current: number) {}

	now(): number {
		return this.current;
	}

	setTimer(fn: () => void, ms: number): () => void {
		this.delays.push(ms);
		const timer = {at: this.current + ms, fn, live: true};
		this.timers.push(timer);
		return () => {
			timer.live = false;
		};
	}

	/** Moves wall time by `ms`, firing each timer due on the way in time order. */
	advance(ms: number): void {
		const end = this.current + ms;
		for (;;) {
			const due = this.timers.filter(t => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
			if (!due) break;
			due.live = false;
			this.current = Math.max(this.current, due.at);
			due.fn();
		}
		this.current = end;
		this.timers = this.timers.filter(t => t.live);
	}

	get armed(): number {
		return this.timers.filter(t => t.live).length;
	}
}

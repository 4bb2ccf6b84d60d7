/** Time for the engine: injected, never ambient, so a test can replay a run exactly (docs/ARCHITECTURE.md P2). */
import {LAB_TIME_MAX} from '../shared/bounds.js';

/** Nothing is ever scheduled past LAB_TIME_MAX, so the lab clock stays a valid date whatever was accepted. */
const bounded = (at: number): number => (Number.isFinite(at) ? Math.min(at, LAB_TIME_MAX) : LAB_TIME_MAX);
/** The longest delay setTimeout honours. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
export interface Clock {
	now(): number;
	/** Calls `fn` when the clock reaches `at` (epoch ms). Returns a handle for `cancel`. */
	schedule(at: number, fn: () => void): number;
	cancel(handle: number): void;
}

interface Timer {
	handle: number;
	at: number;
	seq: number;
	fn: () => void;
}

const before = (a: Timer, b: Timer) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** A binary min-heap of timers ordered by time, then by scheduling order. */
class TimerHeap {
	private items: Timer[] = [];

	get size(): number {
		return this.items.length;
	}

	peek(): Timer | undefined {
		return this.items[0];
	}

	push(timer: Timer): void {
		const items = this.items;
		items.push(timer);
		let i = items.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!before(items[i]!, items[parent]!)) break;
			[items[i], items[parent]] = [items[parent]!, items[i]!];
			i = parent;
		}
	}

	pop(): Timer | undefined {
		const items = this.items;
		const top = items[0];
		const last = items.pop();
		if (items.length > 0 && last) {
			items[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < items.length && before(items[l]!, items[m]!)) m = l;
				if (r < items.length && before(items[r]!, items[m]!)) m = r;
				if (m === i) break;
				[items[i], items[m]] = [items[m]!, items[i]!];
				i = m;
			}
		}
		return top;
	}
}

/**
 * A clock that only moves when told to. `runUntilIdle` jumps straight to each next timer, so a job that would take
 * hours of simulated time runs in milliseconds, in the same order every time.
 */
export class VirtualClock implements Clock {
	private heap = new TimerHeap();
	private cancelled = new Set<number>();
	private nextHandle = 1;
	private seq = 0;

	constructor(private current: number) {}

	now(): number {
		return this.current;
	}

	schedule(at: number, fn: () => void): number {
		const handle = this.nextHandle++;
		this.heap.push({handle, at: Math.max(bounded(at), this.current), seq: this.seq++, fn});
		return handle;
	}

	cancel(handle: number): void {
		this.cancelled.add(handle);
	}

	/** Timers still to run (cancelled ones excluded). */
	pending(): number {
		return this.heap.size - this.cancelled.size;
	}

	/** Time of the next live timer, or undefined. */
	nextAt(): number | undefined {
		this.dropCancelledTop();
		return this.heap.peek()?.at;
	}

	/** Runs every timer due up to `time`, then stays at `time`. */
	advanceTo(time: number): void {
		for (let timer = this.popDue(time); timer; timer = this.popDue(time)) {
			this.current = Math.max(this.current, timer.at);
			timer.fn();
		}
		this.current = Math.max(this.current, time);
	}

	advance(ms: number): void {
		this.advanceTo(this.current + ms);
	}

	/** Runs timers in time order until none is left or `stop()` says so; returns the number run. */
	runUntilIdle(stop: () => boolean = () => false): number {
		let count = 0;
		while (!stop()) {
			const timer = this.popDue(Number.POSITIVE_INFINITY);
			if (!timer) break;
			this.current = Math.max(this.current, timer.at);
			timer.fn();
			count++;
		}
		return count;
	}

	private dropCancelledTop(): void {
		for (let top = this.heap.peek(); top && this.cancelled.has(top.handle); top = this.heap.peek()) {
			this.heap.pop();
			this.cancelled.delete(top.handle);
		}
	}

	private popDue(time: number): Timer | undefined {
		this.dropCancelledTop();
		const top = this.heap.peek();
		if (!top || top.at > time) return undefined;
		return this.heap.pop();
	}
}

/**
 * Wall-clock time, sped up by `speed` from the moment it was created, and never earlier than `floor`
 * (a virtual run may have left the lab clock ahead of the wall clock).
 */
export class RealClock implements Clock {
	private readonly startWall = Date.now();
	private readonly startLab: number;
	private readonly timers = new Map<number, NodeJS.Timeout>();
	private nextHandle = 1;

	constructor(
		/** Lab milliseconds per wall millisecond. */
		readonly speed = 1,
		floor = 0,
	) {
		this.startLab = Math.max(this.startWall, floor);
	}

	now(): number {
		return Math.round(this.startLab + (Date.now() - this.startWall) * this.speed);
	}

	schedule(at: number, fn: () => void): number {
		const handle = this.nextHandle++;
		this.arm(handle, bounded(at), fn);
		return handle;
	}

	/**
	 * setTimeout takes at most 2^31-1 ms (24.8 days); a later time is reached by waiting that long as often as needed,
	 * so a timer years ahead fires at its time, never early.
	 */
	private arm(handle: number, at: number, fn: () => void): void {
		const delay = Math.max(0, (at - this.now()) / this.speed);
		const timer = setTimeout(() => {
			if (delay > MAX_TIMEOUT_MS) return this.arm(handle, at, fn);
			this.timers.delete(handle);
			fn();
		}, Math.min(delay, MAX_TIMEOUT_MS));
		this.timers.set(handle, timer);
	}

	cancel(handle: number): void {
		clearTimeout(this.timers.get(handle));
		this.timers.delete(handle);
	}

	/** Timers not yet fired. */
	pending(): number {
		return this.timers.size;
	}

	cancelAll(): void {
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
	}
}

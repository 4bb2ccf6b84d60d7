/** Time for the engine: injected, never ambient, so a test can replay a run exactly (docs/ARCHITECTURE.md P2). */
import {LAB_TIME_MAX} from '../shared/bounds.js';

/** Nothing is ever scheduled past LAB_TIME_MAX, so the lab clock stays a valid date whatever was accepted. */
const bounded = (at: number): number => (Number.isFinite(at) ? Math.min(at, LAB_TIME_MAX) : LAB_TIME_MAX);
export interface Clock {
	now(): number;
	/** Calls `fn` when the clock reaches `at` (epoch ms). Returns a handle for `cancel`. */
	schedule(at: number, fn: () => void): number;
	cancel(handle: number): void;
	/** The trainer's controls, on a clock that follows the wall clock; absent on a virtual clock. */
	readonly controls?: ClockControls;
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
		// Moves the hole up to where the timer belongs (no swaps: a job schedules hundreds of thousands).
		let i = items.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			const above = items[parent]!;
			if (!before(timer, above)) break;
			items[i] = above;
			i = parent;
		}
		items[i] = timer;
	}

	pop(): Timer | undefined {
		const items = this.items;
		const top = items[0];
		const last = items.pop();
		const n = items.length;
		if (n > 0 && last) {
			// Moves the hole at the top down to where the last timer belongs.
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				if (l >= n) break;
				const r = l + 1;
				const child = r < n && before(items[r]!, items[l]!) ? r : l;
				if (!before(items[child]!, last)) break;
				items[i] = items[child]!;
				i = child;
			}
			items[i] = last;
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

/** How fast lab time runs now: lab milliseconds per wall millisecond, and whether it stands still. */
export interface ClockRate {
	speed: number;
	paused: boolean;
}

/** The trainer's controls of a lab clock that follows the wall clock. */
export interface ClockControls {
	rate(): ClockRate;
	setSpeed(speed: number): void;
	setPaused(paused: boolean): void;
	/**
	 * Jumps lab time to the next scheduled event and runs what is due then (paused or not); the lab time it jumped to,
	 * or null when nothing is scheduled.
	 */
	step(): number | null;
	/** Called after every change of speed, pause or a step. */
	onChange(listener: () => void): () => void;
}

/** The speeds `+` and `-` move through (1 to 1000, the bounds of --speed and RIM_SPEED). */
export const LAB_SPEEDS: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

/** The next speed of LAB_SPEEDS up (`by` 1) or down (-1) from `speed`; the same speed at either end. */
export function nextSpeed(speed: number, by: 1 | -1): number {
	if (by === 1) return LAB_SPEEDS.find(s => s > speed) ?? LAB_SPEEDS.at(-1)!;
	return [...LAB_SPEEDS].reverse().find(s => s < speed) ?? LAB_SPEEDS[0]!;
}

/** Wall time and one-shot timers; injectable so that a test moves wall time by hand. */
export interface WallTime {
	now(): number;
	/** Calls `fn` after `ms` wall milliseconds; returns what cancels it. */
	setTimer(fn: () => void, ms: number): () => void;
}

/** The longest stretch of due timers one wall timer of a RealClock runs, in wall milliseconds. */
const FIRE_SLICE_MS = 20;

export const SYSTEM_WALL: WallTime = {
	now: () => Date.now(),
	setTimer(fn, ms) {
		const timer = setTimeout(fn, ms);
		return () => clearTimeout(timer);
	},
};

/** Node's longest timeout; a later timer is re-armed when this one ends. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** A step runs the events due at its instant, and what they schedule for that same instant, up to this many. */
const STEP_CHAIN_LIMIT = 10_000;

/**
 * Wall-clock time sped up by `speed`, never earlier than `floor` (a virtual run may have left the lab clock ahead of
 * the wall clock), under the trainer's controls: the speed changes, the clock pauses and resumes, and a step jumps to
 * the next event. Lab time is an anchor (a lab instant at a wall instant) plus the wall time since, times the speed;
 * every control re-anchors, so lab time never goes back. Timers live in one heap, and one wall timer is armed for the
 * earliest (none while paused).
 */
export class RealClock implements Clock, ClockControls {
	private heap = new TimerHeap();
	private readonly live = new Set<number>();
	private nextHandle = 1;
	private seq = 0;
	private anchorWall: number;
	private anchorLab: number;
	private speed: number;
	private paused = false;
	private disarm: (() => void) | null = null;
	private readonly listeners = new Set<() => void>();

	constructor(
		speed = 1,
		floor = 0,
		private readonly wall: WallTime = SYSTEM_WALL,
	) {
		this.speed = speed;
		this.anchorWall = wall.now();
		this.anchorLab = Math.max(this.anchorWall, floor);
	}

	get controls(): ClockControls {
		return this;
	}

	now(): number {
		if (this.paused) return this.anchorLab;
		return Math.round(this.anchorLab + (this.wall.now() - this.anchorWall) * this.speed);
	}

	schedule(at: number, fn: () => void): number {
		const handle = this.nextHandle++;
		const timer = {handle, at: bounded(at), seq: this.seq++, fn};
		this.heap.push(timer);
		this.live.add(handle);
		if (this.heap.peek() === timer) this.arm();
		return handle;
	}

	cancel(handle: number): void {
		// Left in the heap and skipped when it comes up; the wall timer armed for it finds nothing due and re-arms.
		this.live.delete(handle);
	}

	/** Timers not yet fired. */
	pending(): number {
		return this.live.size;
	}

	cancelAll(): void {
		this.live.clear();
		this.heap = new TimerHeap();
		this.disarm?.();
		this.disarm = null;
	}

	rate(): ClockRate {
		return {speed: this.speed, paused: this.paused};
	}

	setSpeed(speed: number): void {
		if (speed === this.speed) return;
		this.reanchor();
		this.speed = speed;
		this.arm();
		this.notify();
	}

	setPaused(paused: boolean): void {
		if (paused === this.paused) return;
		this.reanchor();
		this.paused = paused;
		this.arm();
		this.notify();
	}

	step(): number | null {
		const next = this.next();
		if (!next) return null;
		this.reanchor();
		this.anchorLab = Math.max(this.anchorLab, next.at);
		for (let i = 0; i < STEP_CHAIN_LIMIT && this.runOne(this.anchorLab, Number.POSITIVE_INFINITY); i++);
		this.arm();
		this.notify();
		return this.anchorLab;
	}

	onChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private notify(): void {
		for (const listener of this.listeners) listener();
	}

	private reanchor(): void {
		this.anchorLab = this.now();
		this.anchorWall = this.wall.now();
	}

	/** The earliest live timer, dropping cancelled ones on the way. */
	private next(): Timer | undefined {
		for (let top = this.heap.peek(); top; top = this.heap.peek()) {
			if (this.live.has(top.handle)) return top;
			this.heap.pop();
		}
		return undefined;
	}

	/** Runs the earliest timer if it is due at `until` and was scheduled before `seqBelow`; false when there is none. */
	private runOne(until: number, seqBelow: number): boolean {
		const top = this.next();
		if (!top || top.at > until || top.seq >= seqBelow) return false;
		this.heap.pop();
		this.live.delete(top.handle);
		top.fn();
		return true;
	}

	/** One wall timer for the earliest live timer; none while paused. */
	private arm(): void {
		this.disarm?.();
		this.disarm = null;
		const next = this.paused ? undefined : this.next();
		if (!next) return;
		const delay = Math.ceil(Math.max(0, next.at - this.now()) / this.speed);
		this.disarm = this.wall.setTimer(
			() => {
				this.disarm = null;
				this.fire();
			},
			Math.min(delay, MAX_TIMEOUT_MS),
		);
	}

	/**
	 * Runs what is due now. Timers scheduled meanwhile for a time already reached wait for the next wall timer (at
	 * once), so a chain of immediate events never starves the process's I/O; and after FIRE_SLICE_MS of wall time the
	 * rest of what is due waits for it too, so a burst (thousands of PCs due in the same second, each authenticating)
	 * never holds the event loop for long: the TUI's keys, the admin socket and the store's writes run in between.
	 */
	private fire(): void {
		const until = this.now();
		const seqBelow = this.seq;
		const started = this.wall.now();
		while (this.runOne(until, seqBelow) && this.wall.now() - started < FIRE_SLICE_MS);
		this.arm();
	}
}

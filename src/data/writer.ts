import {err, ok, type Result} from '../shared/result.js';
import type {StoreError} from './errors.js';

interface Job<T> {
	doc: T;
	seq: number;
}

const WRITE_SPACING = 9;
/** After a failed write, the retry waits this long, doubling up to the maximum (a full disk is freed by a person). */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * Coalesces document writes: `schedule` keeps only the newest document and writes it after `delayMs`; at most
 * one write is in flight; `now`/`flush` write without waiting for the delay. A failed document stays pending: it is
 * retried by itself (1 s, then doubling up to 30 s) and by the next flush. `onResult` hears of every write's outcome.
 */
export class CoalescingWriter<T> {
	private pending: Job<T> | null = null;
	private running: Promise<unknown> | null = null;
	private timer: NodeJS.Timeout | null = null;
	private seq = 0;
	private durableSeq = 0;
	private lastError: StoreError | null = null;
	private lastWriteMs = 0;
	/** Delay before retrying a failed write; 0 while writes succeed. */
	private retryMs = 0;

	constructor(
		/** Writes `doc`; may resolve with the time to space the next write by, instead of the time it took. */
		private readonly write: (doc: T) => Promise<number | void>,
		private readonly toError: (e: unknown) => StoreError,
		private readonly delayMs: number,
		private readonly onResult: (error: StoreError | null) => void = () => {},
	) {}

	/** Remembers `doc` as the newest and arms the delay timer; never blocks. */
	schedule(doc: T): void {
		this.pending = {doc, seq: ++this.seq};
		this.arm();
	}

	/** Writes `doc` (or a newer document given meanwhile) and resolves once it is durable. */
	now(doc: T): Promise<Result<void, StoreError>> {
		this.pending = {doc, seq: ++this.seq};
		return this.drain();
	}

	/** Writes whatever is pending; resolves once everything given so far is durable, or with the failure. */
	flush(): Promise<Result<void, StoreError>> {
		return this.drain();
	}

	/** True while a document waits to be written (including one whose write failed). */
	hasPending(): boolean {
		return this.pending !== null;
	}

	/** True while a write is in flight. */
	isWriting(): boolean {
		return this.running !== null;
	}

	/** Stops the timer; pending documents are dropped unless flushed first. */
	cancel(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
	}

	private arm(): void {
		if (this.timer || this.running !== null || !this.pending) return;
		// A big document (10,000 hosts: tens of MB) takes long to write; spacing writes by nine times the last one keeps
		// writing under a tenth of the time, so the TUI stays responsive, at the price of a later durable point.
		const delay = Math.max(this.delayMs, this.lastWriteMs * WRITE_SPACING, this.retryMs);
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.drain();
		}, delay);
		// The owner flushes before exit; a pending save must not keep a finished CLI command alive.
		this.timer.unref();
	}

	private async drain(): Promise<Result<void, StoreError>> {
		this.cancel();
		const target = this.seq;
		while (this.durableSeq < target) {
			if (this.running !== null) {
				await this.running;
				continue;
			}
			const job = this.pending;
			if (!job) return this.lastError ? err(this.lastError) : ok(undefined);
			this.pending = null;
			const done = this.writeOne(job);
			this.running = done;
			const result = await done;
			if (!result.ok && job.seq >= target) return result;
		}
		return ok(undefined);
	}

	private async writeOne(job: Job<T>): Promise<Result<void, StoreError>> {
		try {
			const started = performance.now();
			const spacingMs = await this.write(job.doc);
			this.lastWriteMs = typeof spacingMs === 'number' ? spacingMs : performance.now() - started;
			this.durableSeq = Math.max(this.durableSeq, job.seq);
			this.lastError = null;
			this.retryMs = 0;
			this.running = null;
			this.onResult(null);
			this.arm();
			return ok(undefined);
		} catch (e) {
			const error = this.toError(e);
			this.lastError = error;
			if (!this.pending) this.pending = job;
			this.running = null;
			this.retryMs = this.retryMs === 0 ? RETRY_FIRST_MS : Math.min(RETRY_MAX_MS, this.retryMs * 2);
			this.onResult(error);
			this.arm();
			return err(error);
		}
	}
}

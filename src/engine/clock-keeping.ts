/** The engine's time bookkeeping: timers on the injected clock, and the high-water mark the lab clock never goes below. */
import type {Clock} from './clock.js';
import type {EngineState} from './model.js';

export class ClockKeeping {
	constructor(
		private readonly clock: Clock,
		private readonly state: EngineState,
	) {}

	now(): number {
		return this.clock.now();
	}

	/** Runs `fn` when the clock reaches `at`; a time already past fires at once (a limit that passed while rim was down). */
	at(at: number, fn: () => void): void {
		this.clock.schedule(at, fn);
	}

	/** Raises clockHighWater to now; true when it moved (a 'meta' change). */
	advanceHighWater(): boolean {
		const now = this.clock.now();
		if (now <= this.state.clockHighWater) return false;
		this.state.clockHighWater = now;
		return true;
	}
}

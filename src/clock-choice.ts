/** The wall-clock pieces a long-running rim (the TUI, `rim server`) runs on: lab speed and snapshot coalescing. */
import {UsageError} from './cli/args.js';
import type {Ticker} from './engine/engine.js';
import {BOUNDS, checkWhole} from './shared/bounds.js';

/** Snapshot coalescing on wall time: at most one publish per interval (≤10/s by default). */
export const timeoutTicker: Ticker = {
	schedule(fn, ms) {
		const timer = setTimeout(fn, ms);
		return () => clearTimeout(timer);
	},
};

/** Lab clock speed from RIM_SPEED (e.g. 10 = ten lab seconds per wall second); default 1. A bad value is refused. */
export function clockSpeed(env: NodeJS.ProcessEnv = process.env): number {
	if (env.RIM_SPEED === undefined || env.RIM_SPEED === '') return 1;
	const checked = checkWhole(env.RIM_SPEED, BOUNDS.clockSpeed);
	if (!checked.ok) throw new UsageError(`RIM_SPEED ${checked.reason}`);
	return checked.value;
}

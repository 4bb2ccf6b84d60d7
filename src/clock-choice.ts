/** The wall-clock pieces a long-running rim (the TUI, `rim server`) runs on: lab speed and snapshot coalescing. */
import type {Ticker} from './engine/engine.js';

/** Snapshot coalescing on wall time: at most one publish per interval (≤10/s by default). */
export const timeoutTicker: Ticker = {
	schedule(fn, ms) {
		const timer = setTimeout(fn, ms);
		return () => clearTimeout(timer);
	},
};

/** Lab clock speed from RIM_SPEED (e.g. 10 = ten lab seconds per wall second); default 1. */
export function clockSpeed(env: NodeJS.ProcessEnv = process.env): number {
	const speed = Number(env.RIM_SPEED ?? '1');
	return Number.isFinite(speed) && speed > 0 ? speed : 1;
}

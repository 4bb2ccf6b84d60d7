/** Believable durations of the simulated fleet, in lab milliseconds (a demo speed factor scales the clock). */
import type {Rng} from '../rng.js';

export const TIMINGS = {
	/** From executing a job to the first byte leaving the server. */
	dispatchMs: [200, 800],
	/** Per-hop latency on top of the bytes. */
	hopLatencyMs: [50, 300],
	restartMs: [20_000, 40_000],
	authenticateMs: [300, 900],
	installMs: [2_000, 8_000],
	/** Installer throughput, bytes per lab millisecond (~20 MB/s). */
	installBytesPerMs: 20_000,
	collectMs: [1_000, 3_000],
	bootMs: [30_000, 60_000],
	/** How long a user who answers Later or Cancel takes to do it. */
	userOtherAnswerMs: [5_000, 15_000],
} as const;

export function between(rng: Rng, [min, max]: readonly [number, number]): number {
	return rng.int(min, max);
}

/** Time to move `bytes` over one link, split into chunks with a pause between chunks when asked. */
export function transferMs(
	rng: Rng,
	bytes: number,
	bytesPerSecond: number,
	splitBytes: number | null,
	splitIntervalMs: number,
): number {
	const wire = bytesPerSecond > 0 ? Math.ceil((bytes * 1000) / bytesPerSecond) : 0;
	const chunks = splitBytes && bytes > 0 ? Math.ceil(bytes / splitBytes) : 1;
	return between(rng, TIMINGS.hopLatencyMs) + wire + (chunks - 1) * splitIntervalMs;
}

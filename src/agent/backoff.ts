/**
 * Retry policy of the agent (docs/agent-protocol.md, Pacing): data plus one pure decision. Full-jitter exponential
 * backoff: the wait after the n-th failure in a row is uniform in [0, min(cap, floor·factorⁿ)].
 */
export interface RetryPolicy {
	floorMs: number;
	capMs: number;
	factor: number;
	/** Tries of one chunk before a download ends in an error (never a hang). */
	chunkTries: number;
}

export const RETRY_DEFAULTS: RetryPolicy = {floorMs: 500, capMs: 30_000, factor: 2, chunkTries: 5};

/** The wait before the next try after `failures` failures in a row (failures ≥ 1); `random` in [0, 1). */
export function backoffMs(failures: number, policy: RetryPolicy, random: number): number {
	const ceiling = Math.min(policy.capMs, policy.floorMs * policy.factor ** Math.max(0, failures - 1));
	return Math.floor(random * ceiling);
}

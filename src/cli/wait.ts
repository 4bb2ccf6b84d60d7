/**
 * `--wait`: drives the simulated fleet until every destination of the job is final, or until the rest can only move
 * on an outside event (a PC that is not started, a user who answered Later, an installation timing). In this process
 * on a virtual clock it jumps from event to event; inside a manager it waits on the manager's real clock.
 */
import {RealClock, VirtualClock} from '../engine/clock.js';
import type {Engine} from '../engine/engine.js';
import {describeState} from '../engine/job-machine.js';
import {isFinal, type DestinationRun, type Job} from '../engine/model.js';
import type {Out} from './output.js';

export interface WaitOutcome {
	/** Destinations still not final, with what they wait for. */
	unsettled: {host: string; waitingFor: string}[];
}

/**
 * True once every destination of the jobs is final. Final states are absorbing while the fleet is driven, so a cursor
 * per job only moves forward: the check is O(1) amortised per timer instead of a scan of every run (which made a
 * 10,000-destination --wait quadratic).
 */
function settledCheck(engine: Engine, jobIds: string[]): () => boolean {
	const cursor = new Map<string, number>();
	return () =>
		jobIds.every(id => {
			const runs = engine.job(id)?.runs ?? [];
			let i = cursor.get(id) ?? 0;
			while (i < runs.length && isFinal(runs[i]!.status)) i++;
			cursor.set(id, i);
			return i === runs.length;
		});
}

/** Virtual clock: jumps from event to event, so hours of lab time take milliseconds and no real sleeping. */
function driveVirtual(engine: Engine, clock: VirtualClock, jobIds: string[]): void {
	clock.runUntilIdle(settledCheck(engine, jobIds));
}

/**
 * A destination that only an outside event can move on: a PC that is not started (and the job does not power it on),
 * a user who answered Later, an installation waiting for the PC's next start or stop.
 */
export function waitsOutside(job: Job, run: DestinationRun): boolean {
	const {status} = run;
	if (status.state === 'waiting') return status.reason === 'not-started' && !job.settings.powerOn;
	if (status.state !== 'waiting-at-client') return false;
	if (status.reason === 'install-timing') return true;
	return status.reason === 'awaiting-user' && (run.history.at(-1)?.text.includes('answered Later') ?? false);
}

/**
 * A real-time wait never sits on a start scheduled further ahead than this much wall time (`--at` next year): it stops
 * and names the start instead; the job runs then, in whichever rim owns the data directory.
 */
export const LONGEST_SCHEDULED_WAIT_MS = 60 * 60 * 1000;

/** A destination that waits for a scheduled server start more than {@link LONGEST_SCHEDULED_WAIT_MS} of wall time away. */
function scheduledFarAhead(run: DestinationRun, clock: RealClock): boolean {
	const {status} = run;
	return (
		status.state === 'waiting' &&
		status.reason === 'scheduled' &&
		(status.startAt - clock.now()) / clock.rate().speed > LONGEST_SCHEDULED_WAIT_MS
	);
}

function onlyOutsideWaitsLeft(engine: Engine, jobIds: string[], clock: RealClock): boolean {
	return jobIds.every(id => {
		const job = engine.job(id);
		return (
			!job || job.runs.every(run => isFinal(run.status) || waitsOutside(job, run) || scheduledFarAhead(run, clock))
		);
	});
}

/**
 * Real clock: waits for every destination to be final, for the clock to have nothing left, or for only outside waits
 * (and starts scheduled far ahead) to remain; with `progress`, prints each destination's state change as it happens.
 */
async function driveRealtime(
	engine: Engine,
	clock: RealClock,
	jobIds: string[],
	out: Out,
	progress: boolean,
): Promise<void> {
	const seen = new Map<string, string>();
	const report = () => {
		for (const id of jobIds) {
			for (const run of engine.job(id)?.runs ?? []) {
				const detail = describeState(run.status);
				const text = detail === run.status.state ? detail : `${run.status.state}: ${detail}`;
				const key = `${id}/${run.host}`;
				if (seen.get(key) !== text) {
					seen.set(key, text);
					out.log(`${new Date(engine.now()).toISOString().slice(11, 19)}  ${id}  ${run.host}  ${text}`);
				}
			}
		}
	};
	if (progress) report();
	const unsubscribe = progress ? engine.subscribe(report) : () => {};
	try {
		while (
			!onlyOutsideWaitsLeft(engine, jobIds, clock) &&
			(clock.pending() > 0 || engine.fleet.awaitingReports?.() === true)
		) {
			await new Promise(resolve => setTimeout(resolve, 50));
		}
	} finally {
		unsubscribe();
	}
}

/** `progress`: print each state change (`--realtime`); a wait through the manager prints only the outcome otherwise. */
export async function waitForJobs(engine: Engine, jobIds: string[], out: Out, progress = true): Promise<WaitOutcome> {
	const clock = engine.clock;
	if (clock instanceof VirtualClock) driveVirtual(engine, clock, jobIds);
	else if (clock instanceof RealClock) await driveRealtime(engine, clock, jobIds, out, progress);
	const unsettled = jobIds.flatMap(id =>
		engine.unsettled(id).map(run => ({host: run.host, waitingFor: describeState(run.status)})),
	);
	return {unsettled};
}

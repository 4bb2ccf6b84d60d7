/**
 * Screen-reader mode's announcements: what changed between two snapshots, as short sentences a screen reader speaks
 * ("SEC-05 error 300097078500: The certification of the authentication device has expired."). Pure.
 *
 * A destination is announced when its state changes (a re-execute starting again counts); a job when it ends. A job
 * that moves many destinations at once (a large group starting) is summed up in one sentence, so speech keeps up.
 */
import {describeCode} from '../engine/codes.js';
import {describeState} from '../engine/job-machine.js';
import {isFinal, type DestinationRun} from '../engine/model.js';
import type {EngineSnapshot, JobView} from '../engine/snapshot.js';
import {plural} from '../engine/plural.js';

/** More changed destinations of one job than this in one snapshot are summed up. */
export const ANNOUNCE_EACH_MAX = 3;

/** How many announcements the screen keeps (newest last). */
export const ANNOUNCEMENTS_SHOWN = 3;

export function destinationSentence(run: DestinationRun): string {
	const {status} = run;
	if (status.state === 'finished') return `${run.host} finished${status.note ? `: ${status.note}` : ''}.`;
	if (isFinal(status)) {
		const cause = describeCode(status.code)?.cause ?? status.detail;
		return `${run.host} ${status.state} ${status.code}: ${cause}`;
	}
	return `${run.host} ${describeState(status)}.`;
}

function jobEndSentence(job: JobView): string {
	const {finished, error, rejected, total} = job.summary;
	const failed = error + rejected;
	const tail = failed
		? `${finished} of ${total} finished, ${error} error, ${rejected} rejected`
		: `all ${plural(total, 'destination')} finished`;
	return `Job ${job.id} ${job.name} ended: ${tail}.`;
}

const changed = (before: DestinationRun | undefined, after: DestinationRun) =>
	!before ||
	before.status.state !== after.status.state ||
	before.attempt !== after.attempt ||
	(before.status.state === 'waiting-at-client' &&
		after.status.state === 'waiting-at-client' &&
		before.status.reason !== after.status.reason);

/** Sentences for what changed from `before` to `after`, in job order; none for the first snapshot. */
export function announcements(before: EngineSnapshot | null, after: EngineSnapshot): string[] {
	if (!before || before === after) return [];
	const previous = new Map(before.jobs.map(job => [job.id, job]));
	const out: string[] = [];
	for (const job of after.jobs) {
		const old = previous.get(job.id);
		if (old === job) continue;
		const oldRuns = new Map(old?.runs.map(run => [run.host, run]));
		const moved = job.runs.filter(run => changed(oldRuns.get(run.host), run));
		if (moved.length > ANNOUNCE_EACH_MAX) out.push(summary(job, moved));
		else out.push(...moved.map(destinationSentence));
		if (old && old.summary.result === 'running' && job.summary.result !== 'running') out.push(jobEndSentence(job));
	}
	return out;
}

/** `J0003: 40 destinations changed: 30 transferring, 10 waiting.` */
function summary(job: JobView, moved: readonly DestinationRun[]): string {
	const counts = new Map<string, number>();
	for (const run of moved) counts.set(run.status.state, (counts.get(run.status.state) ?? 0) + 1);
	const parts = [...counts].map(([state, n]) => `${n} ${state}`);
	return `${job.id}: ${plural(moved.length, 'destination')} changed: ${parts.join(', ')}.`;
}

/**
 * What may be done to an executed job, as one table: each rule names the actions it governs and returns the message it
 * refuses with. The engine checks them on every call, so the CLI, the TUI and every client of one manager read the
 * same words, and of two admins acting on one job at once the one whose action arrives second is refused.
 */
import {isFinal, type DestinationRun, type Job} from '../model.js';

export type JobAction = 'delete';

export type JobActionRuleId = 'delete-in-progress';

export interface JobActionViolation {
	rule: JobActionRuleId;
	message: string;
}

interface JobActionRule {
	id: JobActionRuleId;
	actions: readonly JobAction[];
	check(job: Job): string | null;
}

/**
 * A destination rim is working on: a package on its way, at the client waiting to be installed, or installing. One
 * that only waits to start (its PC is not started, or the job starts later) has nothing under way.
 */
export function inProgress(run: DestinationRun): boolean {
	if (isFinal(run.status)) return false;
	return !(run.status.state === 'waiting' && run.status.reason !== 'queued');
}

const listed = (hosts: readonly string[], max = 5) =>
	hosts.length > max ? `${hosts.slice(0, max).join(', ')} and ${hosts.length - max} more` : hosts.join(', ');

export const JOB_ACTION_RULES: readonly JobActionRule[] = [
	{
		id: 'delete-in-progress',
		actions: ['delete'],
		// Deleting does not stop the PCs: it would only lose what they report. Re-executed destinations count too, so an
		// admin cannot delete a job another admin has just re-executed.
		check(job) {
			const busy = job.runs.filter(inProgress);
			if (!busy.length) return null;
			const again = busy.some(r => r.attempt > 1);
			const what = busy.length === 1 ? `${busy[0]!.host} is` : `${busy.length} destinations are`;
			return (
				`job ${job.id} is ${again ? 'being re-executed' : 'running'}: ${what} in progress (${listed(busy.map(r => r.host))}); ` +
				'deleting it would not stop them, only lose their results. Delete it once they have ended'
			);
		},
	},
];

/** Every rule `action` breaks on `job`, in table order. */
export function checkJobAction(action: JobAction, job: Job): JobActionViolation[] {
	const out: JobActionViolation[] = [];
	for (const rule of JOB_ACTION_RULES) {
		if (!rule.actions.includes(action)) continue;
		const message = rule.check(job);
		if (message !== null) out.push({rule: rule.id, message});
	}
	return out;
}

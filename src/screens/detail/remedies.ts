/**
 * Which of a code's remedies (codes.ts RemedyAction) apply to one destination now, and why not when they do not.
 * Pure: read from the snapshot, so the hint line and the key handler can never disagree.
 */
import {describeCode, type CodeEntry, type RemedyAction} from '../../engine/codes.js';
import {isFinal, type AttemptRecord, type DestinationRun, type Host} from '../../engine/model.js';
import type {EngineSnapshot, JobView} from '../../engine/snapshot.js';
import {sanitize} from '../../output/sanitize.js';
import {STATE_GLYPHS} from '../lines/symbols.js';

/** Everything the modal shows about one destination of one job. */
export interface DetailSubject {
	job: JobView;
	/** The destination's run: its current attempt, and the earlier ones. */
	run: DestinationRun;
	host: Host | undefined;
	/** The attempt shown: the current one (the run itself) unless the admin stepped back to an earlier one. */
	shown: AttemptRecord;
	current: boolean;
	/** The shown attempt's maintenance code and its catalogue entry. */
	code: string | null;
	entry: CodeEntry | null;
}

/** `attempt`: the attempt number to show; absent (or no longer known) shows the current attempt. */
export function detailSubject(
	snapshot: EngineSnapshot,
	jobId: string,
	hostId: string,
	attempt?: number,
): DetailSubject | null {
	const job = snapshot.jobs.find(j => j.id === jobId);
	const run = job?.runs.find(r => r.host === hostId);
	if (!job || !run) return null;
	const earlier = attempt === undefined ? undefined : run.earlier.find(a => a.attempt === attempt);
	const shown = earlier ?? run;
	const code = isFinal(shown.status) ? shown.status.code : null;
	return {
		job,
		run,
		host: snapshot.inventory.hosts.find(h => h.id === hostId),
		shown,
		current: !earlier,
		code,
		entry: code ? describeCode(code) : null,
	};
}

/** The attempt `step` away from the one shown (−1 earlier, +1 later), or undefined for the current one. */
export function stepAttempt(subject: DetailSubject, step: -1 | 1): number | undefined {
	const numbers = [...subject.run.earlier.map(a => a.attempt), subject.run.attempt];
	const i = Math.max(0, Math.min(numbers.length - 1, numbers.indexOf(subject.shown.attempt) + step));
	return i === numbers.length - 1 ? undefined : numbers[i];
}

export type Availability = {ok: true} | {ok: false; reason: string};

const yes: Availability = {ok: true};
const no = (reason: string): Availability => ({ok: false, reason});

function codeCalls(subject: DetailSubject, remedy: RemedyAction, what: string): Availability {
	const name = sanitize(subject.run.host);
	if (!subject.code) return no(`${name} has no maintenance code yet; ${what} is offered for codes that call for it`);
	if (!subject.entry?.remedies.includes(remedy)) return no(`${subject.code} is not fixed by ${what}`);
	return yes;
}

function securityPc(s: DetailSubject, lacks: string): Availability {
	if (!s.host) return no(`${sanitize(s.run.host)} is no longer in the inventory`);
	if (s.host.kind !== 'security-pc') return no(`${sanitize(s.host.id)} is not a security PC: it holds no ${lacks}`);
	return yes;
}

const CHECKS: Record<RemedyAction, (s: DetailSubject) => Availability> = {
	'issue-certificate': s => {
		const pc = securityPc(s, 'device certificate');
		return pc.ok ? codeCalls(s, 'issue-certificate', 'a new certificate') : pc;
	},
	'clear-fault': s => {
		const pc = securityPc(s, 'authentication device');
		return pc.ok ? codeCalls(s, 'clear-fault', 'clearing a lab fault') : pc;
	},
	'rerun-host': s => {
		if (s.run.status.state !== 'error') {
			return no(
				`${sanitize(s.run.host)} has not ended in error (it is ${STATE_GLYPHS[s.run.status.state].word}); only errors are re-executed`,
			);
		}
		return codeCalls(s, 'rerun-host', 're-executing');
	},
	'open-host': s => (s.host ? yes : no(`${sanitize(s.run.host)} is no longer in the inventory`)),
	'power-on-host': s => {
		if (!s.host) return no(`${sanitize(s.run.host)} is no longer in the inventory`);
		if (s.host.kind === 'relay') return no(`${sanitize(s.host.id)} is a relay system; relays are always started`);
		if (s.host.started) return no(`${sanitize(s.host.id)} is started already`);
		// A destination still waiting for its PC to start is helped by power-on before any code exists.
		if (s.run.status.state === 'waiting' && s.run.status.reason === 'not-started') return yes;
		return codeCalls(s, 'power-on-host', 'powering on');
	},
};

export function remedyAvailability(subject: DetailSubject, remedy: RemedyAction): Availability {
	if (!subject.current)
		return no(`this is attempt ${subject.shown.attempt}, which ended; ] goes back to the current attempt`);
	return CHECKS[remedy](subject);
}

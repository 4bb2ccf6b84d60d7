/**
 * The state machine of one destination of a job (docs/rules.md, States; docs/pki.md). Pure: `stepRun` takes the run, an event and
 * what the engine knows of the host and the job, and returns the new run and the commands to carry out. It never
 * leaves a final state (finished, error, rejected).
 */
import {CODES} from './codes.js';
import type {Failure, FleetReport, HostReport} from './fleet.js';
import {
	isFinal,
	type ClientWait,
	type DestinationRun,
	type InstalledPackage,
	type InstallTiming,
	type JobType,
	type RunState,
} from './model.js';
import {formatUtc} from './rules/fields.js';
import {plural} from './plural.js';

/** Events of one run: the engine's own (start, dates) and the fleet's reports about this destination. */
export type RunEvent =
	| {type: 'start'}
	| {type: 'wake'}
	| {type: 'time-limit'}
	| {type: 'host-started'}
	| {type: 'host-stopped'}
	| {type: 'report'; report: Exclude<FleetReport, HostReport>};

/** Work the engine must carry out after a step. */
export type RunCommand =
	| {cmd: 'wake-at'; at: number}
	| {cmd: 'power-on'}
	| {cmd: 'shut-down'}
	| {cmd: 'deliver'}
	| {cmd: 'ask-user'}
	| {cmd: 'restart'}
	| {cmd: 'download'}
	| {cmd: 'authenticate'}
	| {cmd: 'install'}
	| {cmd: 'collect'}
	| {cmd: 'record-installed'; packages: InstalledPackage[]};

export interface RunContext {
	now: number;
	jobType: JobType;
	security: boolean;
	hostStarted: boolean;
	startAt: number | null;
	/** Date the client waits for before installing: the job's client date (ignored on security PCs) or the
	 *  package's installation date, whichever is later; null for none. */
	installAt: number | null;
	timing: InstallTiming;
	/** Every package of the job is installed at that version and Replace existing package is off. */
	alreadyInstalled: boolean;
	powerOn: boolean;
	shutdownAfter: boolean;
}

export interface Step {
	run: DestinationRun;
	commands: RunCommand[];
}

const STATE_TEXT: Record<RunState['state'], (s: RunState) => string> = {
	waiting: s => {
		if (s.state !== 'waiting') return '';
		if (s.reason === 'scheduled') return `scheduled for later: starts ${formatUtc(s.startAt)}`;
		return {queued: 'queued', 'not-started': 'destination PC not started'}[s.reason];
	},
	transferring: () => 'the server is sending',
	'at-relay': s => (s.state === 'at-relay' ? `reached relay ${s.relay}` : ''),
	'waiting-at-client': s => (s.state === 'waiting-at-client' ? CLIENT_WAIT_TEXT[s.reason] : ''),
	installing: s => (s.state === 'installing' && s.collecting ? 'collecting software information' : 'installing'),
	finished: s => (s.state === 'finished' ? (s.note ?? 'finished') : ''),
	error: s => (s.state === 'error' ? s.detail : ''),
	rejected: s => (s.state === 'rejected' ? s.detail : ''),
};

export const CLIENT_WAIT_TEXT: Record<ClientWait, string> = {
	'awaiting-user': 'waiting for the PC user to confirm the update',
	'answered-later': 'the PC user answered Later; asking again at the next start',
	restarting: 'restarting the PC for the update',
	downloading: 'downloading the update data',
	authenticating: 'authenticating the update data',
	'install-timing': 'waiting for the installation timing',
	'client-date': 'waiting for the execution date at the client',
	queued: 'at the client',
};

/** A one-line description of a run state, as the status pane and the CLI show it. */
export function describeState(status: RunState): string {
	return STATE_TEXT[status.state](status);
}

function moveTo(run: DestinationRun, status: RunState, now: number, text?: string): DestinationRun {
	return {
		...run,
		status,
		lastHeard: now,
		history: [...run.history, {at: now, state: status.state, text: text ?? describeState(status)}],
	};
}

const fail = (failure: Failure): RunState => ({state: 'error', code: failure.code, detail: failure.detail});

/** The step after the package (or the job) has reached the client. */
function atClient(run: DestinationRun, ctx: RunContext): Step {
	const {now} = ctx;
	if (ctx.jobType === 'get-software-info')
		return {run: moveTo(run, {state: 'installing', collecting: true}, now), commands: [{cmd: 'collect'}]};
	if (ctx.security)
		return {
			run: moveTo(run, {state: 'waiting-at-client', reason: 'awaiting-user'}, now),
			commands: [{cmd: 'ask-user'}],
		};
	return beginInstall(run, ctx);
}

function beginInstall(run: DestinationRun, ctx: RunContext): Step {
	const {now} = ctx;
	if (ctx.alreadyInstalled) return finish(run, ctx, 'already installed: Replace existing package is off');
	if (!ctx.security && ctx.installAt !== null && ctx.installAt > now) {
		return {
			run: moveTo(run, {state: 'waiting-at-client', reason: 'client-date'}, now),
			commands: [{cmd: 'wake-at', at: ctx.installAt}],
		};
	}
	if (!ctx.security && ctx.timing !== 'normal') {
		return {
			run: moveTo(
				run,
				{state: 'waiting-at-client', reason: 'install-timing'},
				now,
				`waiting to install ${ctx.timing === 'at-system-start' ? 'at the next system start' : 'at system stop'}`,
			),
			commands: [],
		};
	}
	return {run: moveTo(run, {state: 'installing'}, now), commands: [{cmd: 'install'}]};
}

function finish(run: DestinationRun, ctx: RunContext, note: string | null): Step {
	const commands: RunCommand[] = ctx.shutdownAfter ? [{cmd: 'shut-down'}] : [];
	return {run: moveTo(run, {state: 'finished', code: CODES.success, note}, ctx.now), commands};
}

function start(run: DestinationRun, ctx: RunContext): Step {
	const {now} = ctx;
	if (ctx.startAt !== null && ctx.startAt > now) {
		return {
			run: moveTo(run, {state: 'waiting', reason: 'scheduled', startAt: ctx.startAt}, now),
			commands: [{cmd: 'wake-at', at: ctx.startAt}],
		};
	}
	if (!ctx.hostStarted) {
		const waiting = moveTo(run, {state: 'waiting', reason: 'not-started'}, now);
		return {run: waiting, commands: ctx.powerOn ? [{cmd: 'power-on'}] : []};
	}
	return {run: moveTo(run, {state: 'transferring'}, now), commands: [{cmd: 'deliver'}]};
}

function onReport(run: DestinationRun, report: Extract<RunEvent, {type: 'report'}>['report'], ctx: RunContext): Step {
	const {now} = ctx;
	const same = {run: {...run, lastHeard: now}, commands: []};
	switch (report.kind) {
		case 'reached-relay':
			// Over a network the relay's word can arrive after the client's: a run never goes back to the relay.
			if (run.status.state !== 'transferring' && run.status.state !== 'at-relay') return same;
			if (ctx.jobType === 'transfer-to-relay' && report.relay === run.host) {
				return finish(run, {...ctx, shutdownAfter: false}, 'stored at the relay until its expiration');
			}
			return {run: moveTo(run, {state: 'at-relay', relay: report.relay}, now), commands: []};
		case 'reached-client':
			return atClient(run, ctx);
		case 'delivery-failed':
			return {run: moveTo(run, fail(report.failure), now), commands: []};
		case 'user-answered':
			if (report.answer === 'yes')
				return {
					run: moveTo(
						run,
						{state: 'waiting-at-client', reason: 'restarting'},
						now,
						'the PC user answered Yes; restarting',
					),
					commands: [{cmd: 'restart'}],
				};
			if (report.answer === 'cancel') {
				return {
					run: moveTo(
						run,
						{state: 'rejected', code: CODES.userCancelled, detail: 'the PC user cancelled the update'},
						now,
					),
					commands: [],
				};
			}
			return {run: moveTo(run, {state: 'waiting-at-client', reason: 'answered-later'}, now), commands: []};
		case 'restarted':
			return {
				run: moveTo(
					run,
					{state: 'waiting-at-client', reason: 'downloading'},
					now,
					'the PC restarted; downloading the update data',
				),
				commands: [{cmd: 'download'}],
			};
		case 'downloaded':
			return {
				run: moveTo(run, {state: 'waiting-at-client', reason: 'authenticating'}, now),
				commands: [{cmd: 'authenticate'}],
			};
		case 'authenticated':
			if (!report.result.ok) return {run: moveTo(run, fail(report.result.error), now), commands: []};
			return beginInstall(moveTo(run, run.status, now, 'authentication succeeded'), ctx);
		case 'installed':
			if (!report.result.ok) return {run: moveTo(run, fail(report.result.error), now), commands: []};
			return withCommand(finish(run, ctx, null), {cmd: 'record-installed', packages: report.result.value});
		case 'collected': {
			const step = finish(
				{...run, collected: report.packages},
				ctx,
				`collected ${plural(report.packages.length, 'installed package')}`,
			);
			return step;
		}
	}
	return same;
}

const withCommand = (step: Step, command: RunCommand): Step => ({...step, commands: [command, ...step.commands]});

/** Advances one destination by one event. Events that do not apply in the current state change nothing. */
export function stepRun(run: DestinationRun, event: RunEvent, ctx: RunContext): Step {
	const unchanged: Step = {run, commands: []};
	if (isFinal(run.status)) return unchanged;
	const {status} = run;
	switch (event.type) {
		case 'start':
			return status.state === 'waiting' ? start(run, ctx) : unchanged;
		case 'wake':
			if (status.state === 'waiting' && status.reason === 'scheduled') return start(run, ctx);
			if (status.state === 'waiting-at-client' && status.reason === 'client-date')
				return beginInstall(run, {...ctx, installAt: null});
			return unchanged;
		case 'time-limit':
			if (status.state !== 'waiting') return unchanged;
			return {
				run: moveTo(
					run,
					{
						state: 'error',
						code: CODES.connection,
						detail:
							status.reason === 'not-started'
								? 'the PC was not started before the execution time limit'
								: 'not reached before the execution time limit',
					},
					ctx.now,
				),
				commands: [],
			};
		case 'host-started':
			if (status.state === 'waiting' && status.reason === 'not-started') return start(run, {...ctx, hostStarted: true});
			if (status.state === 'waiting-at-client' && status.reason === 'awaiting-user')
				return {run: {...run, lastHeard: ctx.now}, commands: [{cmd: 'ask-user'}]};
			if (status.state === 'waiting-at-client' && status.reason === 'answered-later') {
				return {
					run: moveTo(
						run,
						{state: 'waiting-at-client', reason: 'awaiting-user'},
						ctx.now,
						'the PC started; asking its user again',
					),
					commands: [{cmd: 'ask-user'}],
				};
			}
			if (
				status.state === 'waiting-at-client' &&
				status.reason === 'install-timing' &&
				ctx.timing === 'at-system-start'
			) {
				return {run: moveTo(run, {state: 'installing'}, ctx.now), commands: [{cmd: 'install'}]};
			}
			return unchanged;
		case 'host-stopped':
			if (
				status.state === 'waiting-at-client' &&
				status.reason === 'install-timing' &&
				ctx.timing === 'at-system-stop'
			) {
				return {run: moveTo(run, {state: 'installing'}, ctx.now), commands: [{cmd: 'install'}]};
			}
			return unchanged;
		case 'report':
			return onReport(run, event.report, ctx);
	}
}

/** A fresh run for a destination, waiting to be executed. */
export function newRun(host: string, attempt: number, now: number): DestinationRun {
	return {
		host,
		attempt,
		status: {state: 'waiting', reason: 'queued'},
		lastHeard: now,
		collected: null,
		earlier: [],
		history: [{at: now, state: 'waiting', text: attempt > 1 ? `re-executed (attempt ${attempt})` : 'queued'}],
	};
}

/** The next attempt at a destination: the one that ended is kept, with its history and code, in `earlier`. */
export function nextAttempt(run: DestinationRun, now: number): DestinationRun {
	const ended = {attempt: run.attempt, status: run.status, lastHeard: run.lastHeard, history: run.history};
	return {...newRun(run.host, run.attempt + 1, now), earlier: [...run.earlier, ended]};
}

/**
 * The commands that pick a run up where it stood when rim last stopped: requests in flight were lost with the
 * process, so each non-final run asks again for the step it was waiting on.
 */
export function resumeCommands(run: DestinationRun, ctx: RunContext): RunCommand[] {
	const {status} = run;
	switch (status.state) {
		case 'waiting':
			if (status.reason === 'scheduled') return [{cmd: 'wake-at', at: status.startAt}];
			return ctx.powerOn && !ctx.hostStarted ? [{cmd: 'power-on'}] : [];
		case 'transferring':
		case 'at-relay':
			return [{cmd: 'deliver'}];
		case 'waiting-at-client':
			switch (status.reason) {
				case 'awaiting-user':
					return [{cmd: 'ask-user'}];
				case 'answered-later':
					return [];
				case 'restarting':
					return [{cmd: 'restart'}];
				case 'downloading':
					return [{cmd: 'download'}];
				case 'authenticating':
					return [{cmd: 'authenticate'}];
				case 'client-date':
					return ctx.installAt !== null ? [{cmd: 'wake-at', at: ctx.installAt}] : [{cmd: 'install'}];
				case 'install-timing':
					return [];
				case 'queued':
					return [{cmd: 'install'}];
			}
			return [];
		case 'installing':
			return [ctx.jobType === 'get-software-info' ? {cmd: 'collect'} : {cmd: 'install'}];
		default:
			return [];
	}
}

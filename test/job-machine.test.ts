/** One destination of a job through every state of docs/rules.md, States (and the security-PC flow of docs/pki.md), step by step. */
import {describe, expect, it} from 'vitest';
import {CODES} from '../src/engine/codes.js';
import type {FleetReport, HostReport} from '../src/engine/fleet.js';
import {
	CLIENT_WAIT_TEXT,
	describeState,
	newRun,
	resumeCommands,
	stepRun,
	type RunContext,
	type RunEvent,
} from '../src/engine/job-machine.js';
import {STATE_PROGRESS, type ClientWait, type DestinationRun, type RunState} from '../src/engine/model.js';
import {err, ok} from '../src/shared/result.js';
import {destinationStatus} from '../src/engine/snapshot.js';
import {maintenanceCode} from './support/codes.js';

const T = Date.UTC(2026, 10, 24, 9, 0, 0);
const HOST = 'PC-01';
const key = {job: 'J0001', host: HOST, attempt: 1};

const ctxOf = (over: Partial<RunContext> = {}): RunContext => ({
	now: T,
	jobType: 'install',
	security: false,
	hostStarted: true,
	startAt: null,
	installAt: null,
	timing: 'normal',
	alreadyInstalled: false,
	powerOn: false,
	shutdownAfter: false,
	...over,
});

type Report = Exclude<FleetReport, HostReport>;
const report = (r: Report extends infer R ? (R extends {key: unknown} ? Omit<R, 'key'> : never) : never): RunEvent => ({
	type: 'report',
	report: {...r, key} as Report,
});

/** Drives a run through events (each one second later) and returns it with the commands of the last step. */
function drive(events: RunEvent[], over: Partial<RunContext> = {}, from: DestinationRun = newRun(HOST, 1, T)) {
	let run = from;
	let commands: ReturnType<typeof stepRun>['commands'] = [];
	events.forEach((event, i) => {
		({run, commands} = stepRun(run, event, ctxOf({now: T + (i + 1) * 1000, ...over})));
	});
	return {run, commands, status: run.status, shown: destinationStatus(run)};
}

const start: RunEvent = {type: 'start'};
const toClient = [start, report({kind: 'reached-client'})];
const securityToAuth = [
	...toClient,
	report({kind: 'user-answered', answer: 'yes'}),
	report({kind: 'restarted'}),
	report({kind: 'downloaded'}),
];

describe('a new destination', () => {
	it('waits queued at 0 % with one history line', () => {
		const run = newRun(HOST, 1, T);
		expect(destinationStatus(run)).toMatchObject({
			state: 'waiting',
			progress: 0,
			code: null,
			title: null,
			detail: 'queued',
		});
		expect(run.history).toEqual([{at: T, state: 'waiting', text: 'queued'}]);
		expect(newRun(HOST, 2, T).history[0]!.text).toBe('re-executed (attempt 2)');
	});
});

describe('waiting (0 %)', () => {
	it('starts transferring at 20 % and asks the fleet to deliver when the PC is started', () => {
		const {shown, commands} = drive([start]);
		expect(shown).toMatchObject({state: 'transferring', progress: 20, detail: 'the server is sending'});
		expect(commands).toEqual([{cmd: 'deliver'}]);
	});

	it('waits scheduled until the start date, then transfers when woken', () => {
		const scheduled = drive([start], {startAt: T + 3_600_000});
		expect(scheduled.status).toEqual({state: 'waiting', reason: 'scheduled', startAt: T + 3_600_000});
		expect(scheduled.shown.detail).toBe('scheduled for later: starts 2026-11-24 10:00 UTC');
		expect(scheduled.commands).toEqual([{cmd: 'wake-at', at: T + 3_600_000}]);
		const woken = stepRun(scheduled.run, {type: 'wake'}, ctxOf({now: T + 3_600_000, startAt: T + 3_600_000}));
		expect(woken.run.status.state).toBe('transferring');
		expect(woken.commands).toEqual([{cmd: 'deliver'}]);
	});

	it('waits for a PC that is not started and sends once it starts', () => {
		const waiting = drive([start], {hostStarted: false});
		expect(waiting.status).toEqual({state: 'waiting', reason: 'not-started'});
		expect(waiting.shown.detail).toBe('destination PC not started');
		expect(waiting.commands).toEqual([]);
		const started = stepRun(waiting.run, {type: 'host-started'}, ctxOf({hostStarted: true}));
		expect(started.run.status.state).toBe('transferring');
		expect(started.commands).toEqual([{cmd: 'deliver'}]);
	});

	it('powers the PC on first when Client Control asks for it', () => {
		expect(drive([start], {hostStarted: false, powerOn: true}).commands).toEqual([{cmd: 'power-on'}]);
	});

	it.each(['not-started', 'queued', 'scheduled'] as const)(
		'ends %s with connection error 3000E0010000 at the execution time limit',
		reason => {
			const status: RunState =
				reason === 'scheduled' ? {state: 'waiting', reason, startAt: T + 5000} : {state: 'waiting', reason};
			const run: DestinationRun = {...newRun(HOST, 1, T), status};
			const {run: after} = stepRun(run, {type: 'time-limit'}, ctxOf({now: T + 60_000}));
			expect(after.status).toMatchObject({state: 'error', code: CODES.connection});
			expect(describeState(after.status)).toBe(
				reason === 'not-started'
					? 'the PC was not started before the execution time limit'
					: 'not reached before the execution time limit',
			);
		},
	);

	it('ignores the time limit once the destination is past waiting', () => {
		for (const events of [[start], toClient, [...toClient, report({kind: 'installed', result: ok([])})]]) {
			const {run} = drive(events);
			expect(stepRun(run, {type: 'time-limit'}, ctxOf()).run).toBe(run);
		}
	});
});

describe('transferring and at the relay (50 %)', () => {
	it('shows the relay the package reached', () => {
		const {shown, commands} = drive([start, report({kind: 'reached-relay', relay: 'RLY-OSAKA'})]);
		expect(shown).toMatchObject({state: 'at-relay', progress: 50, detail: 'reached relay RLY-OSAKA'});
		expect(commands).toEqual([]);
	});

	it('finishes a transfer to a relay when the package is stored at that relay, not at one on the way', () => {
		const transfer = {jobType: 'transfer-to-relay' as const};
		const passing = drive([start, report({kind: 'reached-relay', relay: 'RLY-TOKYO'})], transfer, {
			...newRun('RLY-OSAKA', 1, T),
		});
		expect(passing.status).toEqual({state: 'at-relay', relay: 'RLY-TOKYO'});
		const stored = stepRun(
			passing.run,
			{type: 'report', report: {kind: 'reached-relay', relay: 'RLY-OSAKA', key: {...key, host: 'RLY-OSAKA'}}},
			ctxOf(transfer),
		);
		expect(stored.run.status).toEqual({
			state: 'finished',
			code: CODES.success,
			note: 'stored at the relay until its expiration',
		});
	});

	it("ends in error with the fleet's code when delivery fails", () => {
		const {status} = drive([
			start,
			report({kind: 'delivery-failed', failure: {code: CODES.expiredAtRelay, detail: 'expired at RLY-OSAKA'}}),
		]);
		expect(status).toEqual({state: 'error', code: CODES.expiredAtRelay, detail: 'expired at RLY-OSAKA'});
	});
});

describe('at the client (70 %) and installing (90 %)', () => {
	it('installs on a standard PC as soon as the package arrives', () => {
		const {shown, commands} = drive(toClient);
		expect(shown).toMatchObject({state: 'installing', progress: 90});
		expect(commands).toEqual([{cmd: 'install'}]);
	});

	it('finishes with 900000000000 and records what was installed', () => {
		const packages = [{packageId: 'PDF-READER', version: '2402', installedAt: T}];
		const {shown, commands} = drive([...toClient, report({kind: 'installed', result: ok(packages)})]);
		expect(shown).toMatchObject({
			state: 'finished',
			progress: 100,
			code: '900000000000',
			title: 'Finished',
			detail: 'finished',
		});
		expect(commands).toEqual([{cmd: 'record-installed', packages}]);
	});

	it('shuts the PC down after the job when Client Control asks for it', () => {
		const {commands} = drive([...toClient, report({kind: 'installed', result: ok([])})], {shutdownAfter: true});
		expect(commands).toEqual([{cmd: 'record-installed', packages: []}, {cmd: 'shut-down'}]);
	});

	it("ends in error with the installer's code when the installation fails", () => {
		const {shown} = drive([
			...toClient,
			report({kind: 'installed', result: err({code: maintenanceCode('30009F070B00'), detail: 'unsupported OS'})}),
		]);
		expect(shown).toMatchObject({state: 'error', code: '30009F070B00', detail: 'unsupported OS'});
	});

	it('finishes without reinstalling when the package is installed already and Replace existing package is off', () => {
		const {shown, commands} = drive(toClient, {alreadyInstalled: true});
		expect(shown).toMatchObject({
			state: 'finished',
			code: CODES.success,
			detail: 'already installed: Replace existing package is off',
		});
		expect(commands).toEqual([]);
	});

	it('waits for the execution date at the client, then installs when woken', () => {
		const at = T + 7_200_000;
		const waiting = drive(toClient, {installAt: at});
		expect(waiting.status).toEqual({state: 'waiting-at-client', reason: 'client-date'});
		expect(waiting.shown).toMatchObject({progress: 70, detail: 'waiting for the execution date at the client'});
		expect(waiting.commands).toEqual([{cmd: 'wake-at', at}]);
		const woken = stepRun(waiting.run, {type: 'wake'}, ctxOf({now: at, installAt: at}));
		expect(woken.run.status.state).toBe('installing');
		expect(woken.commands).toEqual([{cmd: 'install'}]);
	});

	it('waits for the next system start when the installation timing says so', () => {
		const waiting = drive(toClient, {timing: 'at-system-start'});
		expect(waiting.status).toEqual({state: 'waiting-at-client', reason: 'install-timing'});
		expect(waiting.run.history.at(-1)!.text).toBe('waiting to install at the next system start');
		expect(stepRun(waiting.run, {type: 'host-stopped'}, ctxOf({timing: 'at-system-start'})).run).toBe(waiting.run);
		const started = stepRun(waiting.run, {type: 'host-started'}, ctxOf({timing: 'at-system-start'}));
		expect(started.run.status.state).toBe('installing');
		expect(started.commands).toEqual([{cmd: 'install'}]);
	});

	it('installs at system stop when the installation timing says so', () => {
		const waiting = drive(toClient, {timing: 'at-system-stop'});
		expect(waiting.run.history.at(-1)!.text).toBe('waiting to install at system stop');
		expect(stepRun(waiting.run, {type: 'host-started'}, ctxOf({timing: 'at-system-stop'})).run).toBe(waiting.run);
		expect(stepRun(waiting.run, {type: 'host-stopped'}, ctxOf({timing: 'at-system-stop'})).run.status.state).toBe(
			'installing',
		);
	});

	it('collects the installed-package list for Get software information', () => {
		const gsi = {jobType: 'get-software-info' as const};
		const collecting = drive(toClient, gsi);
		expect(collecting.shown).toMatchObject({state: 'installing', detail: 'collecting software information'});
		expect(collecting.run.history.at(-1)!.text).toBe('collecting software information');
		expect(collecting.commands).toEqual([{cmd: 'collect'}]);
		const list = [{packageId: 'BROWSER', version: '131', installedAt: T - 1}];
		const done = stepRun(collecting.run, report({kind: 'collected', packages: list}), ctxOf(gsi));
		expect(done.run.collected).toEqual(list);
		expect(destinationStatus(done.run)).toMatchObject({
			state: 'finished',
			code: CODES.success,
			detail: 'collected 1 installed package',
		});
	});
});

describe('a security PC waits at the client for its user, restarts, then authenticates (docs/pki.md)', () => {
	const security = {security: true};

	it('asks the PC user to confirm the update', () => {
		const {status, shown, commands} = drive(toClient, security);
		expect(status).toEqual({state: 'waiting-at-client', reason: 'awaiting-user'});
		expect(shown).toMatchObject({progress: 70, detail: 'waiting for the PC user to confirm the update'});
		expect(commands).toEqual([{cmd: 'ask-user'}]);
	});

	it('restarts after Yes, downloads after the restart, authenticates the download, and installs after authentication', () => {
		const yes = drive([...toClient, report({kind: 'user-answered', answer: 'yes'})], security);
		expect(yes.status).toEqual({state: 'waiting-at-client', reason: 'restarting'});
		expect(yes.run.history.at(-1)!.text).toBe('the PC user answered Yes; restarting');
		expect(yes.commands).toEqual([{cmd: 'restart'}]);
		const downloading = drive(
			[...toClient, report({kind: 'user-answered', answer: 'yes'}), report({kind: 'restarted'})],
			security,
		);
		expect(downloading.status).toEqual({state: 'waiting-at-client', reason: 'downloading'});
		expect(downloading.shown).toMatchObject({progress: 70, detail: 'downloading the update data'});
		expect(downloading.run.history.at(-1)!.text).toBe('the PC restarted; downloading the update data');
		expect(downloading.commands).toEqual([{cmd: 'download'}]);
		const restarted = drive(securityToAuth, security);
		expect(restarted.status).toEqual({state: 'waiting-at-client', reason: 'authenticating'});
		expect(restarted.commands).toEqual([{cmd: 'authenticate'}]);
		const authenticated = drive([...securityToAuth, report({kind: 'authenticated', result: ok(null)})], security);
		expect(authenticated.status.state).toBe('installing');
		expect(authenticated.run.history.map(h => h.text)).toContain('authentication succeeded');
		expect(authenticated.commands).toEqual([{cmd: 'install'}]);
	});

	it('ends in error with the PKI code when authentication fails', () => {
		const {shown} = drive(
			[
				...securityToAuth,
				report({
					kind: 'authenticated',
					result: err({code: CODES.deviceCertExpired, detail: 'the device certificate expired'}),
				}),
			],
			security,
		);
		expect(shown).toMatchObject({
			state: 'error',
			code: '300097078500',
			title: 'Device certificate expired',
			action: 'Issue a new certification.',
		});
	});

	it('after Later no longer reads as waiting for the user to confirm, and asks again at the next start', () => {
		const later = drive([...toClient, report({kind: 'user-answered', answer: 'later'})], security);
		expect(later.status).toEqual({state: 'waiting-at-client', reason: 'answered-later'});
		expect(later.shown.detail).toBe('the PC user answered Later; asking again at the next start');
		expect(later.run.history.at(-1)!.text).toBe('the PC user answered Later; asking again at the next start');
		expect(later.commands).toEqual([]);
		const again = stepRun(later.run, {type: 'host-started'}, ctxOf({...security, now: T + 60_000}));
		expect(again.run.status).toEqual({state: 'waiting-at-client', reason: 'awaiting-user'});
		expect(again.run.history.at(-1)!.text).toBe('the PC started; asking its user again');
		expect(again.run.lastHeard).toBe(T + 60_000);
		expect(again.commands).toEqual([{cmd: 'ask-user'}]);
	});

	it('is rejected with 3000E0040000 when the PC user cancels', () => {
		const {shown} = drive([...toClient, report({kind: 'user-answered', answer: 'cancel'})], security);
		expect(shown).toMatchObject({
			state: 'rejected',
			progress: 100,
			code: CODES.userCancelled,
			detail: 'the PC user cancelled the update',
		});
	});

	it('ignores the client execution date on a security PC', () => {
		const {status} = drive([...securityToAuth, report({kind: 'authenticated', result: ok(null)})], {
			...security,
			installAt: T + 86_400_000,
		});
		expect(status.state).toBe('installing');
	});

	it('notes "already installed" after authentication when Replace existing package is off', () => {
		const {shown} = drive([...securityToAuth, report({kind: 'authenticated', result: ok(null)})], {
			...security,
			alreadyInstalled: true,
		});
		expect(shown).toMatchObject({state: 'finished', detail: 'already installed: Replace existing package is off'});
	});
});

describe('final states (100 %)', () => {
	const finals: [string, RunEvent[], Partial<RunContext>][] = [
		['finished', [...toClient, report({kind: 'installed', result: ok([])})], {}],
		['error', [start, report({kind: 'delivery-failed', failure: {code: CODES.connection, detail: 'gone'}})], {}],
		['rejected', [...toClient, report({kind: 'user-answered', answer: 'cancel'})], {security: true}],
	];
	const everyEvent: RunEvent[] = [
		start,
		{type: 'wake'},
		{type: 'time-limit'},
		{type: 'host-started'},
		{type: 'host-stopped'},
		report({kind: 'reached-relay', relay: 'R'}),
		report({kind: 'reached-client'}),
		report({kind: 'user-answered', answer: 'yes'}),
		report({kind: 'restarted'}),
		report({kind: 'downloaded'}),
		report({kind: 'authenticated', result: ok(null)}),
		report({kind: 'installed', result: ok([])}),
		report({kind: 'collected', packages: []}),
		report({kind: 'delivery-failed', failure: {code: CODES.diskSpace, detail: ''}}),
	];

	it.each(finals)('a %s destination never changes again, whatever arrives', (state, events, over) => {
		const {run} = drive(events, over);
		expect(run.status.state).toBe(state);
		expect(destinationStatus(run).progress).toBe(100);
		for (const event of everyEvent) {
			const step = stepRun(run, event, ctxOf({...over, now: T + 999_000}));
			expect(step.run).toBe(run);
			expect(step.commands).toEqual([]);
		}
	});

	it('keeps a dated history line for every state the destination went through', () => {
		const {run} = drive([
			start,
			report({kind: 'reached-relay', relay: 'RLY-TOKYO'}),
			report({kind: 'reached-client'}),
			report({kind: 'installed', result: ok([])}),
		]);
		expect(run.history.map(h => [h.at - T, h.state])).toEqual([
			[0, 'waiting'],
			[1000, 'transferring'],
			[2000, 'at-relay'],
			[3000, 'installing'],
			[4000, 'finished'],
		]);
	});
});

describe("progress per state is the reference product's 0/20/50/70/100 with 90 for installing", () => {
	it('maps each state to its percentage', () => {
		expect(STATE_PROGRESS).toEqual({
			waiting: 0,
			transferring: 20,
			'at-relay': 50,
			'waiting-at-client': 70,
			installing: 90,
			finished: 100,
			error: 100,
			rejected: 100,
		});
	});

	it('describes every reason a destination waits at the client', () => {
		const reasons: ClientWait[] = [
			'awaiting-user',
			'answered-later',
			'restarting',
			'downloading',
			'authenticating',
			'install-timing',
			'client-date',
			'queued',
		];
		for (const reason of reasons)
			expect(describeState({state: 'waiting-at-client', reason})).toBe(CLIENT_WAIT_TEXT[reason]);
	});
});

describe('after a restart of rim, each unfinished destination asks again for the step it was on', () => {
	const at = (status: RunState): DestinationRun => ({...newRun(HOST, 1, T), status});
	it.each<[string, RunState, Partial<RunContext>, unknown[]]>([
		['queued', {state: 'waiting', reason: 'queued'}, {}, []],
		[
			'scheduled',
			{state: 'waiting', reason: 'scheduled', startAt: T + 5000},
			{startAt: T + 5000},
			[{cmd: 'wake-at', at: T + 5000}],
		],
		[
			'not started, with power on',
			{state: 'waiting', reason: 'not-started'},
			{hostStarted: false, powerOn: true},
			[{cmd: 'power-on'}],
		],
		['not started', {state: 'waiting', reason: 'not-started'}, {hostStarted: false}, []],
		['transferring', {state: 'transferring'}, {}, [{cmd: 'deliver'}]],
		['at a relay', {state: 'at-relay', relay: 'RLY-OSAKA'}, {}, [{cmd: 'deliver'}]],
		['awaiting the user', {state: 'waiting-at-client', reason: 'awaiting-user'}, {security: true}, [{cmd: 'ask-user'}]],
		['answered Later', {state: 'waiting-at-client', reason: 'answered-later'}, {security: true}, []],
		['restarting', {state: 'waiting-at-client', reason: 'restarting'}, {security: true}, [{cmd: 'restart'}]],
		['downloading', {state: 'waiting-at-client', reason: 'downloading'}, {security: true}, [{cmd: 'download'}]],
		[
			'authenticating',
			{state: 'waiting-at-client', reason: 'authenticating'},
			{security: true},
			[{cmd: 'authenticate'}],
		],
		[
			'waiting for the client date',
			{state: 'waiting-at-client', reason: 'client-date'},
			{installAt: T + 9000},
			[{cmd: 'wake-at', at: T + 9000}],
		],
		[
			'waiting for the install timing',
			{state: 'waiting-at-client', reason: 'install-timing'},
			{timing: 'at-system-start'},
			[],
		],
		['installing', {state: 'installing'}, {}, [{cmd: 'install'}]],
		['collecting', {state: 'installing'}, {jobType: 'get-software-info'}, [{cmd: 'collect'}]],
		['finished', {state: 'finished', code: CODES.success, note: null}, {}, []],
	])('%s', (_what, status, over, expected) => {
		expect(resumeCommands(at(status), ctxOf(over))).toEqual(expected);
	});
});

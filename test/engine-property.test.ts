/**
 * Properties of the job state machine and the engine (docs/ARCHITECTURE.md P12): for any order of events, a destination never
 * leaves a final state, its history only grows, and a job's counts always add up.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {CODES} from '../src/engine/codes.js';
import {Engine} from '../src/engine/engine.js';
import type {FleetReport, HostReport} from '../src/engine/fleet.js';
import {newRun, stepRun, type RunContext, type RunEvent} from '../src/engine/job-machine.js';
import {issueCertificate, labAnswer, labFault, labPower} from '../src/engine/lab.js';
import {isFinal, STATE_PROGRESS, type DestinationRun, type JobType} from '../src/engine/model.js';
import type {UserPolicy} from '../src/engine/sim/pc.js';
import {DEVICE_FAULTS} from '../src/engine/pki/index.js';
import {err, ok} from '../src/shared/result.js';
import {summarize} from '../src/engine/snapshot.js';
import {restartedEngine, setUserPolicy, T0, testEngine} from './support/engine.js';
import {jobDef, type JobSpec} from './support/jobs.js';
import {maintenanceCode} from './support/codes.js';

const HOST = 'SAL-01';
const key = {job: 'J0001', host: HOST, attempt: 1};
const codeArb = fc.constantFrom(
	...Object.values(CODES).filter(c => c !== CODES.success),
	maintenanceCode('30009F070B00'),
);
const failureArb = codeArb.map(code => ({code, detail: `failed with ${code}`}));
const installedArb = fc.array(
	fc.record({
		packageId: fc.constantFrom('PDF-READER', 'BROWSER'),
		version: fc.constantFrom('1', '2'),
		installedAt: fc.constant(T0),
	}),
	{maxLength: 2},
);

type Report = Exclude<FleetReport, HostReport>;
const reportArb: fc.Arbitrary<Report> = fc.oneof(
	fc.constantFrom(HOST, 'RLY-TOKYO', 'RLY-OSAKA').map(relay => ({kind: 'reached-relay' as const, key, relay})),
	fc.constant({kind: 'reached-client' as const, key}),
	failureArb.map(failure => ({kind: 'delivery-failed' as const, key, failure})),
	fc
		.constantFrom('yes' as const, 'later' as const, 'cancel' as const)
		.map(answer => ({kind: 'user-answered' as const, key, answer})),
	fc.constant({kind: 'restarted' as const, key}),
	fc.option(failureArb, {nil: null}).map(f => ({kind: 'authenticated' as const, key, result: f ? err(f) : ok(null)})),
	fc
		.oneof(
			installedArb.map(p => ok(p)),
			failureArb.map(f => err(f)),
		)
		.map(result => ({kind: 'installed' as const, key, result})),
	installedArb.map(packages => ({kind: 'collected' as const, key, packages})),
);
const eventArb: fc.Arbitrary<RunEvent> = fc.oneof(
	fc.constantFrom<RunEvent>(
		{type: 'start'},
		{type: 'wake'},
		{type: 'time-limit'},
		{type: 'host-started'},
		{type: 'host-stopped'},
	),
	reportArb.map(report => ({type: 'report' as const, report})),
);
/** What the engine knows of the host and the job at each step; a sequence keeps one job type and security flag. */
const jobArb = fc.record({
	jobType: fc.constantFrom<JobType>('install', 'transfer-to-relay', 'get-software-info'),
	security: fc.boolean(),
	powerOn: fc.boolean(),
	shutdownAfter: fc.boolean(),
	startAt: fc.option(
		fc.integer({min: 0, max: 100}).map(s => T0 + s * 1000),
		{nil: null},
	),
});
const stepCtxArb = fc.record({
	hostStarted: fc.boolean(),
	installAt: fc.option(
		fc.integer({min: 0, max: 100}).map(s => T0 + s * 1000),
		{nil: null},
	),
	timing: fc.constantFrom('normal' as const, 'at-system-start' as const, 'at-system-stop' as const),
	alreadyInstalled: fc.boolean(),
	gapMs: fc.integer({min: 0, max: 10_000}),
});

describe('the job state machine under any event order', () => {
	it('never leaves a final state, only appends to history, and shows only the progress values of the States table (docs/rules.md)', () => {
		const progressValues = new Set(Object.values(STATE_PROGRESS));
		fc.assert(
			fc.property(jobArb, fc.array(fc.tuple(eventArb, stepCtxArb), {maxLength: 40}), (job, steps) => {
				let run: DestinationRun = newRun(HOST, 1, T0);
				let now = T0;
				let final: DestinationRun | null = null;
				for (const [event, step] of steps) {
					now += step.gapMs;
					const ctx: RunContext = {...job, ...step, now};
					const next = stepRun(run, event, ctx).run;
					if (final) {
						expect(next).toEqual(final);
					} else {
						expect(next.history.slice(0, run.history.length)).toEqual(run.history);
						expect(next.history.length).toBeGreaterThanOrEqual(run.history.length);
						expect(next.history.at(-1)!.state).toBe(next.status.state);
						expect(next.lastHeard).toBeGreaterThanOrEqual(run.lastHeard);
					}
					expect(progressValues).toContain(STATE_PROGRESS[next.status.state]);
					if (isFinal(next.status) && !final) {
						final = next;
						expect(next.status.code).toMatch(/^[0-9A-F]{12}$/);
						expect(next.status.code.startsWith('9')).toBe(next.status.state === 'finished');
					}
					run = next;
				}
				expect(run.history.map(h => h.at)).toEqual([...run.history.map(h => h.at)].sort((a, b) => a - b));
			}),
			{numRuns: 2000},
		);
	});
});

// ── the engine under random orders of jobs, re-executions and lab actions ──────────────────────────────────

const TEMPLATES: JobSpec[] = [
	{to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611']},
	{to: ['SEC-02', 'SEC-03'], packages: ['AV-DEFS-0482']},
	{to: ['SALES'], packages: ['PDF-READER']},
	{to: ['SALES'], packages: ['BROWSER'], settings: {timeLimit: T0 + 30 * 60_000}},
	{to: ['DEVELOPMENT'], packages: ['OFFICE-SUITE']},
	{to: ['ACC-04', 'SAL-09'], packages: ['REMOTE-AGENT'], conditions: {timing: 'at-system-start'}},
	{to: ['ACC-01', 'ACC-02'], packages: ['PDF-READER'], settings: {startAt: T0 + 60 * 60_000}},
	{to: ['SAL-10'], packages: ['PDF-READER'], settings: {powerOn: true, shutdownAfter: true}},
	{type: 'transfer-to-relay', to: ['RLY-OSAKA'], packages: ['BROWSER']},
	{type: 'get-software-info', to: ['ACCOUNTING']},
];
const SECURITY_PCS = ['SEC-01', 'SEC-02', 'SEC-03', 'SEC-05', 'SEC-06'];
const POWERABLE = ['SAL-09', 'SAL-10', 'ACC-04', 'SEC-02', 'SEC-06'];

type Action =
	| {kind: 'job'; template: number}
	| {kind: 'rerun'; job: number}
	| {kind: 'delete'; job: number}
	| {kind: 'fault'; host: string; fault: (typeof DEVICE_FAULTS)[number]}
	| {kind: 'cert'; host: string}
	| {kind: 'power'; host: string; on: boolean}
	| {kind: 'answer'; host: string; answer: 'yes' | 'later' | 'cancel'}
	| {kind: 'policy'; host: string; policy: UserPolicy}
	| {kind: 'advance'; ms: number}
	| {kind: 'idle'}
	| {kind: 'restart'};

const actionArb: fc.Arbitrary<Action> = fc.oneof(
	{
		arbitrary: fc.integer({min: 0, max: TEMPLATES.length - 1}).map(template => ({kind: 'job' as const, template})),
		weight: 4,
	},
	fc.nat(5).map(job => ({kind: 'rerun' as const, job})),
	fc.nat(5).map(job => ({kind: 'delete' as const, job})),
	fc.record({
		kind: fc.constant('fault' as const),
		host: fc.constantFrom(...SECURITY_PCS),
		fault: fc.constantFrom(...DEVICE_FAULTS),
	}),
	fc.record({kind: fc.constant('cert' as const), host: fc.constantFrom(...SECURITY_PCS)}),
	fc.record({kind: fc.constant('power' as const), host: fc.constantFrom(...POWERABLE), on: fc.boolean()}),
	fc.record({
		kind: fc.constant('answer' as const),
		host: fc.constantFrom(...SECURITY_PCS),
		answer: fc.constantFrom('yes' as const, 'later' as const, 'cancel' as const),
	}),
	fc.record({
		kind: fc.constant('policy' as const),
		host: fc.constantFrom(...SECURITY_PCS),
		policy: fc.constantFrom<UserPolicy>({answer: 'yes', afterMs: 5_000}, {answer: 'later'}, {answer: 'cancel'}),
	}),
	{arbitrary: fc.integer({min: 1, max: 120_000}).map(ms => ({kind: 'advance' as const, ms})), weight: 3},
	fc.constant({kind: 'idle' as const}),
	fc.constant({kind: 'restart' as const}),
);

type Lab = ReturnType<typeof testEngine>;

/** rim stops and starts again: the state goes through JSON, a new engine on a new clock at the same time resumes it. */
function restarted(lab: Lab): Lab {
	return restartedEngine(lab, lab.clock.now());
}

async function perform(lab: Lab, action: Action, made: string[]): Promise<Lab> {
	if (action.kind === 'restart') return restarted(lab);
	await act(lab, action, made);
	return lab;
}

async function act(
	{engine, clock, fleet}: Lab,
	action: Exclude<Action, {kind: 'restart'}>,
	made: string[],
): Promise<void> {
	const jobAt = (i: number) => made[i % Math.max(made.length, 1)];
	switch (action.kind) {
		case 'job': {
			const executed = await engine.executeJob({
				def: jobDef({...TEMPLATES[action.template]!, name: `Job${made.length}`}),
			});
			if (!executed.ok) return; // a schedule that is in the past by now is refused, as the wizard would
			made.push(executed.value.id);
			return;
		}
		case 'rerun': {
			const id = jobAt(action.job);
			if (id) await engine.rerun(id);
			return;
		}
		case 'delete': {
			const id = jobAt(action.job);
			if (id) await engine.deleteJob(id);
			return;
		}
		case 'fault':
			await labFault(engine, action.host, action.fault);
			return;
		case 'cert':
			await issueCertificate(engine, action.host);
			return;
		case 'power':
			await labPower(engine, action.host, action.on);
			return;
		case 'answer':
			await labAnswer(engine, action.host, action.answer);
			return;
		case 'policy':
			setUserPolicy(fleet, action.host, action.policy);
			return;
		case 'advance':
			clock.advance(action.ms);
			return;
		case 'idle':
			clock.runUntilIdle();
			return;
	}
}

/** Checks the invariants and remembers each final destination so a later change can be caught. */
function checkInvariants(engine: Engine, finals: Map<string, DestinationRun>): void {
	for (const job of engine.state.jobs) {
		const s = summarize(job);
		expect(s.finished + s.error + s.rejected).toBeLessThanOrEqual(s.total);
		expect(s.total).toBe(job.runs.length);
		expect(new Set(job.runs.map(r => r.host)).size).toBe(job.runs.length);
		expect(s.progress).toBeGreaterThanOrEqual(0);
		expect(s.progress).toBeLessThanOrEqual(100);
		for (const run of job.runs) {
			const id = `${job.id}/${run.host}`;
			const before = finals.get(id);
			// A final destination changes only by re-execution, which starts a new attempt.
			if (before && before.attempt === run.attempt) expect(run).toEqual(before);
			if (isFinal(run.status)) finals.set(id, structuredClone(run));
		}
	}
}

/** When the clock has nothing left to do, a destination that is not final waits for something outside rim. */
function waitsOnOutsideEvent(run: DestinationRun): boolean {
	const {status} = run;
	return (
		(status.state === 'waiting' && status.reason === 'not-started') ||
		(status.state === 'waiting-at-client' &&
			(status.reason === 'awaiting-user' || status.reason === 'answered-later' || status.reason === 'install-timing'))
	);
}

describe('the engine under random orders of jobs, re-executions and lab actions', () => {
	it("keeps every job's counts adding up, never changes a final destination, and settles or names an outside wait, across restarts", async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(actionArb, {minLength: 1, maxLength: 14}), async actions => {
				let lab = testEngine();
				const made: string[] = [];
				const finals = new Map<string, DestinationRun>();
				for (const action of actions) {
					lab = await perform(lab, action, made);
					checkInvariants(lab.engine, finals);
				}
				const {engine, clock} = lab;
				clock.runUntilIdle();
				checkInvariants(engine, finals);
				for (const job of engine.state.jobs) {
					const s = summarize(job);
					const unsettled = engine.unsettled(job.id);
					for (const run of unsettled)
						expect(waitsOnOutsideEvent(run), `${job.id}/${run.host} ${JSON.stringify(run.status)}`).toBe(true);
					if (unsettled.length === 0) {
						expect(s.finished + s.error + s.rejected).toBe(s.total);
						expect(s.progress).toBe(100);
						expect(s.result).toBe(s.error + s.rejected > 0 ? 'error' : 'finished');
					} else {
						expect(s.result).toBe('running');
					}
				}
			}),
			{numRuns: 40},
		);
	});
});

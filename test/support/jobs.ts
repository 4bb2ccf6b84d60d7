/**
 * Job builders and drivers for engine tests: a definition with the wizard's defaults that each test extends, and
 * helpers that run a job on the virtual clock and read each destination as the status pane shows it.
 */
import {expect} from 'vitest';
import type {VirtualClock} from '../../src/engine/clock.js';
import {defaultSettings} from '../../src/engine/define.js';
import type {Engine} from '../../src/engine/engine.js';
import type {
	ConditionOverrides,
	DestinationRef,
	DestinationRun,
	Job,
	JobDefinition,
	JobSettings,
	JobType,
} from '../../src/engine/model.js';
import {isFinal} from '../../src/engine/model.js';
import {destinationStatus, summarize} from '../../src/engine/snapshot.js';

export const group = (id: string): DestinationRef => ({kind: 'group', id});
export const host = (id: string): DestinationRef => ({kind: 'host', id});

let names = 0;

export interface JobSpec {
	type?: JobType;
	name?: string;
	/** Destination refs; a plain string is one of the demo fleet's group ids, else a host id. */
	to: (DestinationRef | string)[];
	packages?: string[];
	conditions?: ConditionOverrides;
	settings?: Partial<JobSettings>;
}

/** The groups of the demo fleet (docs/rules.md, Training lab and demo fleet). */
const DEMO_GROUPS = new Set(['SECURITY-PCS', 'ACCOUNTING', 'DEVELOPMENT', 'SALES', 'FLOOR-3']);

const ref = (d: DestinationRef | string): DestinationRef =>
	typeof d !== 'string' ? d : DEMO_GROUPS.has(d) ? group(d) : host(d);

/** A job definition with the wizard's defaults; `type` defaults to install, the name to a unique one. */
export function jobDef(spec: JobSpec): JobDefinition {
	return {
		name: spec.name ?? `TestJob_${++names}`,
		type: spec.type ?? 'install',
		destinations: spec.to.map(ref),
		packages: (spec.packages ?? []).map(id => ({id, conditions: {...spec.conditions}})),
		settings: {...defaultSettings(), ...spec.settings},
	};
}

/** Executes a job (Execute: no definition kept); fails the test when the engine refuses it. */
export async function startJob(engine: Engine, spec: JobSpec): Promise<Job> {
	const executed = await engine.executeJob({def: jobDef(spec)});
	if (!executed.ok) expect.fail(`executeJob refused: ${executed.error.message}`);
	return executed.value;
}

/** Runs the virtual clock until every destination of the job is final or nothing is left to happen. */
export function settle(engine: Engine, clock: VirtualClock, jobId: string): Job {
	clock.runUntilIdle(() => engine.unsettled(jobId).length === 0);
	return engine.job(jobId)!;
}

export async function runJob(engine: Engine, clock: VirtualClock, spec: JobSpec): Promise<Job> {
	const job = await startJob(engine, spec);
	return settle(engine, clock, job.id);
}

export function runOf(job: Job, hostId: string): DestinationRun {
	const run = job.runs.find(r => r.host === hostId);
	if (!run) expect.fail(`job ${job.id} has no destination ${hostId}`);
	return run;
}

/** What the status pane shows for one destination: state, code and detail. */
export function shown(job: Job, hostId: string) {
	const d = destinationStatus(runOf(job, hostId));
	return {state: d.state, code: d.code, detail: d.detail};
}

/** host → state name, for whole-job assertions. */
export function statesOf(job: Job): Record<string, string> {
	return Object.fromEntries(job.runs.map(r => [r.host, r.status.state]));
}

export function counts(job: Job) {
	const {finished, error, rejected, total} = summarize(job);
	return {finished, error, rejected, total};
}

/** Time the run first entered a state whose history text matches. */
export function timeOf(run: DestinationRun, text: string | RegExp): number | undefined {
	return run.history.find(h => (typeof text === 'string' ? h.text.includes(text) : text.test(h.text)))?.at;
}

export const allFinal = (job: Job) => job.runs.every(r => isFinal(r.status));

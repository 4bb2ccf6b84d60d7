import {describe, expect, it} from 'vitest';
import {draftJob} from '../src/engine/define.js';
import type {EngineSnapshot} from '../src/engine/snapshot.js';
import {
	focusJob,
	initialJobStatus,
	jobStatusKeymap,
	jobStatusModalOpen,
	updateJobStatus,
	type JobStatusAction,
	type JobStatusState,
} from '../src/screens/job-status/index.js';
import {testEngine} from './support/engine.js';

async function twoJobs() {
	const {engine, clock} = testEngine();
	const ids: string[] = [];
	for (const [name, group, pkg] of [
		['first', 'SECURITY-PCS', 'SEC-PATCH-2611'],
		['second', 'DEVELOPMENT', 'OFFICE-SUITE'],
	] as const) {
		const def = {
			...draftJob({
				type: 'install',
				destinations: [{kind: 'group', id: group}],
				packageIds: [pkg],
				inventory: engine.state.inventory,
				now: engine.now(),
				taken: [],
			}),
			name,
		};
		const job = await engine.executeJob({def});
		if (!job.ok) throw new Error(job.error.message);
		ids.push(job.value.id);
	}
	clock.runUntilIdle();
	return {engine, ids, snapshot: engine.snapshotNow()};
}

/** Presses keys by name through the active keymap, as the app's router does. */
function press(state: JobStatusState, snapshot: EngineSnapshot, ...names: string[]) {
	let update = {state} as ReturnType<typeof updateJobStatus>;
	for (const name of names) {
		const binding = jobStatusKeymap(update.state).find(b => b.keys.includes(name));
		if (!binding) throw new Error(`${name} is not bound here`);
		update = updateJobStatus(update.state, binding.action as JobStatusAction, snapshot, snapshot.at);
	}
	return update;
}

describe('the job-status controller', () => {
	it('focusJob selects a job even before it appears in the snapshot', async () => {
		const {ids, snapshot} = await twoJobs();
		const early = focusJob(initialJobStatus(), ids[1]!);
		const before = {...snapshot, jobs: snapshot.jobs.slice(0, 1)};
		expect(press(early, before, 'enter').state.view).toEqual({kind: 'destinations', jobId: ids[0], filter: null});
		expect(press(early, snapshot, 'enter').state.view).toEqual({kind: 'destinations', jobId: ids[1], filter: null});
	});

	it('esc walks back the way the admin came: filtered destinations → failures → destinations → jobs', async () => {
		const {ids, snapshot} = await twoJobs();
		const start = focusJob(initialJobStatus(), ids[1]!);
		const deep = press(start, snapshot, 'enter', 'f', 'enter').state;
		expect(deep.view).toMatchObject({kind: 'destinations', filter: {failuresFrom: 'destinations'}});
		const failures = press(deep, snapshot, 'esc').state;
		expect(failures.view.kind).toBe('failures');
		const destinations = press(failures, snapshot, 'esc').state;
		expect(destinations.view).toEqual({kind: 'destinations', jobId: ids[1], filter: null});
		const jobs = press(destinations, snapshot, 'esc').state;
		expect(jobs.view.kind).toBe('jobs');
		expect(jobs.jobs.id).toBe(ids[1]);
	});

	it('returns engine calls as effects without running them', async () => {
		const {ids, snapshot} = await twoJobs();
		const update = press(focusJob(initialJobStatus(), ids[0]!), snapshot, 'r', 'y');
		expect(update.effect).toBeTypeOf('function');
		expect(jobStatusModalOpen(update.state)).toBe(false);
		expect(snapshot.jobs[0]!.runs.every(r => r.attempt === 1)).toBe(true);
	});

	it('opens the detail modal on enter in destinations, and every key then goes to the modal', async () => {
		const {ids, snapshot} = await twoJobs();
		const update = press(focusJob(initialJobStatus(), ids[1]!), snapshot, 'enter', 'G', 'enter');
		expect(update.state.modal).toEqual({kind: 'detail', jobId: ids[1], hostId: 'DEV-10', scroll: 0});
		expect(jobStatusModalOpen(update.state)).toBe(true);
		expect(jobStatusKeymap(update.state).flatMap(b => b.keys)).toEqual([
			'c',
			'F',
			'r',
			'p',
			'o',
			'[',
			']',
			'esc',
			'up',
			'k',
			'down',
			'j',
			'pgup',
			'pgdn',
			'home',
			'g',
			'end',
			'G',
		]);
		expect(press(update.state, snapshot, 'c').flash?.text).toBe(
			'DEV-10 is not a security PC: it holds no device certificate',
		);
	});
});

import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {draftJob} from '../src/engine/define.js';
import type {DestinationRef} from '../src/engine/model.js';
import {engineApi} from '../src/engine-api.js';
import {JobStatusHarness} from './support/job-status-harness.js';
import {KEY, cleanupTui, renderTui} from './support/tui.js';
import {testEngine} from './support/engine.js';

afterEach(cleanupTui);

/** The seed's job executed on SECURITY-PCS (not run yet); `prepare` runs first, e.g. to inject faults. */
async function securityJob(prepare?: (api: ReturnType<typeof engineApi>) => Promise<void>) {
	const lab = testEngine();
	const {engine} = lab;
	const api = engineApi(engine);
	await prepare?.(api);
	const def = draftJob({
		type: 'install',
		destinations: [{kind: 'group', id: 'SECURITY-PCS'}],
		packageIds: ['SEC-PATCH-2611'],
		inventory: engine.state.inventory,
		now: engine.now(),
		taken: [],
	});
	const job = await engine.executeJob({def});
	if (!job.ok) throw new Error(job.error.message);
	return {...lab, api, jobId: job.value.id};
}

async function executeJob(
	engine: ReturnType<typeof testEngine>['engine'],
	name: string,
	destinations: DestinationRef[],
	packageIds: string[],
) {
	const def = {
		...draftJob({
			type: 'install',
			destinations,
			packageIds,
			inventory: engine.state.inventory,
			now: engine.now(),
			taken: [],
		}),
		name,
	};
	const job = await engine.executeJob({def});
	if (!job.ok) throw new Error(job.error.message);
	return job.value.id;
}

const rowOf = (frame: string, text: string) => frame.split('\n').find(line => line.includes(text)) ?? '';

describe('the jobs list', () => {
	it('shows a running job with its %, then Finished 7 / Error 1 / Rejected 0 / Total 8 when it has run', async () => {
		const {api, clock, jobId} = await securityJob();
		const tui = await renderTui(<JobStatusHarness api={api} />);
		expect(rowOf(tui.frame(), jobId)).toMatch(/\s20%\s+▶ running/);

		await act(async () => {
			clock.runUntilIdle();
		});
		expect(rowOf(tui.frame(), jobId)).toMatch(/100%\s+✗ error\s+7\s+1\s+0\s+8/);
		expect(tui.frame()).toContain(`${jobId}: Finished 7 / Error 1 / Rejected 0 / Total 8`);
	});

	it('moves the selection with the arrow keys, j/k and End', async () => {
		const {api, engine} = await securityJob();
		await executeJob(engine, 'second', [{kind: 'group', id: 'SALES'}], ['PDF-READER']);
		await executeJob(engine, 'third', [{kind: 'group', id: 'SALES'}], ['BROWSER']);
		const tui = await renderTui(<JobStatusHarness api={api} />);
		expect(tui.frame()).toContain('3 Job Execution Status 1/3');
		await tui.press(KEY.down, 'j');
		expect(tui.frame()).toContain('3 Job Execution Status 3/3');
		expect(rowOf(tui.frame(), '›')).toContain('third');
		await tui.press('k', KEY.home);
		expect(tui.frame()).toContain('3 Job Execution Status 1/3');
		await tui.press(KEY.end);
		expect(tui.frame()).toContain('3 Job Execution Status 3/3');
	});

	it('shows a hostile job name inert', async () => {
		const {api, engine} = await securityJob();
		engine.state.jobs[0]!.name = 'evil\u001b[2Jname';
		engine.snapshotNow();
		const tui = await renderTui(<JobStatusHarness api={api} />);
		expect(tui.frame()).toContain('evil\\x1b[2Jname');
		expect(tui.frame()).not.toContain('\u001b');
	});
});

describe("a job's destinations", () => {
	it('lists every destination with a state symbol, and SEC-05 with 300097078500', async () => {
		const {api, clock, jobId} = await securityJob();
		clock.runUntilIdle();
		const tui = await renderTui(<JobStatusHarness api={api} />);
		await tui.press(KEY.enter);
		const frame = tui.frame();
		expect(frame).toContain(`${jobId} `);
		expect(frame).toContain('destinations 1/8');
		expect(rowOf(frame, 'SEC-01')).toMatch(/✓ SEC-01\s+finished\s+100%\s+900000000000/);
		expect(rowOf(frame, 'SEC-05')).toMatch(/✗ SEC-05\s+the device certificate expired.*100% 300097078500/);
		await tui.press(KEY.escape);
		expect(tui.frame()).toContain('3 Job Execution Status 1/1');
	});

	it('shows waiting destinations with their own symbol while the job runs', async () => {
		const {api, engine, clock} = await securityJob();
		await executeJob(engine, 'sales', [{kind: 'group', id: 'SALES'}], ['PDF-READER']);
		clock.runUntilIdle();
		const tui = await renderTui(<JobStatusHarness api={api} />);
		await tui.press(KEY.down, KEY.enter, KEY.end);
		expect(rowOf(tui.frame(), 'SAL-10')).toMatch(/○ SAL-10\s+destination PC not started\s+0%/);
	});
});

/** The security job with two more PCs whose devices lost their certificate: two codes, one of them twice. */
async function securityJobWithFaults() {
	const lab = await securityJob(async api => {
		for (const host of ['SEC-01', 'SEC-02']) {
			const faulted = await api.labFault(host, 'no-cert');
			if (!faulted.ok) throw new Error(faulted.error.message);
		}
	});
	lab.clock.runUntilIdle();
	return lab;
}

describe('failures by code', () => {
	it("groups failed destinations by maintenance code, most frequent first, and lists a code's hosts on enter", async () => {
		const {api, jobId} = await securityJobWithFaults();
		const tui = await renderTui(<JobStatusHarness api={api} />);
		await tui.press('f');
		let frame = tui.frame();
		expect(frame).toContain(`${jobId} RemoteInstall_261124090000 › failures by code 1/2`);
		expect(rowOf(frame, '300097078300')).toMatch(/›✗ 300097078300\s+2 No device certificate\s+SEC-01, SEC-02/);
		expect(rowOf(frame, '300097078500')).toMatch(/ ✗ 300097078500\s+1 Device certificate expired\s+SEC-05/);

		await tui.press(KEY.enter);
		frame = tui.frame();
		expect(frame).toContain('› destinations · code 300097078300 1/2');
		expect(rowOf(frame, 'SEC-01')).toContain('300097078300');
		expect(frame).not.toContain('SEC-05');

		await tui.press(KEY.escape);
		expect(tui.frame()).toContain('failures by code');
		await tui.press(KEY.escape);
		expect(tui.frame()).toContain('3 Job Execution Status 1/1');
	});

	it('cuts a long host list with a count of the rest', async () => {
		const {hostList} = await import('../src/screens/job-status/failure-rows.js');
		expect(hostList(['SEC-01', 'SEC-02', 'SEC-03', 'SEC-04'], 20)).toBe('SEC-01, SEC-02 +2   ');
		expect(hostList(['SEC-01'], 3)).toBe('+1 ');
	});
});

describe('re-execute', () => {
	it('lists the set that ended in error before running it; n runs nothing, y runs exactly that set', async () => {
		const {api, jobId} = await securityJobWithFaults();
		const tui = await renderTui(<JobStatusHarness api={api} />);
		await tui.press('r');
		let frame = tui.frame();
		expect(frame).toContain(`Re-execute 3 destinations of ${jobId}?`);
		expect(rowOf(frame, 'SEC-01')).toMatch(/✗ SEC-01\s+300097078300\s+No device certificate/);
		expect(rowOf(frame, 'SEC-05')).toMatch(/✗ SEC-05\s+300097078500\s+Device certificate expired/);
		expect(frame).toContain('y/enter re-execute · n/esc cancel');

		await tui.press('n');
		await tui.settle();
		expect(tui.frame()).toContain('3 Job Execution Status 1/1');
		expect(api.rerunCandidates(jobId)).toEqual(['SEC-01', 'SEC-02', 'SEC-05']);

		await tui.press('r', 'y');
		await tui.settle();
		expect(tui.frame()).toContain(`Re-executing 3 destinations of ${jobId}`);
		const runs = api.getSnapshot().jobs[0]!.runs;
		expect(runs.filter(r => r.attempt === 2).map(r => r.host)).toEqual(['SEC-01', 'SEC-02', 'SEC-05']);
	});

	it("from the failures view re-executes only the selected code's destinations", async () => {
		const {api, jobId} = await securityJobWithFaults();
		const tui = await renderTui(<JobStatusHarness api={api} />);
		await tui.press('f', KEY.down, 'r');
		expect(tui.frame()).toContain(`Re-execute 1 destination of ${jobId}?`);
		expect(tui.frame()).not.toContain('SEC-01');
		await tui.press(KEY.enter);
		await tui.settle();
		expect(
			api
				.getSnapshot()
				.jobs[0]!.runs.filter(r => r.attempt === 2)
				.map(r => r.host),
		).toEqual(['SEC-05']);
	});

	it('says there is nothing to re-execute when no destination ended in error', async () => {
		const {api, jobId} = await securityJob();
		const tui = await renderTui(<JobStatusHarness api={api} />);
		await tui.press('r');
		expect(tui.frame()).toContain(`${jobId} has no destination that ended in error`);
	});
});

describe('delete', () => {
	it('asks first; esc keeps the job, y removes it', async () => {
		const {api, clock, jobId} = await securityJob();
		clock.runUntilIdle();
		const tui = await renderTui(<JobStatusHarness api={api} />);
		await tui.press('d');
		expect(tui.frame()).toContain(`Delete job ${jobId}?`);
		expect(tui.frame()).toContain('This cannot be undone.');
		await tui.press(KEY.escape);
		expect(tui.frame()).toContain('3 Job Execution Status 1/1');

		await tui.press('d', 'y');
		await tui.settle();
		expect(tui.frame()).toContain(`Deleted job ${jobId}`);
		expect(tui.frame()).toContain('No jobs yet');
		expect(api.getSnapshot().jobs).toHaveLength(0);
	});

	it("is refused with the rule's words while destinations are in progress, without asking", async () => {
		const {api, jobId} = await securityJob();
		const tui = await renderTui(<JobStatusHarness api={api} width={200} />);
		await tui.press('d');
		expect(tui.frame()).not.toContain(`Delete job ${jobId}?`);
		expect(tui.frame()).toContain(
			`job ${jobId} is running: 8 destinations are in progress (SEC-01, SEC-02, SEC-03, SEC-04, SEC-05 and 3 more)`,
		);
		expect(api.getSnapshot().jobs).toHaveLength(1);
	});

	it('says which destinations will not run when only PCs that are not started are left', async () => {
		const {api, clock, jobId} = await securityJob(async lab => {
			const off = await lab.labPower('SEC-08', false);
			if (!off.ok) throw new Error(off.error.message);
		});
		clock.runUntilIdle();
		const tui = await renderTui(<JobStatusHarness api={api} />);
		await tui.press('d');
		expect(tui.frame()).toContain(`Delete job ${jobId}?`);
		expect(tui.frame()).toContain('1 destination still waits to start and will not run.');
	});
});

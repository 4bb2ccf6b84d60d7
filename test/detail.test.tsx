import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {draftJob} from '../src/engine/define.js';
import {engineApi} from '../src/engine-api.js';
import {JobStatusHarness} from './support/job-status-harness.js';
import {KEY, cleanupTui, renderTui} from './support/tui.js';
import {testEngine} from './support/engine.js';
import {labFault} from '../src/engine/lab.js';

afterEach(cleanupTui);

/** The smoke script's security job, run to the end: SEC-05 fails with 300097078500 (expired device certificate). */
async function ranSecurityJob(group = 'SECURITY-PCS', pkg = 'SEC-PATCH-2611') {
	const lab = testEngine();
	const {engine, clock} = lab;
	const def = draftJob({
		type: 'install',
		destinations: [{kind: 'group', id: group}],
		packageIds: [pkg],
		inventory: engine.state.inventory,
		now: engine.now(),
		taken: [],
	});
	const job = await engine.executeJob({def});
	if (!job.ok) throw new Error(job.error.message);
	clock.runUntilIdle();
	return {...lab, api: engineApi(engine), jobId: job.value.id};
}

const rowOf = (frame: string, text: string) => frame.split('\n').find(line => line.includes(text)) ?? '';

/** Jobs list → the job's destinations → down to `host` → Detailed Information. */
async function openDetail(tui: Awaited<ReturnType<typeof renderTui>>, downs: number) {
	await tui.press(KEY.enter, ...Array<string>(downs).fill(KEY.down), KEY.enter);
}

describe('the Detailed Information modal', () => {
	it('explains 300097078500 on SEC-05 and offers c and r; c issues a certificate, r re-executes, and SEC-05 finishes', async () => {
		const {api, clock, jobId} = await ranSecurityJob();
		const tui = await renderTui(<JobStatusHarness api={api} height={24} />);
		await openDetail(tui, 4);
		let frame = tui.frame();
		expect(frame).toContain(`Detailed Information · SEC-05 in job ${jobId}`);
		expect(frame).toMatch(/Code\s+300097078500 · Device certificate expired/);
		expect(frame).toMatch(/Cause\s+The certification of the authentication device has expired\./);
		expect(frame).toMatch(/Action\s+Issue a new certification\./);
		expect(frame).toContain('Keys: c new certificate · r re-execute · o open host · esc close');
		// The history follows the fields: G scrolls to its end.
		await tui.press('G');
		expect(tui.frame()).toMatch(/✗ error\s+the device certificate expired on 2026-11-14/);
		await tui.press('g');

		const before = api.labDevice!('SEC-05')!.deviceCertPem;
		await tui.press('c');
		await tui.settle();
		const after = api.labDevice!('SEC-05')!.deviceCertPem;
		expect(after).not.toBe(before);
		expect(tui.frame()).toContain('Issued a new device certificate to SEC-05');

		await tui.press('r');
		await tui.settle();
		frame = tui.frame();
		expect(frame).toContain(`Re-executing 1 destination of ${jobId}`);
		expect(frame).toMatch(/attempt 2 of 2/);
		expect(frame).toContain('Keys: o open host · [ earlier attempt · esc close');

		await act(async () => {
			clock.runUntilIdle();
		});
		expect(tui.frame()).toMatch(/State\s+✓ finished · 100% · attempt 2 of 2/);
		expect(tui.frame()).toMatch(/Code\s+900000000000 · Finished/);

		// The failed first attempt is kept: [ shows it with its code and history, ] comes back.
		await tui.press('[');
		frame = tui.frame();
		expect(frame).toContain(`Detailed Information · SEC-05 in job ${jobId} · attempt 1 of 2`);
		expect(frame).toMatch(/State\s+✗ error · 100% · attempt 1 of 2, an earlier one/);
		expect(frame).toMatch(/Code\s+300097078500 · Device certificate expired/);
		expect(frame).toContain('Keys: ] later attempt · esc close');
		// Its history ends in the error, below the fold at this size: G scrolls to the end.
		await tui.press('G');
		expect(tui.frame()).toMatch(/✗ error\s+the device certificate expired on 2026-11-14/);
		await tui.press('r');
		expect(tui.frame()).toContain('! this is attempt 1, which ended; ] goes back to the current attempt');
		await tui.press(']');
		expect(tui.frame()).toMatch(/State\s+✓ finished · 100% · attempt 2 of 2/);
		await tui.press(KEY.escape);
		expect(rowOf(tui.frame(), 'SEC-05')).toMatch(/✓ SEC-05\s+finished\s+100% 900000000000/);
		expect(tui.frame()).toContain('Finished 8 / Error 0 / Rejected 0 / Total 8');
	});

	it("for 300097078600 shows the reference's words, what the administrator would check, and the lab repair, not the certificate key", async () => {
		const lab = testEngine();
		const {engine, clock} = lab;
		await labFault(engine, 'SEC-03', 'no-ca-cert');
		const def = draftJob({
			type: 'install',
			destinations: [{kind: 'host', id: 'SEC-03'}],
			packageIds: ['SEC-PATCH-2611'],
			inventory: engine.state.inventory,
			now: engine.now(),
			taken: [],
		});
		const job = await engine.executeJob({def});
		if (!job.ok) throw new Error(job.error.message);
		clock.runUntilIdle();
		const api = engineApi(engine);
		const tui = await renderTui(<JobStatusHarness api={api} width={100} height={30} />);
		await openDetail(tui, 0);
		const frame = tui.frame();
		expect(frame).toMatch(/Code\s+300097078600 · No certification office certificate \(JP1\/SD\)/);
		expect(frame).toMatch(/Cause\s+There is no certification from the certification office\./);
		expect(frame).toMatch(/Action\s+Contact the system administrator\./);
		expect(frame).toMatch(/Note\s+The administrator would check that the PC's authentication device holds the/);
		expect(frame).toContain('Keys: F clear lab fault · r re-execute · o open host · esc close');
		await tui.press('c');
		expect(tui.frame()).toContain('! 300097078600 is not fixed by a new certificate');

		// A rerun alone fails the same way; the lab repair clears the device, and the rerun then finishes.
		await tui.press('F');
		await tui.settle();
		expect(tui.frame()).toContain("Cleared every lab fault on SEC-03's authentication device; press r to re-execute");
		expect(engine.fleet.lab!.device('SEC-03')!.caCertPem).not.toBeNull();
		await tui.press('r');
		await tui.settle();
		await act(async () => {
			clock.runUntilIdle();
		});
		expect(tui.frame()).toMatch(/State\s+✓ finished · 100% · attempt 2/);
	});

	it('hides remedies that do not apply, and pressing one says why', async () => {
		const {api} = await ranSecurityJob();
		const tui = await renderTui(<JobStatusHarness api={api} height={24} />);
		await openDetail(tui, 0);
		expect(tui.frame()).toContain('Detailed Information · SEC-01');
		expect(tui.frame()).toContain('Keys: o open host · esc close');
		await tui.press('r');
		expect(tui.frame()).toContain('! SEC-01 has not ended in error (it is finished); only errors are re-executed');
		await tui.press('c');
		expect(tui.frame()).toContain('! 900000000000 is not fixed by a new certificate');
		await tui.press('p');
		expect(tui.frame()).toContain('! SEC-01 is started already');
	});

	it('shows what the snapshot knows of a security PC device, and the state history with times', async () => {
		const {api} = await ranSecurityJob();
		const tui = await renderTui(<JobStatusHarness api={api} height={30} />);
		await openDetail(tui, 4);
		const frame = tui.frame();
		// The server's record: the certificate the office last issued (the device's own files are the PC's business).
		expect(frame).toMatch(/Device\s+last issued device certificate, serial [0-9A-F]+, expired/);
		expect(frame).toContain('History (UTC)');
		expect(frame).toMatch(/2026-11-24 09:00:00\s+○ waiting\s+queued/);
		expect(frame).toMatch(/09:00:\d\d\s+✗ error\s+the device certificate expired/);
	});

	it('offers power-on for a PC that is not started, and o opens the host in Destinations', async () => {
		const {api, jobId} = await ranSecurityJob('SALES', 'PDF-READER');
		const tui = await renderTui(<JobStatusHarness api={api} height={24} />);
		await openDetail(tui, 8);
		expect(tui.frame()).toContain(`Detailed Information · SAL-09 in job ${jobId}`);
		expect(tui.frame()).toContain('Keys: p power on · o open host · esc close');
		await tui.press('p');
		await tui.settle();
		expect(tui.frame()).toContain('Starting SAL-09');
		await tui.press('o');
		expect(tui.frame()).toContain('navigate: {"pane":"destinations","hostId":"SAL-09"}');
		expect(tui.frame()).toContain('destinations 9/10');
	});

	it('says so when the job is deleted while its detail is open', async () => {
		const {api, engine, jobId} = await ranSecurityJob();
		const tui = await renderTui(<JobStatusHarness api={api} height={24} />);
		await openDetail(tui, 4);
		await act(async () => {
			await engine.deleteJob(jobId);
		});
		expect(tui.frame()).toContain(`SEC-05 is no longer a destination of job ${jobId}.`);
		await tui.press(KEY.escape);
		expect(tui.frame()).toContain(`Job ${jobId} no longer exists`);
		await tui.press(KEY.escape);
		expect(tui.frame()).toContain('No jobs yet');
	});
});

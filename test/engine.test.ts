/**
 * The engine end to end on the demo fleet (docs/rules.md, docs/pki.md): real jobs, the simulated fleet on a virtual clock, real
 * PKI on the security PCs. Assertions read what the status pane shows: states, codes, counts, history.
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../src/engine/clock.js';
import {CODES, describeCode} from '../src/engine/codes.js';
import {Engine} from '../src/engine/engine.js';
import {issueCertificate, labAnswer, labFault, labPower} from '../src/engine/lab.js';
import type {Job} from '../src/engine/model.js';
import type {DeviceFault} from '../src/engine/pki/index.js';
import {destinationStatus, failuresByCode, summarize} from '../src/engine/snapshot.js';
import {formatUtc} from '../src/engine/rules/fields.js';
import {restartedEngine, setUserPolicy, T0, testEngine} from './support/engine.js';
import {counts, jobDef, runJob, runOf, settle, shown, startJob, statesOf, timeOf} from './support/jobs.js';
import {maintenanceCode} from './support/codes.js';

const HOUR = 3_600_000;
const SECURITY_JOB = {to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611']};

/** Stops and restarts a PC in the lab and lets it boot. */
async function reboot(engine: Engine, clock: VirtualClock, hostId: string) {
	expect((await labPower(engine, hostId, false)).ok).toBe(true);
	expect((await labPower(engine, hostId, true)).ok).toBe(true);
	clock.runUntilIdle(() => engine.host(hostId)!.started);
}

describe('the seed case: an update data package to the security-PC-only group', () => {
	it("finishes on seven PCs and fails on SEC-05, whose device certificate expired, with the catalogue's cause and action", async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, SECURITY_JOB);
		expect(counts(job)).toEqual({finished: 7, error: 1, rejected: 0, total: 8});
		expect(summarize(job)).toMatchObject({progress: 100, result: 'error'});
		const sec05 = destinationStatus(runOf(job, 'SEC-05'));
		const entry = describeCode(maintenanceCode('300097078500'))!;
		expect(sec05).toMatchObject({
			state: 'error',
			code: '300097078500',
			title: entry.title,
			cause: entry.cause,
			action: 'Issue a new certification.',
		});
		expect(sec05.detail).toMatch(/^the device certificate expired on 2026-11-14 09:00 UTC$/);
		expect(failuresByCode(job)).toEqual([
			{code: '300097078500', title: 'Device certificate expired', hosts: ['SEC-05']},
		]);
	});

	it("takes each security PC through the user's confirmation, a restart, the download and authentication before installing", async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, SECURITY_JOB);
		const history = runOf(job, 'SEC-01').history;
		expect(history.map(h => h.text)).toEqual([
			'queued',
			'the server is sending',
			'waiting for the PC user to confirm the update',
			'the PC user answered Yes; restarting',
			'the PC restarted; downloading the update data',
			'authenticating the update data',
			'authentication succeeded',
			'installing',
			'finished',
		]);
		// The download takes the package's bytes over the PC's own link: its entry is followed by authentication later on.
		const downloadAt = history.find(h => h.text.includes('downloading'))!.at;
		expect(history.find(h => h.text === 'authenticating the update data')!.at).toBeGreaterThan(downloadAt);
		expect(engine.host('SEC-01')!.installed.map(p => p.packageId)).toEqual(['SEC-PATCH-2611']);
		expect(engine.host('SEC-05')!.installed).toEqual([]);
	});

	it('finishes SEC-05 on attempt 2 after a new certification, and re-executes nothing else', async () => {
		const {engine, clock} = testEngine();
		const first = await runJob(engine, clock, SECURITY_JOB);
		const others = structuredClone(first.runs.filter(r => r.host !== 'SEC-05'));
		expect(engine.rerunCandidates(first.id)).toEqual(['SEC-05']);

		expect((await issueCertificate(engine, 'SEC-05')).ok).toBe(true);
		const rerun = await engine.rerun(first.id);
		expect(rerun).toEqual({ok: true, value: ['SEC-05']});
		const job = settle(engine, clock, first.id);

		expect(shown(job, 'SEC-05')).toMatchObject({state: 'finished', code: '900000000000'});
		expect(runOf(job, 'SEC-05').attempt).toBe(2);
		expect(runOf(job, 'SEC-05').history[0]!.text).toBe('re-executed (attempt 2)');
		// The failed first attempt is kept whole: its history and its code.
		const [earlier, ...more] = runOf(job, 'SEC-05').earlier;
		expect(more).toEqual([]);
		expect(earlier).toMatchObject({attempt: 1, status: {state: 'error', code: '300097078500'}});
		expect(earlier!.history[0]!.text).toBe('queued');
		expect(earlier!.history.at(-1)).toMatchObject({state: 'error'});
		expect(job.runs.filter(r => r.host !== 'SEC-05')).toEqual(others);
		expect(counts(job)).toEqual({finished: 8, error: 0, rejected: 0, total: 8});
		expect(summarize(job).result).toBe('finished');
	});

	it('refuses to re-execute a job with no error, or a destination that did not end in error', async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, SECURITY_JOB);
		const notFailed = await engine.rerun(job.id, ['SEC-01']);
		expect(notFailed.ok ? '' : notFailed.error.message).toBe(
			'only destinations that ended in error can be re-executed; SEC-01 did not',
		);
		await issueCertificate(engine, 'SEC-05');
		await engine.rerun(job.id);
		settle(engine, clock, job.id);
		const nothing = await engine.rerun(job.id);
		expect(nothing.ok ? '' : nothing.error.message).toBe(`job ${job.id} has no destination that ended in error`);
	});

	it("refuses a standard package to the security-PC-only group with the rule's words and stores nothing", async () => {
		const {engine} = testEngine();
		const refused = await engine.executeJob({def: jobDef({to: ['SECURITY-PCS'], packages: ['OFFICE-SUITE']})});
		expect(refused.ok).toBe(false);
		if (!refused.ok) {
			expect(refused.error.kind).toBe('rules');
			expect(refused.error.message).toBe(
				'Security PCs accept only update data packages; OFFICE-SUITE is a standard package and ' +
					'the destinations include security PCs SEC-01, SEC-02, SEC-03, SEC-04, SEC-05 and 3 more',
			);
		}
		expect(engine.state.jobs).toEqual([]);
	});
});

describe('every PKI code of docs/pki.md comes from a real condition of a security PC', () => {
	const cases: [DeviceFault, string][] = [
		['unauthorized-pki', '300097079100'],
		['low-memory', '300097078200'],
		['no-cert', '300097078300'],
		['no-ca-cert', '300097078600'],
		['foreign-cert', '300097078400'],
		['expired-cert', '300097078500'],
		['tampered-data', '300097078100'],
		['internal-error', '300097078700'],
		['other-error', '30009707FF00'],
	];

	it.each(cases)(
		'%s on SEC-03 ends its job with %s, and clearing the fault lets the re-execution finish',
		async (fault, code) => {
			const {engine, clock} = testEngine();
			expect((await labFault(engine, 'SEC-03', fault)).ok).toBe(true);
			const job = await runJob(engine, clock, {to: ['SEC-03'], packages: ['AV-DEFS-0482']});
			const status = destinationStatus(runOf(job, 'SEC-03'));
			const entry = describeCode(maintenanceCode(code))!;
			expect(status).toMatchObject({
				state: 'error',
				code,
				title: entry.title,
				cause: entry.cause,
				action: entry.action,
			});

			expect((await labFault(engine, 'SEC-03', 'clear')).ok).toBe(true);
			await engine.rerun(job.id);
			expect(shown(settle(engine, clock, job.id), 'SEC-03')).toMatchObject({state: 'finished', code: CODES.success});
		},
	);

	it('refuses a PKI fault on a PC without an authentication device', async () => {
		const {engine} = testEngine();
		const refused = await labFault(engine, 'ACC-01', 'no-cert');
		expect(refused.ok ? '' : refused.error.message).toBe(
			'ACC-01 is a standard-pc; only security PCs have an authentication device',
		);
	});
});

describe('relay systems on the route', () => {
	it('passes every relay on the route, top first, before the client below RLY-OSAKA', async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, {to: ['SAL-01'], packages: ['PDF-READER']});
		const run = runOf(job, 'SAL-01');
		expect(run.history.filter(h => h.state === 'at-relay').map(h => h.text)).toEqual([
			'reached relay RLY-TOKYO',
			'reached relay RLY-OSAKA',
		]);
		expect(shown(job, 'SAL-01').state).toBe('finished');
	});

	it('stores a transferred package at the relay until its expiration', async () => {
		const {engine, clock, fleet} = testEngine();
		const job = await runJob(engine, clock, {type: 'transfer-to-relay', to: ['RLY-OSAKA'], packages: ['PDF-READER']});
		expect(shown(job, 'RLY-OSAKA')).toEqual({
			state: 'finished',
			code: CODES.success,
			detail: 'stored at the relay until its expiration',
		});
		const pkg = engine.pkg('PDF-READER')!;
		expect(fleet.pc('RLY-OSAKA')!.relayStore).toEqual([
			{packageId: 'PDF-READER', version: pkg.version, expiresAt: pkg.conditions.relayExpiresAt},
		]);
		expect(pkg.conditions.relayExpiresAt).toBe(T0 + 90 * 24 * HOUR);
	});

	it('does not resend a package the relays hold: the hop to RLY-OSAKA takes no time, where it otherwise takes the WAN transfer', async () => {
		const hopMs = async (transferFirst: boolean) => {
			const {engine, clock} = testEngine();
			if (transferFirst)
				await runJob(engine, clock, {type: 'transfer-to-relay', to: ['RLY-OSAKA'], packages: ['BROWSER']});
			const run = runOf(await runJob(engine, clock, {to: ['SAL-02'], packages: ['BROWSER']}), 'SAL-02');
			expect(run.status.state).toBe('finished');
			return timeOf(run, 'reached relay RLY-OSAKA')! - timeOf(run, 'reached relay RLY-TOKYO')!;
		};
		const {engine, fleet} = testEngine();
		const wireMs = Math.ceil((engine.pkg('BROWSER')!.size * 1000) / fleet.pc('RLY-OSAKA')!.linkBytesPerSecond);
		expect(await hopMs(false)).toBeGreaterThanOrEqual(wireMs);
		expect(await hopMs(true)).toBe(0);
	});

	it('fails with 3000E0020000 when the package expires (100 ms after definition) before it reaches the relay', async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, {
			to: ['SAL-03', 'ACC-03'],
			packages: ['PDF-READER'],
			conditions: {relayExpiresAt: T0 + 100},
		});
		expect(shown(job, 'SAL-03')).toEqual({
			state: 'error',
			code: '3000E0020000',
			detail: 'package PDF-READER expired at relay RLY-TOKYO before it could be delivered',
		});
		expect(describeCode(maintenanceCode('3000E0020000'))).toMatchObject({
			source: 'rim',
			title: 'Package expired at the relay',
		});
		// ACC-03 hangs directly under the managing server: no relay, no expiration.
		expect(shown(job, 'ACC-03').state).toBe('finished');
	});
});

describe('destination PCs that are not started', () => {
	it('leaves SAL-09 and SAL-10 waiting when there is no time limit, and sends to each once it starts', async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, {to: ['SALES'], packages: ['PDF-READER']});
		expect(counts(job)).toEqual({finished: 8, error: 0, rejected: 0, total: 10});
		expect(engine.unsettled(job.id).map(r => [r.host, destinationStatus(r).detail])).toEqual([
			['SAL-09', 'destination PC not started'],
			['SAL-10', 'destination PC not started'],
		]);
		expect(summarize(job).result).toBe('running');

		expect((await labPower(engine, 'SAL-09', true)).ok).toBe(true);
		settle(engine, clock, job.id);
		expect(shown(job, 'SAL-09').state).toBe('finished');
		expect(shown(job, 'SAL-10')).toMatchObject({state: 'waiting', detail: 'destination PC not started'});
	});

	it('ends them with a connection error at the execution time limit', async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, {
			to: ['SALES'],
			packages: ['PDF-READER'],
			settings: {timeLimit: T0 + HOUR},
		});
		expect(counts(job)).toEqual({finished: 8, error: 2, rejected: 0, total: 10});
		for (const hostId of ['SAL-09', 'SAL-10']) {
			expect(shown(job, hostId)).toEqual({
				state: 'error',
				code: '3000E0010000',
				detail: 'the PC was not started before the execution time limit',
			});
			expect(runOf(job, hostId).lastHeard).toBe(T0 + HOUR);
		}
	});

	it("refuses to execute a definition whose time limit has passed, with the rule's words, until it is changed", async () => {
		const {engine, clock} = testEngine();
		const saved = await engine.saveDefinition({
			def: jobDef({
				name: 'LIMITED',
				to: ['SAL-08', 'SAL-09'],
				packages: ['PDF-READER'],
				settings: {timeLimit: T0 + HOUR},
			}),
		});
		if (!saved.ok) expect.fail(saved.error.message);
		clock.advanceTo(T0 + 2 * HOUR);
		const refused = await engine.executeDefinition(saved.value.id);
		expect(refused.ok ? '' : refused.error.message).toBe(
			'Execution time limit 2026-11-24 10:00 UTC must be after the start',
		);
		expect(engine.state.jobs).toEqual([]);
	});

	it('powers a PC on before the job and shuts it down after, when Client Control asks', async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, {
			to: ['SAL-10'],
			packages: ['REMOTE-AGENT'],
			settings: {powerOn: true, shutdownAfter: true},
		});
		expect(shown(job, 'SAL-10').state).toBe('finished');
		expect(
			runOf(job, 'SAL-10')
				.history.map(h => h.text)
				.slice(0, 3),
		).toEqual(['queued', 'destination PC not started', 'the server is sending']);
		clock.runUntilIdle();
		expect(engine.host('SAL-10')!.started).toBe(false);
		expect(engine.host('SAL-10')!.installed.map(p => p.packageId)).toEqual(['REMOTE-AGENT']);
	});
});

describe('schedule', () => {
	it('waits until the start date, then runs', async () => {
		const {engine, clock} = testEngine();
		const job = await startJob(engine, {to: ['ACC-01'], packages: ['PDF-READER'], settings: {startAt: T0 + 2 * HOUR}});
		clock.advanceTo(T0 + 2 * HOUR - 1);
		expect(shown(engine.job(job.id)!, 'ACC-01')).toMatchObject({
			state: 'waiting',
			detail: `scheduled for later: starts ${formatUtc(T0 + 2 * HOUR)}`,
		});
		const done = settle(engine, clock, job.id);
		expect(shown(done, 'ACC-01').state).toBe('finished');
		expect(timeOf(runOf(done, 'ACC-01'), 'the server is sending')).toBe(T0 + 2 * HOUR);
	});

	it('installs at the execution date at the client on a standard PC', async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, {
			to: ['ACC-02'],
			packages: ['PDF-READER'],
			settings: {clientAt: T0 + 3 * HOUR},
		});
		const run = runOf(job, 'ACC-02');
		expect(run.history.map(h => h.text)).toContain('waiting for the execution date at the client');
		expect(timeOf(run, /^installing$/)).toBe(T0 + 3 * HOUR);
		expect(run.status.state).toBe('finished');
	});

	it('ignores the execution date at the client on a security PC', async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, {
			to: ['SEC-02'],
			packages: ['SEC-PATCH-2611'],
			settings: {clientAt: T0 + 30 * 24 * HOUR},
		});
		expect(shown(job, 'SEC-02').state).toBe('finished');
		expect(runOf(job, 'SEC-02').lastHeard).toBeLessThan(T0 + HOUR);
	});

	it("installs at the next system start when the package's installation timing says so", async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, {
			to: ['ACC-04'],
			packages: ['PDF-READER'],
			conditions: {timing: 'at-system-start'},
		});
		expect(shown(job, 'ACC-04')).toMatchObject({
			state: 'waiting-at-client',
			detail: 'waiting for the installation timing',
		});
		await reboot(engine, clock, 'ACC-04');
		expect(shown(settle(engine, clock, job.id), 'ACC-04').state).toBe('finished');
	});

	it('spreads a split package over its intervals', async () => {
		const arrival = async (split: {bytes: number; intervalSeconds: number} | null) => {
			const {engine, clock} = testEngine();
			const run = runOf(
				await runJob(engine, clock, {to: ['DEV-01'], packages: ['BROWSER'], settings: {split}}),
				'DEV-01',
			);
			return timeOf(run, /^installing$/)! - T0;
		};
		// 128 KiB in 16 KiB chunks: 7 pauses of 10 s on each of the two hops (RLY-TOKYO, then DEV-01).
		expect(await arrival({bytes: 16_384, intervalSeconds: 10})).toBeGreaterThanOrEqual(140_000);
		expect(await arrival(null)).toBeLessThan(10_000);
	});
});

describe('installing', () => {
	it('finishes without reinstalling when the package is installed already and Replace existing package is off', async () => {
		const {engine, clock} = testEngine();
		await runJob(engine, clock, {to: ['ACC-05'], packages: ['PDF-READER']});
		const installedAt = engine.host('ACC-05')!.installed[0]!.installedAt;
		const again = await runJob(engine, clock, {to: ['ACC-05'], packages: ['PDF-READER']});
		expect(shown(again, 'ACC-05')).toEqual({
			state: 'finished',
			code: CODES.success,
			detail: 'already installed: Replace existing package is off',
		});
		expect(runOf(again, 'ACC-05').history.map(h => h.state)).not.toContain('installing');
		expect(engine.host('ACC-05')!.installed[0]!.installedAt).toBe(installedAt);

		const replaced = await runJob(engine, clock, {
			to: ['ACC-05'],
			packages: ['PDF-READER'],
			conditions: {replaceExisting: true},
		});
		expect(shown(replaced, 'ACC-05')).toEqual({state: 'finished', code: CODES.success, detail: 'finished'});
		expect(engine.host('ACC-05')!.installed).toHaveLength(1);
		expect(engine.host('ACC-05')!.installed[0]!.installedAt).toBeGreaterThan(installedAt);
	});

	it('fails on a PC without disk space and on an operating system the installer does not support', async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, {to: ['DEVELOPMENT'], packages: ['OFFICE-SUITE']});
		expect(counts(job)).toEqual({finished: 8, error: 2, rejected: 0, total: 10});
		expect(shown(job, 'DEV-10')).toEqual({
			state: 'error',
			code: '3000E0030000',
			detail: 'needs 262144 bytes, 100000 free on DEV-10',
		});
		expect(shown(job, 'DEV-09')).toEqual({
			state: 'error',
			code: '30009F070B00',
			detail: 'the installer of OFFICE-SUITE supports windows-11, windows-10, not ubuntu-24.04',
		});
		expect(describeCode(maintenanceCode('30009F070B00'))).toMatchObject({
			source: 'jp1',
			title: 'Installation failed (installer status 0x0B)',
		});
		expect(engine.host('DEV-09')!.installed).toEqual([]);
	});

	it('ends a GUI installation with 3000AD010000 when the PC user marks it failed, and installs in the background', async () => {
		const {engine, clock} = testEngine();
		const gui = await runJob(engine, clock, {
			to: ['ACC-10', 'ACC-09'],
			packages: ['PDF-READER'],
			conditions: {mode: 'gui'},
		});
		expect(shown(gui, 'ACC-10')).toEqual({
			state: 'error',
			code: CODES.userMarkedFailed,
			detail: 'the PC user marked the installation of PDF-READER as failed',
		});
		expect(shown(gui, 'ACC-09').state).toBe('finished');
		expect(engine.host('ACC-10')!.installed).toEqual([]);
		const background = await runJob(engine, clock, {to: ['ACC-10'], packages: ['PDF-READER']});
		expect(shown(background, 'ACC-10').state).toBe('finished');
	});
});

describe('Get software information from client', () => {
	it("collects each client's installed-package list", async () => {
		const {engine, clock} = testEngine();
		await runJob(engine, clock, {to: ['ACC-06'], packages: ['BROWSER']});
		const job = await runJob(engine, clock, {type: 'get-software-info', to: ['ACCOUNTING']});
		expect(counts(job)).toEqual({finished: 10, error: 0, rejected: 0, total: 10});
		expect(runOf(job, 'ACC-06').collected!.map(p => [p.packageId, p.version])).toEqual([['BROWSER', '131']]);
		expect(shown(job, 'ACC-06').detail).toBe('collected 1 installed package');
		expect(runOf(job, 'ACC-07').collected).toEqual([]);
	});
});

describe('the security-PC user', () => {
	it('rejects the job with 3000E0040000 when the user cancels, and re-execute leaves a rejection alone', async () => {
		const {engine, clock, fleet} = testEngine();
		setUserPolicy(fleet, 'SEC-02', {answer: 'cancel'});
		const job = await runJob(engine, clock, {to: ['SEC-01', 'SEC-02'], packages: ['SEC-PATCH-2611']});
		expect(shown(job, 'SEC-02')).toEqual({
			state: 'rejected',
			code: '3000E0040000',
			detail: 'the PC user cancelled the update',
		});
		expect(counts(job)).toEqual({finished: 1, error: 0, rejected: 1, total: 2});
		expect(summarize(job).result).toBe('error');
		expect(engine.rerunCandidates(job.id)).toEqual([]);
	});

	it('waits after Later, asks again at the next start, and proceeds when the trainer answers Yes', async () => {
		const {engine, clock, fleet} = testEngine();
		setUserPolicy(fleet, 'SEC-03', {answer: 'later'});
		const job = await runJob(engine, clock, {to: ['SEC-03'], packages: ['SEC-PATCH-2611']});
		expect(shown(job, 'SEC-03')).toMatchObject({
			state: 'waiting-at-client',
			detail: 'the PC user answered Later; asking again at the next start',
		});
		expect(runOf(job, 'SEC-03').history.map(h => h.text)).toContain(
			'the PC user answered Later; asking again at the next start',
		);
		const noDialog = await labAnswer(engine, 'SEC-03', 'yes');
		expect(noDialog.ok ? '' : noDialog.error.message).toBe('no confirmation dialog is open on SEC-03');

		await reboot(engine, clock, 'SEC-03');
		clock.runUntilIdle(() => fleet.pendingDialogs('SEC-03') > 0);
		expect(await labAnswer(engine, 'SEC-03', 'yes')).toEqual({ok: true, value: 1});
		expect(shown(settle(engine, clock, job.id), 'SEC-03')).toMatchObject({state: 'finished', code: CODES.success});
	});

	it("shows a stopped security PC's dialog only after it starts", async () => {
		const {engine, clock} = testEngine();
		await labPower(engine, 'SEC-04', false);
		const job = await runJob(engine, clock, {to: ['SEC-04'], packages: ['SEC-PATCH-2611']});
		expect(shown(job, 'SEC-04').state).toBe('waiting');
		const answer = await labAnswer(engine, 'SEC-04', 'yes');
		expect(answer.ok ? '' : answer.error.message).toBe(
			'SEC-04 is not started: its user sees the dialog at the next start (rim lab power SEC-04 on)',
		);
		await labPower(engine, 'SEC-04', true);
		expect(shown(settle(engine, clock, job.id), 'SEC-04').state).toBe('finished');
	});
});

describe('deleting a job', () => {
	it("is refused while a destination is in progress, with the rule's words; other jobs carry on; allowed once it ended", async () => {
		const {engine, clock} = testEngine();
		const doomed = await startJob(engine, {to: ['ACCOUNTING'], packages: ['BROWSER']});
		const kept = await startJob(engine, {to: ['DEVELOPMENT'], packages: ['PDF-READER']});
		clock.advance(500);
		const busy = engine.job(doomed.id)!.runs.map(r => r.host);
		const refused = await engine.deleteJob(doomed.id);
		expect(refused.ok ? '' : refused.error).toEqual({
			kind: 'state',
			message:
				`job ${doomed.id} is running: ${busy.length} destinations are in ` +
				`progress (${busy.slice(0, 5).join(', ')} and ${busy.length - 5} more); deleting it would not stop them, only lose their results. ` +
				'Delete it once they have ended',
		});
		expect(engine.state.jobs.map(j => j.id)).toEqual([doomed.id, kept.id]);
		clock.runUntilIdle();
		expect(counts(engine.job(kept.id)!)).toEqual({finished: 10, error: 0, rejected: 0, total: 10});
		const deleted = await engine.deleteJob(doomed.id);
		expect(deleted.ok && deleted.value.id).toBe(doomed.id);
		expect(engine.state.jobs.map(j => j.id)).toEqual([kept.id]);
		const again = await engine.deleteJob(doomed.id);
		expect(again.ok ? '' : again.error.message).toBe(`no job "${doomed.id}"`);
	});

	it('is refused while the job is re-executed, naming the destination', async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, {to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611']});
		expect(shown(job, 'SEC-05').state).toBe('error');
		await issueCertificate(engine, 'SEC-05');
		expect((await engine.rerun(job.id)).ok).toBe(true);
		const refused = await engine.deleteJob(job.id);
		expect(refused.ok ? '' : refused.error.message).toBe(
			`job ${job.id} is being re-executed: SEC-05 is in progress (SEC-05); ` +
				'deleting it would not stop them, only lose their results. Delete it once they have ended',
		);
		settle(engine, clock, job.id);
		expect((await engine.deleteJob(job.id)).ok).toBe(true);
	});

	it('is allowed while the only destinations left wait for their PC to start: nothing is under way there', async () => {
		const {engine, clock} = testEngine();
		const job = await runJob(engine, clock, {to: ['SALES'], packages: ['PDF-READER']});
		const waiting = job.runs.filter(r => r.status.state === 'waiting').map(r => r.host);
		expect(waiting.length).toBeGreaterThan(0);
		expect(job.runs.every(r => r.status.state !== 'waiting' || r.status.reason === 'not-started')).toBe(true);
		expect((await engine.deleteJob(job.id)).ok).toBe(true);
		expect(engine.state.jobs).toEqual([]);
	});
});

// ── restart and replay ─────────────────────────────────────────────────────────────────────────────────────

/** A mixed workload: the security job, the Sales group (two PCs off, time limit), Development (two failures). */
async function startWorkload(engine: Engine): Promise<Job[]> {
	return [
		await startJob(engine, {...SECURITY_JOB, name: 'Security'}),
		await startJob(engine, {name: 'Sales', to: ['SALES'], packages: ['PDF-READER'], settings: {timeLimit: T0 + HOUR}}),
		await startJob(engine, {name: 'Development', to: ['DEVELOPMENT'], packages: ['OFFICE-SUITE']}),
		await startJob(engine, {
			name: 'Inventory',
			type: 'get-software-info',
			to: ['ACCOUNTING'],
			settings: {startAt: T0 + 10 * 60_000},
		}),
	];
}

const outcome = (engine: Engine) =>
	Object.fromEntries(
		engine.state.jobs.map(job => [
			job.id,
			job.runs.map(r => `${r.host} ${destinationStatus(r).state} ${destinationStatus(r).code}`),
		]),
	);

/** rim stops: the state goes through JSON (as the store writes it) and a new engine picks it up on a new clock. */
function restart(lab: ReturnType<typeof testEngine>, at: number) {
	return restartedEngine(lab, at);
}

describe('resuming after a restart of rim', () => {
	it.each([1_000, 20_000, 45_000, 15 * 60_000])(
		'reaches the same results when rim restarts %i ms into the run',
		async cut => {
			const straight = testEngine();
			await startWorkload(straight.engine);
			straight.clock.runUntilIdle();

			const interrupted = testEngine();
			await startWorkload(interrupted.engine);
			interrupted.clock.advanceTo(T0 + cut);
			const resumed = restart(interrupted, T0 + cut);
			resumed.clock.runUntilIdle();

			expect(outcome(resumed.engine)).toEqual(outcome(straight.engine));
		},
	);

	it('ends not-started PCs with a connection error when the time limit passed while rim was not running', async () => {
		const lab = testEngine();
		const {engine, clock} = lab;
		const job = await startJob(engine, {to: ['SALES'], packages: ['PDF-READER'], settings: {timeLimit: T0 + HOUR}});
		clock.advanceTo(T0 + 10 * 60_000);
		const resumed = restart(lab, T0 + 2 * HOUR);
		resumed.clock.runUntilIdle();
		const after = resumed.engine.job(job.id)!;
		expect(shown(after, 'SAL-09')).toMatchObject({state: 'error', code: '3000E0010000'});
		expect(counts(after)).toEqual({finished: 8, error: 2, rejected: 0, total: 10});
	});

	it("asks a security PC's user again after a restart and finishes", async () => {
		const lab = testEngine();
		const {engine, clock} = lab;
		const job = await startJob(engine, {to: ['SEC-06'], packages: ['SEC-PATCH-2611']});
		clock.runUntilIdle(() => engine.job(job.id)!.runs[0]!.status.state === 'waiting-at-client');
		const resumed = restart(lab, clock.now());
		resumed.clock.runUntilIdle();
		expect(shown(resumed.engine.job(job.id)!, 'SEC-06').state).toBe('finished');
	});
});

describe('deterministic replay', () => {
	it('gives identical job state, history times included, for the same seed and inputs', async () => {
		const play = async () => {
			const {engine, clock, fleet} = testEngine();
			await labFault(engine, 'SEC-07', 'tampered-data');
			await startWorkload(engine);
			clock.advance(30_000);
			await labPower(engine, 'SAL-09', true);
			clock.runUntilIdle();
			await issueCertificate(engine, 'SEC-05');
			await engine.rerun('J0001');
			clock.runUntilIdle();
			return {
				jobs: engine.state.jobs,
				installed: engine.state.inventory.hosts.map(h => [h.id, h.installed, fleet.pc(h.id)!.relayStore]),
				now: clock.now(),
			};
		};
		const a = await play();
		const b = await play();
		expect(b).toEqual(a);
		expect(statesOf(a.jobs[0]!)).toMatchObject({'SEC-05': 'finished', 'SEC-07': 'error'});
	});
});

/**
 * The host view of Destinations (enter without a pick, or i, on a host): the device with certificate validity and every
 * fault in effect, an open confirmation dialog, installed packages, and the training-lab keys, all read through the
 * EngineApi's one hostDetail call.
 */
import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {draftJob} from '../../src/engine/define.js';
import {engineApi} from '../../src/engine-api.js';
import {testEngine} from '../support/engine.js';
import {cleanupTui, KEY} from '../support/tui.js';
import {highlightDestination, lineWith, renderApp} from './harness.js';

afterEach(cleanupTui);

type Tui = Awaited<ReturnType<typeof renderApp>>;

async function startSecurityJob(tui: Tui) {
	const {engine} = tui;
	const def = draftJob({
		type: 'install',
		destinations: [{kind: 'host', id: 'SEC-01'}],
		packageIds: ['SEC-PATCH-2611'],
		inventory: engine.state.inventory,
		now: engine.now(),
		taken: [],
	});
	await act(async () => {
		const job = await engine.executeJob({def});
		if (!job.ok) throw new Error(job.error.message);
	});
	return 'J0001';
}

describe('the host view', () => {
	it('opens with enter on a host without a pick and shows the certificate validity and the fault in effect', async () => {
		const tui = await renderApp();
		await highlightDestination(tui, 'SEC-05');
		await tui.press(KEY.enter);
		const f = tui.frame();
		expect(f).toContain('Host SEC-05');
		expect(lineWith(f, 'Certificate')).toMatch(/SEC-05 from .* · EXPIRED 2026-11-/);
		expect(f).toMatch(
			/Faults\s+expired-cert: the device certificate expired on 2026-11-\d\d \d\d:\d\d UTC → 300097078500/,
		);
		expect(lineWith(f, 'Route')).toContain('managing server › RLY-TOKYO › RLY-OSAKA');
		expect(lineWith(f, 'esc close')).toContain('F fault');
	});

	it('injects a fault with F from the view, comes back to it, and shows the new fault', async () => {
		const tui = await renderApp();
		await highlightDestination(tui, 'SEC-02');
		await tui.press('i');
		expect(tui.frame()).toMatch(/Faults\s+none: the device is healthy/);
		await tui.press('F');
		expect(tui.frame()).toContain('Training lab: inject a fault on SEC-02');
		await tui.press(...Array<string>(6).fill('j'), KEY.enter);
		await tui.settle();
		expect(tui.frame()).toContain('Host SEC-02');
		expect(tui.frame()).toMatch(
			/tampered-data: the download channel alters 1 byte\(s\) of every payload → 300097078100/,
		);
		await tui.press('C');
		await tui.settle();
		expect(lineWith(tui.frame(), 'Certificate')).toContain('valid until');
	});

	it('shows the confirmation dialog open on the PC, then the installed package once the job finished', async () => {
		const tui = await renderApp();
		const jobId = await startSecurityJob(tui);
		await act(async () => {
			tui.clock.runUntilIdle(() => tui.engine.run(jobId, 'SEC-01')?.status.state === 'waiting-at-client');
		});
		await highlightDestination(tui, 'SEC-01');
		await tui.press(KEY.enter);
		expect(tui.frame()).toMatch(/Dialog\s+J0001 RemoteInstall_\d+: asks its user to confirm \(on screen; a answers\)/);
		await tui.press('a', KEY.enter);
		await tui.settle();
		await act(async () => {
			tui.clock.runUntilIdle();
		});
		const f = tui.frame();
		expect(f).toContain('Host SEC-01');
		expect(f).toMatch(/Dialog\s+none open/);
		expect(f).toMatch(/Installed\s+SEC-PATCH-2611 2611/);
		await tui.press('G');
		expect(tui.frame()).toMatch(/Jobs\s+J0001 RemoteInstall_\d+ · ✓ finished 900000000000/);
	});

	it('enter in the view defines a job for the host; enter with a pick still drops the package', async () => {
		const tui = await renderApp();
		await highlightDestination(tui, 'ACC-01');
		await tui.press(KEY.enter, KEY.enter);
		expect(tui.frame()).toContain('Define New Job');
		expect(tui.frame()).toContain('no package › host ACC-01');
		await tui.press(KEY.escape, '1', KEY.space, '2', KEY.enter);
		expect(tui.frame()).toContain('SEC-PATCH-2611 › host ACC-01');
	});
});

describe('EngineApi.hostDetail', () => {
	it('is one plain object: JSON in, JSON out, nothing of the engine inside', () => {
		const {engine} = testEngine();
		const detail = engineApi(engine).hostDetail('SEC-05');
		expect(JSON.parse(JSON.stringify(detail))).toEqual(detail);
		expect(detail?.device?.findings.map(f => f.code)).toEqual(['300097078500']);
		expect(engineApi(engine).hostDetail('NOPE')).toBeNull();
	});
});

import {afterEach, describe, expect, it} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {highlightDestination, lineWith, renderApp} from './harness.js';

afterEach(cleanupTui);

type Tui = Awaited<ReturnType<typeof renderApp>>;

async function highlightHost(tui: Tui, id: string) {
	await highlightDestination(tui, id);
	expect(lineWith(tui.frame(), ` ${id}  `)).toContain('›');
}

describe('Training lab keys in Destinations', () => {
	it('P powers a stopped PC on', async () => {
		const tui = await renderApp();
		await highlightHost(tui, 'SAL-09');
		await tui.press('P');
		await tui.settle();
		expect(lineWith(tui.frame(), '✓')).toContain('SAL-09: starting');
		tui.clock.runUntilIdle();
		expect(tui.engine.host('SAL-09')?.started).toBe(true);
	});

	it('F injects a device fault chosen from the menu, and C issues a new certificate', async () => {
		const tui = await renderApp();
		await highlightHost(tui, 'SEC-03');
		await tui.press('F');
		expect(tui.frame()).toContain('Training lab: inject a fault on SEC-03');
		expect(tui.frame()).toContain('no-cert: remove the device certificate (300097078300)');
		await tui.press('j', 'j', KEY.enter);
		await tui.settle();
		expect(lineWith(tui.frame(), '✓')).toContain('SEC-03: fault no-cert injected');
		expect(tui.engine.fleet.lab!.device('SEC-03')?.deviceCertPem).toBeNull();
		await tui.press('C');
		await tui.settle();
		expect(lineWith(tui.frame(), '✓')).toContain('SEC-03: the certification office issued a new device certificate');
		expect(tui.engine.fleet.lab!.device('SEC-03')?.deviceCertPem).toContain('BEGIN CERTIFICATE');
	});

	it('a answers for the PC user, and says so when no dialog is open', async () => {
		const tui = await renderApp();
		await highlightHost(tui, 'SEC-01');
		await tui.press('a');
		expect(tui.frame()).toContain('Yes — restart now, then download and install');
		await tui.press(KEY.enter);
		await tui.settle();
		expect(lineWith(tui.frame(), '✗')).toContain('no confirmation dialog is open on SEC-01');
	});

	it('opens the answer menu only where a dialog can exist: not on a relay, not on a standard PC', async () => {
		const tui = await renderApp();
		await highlightDestination(tui, 'RLY-TOKYO');
		await tui.press('a');
		expect(tui.frame()).not.toContain('Yes — restart now');
		expect(lineWith(tui.frame(), '✗')).toContain(
			'RLY-TOKYO is a relay system; confirmation dialogs appear only on security PCs',
		);
		const standard = await renderApp();
		await highlightHost(standard, 'ACC-01');
		await standard.press('a');
		expect(standard.frame()).not.toContain('Yes — restart now');
		expect(lineWith(standard.frame(), '✗')).toContain(
			'ACC-01 is a standard PC; confirmation dialogs appear only on security PCs',
		);
	});

	it('refuses a fault on a standard PC and training keys on a group', async () => {
		const tui = await renderApp();
		await highlightHost(tui, 'ACC-01');
		await tui.press('F');
		expect(lineWith(tui.frame(), '✗')).toContain(
			'ACC-01 is a standard-pc; only security PCs have an authentication device',
		);
		await tui.press(KEY.escape, KEY.end, 'P');
		expect(lineWith(tui.frame(), '✗')).toContain('Training actions act on one host');
	});
});

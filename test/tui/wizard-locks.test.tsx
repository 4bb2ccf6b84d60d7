/**
 * A locked page's forced values hold whenever the job's destinations or packages change, not only when it is first
 * defined: a value set while the job could use it never makes the job unsavable once the lock is back, and what a page
 * shows is what is saved.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {lineWith, openWizard, renderApp} from './harness.js';

afterEach(cleanupTui);

type Tui = Awaited<ReturnType<typeof renderApp>>;

/** SEC-PATCH-2611 on SECURITY-PCS, Install package, then ACC-01 added on the Destination page (no longer a security job). */
async function securityJobWithAcc01(): Promise<Tui> {
	const tui = await renderApp();
	await openWizard(tui, 'SEC-PATCH', 'SECURITY-PCS', {group: true});
	expect(tui.frame()).toContain('Create Job — Install package (◈ security PCs)');
	await tui.press('2', 'a');
	await tui.type('ACC-01');
	await tui.press(KEY.enter);
	expect(tui.frame()).toContain('Added host ACC-01');
	expect(tui.frame()).not.toContain('(◈ security PCs)');
	return tui;
}

async function removeAcc01(tui: Tui) {
	await tui.press('2', 'j', 'd');
	expect(tui.frame()).not.toContain('host ACC-01');
	expect(tui.frame()).toContain('Create Job — Install package (◈ security PCs)');
}

/** Save keeps the job as a definition: what was saved is what the wizard showed. */
async function saveAndReadJob(tui: Tui) {
	await tui.press('s');
	await tui.settle();
	expect(tui.frame()).toMatch(/Saved definition /);
	const [definition] = tui.engine.state.definitions;
	return definition!;
}

describe('Create Job wizard: forced values after the destinations change', () => {
	it('multicast set while ACC-01 was a destination turns back to the forced unicast when ACC-01 is removed, and the job saves', async () => {
		const tui = await securityJobWithAcc01();
		await tui.press('4', 'j', KEY.enter);
		expect(lineWith(tui.frame(), 'Distribution method')).toContain('multicast');
		await removeAcc01(tui);
		await tui.press('4');
		const f = tui.frame();
		expect(lineWith(f, 'Distribution method')).toMatch(/unicast\s+⊘ forced/);
		expect(f).not.toContain('is locked for this job');
		expect(f).not.toMatch(/✗\d/);
		const job = await saveAndReadJob(tui);
		expect(job.settings.method).toBe('unicast');
	});

	it('power-on set on Client Control is forced off again, with no problem badged on any page', async () => {
		const tui = await securityJobWithAcc01();
		await tui.press('6', KEY.enter);
		expect(lineWith(tui.frame(), 'Power on the client before the job')).toContain('yes');
		await removeAcc01(tui);
		await tui.press('6');
		expect(lineWith(tui.frame(), 'Power on the client before the job')).toMatch(/no\s+⊘ forced/);
		expect(tui.frame()).not.toMatch(/✗\d/);
		const job = await saveAndReadJob(tui);
		expect(job.settings.powerOn).toBe(false);
	});

	it('an installation timing changed for ACC-01 is dropped when the job goes back to security PCs only', async () => {
		const tui = await securityJobWithAcc01();
		await tui.press('3', 'c', KEY.enter);
		expect(lineWith(tui.frame(), 'Installation timing')).toContain('at system start');
		await tui.press('o');
		expect(tui.frame()).toContain('timing at system start (changed)');
		await removeAcc01(tui);
		await tui.press('3');
		expect(tui.frame()).not.toContain('(changed)');
		expect(tui.frame()).not.toMatch(/✗\d/);
		const job = await saveAndReadJob(tui);
		expect(job.packages).toEqual([{id: 'SEC-PATCH-2611', conditions: {}}]);
	});

	it('an installation timing changed and changed back is no change at all', async () => {
		const tui = await securityJobWithAcc01();
		await tui.press('3', 'c', KEY.enter, KEY.enter, KEY.enter, 'o');
		expect(lineWith(tui.frame(), 'replace:')).not.toContain('(changed)');
		await removeAcc01(tui);
		const job = await saveAndReadJob(tui);
		expect(job.packages[0]!.conditions).toEqual({});
	});

	it('page 3 names every condition it marks as changed', async () => {
		const tui = await renderApp();
		await openWizard(tui, 'PDF-READER', 'ACCOUNTING', {group: true});
		await tui.press('3', 'c', 'j', KEY.enter, 'o');
		expect(lineWith(tui.frame(), 'replace:')).toMatch(/mode gui \(changed\)/);
	});
});

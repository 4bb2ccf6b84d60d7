import {afterEach, describe, expect, it} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {lineWith, openWizard, renderApp} from './harness.js';

afterEach(cleanupTui);

type Tui = Awaited<ReturnType<typeof renderApp>>;
const CTRL_U = '\x15';

async function openWizardChecked(tui: Tui, packageId: string, destinationId: string, opts: {group?: boolean} = {}) {
	await openWizard(tui, packageId, destinationId, opts);
	expect(tui.frame()).toContain('Create Job — ');
}

describe('Create Job wizard', () => {
	it('shows Job Distribution Attributes and Client Control locked for a security-PC job, with forced values and the reason', async () => {
		const tui = await renderApp();
		await openWizardChecked(tui, 'SEC-PATCH', 'SECURITY-PCS');
		expect(tui.frame()).toContain('Create Job — Install package (◈ security PCs)');
		await tui.press('4');
		let f = tui.frame();
		expect(f).toContain('4 ⊘ Job Distribution Attributes');
		expect(f).toContain('⊘ Locked: Jobs to security PCs are always unicast, never split, and never sent to suspended');
		expect(lineWith(f, 'Suspended destinations')).toMatch(/do not distribute\s+⊘ forced/);
		expect(lineWith(f, 'Distribution method')).toMatch(/unicast\s+⊘ forced/);
		expect(lineWith(f, 'Split package')).toMatch(/do not split\s+⊘ forced/);
		await tui.press(KEY.enter);
		expect(lineWith(tui.frame(), '✗')).toContain(
			'Suspended destinations is locked: Jobs to security PCs are always unicast',
		);
		await tui.press('6');
		f = tui.frame();
		expect(f).toContain('6 ⊘ Client Control');
		expect(f).toContain('⊘ Locked: Client control is not available for security PCs');
		expect(lineWith(f, 'Power on the client before the job')).toMatch(/no\s+⊘ forced/);
		expect(lineWith(f, 'Shut down the client after the job')).toMatch(/no\s+⊘ forced/);
		await tui.press('5');
		expect(lineWith(tui.frame(), 'Execution date at the client')).toContain('ignored by security PCs');
	});

	it('refuses an invalid job name on the field with the rule’s message, and keeps the old name on esc', async () => {
		const tui = await renderApp();
		await openWizardChecked(tui, 'SEC-PATCH', 'SECURITY-PCS');
		const original = lineWith(tui.frame(), 'Job name').match(/RemoteInstall_\d{12}/)![0];
		await tui.press(KEY.enter, CTRL_U);
		await tui.type('bad name');
		expect(tui.frame()).toContain('✗ Job name cannot contain space');
		await tui.press(KEY.enter);
		expect(tui.frame()).toContain('✗ Job name cannot contain space');
		expect(lineWith(tui.frame(), 'enter ok')).toContain('esc cancel');
		await tui.press(KEY.escape);
		expect(lineWith(tui.frame(), 'Job name')).toContain(original);
		await tui.press(KEY.enter, CTRL_U);
		await tui.type('NIGHTLY-PATCH');
		await tui.press(KEY.enter);
		expect(lineWith(tui.frame(), 'Job name')).toContain('NIGHTLY-PATCH');
	});

	it('Execute defines and executes the job, then focuses it in Job Execution Status', async () => {
		const tui = await renderApp();
		await openWizardChecked(tui, 'SEC-PATCH', 'SECURITY-PCS');
		await tui.press('e');
		await tui.settle();
		const jobs = tui.api.getSnapshot().jobs;
		expect(jobs).toHaveLength(1);
		expect(jobs[0]!.type).toBe('install');
		expect(jobs[0]!.destinations).toEqual([{kind: 'group', id: 'SECURITY-PCS'}]);
		expect(jobs[0]!.executedAt).not.toBeNull();
		expect(jobs[0]!.runs).toHaveLength(8);
		expect(tui.frame()).toContain(`✓ Executed job ${jobs[0]!.id}`);
		expect(tui.frame()).not.toContain('Create Job — ');
		expect(lineWith(tui.frame(), 'rim ·')).not.toContain('picked');
	});

	it('Save keeps the job as a definition without executing it', async () => {
		const tui = await renderApp();
		await openWizardChecked(tui, 'PDF-READER', 'ACCOUNTING', {group: true});
		await tui.press('s');
		await tui.settle();
		expect(tui.engine.state.jobs).toEqual([]);
		const [def] = tui.engine.state.definitions;
		expect(def?.destinations).toEqual([{kind: 'group', id: 'ACCOUNTING'}]);
		expect(tui.frame()).toContain(`Saved definition ${def!.name}`);
	});

	it('shows a saved definition selected in the Job Definition view right away', async () => {
		const tui = await renderApp();
		await openWizardChecked(tui, 'PDF-READER', 'ACCOUNTING', {group: true});
		await tui.press('s');
		await tui.settle();
		expect(tui.frame()).toContain('4 Job Definition 1/1');
		expect(lineWith(tui.frame(), '◆ RemoteInstall_')).toMatch(/^│›/);
	});

	it('asks before throwing away a changed wizard, and closes an unchanged one at once', async () => {
		const tui = await renderApp();
		await openWizardChecked(tui, 'SEC-PATCH', 'SECURITY-PCS');
		await tui.press(KEY.escape);
		expect(tui.frame()).toContain('1 Packages');
		await tui.press(KEY.enter, KEY.enter);
		await tui.press(KEY.enter, CTRL_U);
		await tui.type('CHANGED');
		await tui.press(KEY.enter, KEY.escape);
		expect(tui.frame()).toContain('Discard the new job?');
		await tui.press('n');
		expect(lineWith(tui.frame(), 'Job name')).toContain('CHANGED');
		await tui.press(KEY.escape, 'y');
		expect(tui.frame()).toContain('1 Packages');
		expect(tui.api.getSnapshot().jobs).toHaveLength(0);
	});

	it('refuses a start date in the past and a split size of 0 on their fields', async () => {
		const tui = await renderApp();
		await openWizardChecked(tui, 'PDF-READER', 'ACCOUNTING', {group: true});
		await tui.press('5', KEY.enter);
		await tui.type('2020-01-01 00:00');
		await tui.press(KEY.enter);
		expect(tui.frame()).toContain('✗ Start date 2020-01-01 00:00 UTC is in the past');
		await tui.press(CTRL_U);
		await tui.type('2026-13-01');
		await tui.press(KEY.enter);
		expect(tui.frame()).toContain('"2026-13-01" is not a date');
		await tui.press(KEY.escape, '4', 'j', 'j', KEY.enter);
		expect(lineWith(tui.frame(), 'Split package')).toContain('split');
		await tui.press('j', KEY.enter, CTRL_U);
		await tui.type('0');
		await tui.press(KEY.enter);
		expect(tui.frame()).toContain('✗ Split size must be a whole number of bytes from 1 to');
	});

	it('Change Installation Conditions shows the conditions a security job cannot change as view-only', async () => {
		const tui = await renderApp();
		await openWizardChecked(tui, 'SEC-PATCH', 'SECURITY-PCS');
		await tui.press('3', 'c');
		const f = tui.frame();
		expect(f).toContain('Change Installation Conditions — SEC-PATCH-2611');
		expect(lineWith(f, 'Installation timing')).toContain('◌ view-only');
		expect(lineWith(f, 'Replace existing package')).not.toContain('view-only');
		expect(lineWith(f, 'Replace existing package')).toContain('›');
		await tui.press(KEY.enter);
		expect(lineWith(tui.frame(), 'Replace existing package')).toContain('yes');
		await tui.press('k', 'k', KEY.enter);
		expect(lineWith(tui.frame(), '✗')).toContain('Installation timing is view-only');
		await tui.press('o');
		expect(tui.frame()).toContain('replace: yes');
	});

	it('Change Installation Conditions: esc cancels the changes made in it, o keeps them', async () => {
		const tui = await renderApp();
		await openWizardChecked(tui, 'SEC-PATCH', 'SECURITY-PCS');
		await tui.press('3', 'c', KEY.enter);
		expect(lineWith(tui.frame(), 'Replace existing package')).toContain('yes');
		await tui.press(KEY.escape);
		expect(tui.frame()).toContain('replace: no');
		expect(tui.frame()).toContain('Installation conditions left as they were');
		await tui.press('c', KEY.enter, 'o');
		expect(tui.frame()).toContain('replace: yes');
	});

	it('adds a destination from the inventory on the Destination page and removes one with d', async () => {
		const tui = await renderApp();
		await openWizardChecked(tui, 'PDF-READER', 'ACCOUNTING', {group: true});
		await tui.press('2', 'a');
		expect(tui.frame()).toMatch(/Add a destination \(\d+\)/);
		await tui.type('sales');
		await tui.press(KEY.end, KEY.enter);
		expect(tui.frame()).toContain('Added group SALES');
		expect(tui.frame()).toContain('group SALES  Sales (Osaka)  10 hosts');
		await tui.press('k', 'd');
		expect(tui.frame()).not.toContain('group ACCOUNTING');
		await tui.press('d');
		expect(tui.frame()).toContain('No destination: press a to add one.');
		expect(tui.frame()).toContain('✗ A job needs at least one destination');
		expect(tui.frame()).toContain('2 Destination ✗1');
	});
});

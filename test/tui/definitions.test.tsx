/**
 * The Job Definition view of pane 3, in rendered frames: Save and Execute keeps the seed's job, `4` shows it, `x`
 * executes it again, `enter` opens it in the wizard (locks still apply) to change it, folders are created, renamed and
 * deleted (asking first), and a definition moves between them.
 */
import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {cleanupTui, KEY} from '../support/tui.js';
import {lineWith, openWizard, renderApp} from './harness.js';

afterEach(cleanupTui);

type Tui = Awaited<ReturnType<typeof renderApp>>;
const CTRL_U = '\x15';

/** The seed's job (SEC-PATCH-2611 on SECURITY-PCS) named Monthly-Patch, kept with Save and Execute. */
async function saveAndExecuteSeedJob(tui: Tui) {
	await openWizard(tui, 'SEC-PATCH', 'SECURITY-PCS');
	await tui.press(KEY.enter, CTRL_U);
	await tui.type('Monthly-Patch');
	await tui.press(KEY.enter, 'E');
	await tui.settle();
}

describe('the Job Definition view', () => {
	it('Save and Execute keeps the definition and runs it; x in the Job Definition view executes it again as a new job', async () => {
		const tui = await renderApp();
		await saveAndExecuteSeedJob(tui);
		expect(tui.frame()).toContain('Executed job J0001 Monthly-Patch on 8 destinations');
		expect(lineWith(tui.frame(), 'J0001')).toContain('›');
		expect(tui.engine.state.definitions.map(d => d.name)).toEqual(['Monthly-Patch']);

		await tui.press('4');
		expect(tui.frame()).toContain('4 Job Definition 1/1');
		expect(lineWith(tui.frame(), '◆ Monthly-Patch')).toMatch(
			/SECURITY-PCS · 1 run · last J0001 running · Install package/,
		);
		expect(tui.frame()).toMatch(/enter open.*x execute.*d delete/);

		await tui.press('x');
		await tui.settle();
		expect(tui.frame()).toContain('Executed job J0002 Monthly-Patch on 8 destinations');
		expect(lineWith(tui.frame(), 'J0002')).toContain('›');
		expect(tui.engine.state.jobs.map(j => [j.id, j.definition?.name])).toEqual([
			['J0001', 'Monthly-Patch'],
			['J0002', 'Monthly-Patch'],
		]);
		await act(async () => {
			tui.clock.runUntilIdle();
		});
		await tui.press('4');
		expect(lineWith(tui.frame(), '◆ Monthly-Patch')).toContain('2 runs · last J0002 error');
	});

	it('opens a definition in the wizard with its locks, saves the change for later runs only', async () => {
		const tui = await renderApp();
		await saveAndExecuteSeedJob(tui);
		await tui.press('4', KEY.enter);
		expect(tui.frame()).toContain('Change Job Definition — Install package (◈ security PCs)');
		expect(lineWith(tui.frame(), 'Job name')).toContain('Monthly-Patch');
		await tui.press('4');
		expect(lineWith(tui.frame(), 'Distribution method')).toMatch(/unicast\s+⊘ forced/);
		await tui.press('1', KEY.enter, CTRL_U);
		await tui.type('Patch-Dec');
		await tui.press(KEY.enter, 's');
		await tui.settle();
		expect(tui.frame()).toContain('Saved definition Patch-Dec');
		expect(tui.engine.state.definitions.map(d => d.name)).toEqual(['Patch-Dec']);
		expect(tui.engine.job('J0001')!.name).toBe('Monthly-Patch');
		await tui.press('x');
		await tui.settle();
		expect(tui.engine.job('J0002')).toMatchObject({name: 'Patch-Dec', definition: {name: 'Patch-Dec'}});
	});

	it('creates, renames and deletes folders, asking first, and moves a definition into one', async () => {
		const tui = await renderApp();
		await saveAndExecuteSeedJob(tui);
		await tui.press('4', 'N');
		expect(tui.frame()).toContain('New folder in the top of Job Definition');
		await tui.type('bad name');
		expect(tui.frame()).toContain('✗ Folder name cannot contain space');
		await tui.press(KEY.enter);
		expect(tui.engine.state.folders).toEqual([]);
		await tui.press(CTRL_U);
		await tui.type('Monthly');
		await tui.press(KEY.enter);
		await tui.settle();
		expect(tui.frame()).toContain('Created folder Monthly');
		expect(lineWith(tui.frame(), '▸ Monthly/')).toBeTruthy();

		await tui.press(KEY.end, 'm');
		expect(tui.frame()).toContain('Move Monthly-Patch to…');
		await tui.press(KEY.down, KEY.enter);
		await tui.settle();
		expect(tui.frame()).toContain('Moved Monthly-Patch to Monthly');
		expect(lineWith(tui.frame(), '▸ Monthly/')).toContain('(1)');
		expect(lineWith(tui.frame(), '◆ Monthly-Patch')).toMatch(/│.\s{2}◆ Monthly-Patch/);

		await tui.press(KEY.home, 'r', CTRL_U);
		await tui.type('Every-Month');
		await tui.press(KEY.enter);
		await tui.settle();
		expect(lineWith(tui.frame(), '▸ Every-Month/')).toContain('(1)');

		await tui.press('d');
		expect(tui.frame()).toContain('Delete folder Every-Month?');
		expect(tui.frame()).toContain('It is not empty: 1 definition go with it.');
		await tui.press('n');
		expect(tui.engine.state.folders).toHaveLength(1);
		await tui.press('d', 'y');
		await tui.settle();
		expect(tui.frame()).toContain('Deleted folder Every-Month with everything in it');
		expect(tui.engine.state.definitions).toEqual([]);
		expect(tui.engine.state.jobs).toHaveLength(1);
		expect(tui.frame()).toContain('No definitions yet.');
	});

	it('deletes a definition after asking, keeping its executions', async () => {
		const tui = await renderApp();
		await saveAndExecuteSeedJob(tui);
		await tui.press('4', 'd');
		expect(tui.frame()).toContain('Delete definition Monthly-Patch?');
		expect(tui.frame()).toContain('Its 1 execution stays in Job Execution Status.');
		await tui.press(KEY.escape);
		expect(tui.engine.state.definitions).toHaveLength(1);
		await tui.press('d', 'y');
		await tui.settle();
		expect(tui.frame()).toContain('Deleted definition Monthly-Patch; its executions stay in Job Execution Status');
		expect(tui.engine.state.definitions).toEqual([]);
		await tui.press('3');
		expect(lineWith(tui.frame(), 'J0001')).toContain('Monthly-Patch');
	});
});

import {afterEach, describe, expect, it} from 'vitest';
import {draftJob} from '../src/engine/define.js';
import {engineApi} from '../src/engine-api.js';
import {JobStatusHarness} from './support/job-status-harness.js';
import {paneView} from '../src/screens/job-status/pane-view.js';
import {initialJobStatus} from '../src/screens/job-status/state.js';
import {KEY, cleanupTui, renderTui} from './support/tui.js';
import {testEngine} from './support/engine.js';

afterEach(cleanupTui);

/** 5 relays and 2,000 standard PCs in groups of 100; one job aimed at all of them. */
async function bigJob() {
	const {engine} = testEngine({hosts: 2005, securityShare: 0});
	const groups = engine.state.inventory.groups
		.filter(g => g.id.startsWith('PCS-'))
		.map(g => ({kind: 'group' as const, id: g.id}));
	const def = draftJob({
		type: 'install',
		destinations: groups,
		packageIds: ['PDF-READER'],
		inventory: engine.state.inventory,
		now: engine.now(),
		taken: [],
	});
	const job = await engine.executeJob({def});
	if (!job.ok) throw new Error(job.error.message);
	return {engine, api: engineApi(engine), jobId: job.value.id};
}

const hostRows = (frame: string) => frame.split('\n').filter(line => /PC-\d{4}/.test(line));

describe('a job with 2,000 destinations', () => {
	it('renders only the visible rows, and End shows the last destination', async () => {
		const {api} = await bigJob();
		const tui = await renderTui(<JobStatusHarness api={api} height={20} />);
		await tui.press(KEY.enter);
		expect(tui.frame()).toContain('destinations 1/2000');
		expect(hostRows(tui.frame())).toHaveLength(15);
		expect(tui.frame()).toContain('PC-0001');

		await tui.press(KEY.end);
		expect(tui.frame()).toContain('destinations 2000/2000');
		expect(hostRows(tui.frame()).at(-1)).toMatch(/›. PC-2000/);
		expect(tui.frame()).not.toContain('PC-0001');

		await tui.press(KEY.pageUp, KEY.up);
		expect(tui.frame()).toContain('destinations 1989/2000');
		// The window moves only when the selection leaves it.
		expect(hostRows(tui.frame())[0]).toContain('PC-1986');
		expect(hostRows(tui.frame()).find(line => line.includes('›'))).toContain('PC-1989');
	});

	it('builds rows for the window only', async () => {
		const {api, jobId} = await bigJob();
		const state = {
			...initialJobStatus(),
			view: {kind: 'destinations' as const, jobId, filter: null},
			destinations: {index: 1999, id: null},
		};
		const view = paneView(state, api.getSnapshot(), {width: 90, rows: 15, now: api.now(), previousStart: 0});
		expect(view.total).toBe(2000);
		expect(view.rows).toHaveLength(15);
		expect(view.start).toBe(1985);
		expect(view.selectedRow).toBe(14);
	});
});

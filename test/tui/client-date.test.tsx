/** A client execution date on a security-PC job: it can be set, and everywhere it shows it is ignored by security PCs. */
import {afterEach, describe, expect, it} from 'vitest';
import {main} from '../../src/cli.js';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cleanupTui, KEY} from '../support/tui.js';
import {lineWith, openWizard, renderApp} from './harness.js';

const dirs: string[] = [];
afterEach(() => {
	cleanupTui();
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

describe('the client execution date of a security-PC job', () => {
	it('can be set on the Schedule page, shows as ignored there and in Detailed Information, and the job still runs', async () => {
		const tui = await renderApp();
		await openWizard(tui, 'SEC-PATCH', 'SEC-01');
		expect(tui.frame()).toContain('Create Job — Install package (◈ security PCs)');
		await tui.press('5', 'j', 'j', KEY.enter);
		await tui.type('2099-01-01 10:00');
		await tui.press(KEY.enter);
		const schedule = lineWith(tui.frame(), 'Execution date at the client');
		expect(schedule).toContain('2099-01-01 10:00 UTC');
		expect(schedule).toContain('ignored by security PCs');
		expect(tui.frame()).not.toContain('is locked');

		await tui.press('e');
		await tui.settle();
		const job = tui.engine.state.jobs.at(-1)!;
		expect(job.settings.clientAt).toBe(Date.parse('2099-01-01T10:00:00Z'));
		tui.clock.runUntilIdle();
		await tui.settle();
		// The job's destination: Detailed Information names the date and that it is ignored; SEC-01 did not wait for it.
		await tui.press('3', KEY.enter, KEY.enter);
		const detail = tui.frame();
		expect(detail).toMatch(/Client at\s+2099-01-01 10:00 UTC · ignored by security PCs/);
		expect(detail).toMatch(/State\s+✓ finished/);
	});

	it('is in job status --json, marked ignored, and not ignored for standard PCs', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'rim-client-'));
		dirs.push(dir);
		const rim = async (...argv: string[]) => {
			const out: string[] = [];
			const code = await main([...argv, '--data-dir', dir], {log: l => out.push(l), error: l => out.push(l)}, {});
			return {code, out, json: () => JSON.parse(out.join('\n'))};
		};
		expect((await rim('demo', 'reset')).code).toBe(0);
		const security = await rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'SEC-PATCH-2611',
			'--destination',
			'SEC-01',
			'--client-at',
			'2099-01-01 10:00',
			'--wait',
		);
		expect(security.code, security.out.join('\n')).toBe(0);
		expect((await rim('job', 'status', 'J0001', '--json')).json().clientDate).toEqual({
			at: '2099-01-01T10:00:00.000Z',
			ignored: true,
			note: 'ignored by security PCs',
		});
		expect(
			(
				await rim(
					'job',
					'create',
					'--type',
					'install',
					'--package',
					'PDF-READER',
					'--destination',
					'ACC-01',
					'--name',
					'STANDARD',
					'--client-at',
					'2099-01-01 10:00',
				)
			).code,
		).toBe(0);
		expect((await rim('job', 'status', 'J0002', '--json')).json().clientDate).toEqual({
			at: '2099-01-01T10:00:00.000Z',
			ignored: false,
			note: null,
		});
		expect(
			(
				await rim(
					'job',
					'create',
					'--type',
					'install',
					'--package',
					'PDF-READER',
					'--destination',
					'ACC-02',
					'--name',
					'NO-CLIENT-DATE',
				)
			).code,
		).toBe(0);
		expect((await rim('job', 'status', 'J0003', '--json')).json().clientDate).toBeNull();
	});
});

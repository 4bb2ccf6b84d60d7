/**
 * The training lab from the shell: dialogs a trainer answers headlessly, the lab clock's speed, the client execution
 * date a security PC ignores, and help text a new user can read.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {main, usage} from '../src/cli.js';
import {COMMANDS} from '../src/cli/commands.js';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

describe('help', () => {
	it('shows no internal section references', async () => {
		const lines: string[] = [];
		expect(await main(['--help'], {log: l => lines.push(l), error: l => lines.push(l)}, {})).toBe(0);
		expect(lines.join('\n')).toBe(usage());
		expect(usage()).not.toMatch(/§/);
		for (const command of COMMANDS) {
			const out: string[] = [];
			expect(
				await main([...command.name.split(' '), '--help'], {log: l => out.push(l), error: l => out.push(l)}, {}),
			).toBe(0);
			expect(out.join('\n'), command.name).not.toMatch(/§/);
		}
	});
});

describe('dialogs a trainer answers headlessly', () => {
	it('--wait --stop-at-dialogs stops at the open dialogs (exit 3, naming them); lab answer then answers; --wait continues', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'rim-lab-'));
		dirs.push(dir);
		const rim = async (...argv: string[]) => {
			const out: string[] = [];
			const code = await main([...argv, '--data-dir', dir], {log: l => out.push(l), error: l => out.push(l)}, {});
			return {code, stdout: out.join('\n'), json: () => JSON.parse(out.join('\n'))};
		};
		expect((await rim('demo', 'reset')).code).toBe(0);
		const stopped = await rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'SEC-PATCH-2611',
			'--destination',
			'SEC-01',
			'--destination',
			'SEC-02',
			'--wait',
			'--stop-at-dialogs',
		);
		expect(stopped.code).toBe(3);
		expect(stopped.stdout).toContain(
			'waiting on an outside event: SEC-01: waiting for the PC user to confirm the update ' +
				'(answer for the user: rim lab answer SEC-01 yes|later|cancel)',
		);
		const later = await rim('lab', 'answer', 'SEC-01', 'later');
		expect(later).toMatchObject({code: 0, stdout: 'SEC-01: answered later for 1 confirmation dialog'});
		const after = await rim('job', 'run', 'J0001', '--wait', '--json');
		expect(after.code).toBe(3);
		const [sec01, sec02] = after.json().destinations;
		expect(sec01).toMatchObject({
			host: 'SEC-01',
			state: 'waiting-at-client',
			detail: 'the PC user answered Later; asking again at the next start',
		});
		expect(sec02).toMatchObject({host: 'SEC-02', state: 'finished'});
	});
});

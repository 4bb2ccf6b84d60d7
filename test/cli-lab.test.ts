/**
 * The training lab from the shell: dialogs a trainer answers headlessly, the lab clock's speed, the client execution
 * date a security PC ignores, and help text a new user can read.
 */
import {rmSync} from 'node:fs';
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
			expect(await main([...command.name.split(' '), '--help'], {log: l => out.push(l), error: l => out.push(l)}, {})).toBe(0);
			expect(out.join('\n'), command.name).not.toMatch(/§/);
		}
	});
});

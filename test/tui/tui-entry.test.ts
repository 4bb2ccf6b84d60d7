import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {clockSpeed} from '../../src/tui.js';

afterEach(() => {
	vi.unstubAllEnvs();
	vi.resetModules();
});

describe('rim with no command', () => {
	it('refuses without a terminal, pointing at the headless commands, with exit code 2', () => {
		const dir = mkdtempSync(join(tmpdir(), 'rim-tui-'));
		try {
			const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.tsx', '--data-dir', dir], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
			expect(run.status).toBe(2);
			expect(run.stderr).toContain('the full-screen interface needs a terminal');
			expect(run.stderr).toContain('rim --help');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('runs the lab clock at RIM_SPEED, 1 by default or when the value is not a positive number', () => {
		expect(clockSpeed({})).toBe(1);
		expect(clockSpeed({RIM_SPEED: '10'})).toBe(10);
		expect(clockSpeed({RIM_SPEED: 'fast'})).toBe(1);
		expect(clockSpeed({RIM_SPEED: '-2'})).toBe(1);
	});

	it('turns colour off under NO_COLOR and keeps the symbols', async () => {
		vi.stubEnv('NO_COLOR', '1');
		vi.resetModules();
		const theme = await import('../../src/screens/theme.js');
		expect(theme.colour('cyan')).toBeUndefined();
		expect(theme.BADGE.updateData).toBe('◆ UPD');
		vi.stubEnv('NO_COLOR', '');
		vi.resetModules();
		expect((await import('../../src/screens/theme.js')).colour('cyan')).toBe('cyan');
	});
});

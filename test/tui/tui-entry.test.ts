import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {clockSpeed} from '../../src/clock-choice.js';

afterEach(() => {
	vi.unstubAllEnvs();
	vi.resetModules();
});

describe('rim with no command', () => {
	it('refuses without a terminal, pointing at the headless commands, with exit code 2', () => {
		const dir = mkdtempSync(join(tmpdir(), 'rim-tui-'));
		try {
			const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.tsx', '--data-dir', dir], {
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			expect(run.status).toBe(2);
			expect(run.stderr).toContain('the full-screen interface needs a terminal');
			expect(run.stderr).toContain('rim --help');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('runs the lab clock at RIM_SPEED, 1 by default, and refuses a value that is not a speed from 1 to 1000', () => {
		expect(clockSpeed({})).toBe(1);
		expect(clockSpeed({RIM_SPEED: '10'})).toBe(10);
		for (const bad of ['fast', 'abc', '-2', '0', '1e9', '1001', 'NaN', 'Infinity']) {
			expect(() => clockSpeed({RIM_SPEED: bad})).toThrow(
				`RIM_SPEED must be a whole number from 1 to 1000 (times wall-clock speed), not "${bad}"`,
			);
		}
	});

	it('refuses RIM_SPEED=abc on one line with exit 2, before anything else', () => {
		const run = spawnSync('bin/rim', [], {
			encoding: 'utf8',
			env: {...process.env, RIM_SPEED: 'abc', RIM_DATA_DIR: '/nonexistent/rim'},
		});
		expect(run.status).toBe(2);
		expect(run.stderr).toBe(
			'rim: RIM_SPEED must be a whole number from 1 to 1000 (times wall-clock speed), not "abc"\n',
		);
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

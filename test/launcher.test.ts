/**
 * bin/rim runs the build that `npm ci` makes (dist/, via `prepare`) while it is up to date, and the TypeScript sources
 * as soon as any source is newer, from any working directory and through a symlink. Checked on a copy of the project
 * (its own dist/, the real node_modules), so the build here never races other tests using the real bin/rim.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

const work = mkdtempSync(path.join(os.tmpdir(), 'rim-launcher-'));
afterAll(() => rmSync(work, {recursive: true, force: true}));

function projectCopy(): string {
	const root = path.join(work, 'rim');
	for (const entry of ['bin', 'src', 'scripts', 'package.json', 'tsconfig.json'])
		cpSync(path.resolve(entry), path.join(root, entry), {recursive: true});
	symlinkSync(path.resolve('node_modules'), path.join(root, 'node_modules'));
	return root;
}

/** `rim --help` through a symlink elsewhere, started from `/`. */
function helpFromElsewhere(link: string): string {
	const run = spawnSync(link, ['--help'], {cwd: '/', encoding: 'utf8', env: {...process.env, NODE_ENV: 'production'}});
	expect(run.stderr).toBe('');
	expect(run.status).toBe(0);
	return run.stdout;
}

describe('bin/rim', () => {
	it('runs the build while it is current and the sources once one is newer, from / through a symlink', () => {
		const root = projectCopy();
		execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], {cwd: root});
		const link = path.join(work, 'rim-link');
		symlinkSync(path.join(root, 'bin/rim'), link);
		expect(helpFromElsewhere(link)).toContain('rim — Remote Installation Manager');

		// The same source changed but dated before the build: bin/rim still trusts the build, which says the old words.
		const cli = path.join(root, 'src/cli.tsx');
		writeFileSync(
			cli,
			readFileSync(cli, 'utf8').replace('rim — Remote Installation Manager', 'rim — edited after the build'),
		);
		const past = new Date(Date.now() - 3_600_000);
		utimesSync(cli, past, past);
		expect(helpFromElsewhere(link)).toContain('rim — Remote Installation Manager');

		// Dated now, it is newer than the build: rim runs the sources.
		const now = new Date();
		utimesSync(cli, now, now);
		expect(helpFromElsewhere(link)).toContain('rim — edited after the build');
	}, 120_000);
});

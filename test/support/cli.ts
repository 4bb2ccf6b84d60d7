/**
 * The headless CLI in-process: `main(argv, out, env)` on a temporary data directory holding a fresh demo fleet, with
 * its output collected. Each test file calls `removeCliDirs` in its afterAll.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {expect} from 'vitest';
import {main} from '../../src/cli.js';

const dirs: string[] = [];

export function removeCliDirs(): void {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
}

/** A fresh demo fleet in its own data directory; returns a runner bound to it and a reader of its rim.json. */
export async function freshRim(prefix = 'rim-cli-') {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	dirs.push(dir);
	const rim = async (...argv: string[]) => {
		const stdout: string[] = [];
		const stderr: string[] = [];
		const code = await main([...argv, '--data-dir', dir], {log: l => stdout.push(l), error: l => stderr.push(l)}, {});
		return {code, stdout: stdout.join('\n'), stderr, json: () => JSON.parse(stdout.join('\n'))};
	};
	expect((await rim('demo', 'reset')).code).toBe(0);
	return {dir, rim, file: () => readFileSync(join(dir, 'rim.json'))};
}

export type Rim = Awaited<ReturnType<typeof freshRim>>['rim'];

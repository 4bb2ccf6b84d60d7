/** A real site on loopback for end-to-end tests: `rim server`, `rim relay`s and `rim agent`s as processes, every one ended. */
import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {expect, onTestFailed} from 'vitest';
import {rim, start, type Running} from './processes.js';

export const json = (run: {stdout: string}) => JSON.parse(run.stdout);
export const sha256Of = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/**
 * A test's own temporary folder (added to `dirs`, which the test file removes) with `site` inside it, and `shown`: the
 * processes whose output is printed if the test fails.
 */
export function siteWorkspace(prefix: string, dirs: string[]) {
	const base = mkdtempSync(path.join(os.tmpdir(), prefix));
	dirs.push(base);
	const shown: [string, Running][] = [];
	onTestFailed(() => {
		for (const [name, p] of shown) console.error(`── ${name} ──\n${p.output()}`);
	});
	return {base, site: path.join(base, 'site'), shown};
}

/** `rim server --listen 127.0.0.1:0` on `site`; resolves with its agent URL once it says it is ready. */
export async function startServer(
	site: string,
	env: Record<string, string> = {},
	extra: string[] = [],
): Promise<{running: Running; url: string}> {
	const running = start(['server', '--listen', '127.0.0.1:0', '--data-dir', site, ...extra], null, env);
	const url = /agents on (https:\/\/127\.0\.0\.1:\d+) · admin socket/.exec(
		await running.see(/agents on https:\/\/\S+ · admin socket \S+\n/),
	)![1]!;
	return {running, url};
}

/** Stops a manager with SIGTERM; resolves with the payload bytes it says it served. */
export async function stopServer(server: Running): Promise<number> {
	server.child.kill('SIGTERM');
	expect(await server.exited).toBe(0);
	return Number(/served (\d+) payload bytes/.exec(server.output())![1]);
}

async function token(site: string, role: 'pc' | 'relay'): Promise<string> {
	const made = await rim(site, 'token', 'create', '--role', role);
	expect(made.code).toBe(0);
	return made.stdout.trim();
}

/** A relay enrolled with a fresh token through `upstream`; resolves once it serves, with its URL. */
export async function startRelay(
	site: string,
	base: string,
	name: string,
	upstream: string,
	extra: string[] = [],
): Promise<{dir: string; running: Running; url: string}> {
	const dir = path.join(base, name);
	const running = start(
		[
			'relay',
			'--dir',
			dir,
			'--server',
			upstream,
			'--token',
			await token(site, 'relay'),
			'--name',
			name,
			'--listen',
			'127.0.0.1:0',
			'--start-jitter',
			'0',
			...extra,
		],
		path.join(dir, 'agent.pid'),
	);
	const url = new RegExp(`${name} serves the hosts below it on (https://\\S+)\\n`).exec(
		await running.see(/serves the hosts below it on https:\/\/\S+\n/),
	)![1]!;
	return {dir, running, url};
}

/** Starts a relay again on its folder (enrolled already: no token). */
export async function restartRelay(
	dir: string,
	name: string,
	upstream: string,
): Promise<{running: Running; url: string}> {
	const running = start(
		['relay', '--dir', dir, '--server', upstream, '--name', name, '--listen', '127.0.0.1:0', '--start-jitter', '0'],
		path.join(dir, 'agent.pid'),
	);
	const url = /serves the hosts below it on (https:\/\/\S+)\n/.exec(
		await running.see(/serves the hosts below it on https:\/\/\S+\n/),
	)![1]!;
	return {running, url};
}

/** A PC agent enrolled with a fresh token through `server` (the manager or a relay). */
export async function startAgent(
	site: string,
	base: string,
	name: string,
	server: string,
): Promise<{dir: string; running: Running}> {
	const dir = path.join(base, name);
	const running = start(
		[
			'agent',
			'--dir',
			dir,
			'--server',
			server,
			'--token',
			await token(site, 'pc'),
			'--name',
			name,
			'--answer',
			'yes',
			'--start-jitter',
			'0',
		],
		path.join(dir, 'agent.pid'),
	);
	await running.see(`enrolled as ${name}`);
	return {dir, running};
}

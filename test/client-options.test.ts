/**
 * `rim agent` and `rim relay` refuse a bad folder, upstream URL, host name, OS or number in one line with exit 2,
 * before they touch the network or the folder.
 */
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'rim-client-options-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));

async function run(...argv: string[]) {
	const stderr: string[] = [];
	const code = await main(argv, {log: () => {}, error: line => stderr.push(line)}, {});
	return {code, stderr};
}

const dir = path.join(root, 'client');
const server = 'https://127.0.0.1:1';
const CASES: [string, string[], RegExp][] = [
	['no folder', ['--server', server], /missing --dir [AR] \(the folder where the (agent|relay) keeps everything\)/],
	['no upstream', ['--dir', dir], /missing --server URL \(.*, https:\/\/HOST:PORT\)/],
	[
		'an upstream that is no URL',
		['--dir', dir, '--server', 'not a url'],
		/--server wants an https:\/\/ URL, not "not a url"/,
	],
	[
		'plain http',
		['--dir', dir, '--server', 'http://127.0.0.1:1'],
		/--server wants an https:\/\/ URL \((agents|relays) speak only TLS\)/,
	],
	[
		'a bad host name',
		['--dir', dir, '--server', server, '--name', 'no spaces'],
		/--name "no spaces" is not a host name rim accepts/,
	],
	['a bad OS', ['--dir', dir, '--server', server, '--name', 'PC-1', '--os', 'Win 11'], /--os wants 1–32 characters/],
	[
		'a bad number',
		['--dir', dir, '--server', server, '--name', 'PC-1', '--start-jitter', '-5'],
		/--start-jitter wants a whole number from 0 to 600000, not "-5"/,
	],
];

describe.each(['agent', 'relay'])('rim %s', command => {
	const extra = command === 'relay' ? ['--listen', '127.0.0.1:0'] : [];
	it.each(CASES)('refuses %s in one line, exit 2, and creates nothing', async (_what, argv, message) => {
		const {code, stderr} = await run(command, ...argv, ...extra);
		expect(code).toBe(2);
		expect(stderr).toHaveLength(1);
		expect(stderr[0]).toMatch(message);
		expect(existsSync(dir)).toBe(false);
	});
});

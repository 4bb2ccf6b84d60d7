/**
 * A real site filled from the real TUI in a terminal (tmux): a package added from a folder with the Add package dialog
 * is on the site for `rim packages --json` — from the TUI that owns the data directory, and from a TUI attached to
 * `rim server`, where the manager packs (and where a shell's relative PATH is resolved in that shell).
 */
import {spawn} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {main} from '../../src/cli.js';
import {endTerminalTests, hasTmux, startRim, tempDir, tmux, track, waitForScreen} from '../support/tmux.js';

afterAll(endTerminalTests);

const RIM = path.resolve('bin/rim');
const LONG = 90_000;

async function emptySite(): Promise<string> {
	const dir = path.join(tempDir('rim-site-tmux-'), 'site');
	expect(await main(['init', '--data-dir', dir], {log: () => {}, error: () => {}}, {})).toBe(0);
	return dir;
}

function sourceFolder(): string {
	const dir = tempDir('rim-site-tmux-src-');
	mkdirSync(path.join(dir, 'bin'));
	writeFileSync(path.join(dir, 'bin', 'install.sh'), '#!/bin/sh\necho installed\n');
	writeFileSync(path.join(dir, 'README'), 'editor 4.2\n');
	return dir;
}

function rim(dir: string, ...argv: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
	return rimIn(undefined, dir, ...argv);
}

function rimIn(
	cwd: string | undefined,
	dir: string,
	...argv: string[]
): Promise<{code: number | null; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		const child = spawn(RIM, [...argv, '--data-dir', dir], {cwd});
		track(child);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', d => (stdout += d));
		child.stderr.on('data', d => (stderr += d));
		child.on('close', code => resolve({code, stdout, stderr}));
	});
}

/** Types the Add package form in the pane: path, id, version, (kind stays standard), then Add. */
async function addPackage(session: string, src: string, id: string) {
	tmux('send-keys', '-t', session, '1');
	tmux('send-keys', '-t', session, 'a');
	await waitForScreen(session, s => s.includes('Add package: pack a file or a folder'), LONG);
	tmux('send-keys', '-t', session, '-l', src);
	tmux('send-keys', '-t', session, 'Tab');
	tmux('send-keys', '-t', session, '-l', id);
	tmux('send-keys', '-t', session, 'Tab');
	tmux('send-keys', '-t', session, '-l', '42');
	await waitForScreen(session, s => s.includes(`Package id      ${id}`) && s.includes('Version         42'), LONG);
	tmux('send-keys', '-t', session, 'Enter');
	await waitForScreen(session, s => s.includes(`Added standard package ${id} 42 in cabinet SW`), LONG);
}

async function packagesJson(dir: string): Promise<{id: string; digest: string; size: number}[]> {
	const listed = await rim(dir, 'packages', '--json');
	expect(listed.code).toBe(0);
	return JSON.parse(listed.stdout) as {id: string; digest: string; size: number}[];
}

describe.skipIf(!hasTmux)('a package added from a folder in the TUI', () => {
	it('is on the site for rim packages --json (the TUI is the manager)', {timeout: 240_000}, async () => {
		const dir = await emptySite();
		const tui = startRim('site-add', dir, 110, 32);
		await waitForScreen(tui, s => s.includes('network site') && s.includes('No packages yet: a adds one'), LONG);
		await addPackage(tui, sourceFolder(), 'EDITOR');
		const listed = await packagesJson(dir);
		expect(listed.map(p => p.id)).toEqual(['EDITOR']);
		expect(listed[0]!.digest).toMatch(/^[0-9a-f]{64}$/);
		tmux('send-keys', '-t', tui, 'q');
		await waitForScreen(tui, s => s.includes('EXIT:0'), LONG);
	});

	it('is packed by the manager when the TUI is attached to rim server', {timeout: 240_000}, async () => {
		const dir = await emptySite();
		const server = spawn(RIM, ['server', '--data-dir', dir]);
		track(server);
		await new Promise<void>((resolve, reject) => {
			let out = '';
			server.stdout.on('data', d => {
				out += d;
				if (out.includes('admin socket')) resolve();
			});
			server.on('close', () => reject(new Error(`rim server ended: ${out}`)));
		});
		const tui = startRim('site-att', dir, 110, 32);
		await waitForScreen(tui, s => s.includes('network site') && s.includes('No packages yet: a adds one'), LONG);
		await addPackage(tui, sourceFolder(), 'TOOLS');
		expect((await packagesJson(dir)).map(p => p.id)).toEqual(['TOOLS']);
		// A shell's relative PATH is its own, not the manager's: it travels absolute.
		const src = sourceFolder();
		const relative = await rimIn(
			path.dirname(src),
			dir,
			'package',
			'add',
			path.basename(src),
			'--id',
			'REL',
			'--version',
			'1',
			'--kind',
			'standard',
		);
		expect(relative).toMatchObject({code: 0, stderr: ''});
		await waitForScreen(tui, s => s.includes('REL'), LONG);
		tmux('send-keys', '-t', tui, 'q');
		server.kill('SIGTERM');
	});
});

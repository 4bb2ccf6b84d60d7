/**
 * A real site end to end on loopback, as real processes: `rim init`, `rim server --listen 127.0.0.1:0`, three `rim
 * agent`s (two PCs and a security PC whose user answers Yes), two packages made from folders, two groups. The install
 * job puts the files byte-identical under each agent's install root; the security PC's job goes through confirm,
 * restart, download, authenticate, install; without its device certificate the next job ends in 300097078300; Get
 * software information lists what is installed; a removed host's agent is refused from then on.
 */
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it, onTestFailed} from 'vitest';
import {endAll, rim, start} from './support/processes.js';

const dirs: string[] = [];
afterEach(endAll);
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

/** Every file under `root`, relative path → bytes. */
function tree(root: string, under = ''): Map<string, Buffer> {
	const out = new Map<string, Buffer>();
	for (const name of readdirSync(path.join(root, under))) {
		const rel = path.join(under, name);
		if (statSync(path.join(root, rel)).isDirectory()) for (const [k, v] of tree(root, rel)) out.set(k, v);
		else out.set(rel, readFileSync(path.join(root, rel)));
	}
	return out;
}

function folders(base: string) {
	const editor = path.join(base, 'src', 'editor');
	mkdirSync(path.join(editor, 'bin'), {recursive: true});
	writeFileSync(path.join(editor, 'bin', 'install.sh'), '#!/bin/sh\necho "installed by script" > installed.txt\n');
	chmodSync(path.join(editor, 'bin', 'install.sh'), 0o755);
	writeFileSync(path.join(editor, 'README'), 'editor 4.2\n');
	// Over one chunk (1 MiB), so the download really goes chunk by chunk.
	writeFileSync(
		path.join(editor, 'editor.bin'),
		Buffer.from(Array.from({length: 2_500_000}, (_, i) => (i * 7919) % 251)),
	);
	const defs = path.join(base, 'src', 'defs');
	mkdirSync(defs, {recursive: true});
	writeFileSync(
		path.join(defs, 'definitions.bin'),
		Buffer.from(Array.from({length: 100_000}, (_, i) => (i * 31) % 256)),
	);
	return {editor, defs};
}

const json = (run: {stdout: string}) => JSON.parse(run.stdout);

describe('a real site with real agents over mutual TLS', () => {
	it('enrols agents, installs byte-identical files, runs the security PC flow and reports real codes', {
		timeout: 300_000,
	}, async () => {
		const base = mkdtempSync(path.join(os.tmpdir(), 'rim-agents-'));
		dirs.push(base);
		const site = path.join(base, 'site');
		const {editor, defs} = folders(base);
		expect((await rim(site, 'init')).code).toBe(0);
		expect(
			(
				await rim(
					site,
					'package',
					'add',
					editor,
					'--id',
					'EDITOR',
					'--version',
					'42',
					'--kind',
					'standard',
					'--install-script',
					'bin/install.sh',
				)
			).code,
		).toBe(0);
		expect(
			(await rim(site, 'package', 'add', defs, '--id', 'AV-DEFS', '--version', '0500', '--kind', 'update-data')).code,
		).toBe(0);
		expect((await rim(site, 'group', 'create', 'OFFICE')).code).toBe(0);
		expect((await rim(site, 'group', 'create', 'SECURITY')).code).toBe(0);

		const server = start(['server', '--listen', '127.0.0.1:0', '--data-dir', site]);
		const url = /agents on (https:\/\/127\.0\.0\.1:\d+) · admin socket/.exec(
			await server.see(/agents on https:\/\/\S+ · admin socket \S+\n/),
		)![1]!;

		const agent = async (name: string, role: 'pc' | 'security-pc') => {
			const token = await rim(site, 'token', 'create', '--role', role);
			expect(token.code).toBe(0);
			const dir = path.join(base, name);
			const running = start(
				[
					'agent',
					'--dir',
					dir,
					'--server',
					url,
					'--token',
					token.stdout.trim(),
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
		};
		const pc1 = await agent('PC-1', 'pc');
		const pc2 = await agent('PC-2', 'pc');
		const sec = await agent('SEC-1', 'security-pc');
		onTestFailed(() => {
			for (const [name, p] of [
				['server', server],
				['PC-1', pc1.running],
				['PC-2', pc2.running],
				['SEC-1', sec.running],
			] as const) {
				console.error(`── ${name} ──\n${p.output()}`);
			}
		});
		expect((await rim(site, 'group', 'add', 'OFFICE', 'PC-1', 'PC-2')).code).toBe(0);
		expect((await rim(site, 'group', 'add', 'SECURITY', 'SEC-1')).code).toBe(0);
		const hosts = json(await rim(site, 'destinations', '--json')).hosts;
		expect(hosts.map((h: {id: string; kind: string}) => [h.id, h.kind])).toEqual([
			['PC-1', 'standard-pc'],
			['PC-2', 'standard-pc'],
			['SEC-1', 'security-pc'],
		]);

		const install = await rim(
			site,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'EDITOR',
			'--destination',
			'OFFICE',
			'--wait',
			'--json',
		);
		expect(install.code).toBe(0);
		expect(json(install).counts).toEqual({finished: 2, error: 0, rejected: 0, total: 2});
		for (const pc of [pc1, pc2]) {
			const installed = tree(path.join(pc.dir, 'root', 'EDITOR'));
			const source = tree(editor);
			for (const [file, bytes] of source) expect(installed.get(file)?.equals(bytes), file).toBe(true);
			expect(installed.get('installed.txt')?.toString()).toBe('installed by script\n');
		}

		const secure = await rim(
			site,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'AV-DEFS',
			'--destination',
			'SECURITY',
			'--wait',
			'--json',
		);
		expect(secure.code).toBe(0);
		expect(json(secure).counts).toEqual({finished: 1, error: 0, rejected: 0, total: 1});
		// The agent's own account, in order: confirm, restart (a new process), download, authenticate, install.
		expect(sec.running.output()).toMatch(
			new RegExp(
				[
					'ask-user: answered yes',
					'restarting for J0002',
					'restarted as pid \\d+',
					'back after the restart',
					'download: downloaded',
					'authenticate: authenticated',
					'install: installed AV-DEFS',
				].join('[^]*'),
			),
		);
		expect(
			tree(path.join(sec.dir, 'root', 'AV-DEFS'))
				.get('definitions.bin')
				?.equals(readFileSync(path.join(defs, 'definitions.bin'))),
		).toBe(true);

		rmSync(path.join(sec.dir, 'device', 'cert.pem'));
		const noCert = await rim(
			site,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'AV-DEFS',
			'--destination',
			'SEC-1',
			'--replace-existing',
			'--wait',
			'--json',
		);
		expect(noCert.code).toBe(1);
		const status = json(await rim(site, 'job', 'status', json(noCert).id, '--json'));
		expect(status.destinations[0]).toMatchObject({host: 'SEC-1', state: 'error', code: '300097078300'});

		const info = await rim(
			site,
			'job',
			'create',
			'--type',
			'get-software-info',
			'--destination',
			'OFFICE',
			'--wait',
			'--json',
		);
		expect(info.code).toBe(0);
		for (const host of ['PC-1', 'PC-2']) {
			const shown = json(await rim(site, 'host', 'show', host, '--json'));
			expect(shown.software.packages.map((p: {id: string; version: string}) => [p.id, p.version])).toEqual([
				['EDITOR', '42'],
			]);
		}

		const removed = await rim(site, 'host', 'remove', 'PC-2', '--json');
		expect(json(removed)).toMatchObject({removed: {id: 'PC-2'}, revoked: true});
		await pc2.running.see('its certificate is revoked');
		server.child.kill('SIGTERM');
		expect(await server.exited).toBe(0);
	});
});

/**
 * The audit log (README, The audit log): every action that changes a site — from a CLI command on its own, a CLI
 * command attached to a manager, a TUI attached to it, and a TUI in the manager's own process — is one entry with who,
 * where from and the equivalent `rim …` line; running the logged lines on a fresh directory gives the same site.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {appendAudit, readAudit, AUDIT_FILE} from '../src/data/audit-log.js';
import {engineApi} from '../src/engine-api.js';
import {equivalentCommand} from '../src/engine/command-line.js';
import {startManager} from '../src/manager.js';
import {attach} from '../src/net/admin/client.js';
import {openSession} from '../src/session.js';
import {jobDef} from './support/jobs.js';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

function tempDir(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-audit-'));
	dirs.push(dir);
	return dir;
}

async function rim(dir: string, ...argv: string[]): Promise<{code: number; out: string; err: string}> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await main([...argv, '--data-dir', dir], {log: l => out.push(l), error: l => err.push(l)}, {});
	return {code, out: out.join('\n'), err: err.join('\n')};
}

async function ok(dir: string, ...argv: string[]): Promise<string> {
	const ran = await rim(dir, ...argv);
	expect(ran.code, `rim ${argv.join(' ')}: ${ran.err}`).toBeLessThan(2);
	return ran.out;
}

/** The words of a logged command line (the log quotes with single quotes, as a POSIX shell reads them). */
function words(line: string): string[] {
	const out: string[] = [];
	for (const m of line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g))
		out.push(m[1] !== undefined ? m[1].replaceAll(`'\\''`, "'") : m[2]!);
	return out;
}

/** What makes two sites the same: inventory, definitions and folders, and each job's content (not how its runs went). */
async function site(dir: string) {
	const destinations = JSON.parse(await ok(dir, 'destinations', '--json'));
	const packages = JSON.parse(await ok(dir, 'packages', '--json'));
	const definitions = JSON.parse(await ok(dir, 'definitions', '--json')) as {name: string; folder: string | null}[];
	const folders = JSON.parse(await ok(dir, 'folders', '--json'));
	const jobs = JSON.parse(await ok(dir, 'jobs', '--json')) as Record<string, unknown>[];
	return {
		destinations,
		packages,
		folders,
		definitions: definitions.map(d => ({
			...d,
			id: undefined,
			createdAt: undefined,
			modifiedAt: undefined,
			executions: undefined,
		})),
		jobs: jobs.map(j => ({
			id: j.id,
			name: j.name,
			type: j.type,
			definition: j.definition,
			destinations: j.destinations,
			packages: j.packages,
			settings: j.settings,
		})),
	};
}

describe('the audit log', () => {
	it('has one entry per change through each path, and its lines rebuild the same site on a fresh directory', async () => {
		const dir = path.join(tempDir(), 'site');
		const source = path.join(tempDir(), 'editor');
		mkdirSync(path.join(source, 'bin'), {recursive: true});
		writeFileSync(path.join(source, 'bin', 'install.sh'), '#!/bin/sh\necho installed\n');

		// A CLI on its own.
		await ok(dir, 'demo', 'reset', '--seed', '7');
		await ok(
			dir,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'SEC-PATCH-2611',
			'--destination',
			'SEC-05',
			'--name',
			'Patch_05',
			'--replace-existing',
			'--relay-expiry',
			'2031-02-03',
			'--time-limit',
			'2031-01-01 12:00',
		);
		await ok(dir, 'cert', 'issue', 'SEC-05');
		await ok(dir, 'group', 'create', 'NEWG', '--name', "Ops' corner");
		await ok(dir, 'group', 'add', 'NEWG', 'ACC-01', 'ACC-02');
		await ok(
			dir,
			'package',
			'add',
			source,
			'--id',
			'EDITOR',
			'--version',
			'42',
			'--kind',
			'standard',
			'--name',
			'Text editor',
			'--os',
			'windows-11',
			'--install-script',
			'bin/install.sh',
		);
		await ok(dir, 'folder', 'create', 'Monthly');
		await ok(
			dir,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'EDITOR',
			'--destination',
			'NEWG',
			'--name',
			'Editor',
			'--save-only',
			'--folder',
			'Monthly',
		);
		const cliEntries = (readAudit(dir) as {ok: true; value: {entries: unknown[]}}).value.entries.length;
		expect(cliEntries).toBe(8);

		// The same directory served by a manager (on a fast real clock, as `RIM_SPEED=1000 rim server` runs): an attached
		// CLI, an attached TUI, and the manager's own TUI.
		const opened = await openSession({dataDir: dir, now: Date.now(), clock: {kind: 'real', speed: 1000}});
		if (!opened.ok) throw new Error(opened.error);
		const session = opened.value;
		const manager = await startManager({
			session,
			dataDir: dir,
			runCommand: (argv, out, s) => main(argv, out, {}, {manager: s}),
		});
		if (!manager.ok) throw new Error(manager.error);
		try {
			await ok(dir, 'definition', 'run', 'Editor');
			await ok(dir, 'lab', 'fault', 'SEC-02', 'no-ca-cert');
			// SAL-10 is not started: its job only waits, so it can be deleted below (a job in progress cannot).
			await ok(
				dir,
				'job',
				'create',
				'--type',
				'install',
				'--package',
				'PDF-READER',
				'--destination',
				'SAL-10',
				'--name',
				'Idle',
			);
			const attached = await attach(path.join(dir, 'rim.sock'));
			if (attached.kind !== 'attached') throw new Error('no manager');
			const created = (await attached.client.call('executeJob', [
				{
					def: jobDef({
						name: 'From_TUI',
						to: ['ACCOUNTING'],
						packages: ['PDF-READER'],
						conditions: {mode: 'gui'},
						settings: {powerOn: true, split: {bytes: 65536, intervalSeconds: 2}},
					}),
				},
			])) as {ok: boolean};
			expect(created.ok).toBe(true);
			expect(((await attached.client.call('createFolder', [null, 'Weekly'])) as {ok: boolean}).ok).toBe(true);
			attached.client.close();
			const own = engineApi(session.engine);
			expect((await own.labPower('SAL-09', true)).ok).toBe(true);
			expect((await own.deleteJob('J0003')).ok).toBe(true);
			// The PC boots on the manager's clock; `rim lab power` headless waits for the boot too.
			await new Promise<void>(resolve => {
				const booted = () => session.engine.host('SAL-09')?.started === true;
				if (booted()) return resolve();
				const stop = session.engine.subscribe(() => {
					if (booted()) {
						stop();
						resolve();
					}
				});
			});
		} finally {
			await manager.value.close();
			await session.close();
		}

		const logged = JSON.parse(await ok(dir, 'log', '--json')) as {
			user: string;
			origin: string;
			command: string;
			exact: boolean;
		}[];
		expect(logged.map(e => `${e.origin} ${e.command}`)).toEqual([
			'cli rim demo reset --seed 7',
			expect.stringMatching(
				/^cli rim job create --type install --package SEC-PATCH-2611 --destination SEC-05 --name Patch_05 --replace-existing --relay-expiry 2031-02-03T00:00:00.000Z --time-limit 2031-01-01T12:00:00.000Z$/,
			),
			'cli rim cert issue SEC-05',
			"cli rim group create NEWG --name 'Ops'\\'' corner'",
			'cli rim group add NEWG ACC-01 ACC-02',
			`cli rim package add ${source} --id EDITOR --version 42 --kind standard --name 'Text editor' --cabinet SW --os windows-11 --install-script bin/install.sh`,
			'cli rim folder create Monthly',
			'cli rim job create --type install --package EDITOR --destination NEWG --name Editor --save-only --folder Monthly',
			'cli rim definition run Editor',
			'cli rim lab fault SEC-02 no-ca-cert',
			'cli rim job create --type install --package PDF-READER --destination SAL-10 --name Idle',
			'tui rim job create --type install --package PDF-READER --destination ACCOUNTING --name From_TUI --install-mode gui --split 65536:2 --power-on',
			'tui rim folder create Weekly',
			'tui rim lab power SAL-09 on',
			'tui rim job delete J0003 --yes',
		]);
		expect(new Set(logged.map(e => e.user))).toEqual(new Set([os.userInfo().username]));
		expect(logged.every(e => e.exact)).toBe(true);

		const copy = path.join(tempDir(), 'copy');
		for (const entry of logged) await ok(copy, ...words(entry.command).slice(1));
		expect(await site(copy)).toEqual(await site(dir));
	}, 120_000);

	it('gives a re-execution its line: the hosts named, or every destination in error', () => {
		expect(equivalentCommand({kind: 'rerun', job: 'J0004', hosts: ['SEC-05', 'SEC-06']})).toEqual({
			argv: ['job', 'rerun', 'J0004', '--host', 'SEC-05', '--host', 'SEC-06'],
			exact: true,
		});
		expect(equivalentCommand({kind: 'rerun', job: 'J0004', hosts: []})?.argv).toEqual(['job', 'rerun', 'J0004']);
		// Per-package conditions the CLI cannot set one by one: the line says so (exact: false).
		const def = jobDef({to: ['ACCOUNTING'], packages: ['PDF-READER', 'BROWSER']});
		def.packages[1] = {...def.packages[1]!, conditions: {mode: 'gui'}};
		expect(equivalentCommand({kind: 'execute-job', job: 'J0009', def})?.exact).toBe(false);
	});

	it('records the user and origin an attached client passes along, as the manager that owns the directory', async () => {
		const dir = path.join(tempDir(), 'site');
		await ok(dir, 'demo', 'reset');
		const opened = await openSession({dataDir: dir, now: Date.now(), clock: {kind: 'virtual'}});
		if (!opened.ok) throw new Error(opened.error);
		const manager = await startManager({
			session: opened.value,
			dataDir: dir,
			runCommand: (argv, out, s) => main(argv, out, {}, {manager: s}),
		});
		if (!manager.ok) throw new Error(manager.error);
		try {
			const socket = net.connect(path.join(dir, 'rim.sock'));
			let text = '';
			await new Promise<void>((resolve, reject) => {
				socket.on('data', chunk => {
					text += String(chunk);
					if (text.includes('"exit"')) resolve();
				});
				socket.on('error', reject);
				socket.write(
					`${JSON.stringify({id: 1, op: 'command', argv: ['group', 'create', 'OPS'], as: {user: 'alice', origin: 'cli'}})}\n`,
				);
			});
			socket.end();
			expect(text).toContain('"exit":0');
		} finally {
			await manager.value.close();
			await opened.value.close();
		}
		const logged = JSON.parse(await ok(dir, 'log', '--json', '--since', '2000-01-01')) as {
			user: string;
			command: string;
		}[];
		expect(logged.at(-1)).toMatchObject({user: 'alice', command: 'rim group create OPS --name OPS'});
	});

	it('keeps its size bounded by rotating, skips a torn last line, and holds nothing secret', async () => {
		const dir = tempDir();
		const entry = (n: number) => ({
			at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
			user: 'u',
			origin: 'cli' as const,
			what: `step ${n}`,
			command: `rim group create G${n}`,
			exact: true,
		});
		for (let n = 0; n < 50; n++) expect(appendAudit(dir, entry(n), 2000).ok).toBe(true);
		writeFileSync(path.join(dir, AUDIT_FILE), '{"at": "2026-01-01T00:01:00.000Z", "us', {flag: 'a'});
		const read = readAudit(dir);
		if (!read.ok) throw new Error(read.error.message);
		expect(read.value.skipped).toBe(1);
		const kept = read.value.entries.map(e => e.what);
		expect(kept.at(-1)).toBe('step 49');
		expect(kept.length).toBeLessThan(50);
		expect(kept).toEqual(kept.slice().sort((a, b) => Number(a.split(' ')[1]) - Number(b.split(' ')[1])));

		const site = path.join(tempDir(), 'site');
		await ok(site, 'demo', 'reset');
		await ok(site, 'cert', 'issue', 'SEC-01');
		const text = JSON.stringify(readAudit(site));
		expect(text).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
	});
});

/**
 * Real sites through the headless CLI: `rim init`, packages made from files (packed, stored by digest, signed),
 * groups and hosts managed by the admin. Every refusal is one stderr line, exit 2, and the site as it was.
 */
import {spawnSync} from 'node:child_process';
import {
	chmodSync,
	existsSync,
	lstatSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	readlinkSync,
	rmSync,
	symlinkSync,
	truncateSync,
	writeFileSync,
} from 'node:fs';
import {statfs} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {extract} from 'tar';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {packageAuthFailure} from '../src/engine/pki/package-auth.js';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

function tempDir(prefix: string): string {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	dirs.push(dir);
	return dir;
}

function runnerFor(dir: string) {
	return async (...argv: string[]) => {
		const stdout: string[] = [];
		const stderr: string[] = [];
		const status: string[] = [];
		const code = await main(
			[...argv, '--data-dir', dir],
			{log: l => stdout.push(l), error: l => stderr.push(l), status: l => status.push(l)},
			{},
		);
		return {code, stdout: stdout.join('\n'), stderr, status, json: () => JSON.parse(stdout.join('\n'))};
	};
}

type Rim = ReturnType<typeof runnerFor>;

/** A source folder: nested files, an empty folder, a symbolic link inside, binary content. */
function sourceFolder(name: string, seed: number): string {
	const root = join(tempDir('rim-src-'), name);
	mkdirSync(join(root, 'bin'), {recursive: true});
	mkdirSync(join(root, 'share', 'doc'), {recursive: true});
	mkdirSync(join(root, 'empty'));
	writeFileSync(join(root, 'bin', 'install.sh'), `#!/bin/sh\necho install ${name}\n`, {mode: 0o755});
	writeFileSync(join(root, 'share', 'doc', 'README.txt'), `${name} ${'x'.repeat(seed)}\n`);
	writeFileSync(join(root, 'data.bin'), Buffer.from(Array.from({length: 70_000}, (_, i) => (i * seed) & 0xff)));
	symlinkSync('bin/install.sh', join(root, 'run'));
	return root;
}

/** Every entry under `root`: files with their bytes and mode, links with their target, folders. */
function tree(root: string): Record<string, string> {
	const out: Record<string, string> = {};
	const walk = (dir: string) => {
		for (const name of readdirSync(dir).sort()) {
			const path = join(dir, name);
			const rel = relative(root, path);
			const info = lstatSync(path);
			if (info.isSymbolicLink()) out[rel] = `link → ${readlinkSync(path)}`;
			else if (info.isDirectory()) {
				out[rel] = 'folder';
				walk(path);
			} else out[rel] = `file ${(info.mode & 0o777).toString(8)} ${readFileSync(path).toString('base64')}`;
		}
	};
	walk(root);
	return out;
}

/** What must not change when a command is refused: inventory and jobs on disk, and the stored payloads. */
function siteOf(dir: string) {
	const {state} = JSON.parse(readFileSync(join(dir, 'rim.json'), 'utf8'));
	const payloads = join(dir, 'payloads');
	const files = existsSync(payloads) ? readdirSync(payloads, {recursive: true}).map(String).sort() : [];
	return {inventory: state.inventory, jobs: state.jobs, files};
}

async function expectRefused(rim: Rim, dir: string, argv: string[], message: string | RegExp) {
	const before = siteOf(dir);
	const result = await rim(...argv);
	expect(result.code).toBe(2);
	expect(result.stdout).toBe('');
	expect(result.stderr).toHaveLength(1);
	if (typeof message === 'string') expect(result.stderr[0]).toBe(`rim: ${message}`);
	else expect(result.stderr[0]).toMatch(message);
	expect(siteOf(dir)).toEqual(before);
}

describe('rim init', () => {
	let dir: string;
	let rim: Rim;
	beforeAll(async () => {
		dir = join(tempDir('rim-init-'), 'site');
		rim = runnerFor(dir);
	});

	it('creates an empty network site with a certification office', async () => {
		const created = await rim('init', '--json');
		expect(created.code).toBe(0);
		expect(created.json()).toMatchObject({
			dataDir: dir,
			fleet: 'network',
			office: expect.stringMatching(/^[0-9a-f]{64}$/),
		});
		expect(existsSync(join(dir, 'keys', 'ca-key.pem'))).toBe(true);
		expect(existsSync(join(dir, 'keys', 'signer-key.pem'))).toBe(true);
		expect((await rim('destinations', '--json')).json()).toEqual({fleet: 'network', hosts: [], groups: []});
		expect((await rim('packages', '--json')).json()).toEqual([]);
	});

	it('refuses a directory that holds a site, leaving it as it was', async () => {
		const before = readFileSync(join(dir, 'rim.json'));
		const again = await rim('init');
		expect(again.code).toBe(2);
		expect(again.stderr).toEqual([
			`rim: ${dir} holds a rim site already (network, 0 hosts, 0 packages); use another --data-dir, or \`rim demo reset\` to replace it with the demo`,
		]);
		expect(readFileSync(join(dir, 'rim.json'))).toEqual(before);
	});

	it('leaves the demo to rim demo reset, which still makes the simulated fleet', async () => {
		const demoDir = tempDir('rim-init-demo-');
		const demo = runnerFor(demoDir);
		expect((await demo('demo', 'reset')).code).toBe(0);
		const destinations = (await demo('destinations', '--json')).json();
		expect(destinations.fleet).toBe('simulated');
		expect(destinations.hosts).toHaveLength(40);
		await expectRefused(demo, demoDir, ['init'], /holds a rim site already \(simulated, 40 hosts, 7 packages\)/);
	});
});

describe('a site made from nothing: packages from folders, groups', () => {
	let dir: string;
	let rim: Rim;
	let app: string;
	let defs: string;
	beforeAll(async () => {
		dir = join(tempDir('rim-site-'), 'site');
		rim = runnerFor(dir);
		expect((await rim('init')).code).toBe(0);
		app = sourceFolder('app', 3);
		defs = sourceFolder('defs', 5);
	});

	it('packs a folder, stores it under its SHA-256 and lists it with its digest', async () => {
		const added = await rim(
			'package',
			'add',
			app,
			'--id',
			'APP',
			'--version',
			'1/2',
			'--kind',
			'standard',
			'--name',
			'The app',
			'--os',
			'windows-11,ubuntu-24.04',
			'--install-script',
			'bin/install.sh',
			'--json',
		);
		expect(added.stderr).toEqual([]);
		expect(added.code).toBe(0);
		const pkg = added.json();
		expect(pkg).toMatchObject({
			id: 'APP',
			name: 'The app',
			version: '1/2',
			kind: 'standard',
			cabinet: 'SW',
			os: ['windows-11', 'ubuntu-24.04'],
			installScript: 'bin/install.sh',
			shared: false,
		});
		const blob = join(dir, 'payloads', 'sha256', `${pkg.digest}.tar.gz`);
		expect(readFileSync(blob).length).toBe(pkg.size);
		const {createHash} = await import('node:crypto');
		expect(createHash('sha256').update(readFileSync(blob)).digest('hex')).toBe(pkg.digest);
		const {shared: _shared, ...listed} = pkg;
		expect((await rim('packages', '--json')).json()).toEqual([listed]);
	});

	it('round trip: the stored package unpacks to the same bytes as its source folder', async () => {
		const [pkg] = (await rim('packages', '--json')).json();
		const out = tempDir('rim-unpack-');
		await extract({file: join(dir, 'payloads', 'sha256', `${pkg.digest}.tar.gz`), cwd: out});
		expect(tree(out)).toEqual(tree(app));
	});

	it("signs update data with the office's signing certificate: the manifest names id, version, size and digest", async () => {
		const added = await rim(
			'package',
			'add',
			defs,
			'--id',
			'DEFS-01',
			'--version',
			'0001',
			'--kind',
			'update-data',
			'--json',
		);
		expect(added.code).toBe(0);
		const pkg = added.json();
		expect(pkg).toMatchObject({kind: 'update-data', cabinet: 'UD'});
		const {state} = JSON.parse(readFileSync(join(dir, 'rim.json'), 'utf8'));
		const stored = state.inventory.packages.find((p: {id: string}) => p.id === 'DEFS-01');
		expect(stored.auth.manifest).toContain(`payload-sha256: ${pkg.digest}`);
		expect(stored.auth.manifest).toContain(`payload-size: ${pkg.size}`);
		const payload = readFileSync(join(dir, 'payloads', 'sha256', `${pkg.digest}.tar.gz`));
		const expect0 = {caCertPem: state.office.caCertPem, packageId: 'DEFS-01', version: '0001'};
		expect(packageAuthFailure(stored.auth, {...expect0, payload})).toBeNull();
		expect(packageAuthFailure(stored.auth, {...expect0, payload: payload.subarray(1)})).toMatch(
			/bytes, not the signed/,
		);
	});

	it('stores the same bytes once: a second package from the same folder shares the payload', async () => {
		const again = await rim(
			'package',
			'add',
			app,
			'--id',
			'APP-COPY',
			'--version',
			'1',
			'--kind',
			'standard',
			'--json',
		);
		expect(again.json()).toMatchObject({shared: true});
		const list = (await rim('packages', '--json')).json();
		expect(list[2].digest).toBe(list[0].digest);
		expect(readdirSync(join(dir, 'payloads', 'sha256'))).toHaveLength(2);
		// Removing one keeps the shared payload for the other; removing the last frees it.
		expect((await rim('package', 'remove', 'APP-COPY')).stdout).toBe('removed package APP-COPY 1');
		expect(readdirSync(join(dir, 'payloads', 'sha256'))).toHaveLength(2);
		const scratch = await rim(
			'package',
			'add',
			sourceFolder('scratch', 7),
			'--id',
			'SCRATCH',
			'--version',
			'1',
			'--kind',
			'standard',
			'--json',
		);
		expect(readdirSync(join(dir, 'payloads', 'sha256'))).toHaveLength(3);
		expect((await rim('package', 'remove', 'SCRATCH')).code).toBe(0);
		expect(existsSync(join(dir, 'payloads', 'sha256', `${scratch.json().digest}.tar.gz`))).toBe(false);
	});

	it('packs a single file', async () => {
		const file = join(app, 'data.bin');
		const added = await rim(
			'package',
			'add',
			file,
			'--id',
			'ONE-FILE',
			'--version',
			'1',
			'--kind',
			'standard',
			'--install-script',
			'data.bin',
			'--json',
		);
		expect(added.code).toBe(0);
		const out = tempDir('rim-unpack-');
		await extract({file: join(dir, 'payloads', 'sha256', `${added.json().digest}.tar.gz`), cwd: out});
		expect(readdirSync(out)).toEqual(['data.bin']);
		expect(readFileSync(join(out, 'data.bin'))).toEqual(readFileSync(file));
		expect((await rim('package', 'remove', 'ONE-FILE')).code).toBe(0);
	});

	it('creates groups, fills and empties them, deletes them', async () => {
		expect((await rim('group', 'create', 'OFFICE', '--name', 'Office PCs')).stdout).toBe(
			'created group OFFICE "Office PCs" (no members)',
		);
		expect((await rim('group', 'create', 'LAB')).code).toBe(0);
		expect((await rim('group', 'create', 'OLD')).code).toBe(0);
		expect((await rim('group', 'delete', 'OLD')).stdout).toBe('deleted group OLD');
		expect((await rim('destinations', '--json')).json()).toEqual({
			fleet: 'network',
			hosts: [],
			groups: [
				{id: 'OFFICE', name: 'Office PCs', members: [], securityOnly: false},
				{id: 'LAB', name: 'LAB', members: [], securityOnly: false},
			],
		});
	});

	it('refuses bad package input with one line, exit 2, nothing stored', async () => {
		const add = (...extra: string[]) => ['package', 'add', app, ...extra];
		await expectRefused(
			rim,
			dir,
			add('--id', 'APP', '--version', '1', '--kind', 'standard'),
			'a package with id APP exists already',
		);
		await expectRefused(
			rim,
			dir,
			add('--id', 'app', '--version', '1', '--kind', 'standard'),
			'package id "app" is not allowed: use 1–44 characters A-Z 0-9 - _',
		);
		await expectRefused(
			rim,
			dir,
			add('--id', 'A'.repeat(45), '--version', '1', '--kind', 'standard'),
			/package id "A{45}" is not allowed/,
		);
		await expectRefused(
			rim,
			dir,
			add('--id', 'NEW', '--version', '1234567', '--kind', 'standard'),
			'version "1234567" is not allowed: use 1–6 characters A-Z 0-9 /',
		);
		await expectRefused(
			rim,
			dir,
			add('--id', 'NEW', '--version', 'v1', '--kind', 'standard'),
			/version "v1" is not allowed/,
		);
		await expectRefused(
			rim,
			dir,
			add('--id', 'NEW', '--version', '1', '--kind', 'standard', '--name', 'a;b'),
			'package name "a;b" is not allowed: use 1–50 characters, no \\ ; or control characters',
		);
		await expectRefused(
			rim,
			dir,
			add('--id', 'NEW', '--version', '1', '--kind', 'standard', '--cabinet', 'ABC'),
			/cabinet id "ABC" is not allowed/,
		);
		await expectRefused(
			rim,
			dir,
			add('--id', 'NEW', '--version', '1', '--kind', 'standard', '--os', 'Windows 11'),
			/operating system "Windows 11" is not allowed/,
		);
		await expectRefused(
			rim,
			dir,
			add('--id', 'NEW', '--version', '1', '--kind', 'driver'),
			'--kind must be standard or update-data, not "driver"',
		);
		await expectRefused(rim, dir, add('--version', '1', '--kind', 'standard'), 'missing --id ID');
		await expectRefused(
			rim,
			dir,
			add('--id', 'NEW', '--version', '1', '--kind', 'standard', '--install-script', '../x.sh'),
			/must be a relative path inside the package/,
		);
		await expectRefused(
			rim,
			dir,
			add('--id', 'NEW', '--version', '1', '--kind', 'standard', '--install-script', 'setup.sh'),
			`install script "setup.sh" is not a file in ${app}`,
		);
	});

	it('refuses a path that does not exist, an empty folder, and a folder with a symbolic link pointing outside it', async () => {
		const missing = join(app, 'no-such-folder');
		await expectRefused(
			rim,
			dir,
			['package', 'add', missing, '--id', 'NEW', '--version', '1', '--kind', 'standard'],
			`${missing} does not exist`,
		);
		const empty = tempDir('rim-empty-');
		await expectRefused(
			rim,
			dir,
			['package', 'add', empty, '--id', 'NEW', '--version', '1', '--kind', 'standard'],
			`${empty} holds no file; a package needs at least one`,
		);
		for (const target of ['/etc/passwd', '../../outside', '../..']) {
			const leaky = sourceFolder('leaky', 2);
			symlinkSync(target, join(leaky, 'share', 'link'));
			await expectRefused(
				rim,
				dir,
				['package', 'add', leaky, '--id', 'NEW', '--version', '1', '--kind', 'standard'],
				`${join(leaky, 'share', 'link')} is a symbolic link to ${target}, outside the folder; rim packs only links that stay inside it`,
			);
		}
	});

	it('refuses a package larger than the free disk of the data directory, before writing anything', async () => {
		const fs = await statfs(dir);
		const free = fs.bavail * fs.bsize;
		const big = join(tempDir('rim-big-'), 'big.img');
		// A sparse file: as large as the disk's free space and more, without using any of it.
		writeFileSync(big, '');
		truncateSync(big, Math.min(free + 2 ** 30, 2 ** 43));
		await expectRefused(
			rim,
			dir,
			['package', 'add', big, '--id', 'NEW', '--version', '1', '--kind', 'standard'],
			/^rim: the package needs about [\d.]+ [KMGT]iB and the data directory's disk has [\d.]+ [KMGT]iB free$/,
		);
	});

	it('refuses a file it cannot read', {timeout: 180_000}, async () => {
		const source = tempDir('rim-unreadable-');
		writeFileSync(join(source, 'secret.bin'), 'x');
		chmodSync(join(source, 'secret.bin'), 0o000);
		if (process.getuid?.() !== 0) {
			await expectRefused(
				rim,
				dir,
				['package', 'add', source, '--id', 'NEW', '--version', '1', '--kind', 'standard'],
				`${join(source, 'secret.bin')} is not readable (permission denied)`,
			);
			return;
		}
		// root reads every file: run rim as an unprivileged user on a site of its own.
		const home = tempDir('rim-nobody-');
		chmodSync(home, 0o777);
		chmodSync(source, 0o755);
		const site = join(home, 'site');
		const run = (...argv: string[]) =>
			spawnSync('bin/rim', [...argv, '--data-dir', site], {
				encoding: 'utf8',
				uid: 65534,
				gid: 65534,
				env: {...process.env, HOME: home},
			});
		expect(run('init').status).toBe(0);
		const refused = run('package', 'add', source, '--id', 'NEW', '--version', '1', '--kind', 'standard');
		expect({status: refused.status, stderr: refused.stderr}).toEqual({
			status: 2,
			stderr: `rim: ${join(source, 'secret.bin')} is not readable (permission denied)\n`,
		});
		expect(JSON.parse(run('packages', '--json').stdout)).toEqual([]);
	});

	it('shows packing progress to a watcher, and nothing on a pipe', async () => {
		const watched = await rim('package', 'add', defs, '--id', 'DEFS-02', '--version', '0002', '--kind', 'update-data');
		expect(watched.code).toBe(0);
		expect(watched.status.at(-2)).toMatch(/^packing .*defs: 100% \(/);
		expect(watched.status.at(-1)).toBe('');
		const piped = spawnSync(
			'bin/rim',
			['package', 'add', defs, '--id', 'DEFS-03', '--version', '0003', '--kind', 'update-data', '--data-dir', dir],
			{encoding: 'utf8'},
		);
		expect({status: piped.status, stderr: piped.stderr}).toEqual({status: 0, stderr: ''});
	});
});

describe('groups, hosts and packages on the demo fleet, with jobs', () => {
	let dir: string;
	let rim: Rim;
	beforeAll(async () => {
		dir = tempDir('rim-site-demo-');
		rim = runnerFor(dir);
		expect((await rim('demo', 'reset')).code).toBe(0);
	});

	it('installs update data made from a folder on the security PCs: the manifest verifies on every device', async () => {
		const added = await rim(
			'package',
			'add',
			sourceFolder('patch', 9),
			'--id',
			'PATCH-FILES',
			'--version',
			'0001',
			'--kind',
			'update-data',
		);
		expect(added.code).toBe(0);
		const run = await rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'PATCH-FILES',
			'--destination',
			'SECURITY-PCS',
			'--name',
			'Patch',
			'--wait',
		);
		expect(run.stdout).toContain('Finished 7  Error 1  Rejected 0  Total 8');
		expect(run.stdout).toContain('SEC-05  300097078500  Device certificate expired');
	});

	it('refuses to remove a package a job uses, and removes it once the job is deleted', async () => {
		await expectRefused(
			rim,
			dir,
			['package', 'remove', 'PATCH-FILES'],
			'package PATCH-FILES is used by job J0001; delete the job first (rim job delete ID --yes)',
		);
		await expectRefused(rim, dir, ['package', 'remove', 'NOPE'], 'no package "NOPE"');
		expect((await rim('job', 'delete', 'J0001', '--yes')).code).toBe(0);
		expect((await rim('package', 'remove', 'PATCH-FILES')).code).toBe(0);
		expect(existsSync(join(dir, 'payloads', 'sha256'))).toBe(true);
		expect(readdirSync(join(dir, 'payloads', 'sha256'))).toEqual([]);
	});

	it('adds hosts to a group and removes them; a group of security PCs only is derived, never stored', async () => {
		expect((await rim('group', 'create', 'PILOT', '--name', 'Pilot PCs')).code).toBe(0);
		const added = await rim('group', 'add', 'PILOT', 'SEC-01', 'SEC-02');
		expect(added.stdout).toBe('added SEC-01, SEC-02; group PILOT has 2 member(s)');
		const group = (id: string) =>
			rim('destinations', '--json').then(r => r.json().groups.find((g: {id: string}) => g.id === id));
		expect(await group('PILOT')).toEqual({
			id: 'PILOT',
			name: 'Pilot PCs',
			members: ['SEC-01', 'SEC-02'],
			securityOnly: true,
		});
		expect((await rim('group', 'add', 'PILOT', 'ACC-01')).code).toBe(0);
		expect((await group('PILOT')).securityOnly).toBe(false);
		expect((await rim('group', 'remove', 'PILOT', 'ACC-01')).stdout).toBe(
			'removed ACC-01; group PILOT has 2 member(s)',
		);
		expect((await group('PILOT')).securityOnly).toBe(true);
		const {state} = JSON.parse(readFileSync(join(dir, 'rim.json'), 'utf8'));
		expect(Object.keys(state.inventory.groups.find((g: {id: string}) => g.id === 'PILOT')).sort()).toEqual([
			'id',
			'members',
			'name',
		]);
	});

	it('refuses bad group operations with one line, exit 2, nothing changed', async () => {
		await expectRefused(rim, dir, ['group', 'create', 'PILOT'], 'a group with id PILOT exists already');
		await expectRefused(
			rim,
			dir,
			['group', 'create', 'pilot'],
			'group id "pilot" is not allowed: use 1–44 characters A-Z 0-9 - _',
		);
		await expectRefused(rim, dir, ['group', 'create', 'NEW', '--name', 'x\\y'], /group name "x\\\\y" is not allowed/);
		await expectRefused(
			rim,
			dir,
			['group', 'create', 'SEC-03'],
			"SEC-03 is a host's id; a group needs an id no host has",
		);
		await expectRefused(rim, dir, ['group', 'add', 'PILOT', 'SEC-01'], 'SEC-01 is already in group PILOT');
		await expectRefused(rim, dir, ['group', 'add', 'PILOT', 'NOPE', 'SEC-04'], 'no host "NOPE"');
		await expectRefused(rim, dir, ['group', 'add', 'PILOT', 'SEC-04', 'SEC-04'], 'host SEC-04 is named more than once');
		await expectRefused(rim, dir, ['group', 'add', 'PILOT'], 'name at least one host to add to PILOT');
		await expectRefused(rim, dir, ['group', 'add', 'NOPE', 'SEC-04'], 'no group "NOPE"');
		await expectRefused(rim, dir, ['group', 'remove', 'PILOT', 'SEC-04'], 'SEC-04 is not in group PILOT');
		await expectRefused(rim, dir, ['group', 'delete', 'NOPE'], 'no group "NOPE"');
		expect(
			(
				await rim(
					'job',
					'create',
					'--type',
					'install',
					'--package',
					'SEC-PATCH-2611',
					'--destination',
					'PILOT',
					'--save-only',
					'--name',
					'Pilot',
				)
			).code,
		).toBe(0);
		await expectRefused(
			rim,
			dir,
			['group', 'delete', 'PILOT'],
			'group PILOT is a destination of definition Pilot; delete the definition first (rim definition delete NAME --yes)',
		);
	});

	it('removes a host from the site and from every group', async () => {
		expect((await rim('host', 'remove', 'ACC-05')).stdout).toBe(
			'removed host ACC-05 (standard-pc) from the site and its groups',
		);
		const {hosts, groups} = (await rim('destinations', '--json')).json();
		expect(hosts.map((h: {id: string}) => h.id)).not.toContain('ACC-05');
		expect(groups.find((g: {id: string}) => g.id === 'ACCOUNTING').members).not.toContain('ACC-05');
		await expectRefused(rim, dir, ['host', 'show', 'ACC-05'], 'no host "ACC-05"');
	});

	it('refuses to remove a host a running job targets, a relay with hosts below it, and a host a definition names', async () => {
		// SAL-09 is not started: the job waits there.
		const waiting = await rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'PDF-READER',
			'--destination',
			'SAL-09',
			'--name',
			'Waits',
			'--json',
		);
		const job = waiting.json().id;
		await expectRefused(
			rim,
			dir,
			['host', 'remove', 'SAL-09'],
			`job ${job} is running on SAL-09; wait for it to end or delete the job first`,
		);
		await expectRefused(
			rim,
			dir,
			['host', 'remove', 'RLY-TOKYO'],
			/^rim: RLY-TOKYO is the relay above RLY-OSAKA, DEV-01, .* and \d+ more; remove those hosts first$/,
		);
		expect(
			(
				await rim(
					'job',
					'create',
					'--type',
					'install',
					'--package',
					'PDF-READER',
					'--destination',
					'DEV-03',
					'--save-only',
					'--name',
					'Later',
				)
			).code,
		).toBe(0);
		await expectRefused(
			rim,
			dir,
			['host', 'remove', 'DEV-03'],
			'DEV-03 is a destination of definition Later; delete the definition first (rim definition delete NAME --yes)',
		);
		await expectRefused(rim, dir, ['host', 'remove', 'NOPE'], 'no host "NOPE"');
	});

	it('shows what rim knows of a host, with the last software list collected', async () => {
		const before = (await rim('host', 'show', 'DEV-02', '--json')).json();
		expect(before).toMatchObject({
			id: 'DEV-02',
			kind: 'standard-pc',
			parent: 'RLY-TOKYO',
			os: 'windows-11',
			started: true,
			groups: [{id: 'DEVELOPMENT', name: 'Development', securityOnly: false}],
			software: null,
			certificate: null,
		});
		expect(
			(
				await rim(
					'job',
					'create',
					'--type',
					'install',
					'--package',
					'BROWSER',
					'--destination',
					'DEV-02',
					'--name',
					'Browser',
					'--wait',
				)
			).code,
		).toBe(0);
		const collect = await rim(
			'job',
			'create',
			'--type',
			'get-software-info',
			'--destination',
			'DEV-02',
			'--name',
			'Collect',
			'--wait',
			'--json',
		);
		expect(collect.code).toBe(0);
		const after = (await rim('host', 'show', 'DEV-02', '--json')).json();
		expect(after.software).toMatchObject({job: collect.json().id, packages: [{id: 'BROWSER', version: '131'}]});
		const text = (await rim('host', 'show', 'DEV-02')).stdout;
		expect(text).toContain(`Software collected by ${collect.json().id} at `);
		expect(text).toMatch(/BROWSER\s+131/);
		const security = (await rim('host', 'show', 'SEC-05', '--json')).json();
		expect(security.certificate).toMatchObject({serial: expect.stringMatching(/^[0-9A-F]+$/)});
		expect(security.certificate.notAfter).toBeLessThan(Date.now());
		expect((await rim('host', 'show', 'SEC-05')).stdout).toMatch(/Certificate\s+serial [0-9A-F]+, valid /);
	});
});

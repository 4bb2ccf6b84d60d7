/**
 * The headless CLI (README.md, Headless commands) and the interface contract of issue #2, through `main(argv, out, env)` on a
 * temporary data directory, and through `bin/rim` itself for the exit code a shell sees.
 */
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {describeCode} from '../src/engine/codes.js';
import {maintenanceCode} from './support/codes.js';
import {freshRim, removeCliDirs, type Rim} from './support/cli.js';

afterAll(removeCliDirs);

const CREATE_SECURITY = [
	'job',
	'create',
	'--type',
	'install',
	'--package',
	'SEC-PATCH-2611',
	'--destination',
	'SECURITY-PCS',
];

describe('the issue\'s "Done when" walk', () => {
	let rim: Rim;
	let dir: string;
	beforeAll(async () => {
		({rim, dir} = await freshRim());
	});

	it('resets the demo fleet', async () => {
		const again = await rim('demo', 'reset');
		expect(again).toMatchObject({code: 0, stderr: []});
		expect(again.stdout).toBe(`demo fleet ready in ${dir}: 40 hosts, 5 groups, 7 packages (seed 1)`);
	});

	it("runs the update data job to the security-PC-only group and exits 1 with SEC-05's code, cause and action", async () => {
		const run = await rim(...CREATE_SECURITY, '--wait');
		expect(run.code).toBe(1);
		expect(run.stdout).toContain('Finished 7  Error 1  Rejected 0  Total 8');
		expect(run.stdout).toContain('SEC-05  300097078500  Device certificate expired');
		expect(run.stdout).toContain('  Action: Issue a new certification.');
		expect(run.stdout).toContain('  In rim: rim cert issue SEC-05; then rim job rerun J0001 --host SEC-05 --wait');
	});

	it("shows SEC-05's code with its cause and action in the status JSON", async () => {
		const status = await rim('job', 'status', 'J0001', '--json');
		expect(status.code).toBe(0);
		const json = status.json();
		expect(json).toMatchObject({
			id: 'J0001',
			type: 'install',
			progress: 100,
			counts: {finished: 7, error: 1, rejected: 0, total: 8},
		});
		const entry = describeCode(maintenanceCode('300097078500'))!;
		expect(json.destinations.find((d: {host: string}) => d.host === 'SEC-05')).toMatchObject({
			host: 'SEC-05',
			state: 'error',
			progress: 100,
			code: '300097078500',
			title: entry.title,
			cause: entry.cause,
			action: entry.action,
		});
		expect(json.destinations.filter((d: {state: string}) => d.state === 'finished')).toHaveLength(7);
	});

	it('finishes SEC-05 after a new certificate and a re-execution, exiting 0', async () => {
		expect(await rim('cert', 'issue', 'SEC-05')).toMatchObject({
			code: 0,
			stdout: 'SEC-05: the certification office issued a new device certificate',
		});
		const rerun = await rim('job', 'rerun', 'J0001', '--wait');
		expect(rerun.code).toBe(0);
		expect(rerun.stdout).toContain('re-executing 1 destination of J0001: SEC-05');
		const json = (await rim('job', 'status', 'J0001', '--json')).json();
		expect(json.counts).toEqual({finished: 8, error: 0, rejected: 0, total: 8});
		const sec05 = json.destinations.find((d: {host: string}) => d.host === 'SEC-05');
		expect(sec05).toMatchObject({state: 'finished', code: '900000000000', attempt: 2});
		// The failed first attempt is still there, with its code and its history.
		expect(sec05.earlier).toHaveLength(1);
		expect(sec05.earlier[0]).toMatchObject({
			attempt: 1,
			state: 'error',
			code: '300097078500',
			title: 'Device certificate expired',
		});
		expect(sec05.earlier[0].history[0]).toMatchObject({state: 'waiting', text: 'queued'});
		expect(sec05.earlier[0].history.at(-1)).toMatchObject({state: 'error'});
		expect(json.destinations.find((d: {host: string}) => d.host === 'SEC-01').earlier).toEqual([]);
	});

	it("refuses the standard package to the same group with the rule's message on one stderr line, exit 2", async () => {
		const refused = await rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'OFFICE-SUITE',
			'--destination',
			'SECURITY-PCS',
			'--wait',
		);
		expect(refused.code).toBe(2);
		expect(refused.stdout).toBe('');
		expect(refused.stderr).toEqual([
			'rim: Security PCs accept only update data packages; OFFICE-SUITE is a standard package and ' +
				'the destinations include security PCs SEC-01, SEC-02, SEC-03, SEC-04, SEC-05 and 3 more',
		]);
	});
});

describe('--json follows the interface contract of issue #2', () => {
	let rim: Rim;
	beforeAll(async () => {
		({rim} = await freshRim());
	});

	it('lists packages as {id, name, version, kind, cabinet, size, digest, os, installScript}', async () => {
		const list = (await rim('packages', '--json')).json();
		expect(list).toHaveLength(7);
		for (const p of list) {
			expect(Object.keys(p).sort()).toEqual([
				'cabinet',
				'digest',
				'id',
				'installScript',
				'kind',
				'name',
				'os',
				'size',
				'version',
			]);
			expect(p.digest).toMatch(/^[0-9a-f]{64}$/);
			expect(['standard', 'update-data']).toContain(p.kind);
			expect(typeof p.size).toBe('number');
		}
		expect(list[0]).toMatchObject({
			id: 'SEC-PATCH-2611',
			name: 'Security patch 2026-11',
			version: '2611',
			kind: 'update-data',
			cabinet: 'UD',
			size: 49_152,
		});
	});

	it('lists destinations as the fleet kind, hosts {id, name, kind, started, parent} (a relay also its report, null until it sends one) and groups {id, name, members, securityOnly}', async () => {
		const {hosts, groups, ...rest} = (await rim('destinations', '--json')).json();
		expect(rest).toEqual({fleet: 'simulated'});
		expect(hosts).toHaveLength(40);
		for (const h of hosts)
			expect(Object.keys(h).sort()).toEqual(
				h.kind === 'relay'
					? ['id', 'kind', 'name', 'parent', 'relay', 'started']
					: ['id', 'kind', 'name', 'parent', 'started'],
			);
		expect(hosts.find((h: {id: string}) => h.id === 'SAL-09')).toEqual({
			id: 'SAL-09',
			name: 'Sales 09',
			kind: 'standard-pc',
			started: false,
			parent: 'RLY-OSAKA',
		});
		expect(hosts.find((h: {id: string}) => h.id === 'RLY-TOKYO')).toMatchObject({
			kind: 'relay',
			started: true,
			parent: null,
			relay: null,
		});
		for (const g of groups) expect(Object.keys(g).sort()).toEqual(['id', 'members', 'name', 'securityOnly']);
		expect(groups.map((g: {id: string; securityOnly: boolean}) => [g.id, g.securityOnly])).toEqual([
			['SECURITY-PCS', true],
			['ACCOUNTING', false],
			['DEVELOPMENT', false],
			['SALES', false],
			['FLOOR-3', false],
		]);
		expect(groups[4].members).toEqual(['ACC-01', 'ACC-02', 'ACC-03', 'ACC-04', 'SEC-01', 'SEC-02']);
	});

	it('prints the created job id, or with --save-only the saved definition, which executes later as a new job', async () => {
		const plain = await rim(
			'job',
			'create',
			'--type',
			'get-software-info',
			'--destination',
			'ACCOUNTING',
			'--name',
			'Inventory',
		);
		expect(plain).toMatchObject({code: 0, stdout: 'J0001'});
		const saved = await rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'BROWSER',
			'--destination',
			'DEV-01',
			'--name',
			'Browser',
			'--save-only',
			'--json',
		);
		expect(saved.json()).toMatchObject({
			id: 'D0001',
			name: 'Browser',
			folder: null,
			type: 'install',
			executions: [],
			packages: [{id: 'BROWSER', conditions: {}}],
			destinations: [{kind: 'host', id: 'DEV-01'}],
		});
		expect((await rim('jobs', '--json')).json()).toHaveLength(1);
		const run = await rim('definition', 'run', 'browser', '--wait', '--json');
		expect(run.code).toBe(0);
		expect(run.json()).toMatchObject({
			id: 'J0002',
			name: 'Browser',
			definition: 'Browser',
			counts: {finished: 1, total: 1},
		});
	});

	it("shows a job's status as {id, name, type, progress, counts, destinations: [{host, state, progress, code, title, cause, action}]}", async () => {
		await rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'PDF-READER',
			'--destination',
			'SAL-01',
			'--at',
			new Date(Date.now() + 86_400_000).toISOString(),
			'--name',
			'Tomorrow',
		);
		const json = (await rim('job', 'status', 'J0003', '--json')).json();
		expect(json).toMatchObject({
			id: 'J0003',
			name: 'Tomorrow',
			type: 'install',
			progress: 0,
			counts: {finished: 0, error: 0, rejected: 0, total: 1},
		});
		expect(json.destinations).toEqual([
			expect.objectContaining({
				host: 'SAL-01',
				state: 'waiting',
				progress: 0,
				code: null,
				title: null,
				cause: null,
				action: null,
			}),
		]);
	});

	it('lists jobs as an array with their counts', async () => {
		const jobs = (await rim('jobs', '--json')).json();
		expect(jobs.map((j: {id: string; name: string}) => j.id)).toEqual(['J0001', 'J0002', 'J0003']);
		expect(jobs[0]).toMatchObject({id: 'J0001', name: 'Inventory', type: 'get-software-info', counts: {total: 10}});
		expect(jobs[0].definition).toBeNull();
		expect(jobs[1]).toMatchObject({
			id: 'J0002',
			type: 'install',
			definition: 'Browser',
			progress: 100,
			result: 'finished',
			counts: {finished: 1, error: 0, rejected: 0, total: 1},
		});
		for (const j of jobs)
			expect(Object.keys(j)).toEqual(expect.arrayContaining(['id', 'name', 'type', 'progress', 'counts']));
	});
});

describe('--wait stops on destinations that wait for an outside event', () => {
	it('exits 3 naming SAL-09 and SAL-10, which are not started, and finishes them once they are powered on', async () => {
		const {rim} = await freshRim();
		const wait = await rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'PDF-READER',
			'--destination',
			'SALES',
			'--wait',
		);
		expect(wait.code).toBe(3);
		expect(wait.stdout).toContain('waiting on an outside event: SAL-09: destination PC not started');
		expect(wait.stdout).toContain('waiting on an outside event: SAL-10: destination PC not started');
		expect((await rim('lab', 'power', 'SAL-09', 'on')).stdout).toBe('SAL-09: started');
		expect((await rim('lab', 'power', 'SAL-10', 'on')).code).toBe(0);
		const run = await rim('job', 'run', 'J0001', '--wait', '--json');
		expect(run.code).toBe(0);
		expect(run.json().counts).toEqual({finished: 10, error: 0, rejected: 0, total: 10});
	});
});

describe('bad input exits 2 with one line on stderr and writes nothing', () => {
	let rim: Rim;
	let file: () => Buffer;
	beforeAll(async () => {
		({rim, file} = await freshRim());
	});

	const create = (...args: string[]) => ['job', 'create', ...args];
	const install = (...args: string[]) => create('--type', 'install', ...args);
	it.each<[string, string[], string]>([
		[
			'an unknown package',
			install('--package', 'NOPE', '--destination', 'ACCOUNTING'),
			'rim: unknown package "NOPE" (see rim packages)',
		],
		[
			'an unknown destination',
			install('--package', 'PDF-READER', '--destination', 'NOWHERE'),
			'rim: unknown destination "NOWHERE" (see rim destinations)',
		],
		[
			'a date that does not exist',
			install('--package', 'PDF-READER', '--destination', 'ACCOUNTING', '--at', '2026-02-30'),
			'rim: --at "2026-02-30" is not a real calendar date and time',
		],
		[
			'a date that is not a date',
			install('--package', 'PDF-READER', '--destination', 'ACCOUNTING', '--at', 'tomorrow'),
			'rim: --at "tomorrow" is not a date (use YYYY-MM-DD, YYYY-MM-DD hh:mm or ISO 8601; times are UTC unless a zone is given)',
		],
		[
			'a zone offset that does not exist',
			install('--package', 'PDF-READER', '--destination', 'ACCOUNTING', '--at', '2030-01-01T10:00+99:00'),
			'rim: --at "2030-01-01T10:00+99:00" has zone offset +99:00, which does not exist (offsets run from -12:00 to +14:00)',
		],
		[
			'a date past 9999',
			install('--package', 'PDF-READER', '--destination', 'ACCOUNTING', '--time-limit', '9999-12-31T23:59:59-12:00'),
			'rim: --time-limit "9999-12-31T23:59:59-12:00" is outside the dates rim accepts (2000-01-01 to 9999-12-31)',
		],
		[
			'a name with invisible characters',
			install('--package', 'PDF-READER', '--destination', 'ACCOUNTING', '--name', 'Nightly\u200b'),
			'rim: Job name cannot contain control or invisible characters',
		],
		[
			'a name with a bidi override',
			install('--package', 'PDF-READER', '--destination', 'ACCOUNTING', '--name', 'a\u202eb'),
			'rim: Job name cannot contain control or invisible characters',
		],
		[
			'an option as a value',
			install('--package', 'PDF-READER', '--destination', 'ACCOUNTING', '--name=--yes'),
			'rim: --name "--yes" looks like an option, not a value; give --name a value',
		],
		[
			'a negative host count',
			['demo', 'reset', '--hosts', '-5'],
			'rim: --hosts must be a whole number from 3 to 100000 (hosts), not "-5"',
		],
		[
			'a split interval past a day',
			install('--package', 'PDF-READER', '--destination', 'ACCOUNTING', '--split', '1:99999999999999'),
			'rim: --split interval must be a whole number from 0 to 86400 (seconds), not "99999999999999"',
		],
		[
			'a negative speed',
			['job', 'run', 'J0001', '--wait', '--realtime', '--speed', '-3'],
			'rim: --speed must be a whole number from 1 to 1000 (times wall-clock speed), not "-3"',
		],
		[
			'a start date in the past',
			install('--package', 'PDF-READER', '--destination', 'ACCOUNTING', '--at', '2020-01-01'),
			'rim: Start date 2020-01-01 00:00 UTC is in the past',
		],
		[
			'a relay expiry in the past',
			install('--package', 'PDF-READER', '--destination', 'SALES', '--relay-expiry', '2020-01-01'),
			'rim: --relay-expiry 2020-01-01 00:00 UTC is in the past',
		],
		[
			'a bad job name',
			install('--package', 'PDF-READER', '--destination', 'ACCOUNTING', '--name', 'Nov/patch'),
			'rim: Job name cannot contain /',
		],
		[
			'an unknown job type',
			create('--type', 'uninstall', '--destination', 'ACCOUNTING'),
			'rim: unknown job type "uninstall": use one of install, transfer-to-relay, get-software-info',
		],
		[
			'a job type the destination cannot run',
			create('--type', 'get-software-info', '--destination', 'SECURITY-PCS'),
			'rim: Security PCs accept only Install package jobs; Get software information from client cannot run on SEC-01, SEC-02, SEC-03, SEC-04, SEC-05 and 3 more',
		],
		[
			'a transfer to clients',
			create('--type', 'transfer-to-relay', '--package', 'PDF-READER', '--destination', 'ACC-01'),
			'rim: Transfer package to relay system accepts only relay systems as destinations (ACC-01)',
		],
		[
			'a split size of 0',
			install('--package', 'PDF-READER', '--destination', 'ACCOUNTING', '--split', '0:5'),
			'rim: --split size must be a whole number from 1 to 1099511627776 (bytes), not "0"',
		],
		[
			'a split size beyond what the data file can store',
			install('--package', 'PDF-READER', '--destination', 'ACCOUNTING', '--split', '99999999999999999999:1'),
			'rim: --split size must be a whole number from 1 to 1099511627776 (bytes), not "99999999999999999999"',
		],
		[
			'a split Get software information job',
			create('--type', 'get-software-info', '--destination', 'ACCOUNTING', '--split', '4096:1'),
			'rim: Split package is locked for this job: Get software information carries no package: always unicast, nothing to split',
		],
		[
			'a locked setting on a security job',
			install('--package', 'SEC-PATCH-2611', '--destination', 'SECURITY-PCS', '--multicast'),
			'rim: Distribution method is locked for this job: Jobs to security PCs are always unicast, never split, and never sent to suspended destinations',
		],
		[
			'an unknown fault',
			['lab', 'fault', 'SEC-01', 'melt'],
			'rim: unknown fault "melt": use one of unauthorized-pki, low-memory, no-cert, no-ca-cert, foreign-cert, expired-cert, tampered-data, internal-error, other-error, clear',
		],
		[
			'a fault on a standard PC',
			['lab', 'fault', 'ACC-01', 'no-cert'],
			'rim: ACC-01 is a standard-pc; only security PCs have an authentication device',
		],
		[
			'an unknown job',
			['job', 'status', 'J9999'],
			'rim: no job "J9999" (see rim jobs; saved jobs are definitions: rim definitions)',
		],
		['an unknown command', ['jobz'], 'rim: unknown command "jobz" (rim --help lists the commands)'],
		[
			'an unknown job command',
			['job', 'explode'],
			'rim: unknown job command "explode": use create, run, status, rerun, delete (rim job --help)',
		],
	])('refuses %s', async (_what, argv, message) => {
		const before = file();
		const result = await rim(...argv);
		expect(result.stderr).toEqual([message]);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(file().equals(before)).toBe(true);
	});

	it('has created no job through all those refusals', async () => {
		expect((await rim('jobs', '--json')).json()).toEqual([]);
	});
});

describe('the training lab and the code catalogue from the shell', () => {
	it('makes a fault real on a security PC so that the next job ends with its code', async () => {
		const {rim} = await freshRim();
		expect((await rim('lab', 'fault', 'SEC-02', 'no-ca-cert')).stdout).toBe(
			'SEC-02: no-ca-cert is now real on the device',
		);
		const run = await rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'AV-DEFS-0482',
			'--destination',
			'SEC-02',
			'--wait',
			'--json',
		);
		expect(run.code).toBe(1);
		expect(run.json().destinations).toEqual([
			expect.objectContaining({
				host: 'SEC-02',
				state: 'error',
				code: '300097078600',
				title: 'No certification office certificate',
			}),
		]);
	});

	it('explains a known code and refuses an unknown one', async () => {
		const {rim} = await freshRim();
		const known = await rim('code', '300097078500');
		expect(known.code).toBe(0);
		expect(known.stdout.split('\n')).toEqual([
			'300097078500  Device certificate expired  (JP1/Software Distribution)',
			'Cause:  The certification of the authentication device has expired.',
			'Action: Issue a new certification.',
			'In rim: rim cert issue HOST; then rim job rerun JOB --host HOST --wait',
		]);
		const admin = await rim('code', '300097078600');
		expect(admin.stdout.split('\n')).toEqual([
			'300097078600  No certification office certificate  (JP1/Software Distribution)',
			'Cause:  There is no certification from the certification office.',
			'Action: Contact the system administrator.',
			"Note:   The administrator would check that the PC's authentication device holds the certification office's CA certificate.",
			'In rim: rim lab fault HOST clear; then rim job rerun JOB --host HOST --wait',
		]);
		expect((await rim('code', '300097078200', '--json')).json()).toMatchObject({
			cause: 'A memory shortage occurred.',
			action: 'Stop unnecessary applications.',
			remedies: ['clear-fault', 'rerun-host'],
		});
		expect((await rim('code', '3000e0010000', '--json')).json()).toMatchObject({
			code: '3000E0010000',
			source: 'rim',
			title: 'Connection error',
		});
		expect(await rim('code', '300012345600')).toMatchObject({
			code: 2,
			stderr: ["rim: 300012345600 is not in rim's catalogue (rim code --all lists it)"],
		});
		expect(await rim('code', 'hello')).toMatchObject({
			code: 2,
			stderr: ['rim: "hello" is not a maintenance code: 12 hexadecimal digits, e.g. 300097078500'],
		});
	});
});

describe('bin/rim in a shell', () => {
	it("exits 2 with the rule's one-line reason, reading the data directory from RIM_DATA_DIR", async () => {
		const {dir, file} = await freshRim();
		const before = file();
		const result = spawnSync(
			'bin/rim',
			['job', 'create', '--type', 'install', '--package', 'PDF-READER', '--destination', 'FLOOR-3'],
			{encoding: 'utf8', env: {...process.env, RIM_DATA_DIR: dir}},
		);
		expect(result.status).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toBe(
			'rim: Security PCs accept only update data packages; PDF-READER is a standard package and the ' +
				'destinations include security PCs SEC-01, SEC-02\n',
		);
		expect(file().equals(before)).toBe(true);
	});

	it("exits 1 when the security job ends with SEC-05's expired certificate", async () => {
		const {dir} = await freshRim();
		const result = spawnSync('bin/rim', [...CREATE_SECURITY, '--wait', '--json', '--data-dir', dir], {
			encoding: 'utf8',
		});
		expect(result.status).toBe(1);
		expect(JSON.parse(result.stdout).counts).toEqual({finished: 7, error: 1, rejected: 0, total: 8});
	});

	it('stops printing quietly when the reader of a pipe goes away, and still closes the data directory', async () => {
		const {dir, rim} = await freshRim();
		// Far more than a pipe buffer (64 KiB) of output, so rim is still writing when head exits.
		expect((await rim('demo', 'reset', '--hosts', '3000')).code).toBe(0);
		const result = spawnSync('sh', ['-c', `bin/rim destinations --data-dir '${dir}' | head -n 1`], {encoding: 'utf8'});
		expect(result.stderr).toBe('');
		expect(result.stdout.split('\n')[0]).toMatch(/^HOST\s+NAME/);
		expect(existsSync(join(dir, 'rim.lock'))).toBe(false);
	});
});

describe('installation conditions from the command line', () => {
	it('waits for the next system start with --timing at-system-start, and installs once the PC restarts', async () => {
		const {rim} = await freshRim();
		const created = await rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'PDF-READER',
			'--destination',
			'ACC-01',
			'--timing',
			'at-system-start',
			'--wait',
			'--json',
		);
		expect(created.code).toBe(3);
		expect(created.json().destinations[0]).toMatchObject({
			host: 'ACC-01',
			state: 'waiting-at-client',
			detail: 'waiting for the installation timing',
		});
		expect((await rim('lab', 'power', 'ACC-01', 'off')).code).toBe(0);
		expect((await rim('lab', 'power', 'ACC-01', 'on')).code).toBe(0);
		const after = await rim('job', 'run', 'J0001', '--wait', '--json');
		expect(after.code).toBe(0);
		expect(after.json().destinations[0]).toMatchObject({host: 'ACC-01', state: 'finished'});
	});

	it('refuses conditions a security PC cannot take, and a bad timing, with exit 2', async () => {
		const {rim} = await freshRim();
		const security = await rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'SEC-PATCH-2611',
			'--destination',
			'SECURITY-PCS',
			'--install-mode',
			'gui',
		);
		expect(security.code).toBe(2);
		expect(security.stderr).toEqual([
			'rim: For security PCs only Replace existing package and the expiration at the relay can be changed, not mode',
		]);
		const timing = await rim(
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'PDF-READER',
			'--destination',
			'ACC-01',
			'--timing',
			'later',
		);
		expect(timing.code).toBe(2);
		expect(timing.stderr).toEqual([
			'rim: --timing must be one of normal, at-system-start, at-system-stop, not "later"',
		]);
	});
});

describe('where options and help may go', () => {
	it('takes the global options before the command: rim --data-dir X jobs', async () => {
		const {dir, rim} = await freshRim();
		expect((await rim('job', 'create', '--type', 'get-software-info', '--destination', 'ACC-01')).code).toBe(0);
		const lines: string[] = [];
		const code = await main(
			['--data-dir', dir, '--json', 'jobs'],
			{log: l => lines.push(l), error: l => lines.push(l)},
			{},
		);
		expect(code).toBe(0);
		expect(JSON.parse(lines.join('\n')).map((j: {id: string}) => j.id)).toEqual(['J0001']);
		expect(await main([`--data-dir=${dir}`, 'jobs'], {log: l => lines.push(l), error: l => lines.push(l)}, {})).toBe(0);
	});

	it('prints the usage of a command group: rim job --help, rim lab --help', async () => {
		for (const [word, first] of [
			['job', 'rim job create'],
			['lab', 'rim lab fault'],
			['cert', 'rim cert issue'],
			['demo', 'rim demo reset'],
		]) {
			const lines: string[] = [];
			expect(await main([word!, '--help'], {log: l => lines.push(l), error: l => lines.push(`ERR ${l}`)}, {})).toBe(0);
			expect(lines.join('\n')).toMatch(new RegExp(`^${first}`));
		}
	});
});

/**
 * The Job Definition window headless: `job create --save|--save-only`, `rim definitions`, `rim definition …`,
 * `rim folders`, `rim folder …`, and data files written by the schemas before definitions (saved jobs, one executed
 * job) opening as definitions beside the execution.
 */
import {copyFileSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {SCHEMA_VERSION} from '../src/data/schema.js';
import {freshRim as freshDemo, removeCliDirs, type Rim} from './support/cli.js';

afterAll(removeCliDirs);
const freshRim = () => freshDemo('rim-defs-');

const SECURITY = ['job', 'create', '--type', 'install', '--package', 'SEC-PATCH-2611', '--destination', 'SECURITY-PCS'];

describe('Execute, Save and Execute, Save', () => {
	let rim: Rim;
	beforeAll(async () => {
		({rim} = await freshRim());
	});

	it('without --save runs the job and keeps no definition', async () => {
		expect(await rim(...SECURITY, '--name', 'Once')).toMatchObject({code: 0, stdout: 'J0001'});
		expect((await rim('definitions', '--json')).json()).toEqual([]);
		expect((await rim('definitions')).stdout).toBe('no definitions: rim job create … --save or --save-only keeps one');
	});

	it('--save keeps the definition and executes it (its job id); --save-only keeps it and runs nothing (its name)', async () => {
		expect(await rim(...SECURITY, '--name', 'Monthly-Patch', '--save', '--wait')).toMatchObject({code: 1});
		expect(
			await rim(
				'job',
				'create',
				'--type',
				'get-software-info',
				'--destination',
				'ACCOUNTING',
				'--name',
				'Inventory',
				'--save-only',
			),
		).toMatchObject({code: 0, stdout: 'Inventory'});
		const list = (await rim('definitions', '--json')).json();
		expect(list).toMatchObject([
			{id: 'D0001', name: 'Monthly-Patch', folder: null, executions: ['J0002']},
			{id: 'D0002', name: 'Inventory', folder: null, executions: []},
		]);
		const jobs = (await rim('jobs', '--json')).json();
		expect(jobs.map((j: {id: string; definition: string | null}) => [j.id, j.definition])).toEqual([
			['J0001', null],
			['J0002', 'Monthly-Patch'],
		]);
		expect((await rim('job', 'status', 'J0002')).stdout.split('\n')[0]).toMatch(
			/^J0002 {2}Monthly-Patch .* from definition Monthly-Patch$/,
		);
		expect((await rim('jobs')).stdout.split('\n')[2]).toMatch(/^J0002 .* Monthly-Patch$/);
	});

	it('definition run executes it again as a new job and prints the id; --wait drives it like job create', async () => {
		expect(await rim('definition', 'run', 'monthly-patch')).toMatchObject({code: 0, stdout: 'J0003'});
		const waited = await rim('definition', 'run', 'Monthly-Patch', '--wait', '--json');
		expect(waited.code).toBe(1);
		expect(waited.json()).toMatchObject({
			id: 'J0004',
			definition: 'Monthly-Patch',
			counts: {finished: 7, error: 1, total: 8},
		});
		expect((await rim('definition', 'show', 'Monthly-Patch', '--json')).json().executions).toEqual([
			'J0002',
			'J0003',
			'J0004',
		]);
		const shown = (await rim('definition', 'show', 'Monthly-Patch')).stdout;
		expect(shown).toContain('Monthly-Patch  (D0001)');
		expect(shown).toContain('  Destinations:   SECURITY-PCS (Security PCs)');
		expect(shown).toContain('  Executions:     J0002, J0003, J0004');
	});

	it('refuses bad combinations and unknown names with exit 2 and one line', async () => {
		const cases: [string[], string][] = [
			[
				[...SECURITY, '--save', '--save-only'],
				'rim: --save (Save and Execute) and --save-only (Save) exclude each other',
			],
			[[...SECURITY, '--folder', 'Monthly'], 'rim: --folder places a saved definition: add --save or --save-only'],
			[
				[...SECURITY, '--save-only', '--wait'],
				'rim: --save-only keeps the definition without executing it; --wait needs an execution (use --save)',
			],
			[[...SECURITY, '--name', 'MONTHLY-PATCH', '--save'], 'rim: A job named "MONTHLY-PATCH" exists already'],
			[[...SECURITY, '--name', 'Monthly-patch'], 'rim: A job named "Monthly-patch" exists already'],
			[
				[...SECURITY, '--name', 'X', '--save-only', '--folder', 'Nowhere'],
				'rim: no folder "Nowhere" (see rim folders)',
			],
			[['definition', 'run', 'Nope'], 'rim: no definition "Nope" (see rim definitions)'],
			[
				['definition', 'delete', 'Monthly-Patch'],
				'rim: deleting definition Monthly-Patch cannot be undone (its executions stay in rim jobs): add --yes to confirm',
			],
			[
				['job', 'run', 'J0002'],
				'rim: job J0002 was executed already: `rim job run J0002 --wait` drives it while it runs, `rim job rerun J0002` re-executes its failed destinations, `rim definition run NAME` executes a saved definition again',
			],
		];
		for (const [argv, message] of cases) {
			const result = await rim(...argv);
			expect(result.stderr, argv.join(' ')).toEqual([message]);
			expect(result.code).toBe(2);
		}
		expect((await rim('definitions', '--json')).json()).toHaveLength(2);
	});
});

describe('folders', () => {
	let rim: Rim;
	let file: () => Buffer;
	beforeAll(async () => {
		({rim, file} = await freshRim());
	});

	it('creates folders up to four levels, lists definitions by folder, moves and renames', async () => {
		for (const path of ['Monthly', 'Monthly/Security', 'Monthly/Security/Tokyo', 'Monthly/Security/Tokyo/Floor-3']) {
			expect(await rim('folder', 'create', path)).toMatchObject({code: 0, stdout: `created folder ${path}`});
		}
		expect(await rim(...SECURITY, '--name', 'Patch', '--save-only', '--folder', 'monthly/security')).toMatchObject({
			code: 0,
		});
		// `/` is the top of the Job Definition window, as for `definition move`.
		expect(
			await rim(
				'job',
				'create',
				'--type',
				'get-software-info',
				'--destination',
				'SALES',
				'--name',
				'Sales-Info',
				'--save-only',
				'--folder',
				'/',
			),
		).toMatchObject({code: 0});
		expect(
			(await rim('definitions', '--folder', 'Monthly', '--json'))
				.json()
				.map((d: {name: string; folder: string}) => [d.name, d.folder]),
		).toEqual([['Patch', 'Monthly/Security']]);
		expect(await rim('definition', 'move', 'Patch', 'Monthly/Security/Tokyo')).toMatchObject({
			code: 0,
			stdout: 'moved definition Patch to Monthly/Security/Tokyo',
		});
		expect(await rim('folder', 'rename', 'Monthly/Security', 'Secure')).toMatchObject({
			code: 0,
			stdout: 'renamed folder Monthly/Security to Monthly/Secure',
		});
		expect((await rim('definition', 'show', 'Patch', '--json')).json().folder).toBe('Monthly/Secure/Tokyo');
		expect(await rim('definition', 'move', 'Sales-Info', 'Monthly')).toMatchObject({code: 0});
		expect(await rim('definition', 'move', 'Sales-Info', '/')).toMatchObject({
			code: 0,
			stdout: 'moved definition Sales-Info to /',
		});
		const folders = (await rim('folders', '--json')).json();
		expect(folders.map((f: {path: string; definitions: number}) => [f.path, f.definitions])).toEqual([
			['Monthly', 0],
			['Monthly/Secure', 0],
			['Monthly/Secure/Tokyo', 1],
			['Monthly/Secure/Tokyo/Floor-3', 0],
		]);
	});

	it('refuses what the folder rules forbid, with exit 2, and writes nothing', async () => {
		const before = file();
		const cases: [string[], string][] = [
			[
				['folder', 'create', 'Monthly/Secure/Tokyo/Floor-3/Deeper'],
				'rim: Folders nest at most 4 levels; "Monthly/Secure/Tokyo/Floor-3" is at level 4',
			],
			[['folder', 'create', 'MONTHLY'], 'rim: A folder named "MONTHLY" exists already there'],
			[['folder', 'create', 'Bad*Name'], 'rim: Folder name cannot contain *'],
			[['folder', 'create', 'Nowhere/Child'], 'rim: no folder "Nowhere" (see rim folders)'],
			[['folder', 'rename', 'Monthly', 'has space'], 'rim: Folder name cannot contain space'],
			[
				['folder', 'delete', 'Monthly'],
				'rim: Folder "Monthly" is not empty (1 definition and 3 folders): add --force to delete it with everything in it',
			],
			[['definition', 'move', 'Patch', 'Nowhere'], 'rim: no folder "Nowhere" (see rim folders)'],
		];
		for (const [argv, message] of cases) {
			const result = await rim(...argv);
			expect(result.stderr, argv.join(' ')).toEqual([message]);
			expect(result.code).toBe(2);
		}
		expect(file().equals(before)).toBe(true);
	});

	it('deletes an empty folder, and a full one with --force together with its definitions', async () => {
		expect(await rim('folder', 'delete', 'Monthly/Secure/Tokyo/Floor-3')).toMatchObject({
			code: 0,
			stdout: 'deleted folder Monthly/Secure/Tokyo/Floor-3',
		});
		expect(await rim('folder', 'delete', 'Monthly', '--force')).toMatchObject({
			code: 0,
			stdout: 'deleted folder Monthly with 2 folders and 1 definition',
		});
		expect((await rim('definitions', '--json')).json().map((d: {name: string}) => d.name)).toEqual(['Sales-Info']);
		expect((await rim('folders')).stdout).toBe('no folders: rim folder create NAME');
	});
});

describe('data files of the schemas before definitions', () => {
	// Written by rim at schema 1 and at schema 2 (the last before definitions): two saved jobs, one executed job.
	it.each([1, 2])(
		'opens a version %i file with its saved jobs as definitions and its executed job as an execution; a definition then runs as a new job',
		async version => {
			const {rim, dir} = await freshRim();
			const fixture = join(import.meta.dirname, `fixtures/rim-v${version}.json`);
			expect(JSON.parse(readFileSync(fixture, 'utf8')).schemaVersion).toBe(version);
			copyFileSync(fixture, join(dir, 'rim.json'));
			rmSync(join(dir, 'rim.json.bak'), {force: true});

			const defs = (await rim('definitions', '--json')).json();
			expect(defs).toMatchObject([
				{
					id: 'D0001',
					name: 'Monthly-Patch',
					folder: null,
					type: 'install',
					destinations: [{kind: 'group', id: 'SECURITY-PCS'}],
					packages: [{id: 'SEC-PATCH-2611', conditions: {}}],
					executions: [],
				},
				{
					id: 'D0002',
					name: 'Pdf-Later',
					destinations: [{kind: 'group', id: 'SALES'}],
					settings: {startAt: Date.UTC(2030, 0, 1), timeLimit: Date.UTC(2030, 0, 2)},
					executions: [],
				},
			]);
			const jobs = (await rim('jobs', '--json')).json();
			expect(jobs).toMatchObject([
				{id: 'J0002', name: 'Inventory', definition: null, result: 'finished', counts: {finished: 10, total: 10}},
			]);
			expect(readFileSync(join(dir, `rim.json.v${version}.bak`)).equals(readFileSync(fixture))).toBe(true);
			expect(JSON.parse(readFileSync(join(dir, 'rim.json'), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);

			const run = await rim('definition', 'run', 'Monthly-Patch', '--wait', '--json');
			expect(run.code).toBe(1);
			expect(run.json()).toMatchObject({
				id: 'J0004',
				name: 'Monthly-Patch',
				definition: 'Monthly-Patch',
				counts: {finished: 7, error: 1, total: 8},
			});
			expect((await rim('folder', 'create', 'Monthly')).code).toBe(0);
			expect((await rim('definition', 'move', 'Pdf-Later', 'Monthly')).code).toBe(0);
		},
	);
});

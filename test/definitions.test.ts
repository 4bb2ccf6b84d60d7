/**
 * The Job Definition window through the engine API: definitions apart from executions (Execute, Save, Save and
 * Execute), executing a definition again, modifying it, and the folder rules with their refusals.
 */
import {describe, expect, it} from 'vitest';
import type {Engine} from '../src/engine/engine.js';
import {issueCertificate, labFault} from '../src/engine/lab.js';
import {MAX_FOLDER_DEPTH} from '../src/engine/rules/folder-rules.js';
import {testEngine} from './support/engine.js';
import {group, jobDef, settle, shown, statesOf} from './support/jobs.js';

const SECURITY = jobDef({name: 'Monthly-Patch', to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611']});

function must<T>(r: {ok: true; value: T} | {ok: false; error: {message: string}}): T {
	if (!r.ok) expect.fail(r.error.message);
	return r.value;
}

const refusal = (r: {ok: boolean; error?: {message: string}} | {ok: true; value: unknown}) =>
	'error' in r && r.error ? r.error.message : 'accepted';

async function saved(engine: Engine, def = SECURITY, folder: string | null = null) {
	return must(await engine.saveDefinition({def, folder}));
}

describe('definitions apart from executions', () => {
	it('Execute runs the job and keeps no definition; Save keeps one and runs nothing', async () => {
		const {engine} = testEngine();
		const job = must(await engine.executeJob({def: SECURITY}));
		expect(job).toMatchObject({id: 'J0001', name: 'Monthly-Patch', definition: null});
		expect(job.runs).toHaveLength(8);
		expect(engine.state.definitions).toEqual([]);

		const def = await saved(engine, {...SECURITY, name: 'Kept'});
		expect(def).toMatchObject({
			id: 'D0001',
			name: 'Kept',
			folder: null,
			type: 'install',
			destinations: [group('SECURITY-PCS')],
		});
		expect(engine.state.jobs.map(j => j.id)).toEqual(['J0001']);
		expect(engine.getSnapshot().definitions.map(d => d.name)).toEqual(['Kept']);
	});

	it('executes one definition three times as three executions, each with its own destinations, states and codes', async () => {
		const {engine, clock} = testEngine();
		const def = await saved(engine);
		const first = settle(engine, clock, must(await engine.executeDefinition(def.id)).id);
		await issueCertificate(engine, 'SEC-05');
		const second = settle(engine, clock, must(await engine.executeDefinition(def.id)).id);
		await labFault(engine, 'SEC-02', 'no-cert');
		const third = settle(engine, clock, must(await engine.executeDefinition(def.id)).id);

		expect([first.id, second.id, third.id]).toEqual(['J0001', 'J0002', 'J0003']);
		for (const job of [first, second, third]) {
			expect(job).toMatchObject({name: 'Monthly-Patch', definition: {id: def.id, name: 'Monthly-Patch'}});
			expect(job.runs).toHaveLength(8);
		}
		expect(shown(engine.job('J0001')!, 'SEC-05')).toMatchObject({state: 'error', code: '300097078500'});
		expect(shown(engine.job('J0002')!, 'SEC-05')).toMatchObject({state: 'finished', code: '900000000000'});
		expect(shown(engine.job('J0003')!, 'SEC-02')).toMatchObject({state: 'error', code: '300097078300'});
		expect(statesOf(engine.job('J0001')!)['SEC-02']).toBe('finished');
		expect(engine.getSnapshot().jobs.map(j => j.summary.result)).toEqual(['error', 'finished', 'error']);
		expect(engine.state.definitions).toHaveLength(1);
	});

	it('a modified definition changes only the executions that come after it', async () => {
		const {engine, clock} = testEngine();
		const def = await saved(engine, jobDef({name: 'Office', to: ['ACCOUNTING'], packages: ['PDF-READER']}));
		const before = settle(engine, clock, must(await engine.executeDefinition(def.id)).id);
		const beforeCopy = structuredClone(before);

		const changed = must(
			await engine.saveDefinition({
				id: def.id,
				def: jobDef({
					name: 'Office-Dev',
					to: ['DEVELOPMENT'],
					packages: ['BROWSER'],
					conditions: {replaceExisting: true},
				}),
			}),
		);
		expect(changed).toMatchObject({id: def.id, name: 'Office-Dev', createdAt: def.createdAt});
		expect(engine.state.definitions).toHaveLength(1);
		expect(engine.job(before.id)).toEqual(beforeCopy);

		const after = settle(engine, clock, must(await engine.executeDefinition(def.id)).id);
		expect(after).toMatchObject({
			name: 'Office-Dev',
			destinations: [group('DEVELOPMENT')],
			definition: {id: def.id, name: 'Office-Dev'},
			packages: [{id: 'BROWSER', conditions: {replaceExisting: true}}],
		});
		expect(after.runs.map(r => r.host)).toContain('DEV-01');
		expect(engine.job(before.id)).toMatchObject({
			name: 'Office',
			destinations: [group('ACCOUNTING')],
			definition: {id: def.id, name: 'Office'},
		});
		expect(engine.job(before.id)!.runs.map(r => r.host)).toContain('ACC-01');
	});

	it('Execute from a definition opened in the wizard runs the shown content, names the definition and leaves it unchanged', async () => {
		const {engine} = testEngine();
		const def = await saved(engine);
		const job = must(
			await engine.executeJob({def: {...SECURITY, destinations: [{kind: 'host', id: 'SEC-01'}]}, definition: def.id}),
		);
		expect(job).toMatchObject({name: 'Monthly-Patch', definition: {id: def.id, name: 'Monthly-Patch'}});
		expect(job.runs.map(r => r.host)).toEqual(['SEC-01']);
		expect(engine.definition(def.id)!.destinations).toEqual([group('SECURITY-PCS')]);
	});

	it('saves and executes only what the rule table allows, with its words, and stores nothing on a refusal', async () => {
		const {engine} = testEngine();
		const bad = jobDef({name: 'Bad', to: ['SECURITY-PCS'], packages: ['OFFICE-SUITE']});
		expect(refusal(await engine.saveDefinition({def: bad}))).toMatch(
			/^Security PCs accept only update data packages; OFFICE-SUITE is a standard package/,
		);
		const def = await saved(engine);
		expect(refusal(await engine.saveDefinition({id: def.id, def: {...SECURITY, name: 'bad name'}}))).toBe(
			'Job name cannot contain space',
		);
		expect(refusal(await engine.saveDefinition({def: {...SECURITY, name: 'MONTHLY-patch'}}))).toBe(
			'A job named "MONTHLY-patch" exists already',
		);
		expect(engine.state.definitions).toEqual([def]);
		expect(refusal(await engine.executeDefinition('D0999'))).toBe('no definition "D0999"');
		expect(refusal(await engine.saveDefinition({def: SECURITY, id: 'D0999'}))).toBe('no definition "D0999"');
		expect(engine.state.jobs).toEqual([]);
	});

	it('keeps job names unique ignoring case, except among the executions of one definition', async () => {
		const {engine} = testEngine();
		must(await engine.executeJob({def: {...SECURITY, name: 'Plain'}}));
		expect(refusal(await engine.executeJob({def: {...SECURITY, name: 'PLAIN'}}))).toBe(
			'A job named "PLAIN" exists already',
		);
		expect(refusal(await engine.saveDefinition({def: {...SECURITY, name: 'plain'}}))).toBe(
			'A job named "plain" exists already',
		);
		const def = await saved(engine);
		must(await engine.executeDefinition(def.id));
		must(await engine.executeJob({def: SECURITY, definition: def.id}));
		must(await engine.saveDefinition({id: def.id, def: {...SECURITY, name: 'MONTHLY-PATCH'}}));
		expect(engine.state.jobs.map(j => j.name)).toEqual(['Plain', 'Monthly-Patch', 'Monthly-Patch']);
		// The executions keep the name they were made with: it stays taken for every other job.
		expect(refusal(await engine.saveDefinition({def: {...SECURITY, name: 'monthly-patch'}}))).toBe(
			'A job named "monthly-patch" exists already',
		);
		expect(refusal(await engine.executeJob({def: SECURITY}))).toBe('A job named "Monthly-Patch" exists already');
		expect(engine.state.jobs).toHaveLength(3);
		expect(engine.state.definitions).toHaveLength(1);
	});

	it('deleting a definition keeps its executions, which still name it', async () => {
		const {engine} = testEngine();
		const def = await saved(engine);
		const job = must(await engine.executeDefinition(def.id));
		must(await engine.deleteDefinition(def.id));
		expect(engine.state.definitions).toEqual([]);
		expect(engine.job(job.id)!.definition).toEqual({id: def.id, name: 'Monthly-Patch'});
		expect(refusal(await engine.deleteDefinition(def.id))).toBe(`no definition "${def.id}"`);
	});
});

describe('folders', () => {
	it(`nest up to ${MAX_FOLDER_DEPTH} levels, named with the job-name rules, unique among siblings ignoring case`, async () => {
		const {engine} = testEngine();
		let parent: string | null = null;
		for (const name of ['Monthly', 'Security', 'Tokyo', 'Floor-3'])
			parent = must(await engine.createFolder(parent, name)).id;
		expect(refusal(await engine.createFolder(parent, 'Deeper'))).toBe(
			'Folders nest at most 4 levels; "Monthly/Security/Tokyo/Floor-3" is at level 4',
		);
		expect(refusal(await engine.createFolder(null, 'monthly'))).toBe('A folder named "monthly" exists already there');
		expect(refusal(await engine.createFolder(null, 'Bad/Name'))).toBe('Folder name cannot contain /');
		expect(refusal(await engine.createFolder(null, ''))).toBe('Folder name is required');
		expect(refusal(await engine.createFolder(null, 'x'.repeat(33)))).toBe(
			'Folder name is 33 characters; at most 32 are allowed',
		);
		expect(refusal(await engine.createFolder('F0999', 'Lost'))).toBe('No folder "F0999"');
		const security = engine.state.folders.find(f => f.name === 'Security')!;
		expect((await engine.createFolder(security.id, 'Monthly')).ok).toBe(true);
		expect(engine.state.folders).toHaveLength(5);
	});

	it('rename with the same rules; a definition moves between folders and to the top', async () => {
		const {engine} = testEngine();
		const a = must(await engine.createFolder(null, 'A'));
		const b = must(await engine.createFolder(null, 'B'));
		expect(refusal(await engine.renameFolder(b.id, 'a'))).toBe('A folder named "a" exists already there');
		expect(must(await engine.renameFolder(b.id, 'b'))).toEqual({...b, name: 'b'});
		expect(must(await engine.renameFolder(a.id, 'Quarterly'))).toEqual({...a, name: 'Quarterly'});
		const def = await saved(engine, SECURITY, a.id);
		expect(must(await engine.moveDefinition(def.id, b.id)).folder).toBe(b.id);
		expect(must(await engine.moveDefinition(def.id, null)).folder).toBeNull();
		expect(refusal(await engine.moveDefinition(def.id, 'F0999'))).toBe('No folder "F0999"');
		expect(refusal(await engine.moveDefinition('D0999', a.id))).toBe('No definition "D0999"');
		expect(refusal(await engine.saveDefinition({def: {...SECURITY, name: 'Other'}, folder: 'F0999'}))).toBe(
			'no folder "F0999"',
		);
	});

	it('refuses to delete a folder that is not empty unless forced; forced, its folders and definitions go, executions stay', async () => {
		const {engine} = testEngine();
		const monthly = must(await engine.createFolder(null, 'Monthly'));
		const sub = must(await engine.createFolder(monthly.id, 'Sub'));
		const def = await saved(engine, SECURITY, sub.id);
		const kept = await saved(engine, {...SECURITY, name: 'Kept'});
		const job = must(await engine.executeDefinition(def.id));

		expect(refusal(await engine.deleteFolder(monthly.id, false))).toBe(
			'Folder "Monthly" is not empty (1 definition and 1 folder)',
		);
		expect(refusal(await engine.deleteFolder(sub.id, false))).toBe('Folder "Monthly/Sub" is not empty (1 definition)');
		expect(engine.state.folders).toHaveLength(2);

		const deleted = must(await engine.deleteFolder(monthly.id, true));
		expect(deleted).toMatchObject({path: 'Monthly', folders: 1, definitions: ['Monthly-Patch']});
		expect(engine.state.folders).toEqual([]);
		expect(engine.state.definitions).toEqual([kept]);
		expect(engine.job(job.id)!.definition?.name).toBe('Monthly-Patch');

		const empty = must(await engine.createFolder(null, 'Empty'));
		expect(must(await engine.deleteFolder(empty.id, false))).toMatchObject({
			path: 'Empty',
			folders: 0,
			definitions: [],
		});
		expect(refusal(await engine.deleteFolder(empty.id, true))).toBe(`No folder "${empty.id}"`);
	});
});

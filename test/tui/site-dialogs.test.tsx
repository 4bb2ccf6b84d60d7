/**
 * The site's admin work in the TUI, through App with real key bytes: Add package (live field rules, packing with
 * progress, refusals that leave the site as it was), removing a package, New group, a group's members, deleting a group,
 * removing a host, and the fleet kind in the header.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {App} from '../../src/app.js';
import {engineApi} from '../../src/engine-api.js';
import {fieldProblem} from '../../src/engine/rules/inventory-fields.js';
import type {AddedPackage, PackProgress} from '../../src/engine/site.js';
import type {EngineApi} from '../../src/screens/engine-context.js';
import {initSite, openSession, type Session} from '../../src/session.js';
import {T0, testEngine} from '../support/engine.js';
import {jobDef} from '../support/jobs.js';
import {cleanupTui, KEY, renderTui} from '../support/tui.js';
import {lineWith} from './harness.js';

const dirs: string[] = [];
const sessions: Session[] = [];
afterEach(cleanupTui);
afterAll(async () => {
	for (const session of sessions) await session.close();
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const SIZE = {columns: 110, rows: 32};

/** The demo fleet in memory (no data directory): everything but packing. */
async function demoTui(api?: (base: EngineApi) => EngineApi) {
	const {engine, clock} = testEngine();
	const base = engineApi(engine, {fleetKind: 'simulated'});
	const tui = await renderTui(<App api={api ? api(base) : base} size={SIZE} />);
	return {...tui, engine, clock};
}

/** A real site made by `rim init` in a temp folder, opened as the TUI opens it. */
async function networkTui() {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rim-site-tui-'));
	dirs.push(dataDir);
	expect((await initSite({dataDir, now: T0, seed: 7})).ok).toBe(true);
	const opened = await openSession({dataDir, now: T0, clock: {kind: 'virtual'}});
	if (!opened.ok) throw new Error(opened.error);
	sessions.push(opened.value);
	const engine = opened.value.engine;
	const tui = await renderTui(
		<App api={engineApi(engine, {dataDir, fleetKind: opened.value.fleetKind})} size={SIZE} />,
	);
	return {...tui, engine, dataDir};
}

function sourceFolder(): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-site-src-'));
	dirs.push(dir);
	mkdirSync(path.join(dir, 'bin'));
	writeFileSync(path.join(dir, 'bin', 'install.sh'), '#!/bin/sh\necho installed\n');
	writeFileSync(path.join(dir, 'README'), 'editor 4.2\n');
	return dir;
}

type Tui = Awaited<ReturnType<typeof renderTui>>;

/** Fills the Add package form: each value after moving to its field (tab), the kind switched with space. */
async function fillPackage(
	tui: Tui,
	fields: {
		path: string;
		id: string;
		version: string;
		updateData?: boolean;
		name?: string;
		os?: string;
		script?: string;
	},
) {
	await tui.type(fields.path);
	await tui.press(KEY.tab);
	await tui.type(fields.id);
	await tui.press(KEY.tab);
	await tui.type(fields.version);
	await tui.press(KEY.tab);
	if (fields.updateData) await tui.press(KEY.space);
	await tui.press(KEY.tab);
	if (fields.name) await tui.type(fields.name);
	await tui.press(KEY.tab, KEY.tab);
	if (fields.os) await tui.type(fields.os);
	await tui.press(KEY.tab);
	if (fields.script) await tui.type(fields.script);
}

/** Focus Destinations and highlight one row: the filter cleared, then set to its id (a group: the last row). */
async function highlightDestination(tui: Tui, id: string, opts: {group?: boolean} = {}) {
	await tui.press('2', '/', '\x15');
	await tui.type(id);
	await tui.press(KEY.enter);
	if (opts.group) await tui.press(KEY.end);
	expect(lineWith(tui.frame(), ` ${id}  `)).toContain('›');
}

async function until(tui: Tui, check: () => boolean) {
	while (!check()) await tui.settle();
}

describe('the header', () => {
	it('names the fleet: the simulated demo, or a network site made by rim init', async () => {
		const demo = await demoTui();
		expect(demo.frame().split('\n')[0]).toContain('rim · Remote Installation Manager · simulated demo');
		await cleanupTui();
		const site = await networkTui();
		expect(site.frame().split('\n')[0]).toContain('· network site');
		expect(site.frame()).toContain('No packages yet: a adds one from a file or a folder');
	});
});

describe('Add package', () => {
	it('checks each field as it is typed, with the rules and words of rim package add', async () => {
		const tui = await demoTui();
		await tui.press('1', 'a');
		expect(tui.frame()).toContain('Add package: pack a file or a folder');
		await tui.press(KEY.tab);
		await tui.type('office-suite');
		expect(tui.frame()).toContain(fieldProblem('packageId', 'office-suite')!);
		await tui.press('\x15');
		await tui.type('OFFICE-SUITE');
		expect(tui.frame()).toContain('a package with id OFFICE-SUITE exists already');
		await tui.press(KEY.tab);
		await tui.type('4.2');
		expect(tui.frame()).toContain('version "4.2" is not allowed: use 1–6 characters A-Z 0-9 /');
		expect(lineWith(tui.frame(), 'Version')).toContain('✗');
	});

	it('refuses Add with the first problem and focuses its field, and the site keeps its packages', async () => {
		const tui = await demoTui();
		const before = JSON.stringify(tui.engine.getSnapshot().inventory.packages);
		await tui.press('1', 'a', KEY.enter);
		expect(lineWith(tui.frame(), '✗ Not added')).toContain('missing PATH (a file or a folder to pack)');
		await tui.type('/tmp');
		await tui.press(KEY.enter);
		expect(lineWith(tui.frame(), '✗ Not added')).toContain('missing package id');
		expect(lineWith(tui.frame(), '›')).toContain('Package id');
		expect(JSON.stringify(tui.engine.getSnapshot().inventory.packages)).toBe(before);
	});

	it('packs a folder into a package on the site (digest, signed update data) and highlights it', async () => {
		const tui = await networkTui();
		const src = sourceFolder();
		await tui.press('1', 'a');
		await fillPackage(tui, {
			path: src,
			id: 'EDITOR',
			version: '42',
			name: 'Text editor',
			os: 'windows-11,ubuntu-24.04',
			script: 'bin/install.sh',
		});
		await tui.press(KEY.enter);
		await until(tui, () => tui.frame().includes('Added standard package EDITOR 42'));
		const pkg = tui.engine.pkg('EDITOR')!;
		expect(pkg).toMatchObject({
			name: 'Text editor',
			version: '42',
			cabinet: 'SW',
			platforms: ['windows-11', 'ubuntu-24.04'],
			installScript: 'bin/install.sh',
		});
		expect(pkg.sha256).toMatch(/^[0-9a-f]{64}$/);
		expect(tui.frame()).not.toContain('Add package:');
		expect(lineWith(tui.frame(), 'EDITOR')).toContain('›');

		await tui.press('a');
		await fillPackage(tui, {path: src, id: 'DEFS', version: '0500', updateData: true});
		await tui.press(KEY.enter);
		await until(tui, () => tui.frame().includes('Added update data package DEFS 0500 in cabinet UD'));
		expect(tui.frame()).toContain('in cabinet UD: 184 B (payload shared), manifest signed');
		expect(tui.engine.pkg('DEFS')?.auth).not.toBeNull();
	});

	it('refuses a path that does not exist and an install script that is not in the package, leaving the site as it was', async () => {
		const tui = await networkTui();
		await tui.press('1', 'a');
		await fillPackage(tui, {path: path.join(sourceFolder(), 'nothing-here'), id: 'GHOST', version: '1'});
		await tui.press(KEY.enter);
		await until(tui, () => tui.frame().includes('Not added:'));
		expect(lineWith(tui.frame(), 'Not added:')).toMatch(/does not exist/);
		await tui.press(KEY.escape, 'a');
		await fillPackage(tui, {path: sourceFolder(), id: 'NOSCRIPT', version: '1', script: 'bin/missing.sh'});
		await tui.press(KEY.enter);
		await until(tui, () => tui.frame().includes('Not added:'));
		expect(lineWith(tui.frame(), 'Not added:')).toContain('install script "bin/missing.sh" is not a file in');
		expect(tui.engine.getSnapshot().inventory.packages).toEqual([]);
	});

	it('shows the packing progress, and stays usable while it packs: esc closes the dialog, the header follows it', async () => {
		let report: (p: PackProgress) => void = () => {};
		let finish: (value: AddedPackage) => void = () => {};
		const tui = await demoTui(base => ({
			...base,
			addPackage: async (_request, onProgress) => {
				report = p => onProgress?.(p);
				return {ok: true, value: await new Promise<AddedPackage>(resolve => (finish = resolve))};
			},
		}));
		await tui.press('1', 'a');
		await fillPackage(tui, {path: '/big/folder', id: 'BIG', version: '1'});
		await tui.press(KEY.enter);
		expect(tui.frame()).toContain('Packing BIG: starting…');
		report({done: 450 * 1024 * 1024, total: 1024 * 1024 * 1024});
		await tui.settle();
		expect(lineWith(tui.frame(), 'Packing BIG:')).toContain('43% (450 MiB of 1.0 GiB)');
		expect(tui.frame().split('\n')[0]).toContain('packing BIG 43%');
		await tui.press(KEY.escape);
		expect(tui.frame()).not.toContain('Add package:');
		expect(tui.frame()).toContain('Packing BIG goes on');
		await tui.press('2', 'j');
		report({done: 900 * 1024 * 1024, total: 1024 * 1024 * 1024});
		await tui.settle();
		expect(tui.frame().split('\n')[0]).toContain('packing BIG 87%');
		await tui.press('1', 'a');
		await fillPackage(tui, {path: '/other', id: 'OTHER', version: '1'});
		await tui.press(KEY.enter);
		expect(tui.frame()).toContain('Packing BIG…');
		await tui.press(KEY.escape);
		const {engine} = tui;
		finish({package: {...engine.pkg('PDF-READER')!, id: 'BIG', version: '1'}, shared: false});
		await tui.settle();
		expect(lineWith(tui.frame(), '✓')).toContain('Added standard package BIG 1');
		expect(tui.frame().split('\n')[0]).not.toContain('packing');
	});
});

describe('Remove package', () => {
	it("is refused with the rule's words while a job names the package, before any question, and changes nothing", async () => {
		const tui = await demoTui();
		const job = await tui.engine.executeJob({
			def: jobDef({name: 'USES', to: ['ACCOUNTING'], packages: ['PDF-READER']}),
		});
		expect(job.ok).toBe(true);
		await tui.press('1', '/');
		await tui.type('PDF-READER');
		await tui.press(KEY.enter, 'd');
		expect(lineWith(tui.frame(), '✗')).toContain('package PDF-READER is used by job J0001; delete the job first');
		expect(tui.frame()).not.toContain('Remove package PDF-READER?');
		expect(tui.engine.pkg('PDF-READER')).toBeDefined();
	});

	it('asks first: n keeps the package, y removes it', async () => {
		const tui = await demoTui();
		await tui.press('1', '/');
		await tui.type('BROWSER');
		await tui.press(KEY.enter, 'd');
		expect(tui.frame()).toContain('Remove package BROWSER?');
		await tui.press('n');
		expect(tui.engine.pkg('BROWSER')).toBeDefined();
		await tui.press('d', 'y');
		await tui.settle();
		expect(lineWith(tui.frame(), '✓')).toContain('Removed package BROWSER');
		expect(tui.engine.pkg('BROWSER')).toBeUndefined();
	});
});

describe('Host groups', () => {
	it("n creates a group; a bad or taken id is refused with the rule's words and nothing is created", async () => {
		const tui = await demoTui();
		const groups = () => tui.engine.getSnapshot().inventory.groups.map(g => g.id);
		const before = groups();
		await tui.press('2', 'n');
		await tui.type('office');
		await tui.press(KEY.enter);
		expect(tui.frame()).toContain(fieldProblem('groupId', 'office')!);
		await tui.press('\x15');
		await tui.type('SALES');
		await tui.press(KEY.enter);
		expect(tui.frame()).toContain('a group with id SALES exists already');
		expect(groups()).toEqual(before);
		await tui.press('\x15');
		await tui.type('OFFICE');
		await tui.press(KEY.tab);
		await tui.type('Office PCs');
		await tui.press(KEY.enter);
		await tui.settle();
		expect(lineWith(tui.frame(), '✓')).toContain('Created group OFFICE "Office PCs" (no members)');
		expect(tui.engine.getSnapshot().inventory.groups.find(g => g.id === 'OFFICE')).toEqual({
			id: 'OFFICE',
			name: 'Office PCs',
			members: [],
		});
	});

	it('m ticks and unticks members; Save adds and removes them; security-PC-only follows the members', async () => {
		const tui = await demoTui();
		await tui.engine.createGroup('PAIR');
		await highlightDestination(tui, 'PAIR', {group: true});
		await tui.press('m');
		expect(tui.frame()).toContain('Members of PAIR');
		await tui.type('SEC-0');
		await tui.press(KEY.space, KEY.down, KEY.space);
		expect(tui.frame()).toContain('Security-PC-only: yes');
		await tui.press(KEY.enter);
		await tui.settle();
		expect(lineWith(tui.frame(), '✓')).toContain('Group PAIR: added SEC-01, SEC-02; 2 members');
		expect(tui.engine.getSnapshot().inventory.groups.find(g => g.id === 'PAIR')?.members).toEqual(['SEC-01', 'SEC-02']);

		await tui.press('m');
		expect(lineWith(tui.frame(), 'SEC-01')).toContain('[x]');
		await tui.type('SEC-01');
		await tui.press(KEY.space, '\x15');
		await tui.type('ACC-01');
		await tui.press(KEY.space);
		expect(tui.frame()).toContain('Security-PC-only: no');
		await tui.press(KEY.enter);
		await tui.settle();
		expect(lineWith(tui.frame(), '✓')).toContain('Group PAIR: added ACC-01; removed SEC-01; 2 members');
		expect(tui.engine.getSnapshot().inventory.groups.find(g => g.id === 'PAIR')?.members).toEqual(['SEC-02', 'ACC-01']);
	});

	it('d deletes a group after the question; refused while a saved definition names it', async () => {
		const tui = await demoTui();
		expect(
			(await tui.engine.saveDefinition({def: jobDef({name: 'LATER', to: ['SALES'], packages: ['PDF-READER']})})).ok,
		).toBe(true);
		await highlightDestination(tui, 'SALES', {group: true});
		await tui.press('d');
		expect(lineWith(tui.frame(), '✗')).toContain(
			'group SALES is a destination of definition LATER; delete the definition first',
		);
		expect(tui.frame()).not.toContain('Delete group SALES?');
		await highlightDestination(tui, 'FLOOR-3', {group: true});
		await tui.press('d');
		expect(tui.frame()).toContain('Delete group FLOOR-3?');
		await tui.press('y');
		await tui.settle();
		expect(lineWith(tui.frame(), '✓')).toContain('Deleted group FLOOR-3');
		expect(tui.engine.getSnapshot().inventory.groups.map(g => g.id)).not.toContain('FLOOR-3');
	});
});

describe('Remove host', () => {
	it('is refused while a running job targets the host, and asks before removing one that no job needs', async () => {
		const tui = await demoTui();
		const job = await tui.engine.executeJob({def: jobDef({name: 'RUNNING', to: ['ACC-02'], packages: ['PDF-READER']})});
		if (!job.ok) throw new Error(job.error.message);
		const hosts = tui.engine.getSnapshot().inventory.hosts.length;
		await highlightDestination(tui, 'ACC-02');
		await tui.press('d');
		expect(lineWith(tui.frame(), '✗')).toContain(
			'job J0001 is running on ACC-02; wait for it to end or delete the job first',
		);
		expect(tui.engine.getSnapshot().inventory.hosts).toHaveLength(hosts);
		await highlightDestination(tui, 'ACC-03');
		await tui.press('d');
		expect(tui.frame()).toContain('Remove host ACC-03?');
		await tui.press(KEY.escape);
		expect(tui.engine.host('ACC-03')).toBeDefined();
		await tui.press('d', 'y');
		await tui.settle();
		expect(lineWith(tui.frame(), '✓')).toContain('Removed host ACC-03 (standard-pc) from the site and its groups');
		expect(tui.engine.host('ACC-03')).toBeUndefined();
		expect(tui.engine.getSnapshot().inventory.groups.find(g => g.id === 'ACCOUNTING')?.members).not.toContain('ACC-03');
	});
});

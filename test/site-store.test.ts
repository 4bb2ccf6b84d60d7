/**
 * The site operations on disk: each is one durable journal record that replays to the live state after a crash,
 * a refused operation writes nothing, and a data directory of schema version 1 opens as a simulated site.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {SCHEMA_VERSION} from '../src/data/schema.js';
import {JOURNAL_FILE} from '../src/data/store.js';
import {openSession, resetDemo} from '../src/session.js';
import {withoutDefinitions} from './support/older-documents.js';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) fs.rmSync(dir, {recursive: true, force: true});
});

function tempDir(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rim-site-store-'));
	dirs.push(dir);
	return dir;
}

const NOW = Date.UTC(2026, 10, 24, 9);
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

async function open(dir: string) {
	const opened = await openSession({dataDir: dir, now: NOW, clock: {kind: 'virtual'}, journalFromBytes: 0});
	if (!opened.ok) throw new Error(opened.error);
	return opened.value;
}

describe('site operations in the journal', () => {
	it('writes each operation as a record that replays to the live inventory after a crash', async () => {
		const dir = tempDir();
		expect((await resetDemo({dataDir: dir, now: NOW, seed: 1})).ok).toBe(true);
		const session = await open(dir);
		const {engine} = session;
		const digest = 'ab'.repeat(32);
		expect((await engine.createGroup('PILOT', 'Pilot PCs')).ok).toBe(true);
		expect((await engine.changeGroup('PILOT', 'add', ['SEC-01', 'ACC-01'])).ok).toBe(true);
		expect((await engine.changeGroup('PILOT', 'remove', ['ACC-01'])).ok).toBe(true);
		expect((await engine.createGroup('GONE')).ok).toBe(true);
		expect((await engine.deleteGroup('GONE')).ok).toBe(true);
		expect((await engine.removeHost('ACC-02')).ok).toBe(true);
		expect(
			(
				await engine.addPackage({
					id: 'NEW-PKG',
					version: '1',
					kind: 'update-data',
					cabinet: 'NW',
					size: 10,
					sha256: digest,
				})
			).ok,
		).toBe(true);
		expect((await engine.addPackage({id: 'TEMP', version: '1', kind: 'standard', size: 10, sha256: digest})).ok).toBe(
			true,
		);
		expect((await engine.removePackage('TEMP')).ok).toBe(true);
		const journal = fs.readFileSync(path.join(dir, JOURNAL_FILE), 'utf8');
		for (const t of ['group', 'group-deleted', 'host-deleted', 'package', 'package-deleted', 'cabinets'])
			expect(journal).toContain(`"t":"${t}"`);
		const live = plain(engine.state.inventory);
		expect(live.groups.find((g: {id: string}) => g.id === 'PILOT').members).toEqual(['SEC-01']);
		expect(live.groups.find((g: {id: string}) => g.id === 'ACCOUNTING').members).not.toContain('ACC-02');
		expect(live.cabinets.map((c: {id: string}) => c.id)).toContain('NW');

		// A crash: the directory as it is now, without the lock and without close() folding the journal.
		const copy = tempDir();
		fs.cpSync(dir, copy, {recursive: true});
		fs.rmSync(path.join(copy, 'rim.lock'), {force: true});
		const reopened = await open(copy);
		expect(plain(reopened.engine.state.inventory)).toEqual(live);
		await reopened.close();
		await session.close();
	});

	it('writes nothing for a refused operation', async () => {
		const dir = tempDir();
		expect((await resetDemo({dataDir: dir, now: NOW, seed: 1})).ok).toBe(true);
		const session = await open(dir);
		const before = fs.readFileSync(path.join(dir, 'rim.json'));
		const refused = await session.engine.createGroup('SECURITY-PCS');
		expect(refused).toEqual({
			ok: false,
			error: {kind: 'input', message: 'a group with id SECURITY-PCS exists already'},
		});
		expect((await session.engine.removeHost('RLY-OSAKA')).ok).toBe(false);
		const journal = path.join(dir, JOURNAL_FILE);
		expect(fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8') : '').toBe('');
		expect(fs.readFileSync(path.join(dir, 'rim.json'))).toEqual(before);
		await session.close();
	});
});

describe('schema version 3 → 4', () => {
	it('opens a version 3 data directory: its packages have no install script, and a copy of the old file is kept', async () => {
		const dir = tempDir();
		expect((await resetDemo({dataDir: dir, now: NOW, seed: 1})).ok).toBe(true);
		const file = path.join(dir, 'rim.json');
		const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
		expect(doc.schemaVersion).toBe(SCHEMA_VERSION);
		for (const p of doc.state.inventory.packages) delete p.installScript;
		withoutDefinitions(doc.state);
		const v2 = JSON.stringify({...doc, schemaVersion: 3});
		fs.writeFileSync(file, v2);
		fs.rmSync(path.join(dir, 'rim.json.bak'), {force: true});
		const session = await open(dir);
		expect(session.fleetKind).toBe('simulated');
		expect(session.engine.state.inventory.packages.map(p => p.installScript)).toEqual(Array(7).fill(null));
		await session.close();
		expect(fs.readFileSync(path.join(dir, 'rim.json.v3.bak'), 'utf8')).toBe(v2);
		expect(JSON.parse(fs.readFileSync(file, 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
	});
});

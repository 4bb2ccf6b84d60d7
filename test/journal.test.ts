/**
 * The journal beside rim.json (issue #4): records appended by the store, replayed on open (a torn last line ignored, a
 * corrupt middle line refused), folded into a snapshot on compaction and close, and the engine's replay equal to the
 * live state after a job, after close + reopen and after SIGKILL.
 */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {JournalFile} from '../src/data/journal.js';
import {SCHEMA_VERSION, validateEngineState, type SiteDocument} from '../src/data/schema.js';
import {JOURNAL_FILE, openStore, wipeData, type StoreOptions} from '../src/data/store.js';
import type {Store} from '../src/data/store-port.js';
import {applyRecord} from '../src/persistence-replay.js';
import {resetDemo} from '../src/session.js';
import {runJobs} from './support/journal-jobs.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// A generic document: items replaced one at a time by {k, v} records.
interface Doc {
	items: Record<string, string>;
}
const validate: StoreOptions<Doc>['validate'] = raw =>
	typeof raw === 'object' && raw !== null && typeof (raw as Doc).items === 'object'
		? {ok: true, value: raw as Doc}
		: {ok: false, reason: 'items: missing'};
const apply = (doc: Doc, record: unknown): Doc => {
	const {k, v} = record as {k?: unknown; v?: unknown};
	if (typeof k !== 'string' || typeof v !== 'string') throw new Error('not a {k, v} record');
	doc.items[k] = v;
	return doc;
};
const change = (doc: Doc, k: string) => ({key: k, record: () => ({k, v: doc.items[k]})});

const dirs: string[] = [];
const stores: Store<unknown>[] = [];

function tempDir(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rim-journal-'));
	dirs.push(dir);
	return dir;
}

async function openDoc(dir: string, extra: Partial<StoreOptions<Doc>> = {}) {
	const result = await openStore<Doc>({
		dir,
		schemaVersion: 1,
		validate,
		applyRecord: apply,
		journalFromBytes: 0,
		...extra,
	});
	if (result.ok) stores.push(result.value as Store<unknown>);
	return result;
}

async function mustOpenDoc(dir: string, extra: Partial<StoreOptions<Doc>> = {}): Promise<Store<Doc>> {
	const result = await openDoc(dir, extra);
	if (!result.ok) throw new Error(result.error.message);
	return result.value;
}

const journalOf = (dir: string) => path.join(dir, JOURNAL_FILE);
const readJournalText = (dir: string) => (fs.existsSync(journalOf(dir)) ? fs.readFileSync(journalOf(dir), 'utf8') : '');
const readSnapshot = (dir: string) =>
	JSON.parse(fs.readFileSync(path.join(dir, 'rim.json'), 'utf8')) as {schemaVersion: number; state: unknown};

function filesOf(dir: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const entry of fs.readdirSync(dir, {recursive: true, withFileTypes: true})) {
		const full = path.join(entry.parentPath, entry.name);
		out[path.relative(dir, full)] = entry.isDirectory() ? '<dir>' : fs.readFileSync(full).toString('base64');
	}
	return out;
}

/** A copy of a data directory as a crash would leave it: the same files, and the lock of a dead process. */
function crashCopy(dir: string): string {
	const copy = tempDir();
	fs.cpSync(dir, copy, {recursive: true});
	fs.rmSync(path.join(copy, 'rim.lock'), {force: true});
	return copy;
}

afterEach(async () => {
	vi.restoreAllMocks();
	for (const store of stores.splice(0)) await store.close();
	for (const dir of dirs.splice(0)) fs.rmSync(dir, {recursive: true, force: true});
});

describe('the journal of a generic document', () => {
	it('appends changes (latest value once per key), replays them on open, and folds them into rim.json on close', async () => {
		const dir = tempDir();
		const store = await mustOpenDoc(dir);
		const doc: Doc = {items: {a: '0'}};
		expect((await store.saveNow(doc)).ok).toBe(true); // the first write is a snapshot
		doc.items.a = '1';
		store.save(doc, [change(doc, 'a')]);
		doc.items.b = '2';
		store.save(doc, [change(doc, 'b')]);
		doc.items.a = '3';
		store.save(doc, [change(doc, 'a')]);
		expect((await store.flush()).ok).toBe(true);
		expect(readJournalText(dir)).toBe('{"k":"b","v":"2"}\n{"k":"a","v":"3"}\n');
		expect(readSnapshot(dir).state).toEqual({items: {a: '0'}});
		expect(store.stats()).toMatchObject({appends: 1, snapshots: 1});

		// A crash now: the copy replays the journal, and the open folds it into rim.json (and rim.json.bak).
		const crashed = crashCopy(dir);
		const reopened = await mustOpenDoc(crashed);
		expect(reopened.initial()).toEqual({items: {a: '3', b: '2'}});
		expect(readJournalText(crashed)).toBe('');
		expect(readSnapshot(crashed).state).toEqual({items: {a: '3', b: '2'}});
		expect(JSON.parse(fs.readFileSync(path.join(crashed, 'rim.json.bak'), 'utf8')).state).toEqual({
			items: {a: '3', b: '2'},
		});

		expect((await store.close()).ok).toBe(true);
		expect(readJournalText(dir)).toBe('');
		expect(readSnapshot(dir).state).toEqual({items: {a: '3', b: '2'}});
	});

	it('ignores a torn last line (a crash mid-append)', async () => {
		const dir = tempDir();
		fs.writeFileSync(path.join(dir, 'rim.json'), JSON.stringify({schemaVersion: 1, state: {items: {a: '0'}}}));
		fs.writeFileSync(journalOf(dir), '{"k":"a","v":"1"}\n{"k":"b","v":"2"}\n{"k":"a","v":"tor');
		const store = await mustOpenDoc(dir);
		expect(store.initial()).toEqual({items: {a: '1', b: '2'}});
		expect(readJournalText(dir)).toBe('');
	});

	it('refuses a corrupt line in the middle with one line naming rim.journal, and modifies nothing', async () => {
		const dir = tempDir();
		fs.writeFileSync(path.join(dir, 'rim.json'), JSON.stringify({schemaVersion: 1, state: {items: {a: '0'}}}));
		fs.writeFileSync(journalOf(dir), '{"k":"a","v":"1"}\n{"k":"a",,\n{"k":"b","v":"2"}\n');
		const before = filesOf(dir);
		const result = await openDoc(dir);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.kind).toBe('corrupt');
		expect(result.error.file).toBe(journalOf(dir));
		expect(result.error.message).toContain(journalOf(dir));
		expect(result.error.message).toContain('line 2');
		expect(result.error.message).not.toContain('\n');
		expect(filesOf(dir)).toEqual(before);
		expect(fs.existsSync(path.join(dir, 'rim.lock'))).toBe(false);
	});

	it('refuses a record it cannot apply, and a journal without rim.json, modifying nothing', async () => {
		const dir = tempDir();
		fs.writeFileSync(path.join(dir, 'rim.json'), JSON.stringify({schemaVersion: 1, state: {items: {}}}));
		fs.writeFileSync(journalOf(dir), '{"k":"a","v":"1"}\n[1,2]\n');
		let before = filesOf(dir);
		let result = await openDoc(dir);
		expect(!result.ok && result.error.message).toMatch(/rim\.journal: line 2 cannot be applied/);
		expect(filesOf(dir)).toEqual(before);

		fs.rmSync(path.join(dir, 'rim.json'));
		before = filesOf(dir);
		result = await openDoc(dir);
		expect(!result.ok && result.error.message).toMatch(/rim\.journal has records but there is no .*rim\.json/);
		expect(filesOf(dir)).toEqual(before);
	});

	it('compacts: once the journal outgrows its limit, a snapshot is written and the journal truncated', async () => {
		const dir = tempDir();
		const store = await mustOpenDoc(dir, {compactBytes: 200, writeDelayMs: 5});
		const doc: Doc = {items: {}};
		await store.saveNow(doc);
		for (let i = 0; i < 40; i++) {
			doc.items[`k${i % 7}`] = `value-${i}`;
			store.save(doc, [change(doc, `k${i % 7}`)]);
			if (i % 3 === 0) expect((await store.flush()).ok).toBe(true);
		}
		expect((await store.flush()).ok).toBe(true);
		// Folding runs beside the appends (it does not hold them up), so it ends some time after the last flush.
		await vi.waitFor(() => {
			expect(store.stats().snapshots).toBeGreaterThan(1);
			expect(fs.statSync(journalOf(dir)).size).toBeLessThanOrEqual(400);
		});
		const crashed = crashCopy(dir);
		expect((await mustOpenDoc(crashed)).initial()).toEqual(doc);
	});

	it('folds the journal while appends go on, and a crash at any step of the fold replays to the latest document', async () => {
		const dir = tempDir();
		const store = await mustOpenDoc(dir, {compactBytes: 200, writeDelayMs: 1});
		const foldTemp = path.join(dir, `rim.json.tmp-${process.pid}`);
		const doc: Doc = {items: Object.fromEntries(Array.from({length: 200}, (_, i) => [`k${i}`, `initial-${i}`]))};
		await store.saveNow(doc);
		// Copies of the directory as a crash would leave it, taken as the fold goes, each with the document it must open
		// to (every change was durable when the copy was taken).
		const copies: {dir: string; doc: Doc}[] = [];
		let crashed = false;
		let durableDuringFold = 0;
		vi.spyOn(JournalFile.prototype, 'dropPrefix').mockImplementationOnce(() => {
			// The new snapshot has replaced rim.json; the journal still holds the records it folded.
			crashed = true;
			copies.push({dir: crashCopy(dir), doc: structuredClone(doc)});
			throw new Error('EIO: simulated crash');
		});
		for (let i = 0; !crashed && i < 5000; i++) {
			const key = `k${i % 150}`;
			doc.items[key] = `changed-${i}`;
			expect((await store.saveNow(doc, [change(doc, key)])).ok).toBe(true);
			if (fs.existsSync(foldTemp)) durableDuringFold++;
			if (i % 100 === 0) copies.push({dir: crashCopy(dir), doc: structuredClone(doc)});
			// The engine's changes come from timers: the event loop turns between them (and the fold's I/O completes).
			await new Promise(resolve => setImmediate(resolve));
		}
		expect(crashed).toBe(true);
		// The fold did not hold the appends up: changes were durable while its snapshot was being written.
		expect(durableDuringFold).toBeGreaterThan(0);
		copies.push({dir: crashCopy(dir), doc: structuredClone(doc)});
		for (const copy of copies) expect((await mustOpenDoc(copy.dir)).initial()).toEqual(copy.doc);
	});

	it('a crash between the snapshot and the truncate replays records that equal the snapshot (idempotent)', async () => {
		const dir = tempDir();
		const store = await mustOpenDoc(dir);
		const doc: Doc = {items: {a: '0', b: '0'}};
		await store.saveNow(doc);
		doc.items.a = '1';
		store.save(doc, [change(doc, 'a')]);
		await store.flush();
		// Pending at close: compaction appends it, writes the snapshot, then the truncate "crashes".
		doc.items.a = '2';
		doc.items.b = '2';
		store.save(doc, [change(doc, 'a'), change(doc, 'b')]);
		vi.spyOn(JournalFile.prototype, 'truncate').mockImplementationOnce(() => {
			throw new Error('EIO: simulated crash');
		});
		const closed = await store.close();
		expect(closed.ok).toBe(false);
		expect(readSnapshot(dir).state).toEqual({items: {a: '2', b: '2'}});
		expect(readJournalText(dir)).toBe('{"k":"a","v":"1"}\n{"k":"a","v":"2"}\n{"k":"b","v":"2"}\n');
		const reopened = await mustOpenDoc(dir);
		expect(reopened.initial()).toEqual({items: {a: '2', b: '2'}});
		expect(readJournalText(dir)).toBe('');
	});

	it('appends from save() itself when the delay timer is long overdue (an event loop kept busy by the engine)', async () => {
		const dir = tempDir();
		const store = await mustOpenDoc(dir, {writeDelayMs: 20});
		const doc: Doc = {items: {}};
		await store.saveNow(doc);
		const started = performance.now();
		// One synchronous burst of 200 ms: no timer can fire, yet the changes reach the journal during it.
		for (let i = 0; performance.now() - started < 200; i++) {
			doc.items[`k${i % 50}`] = String(i);
			store.save(doc, [change(doc, `k${i % 50}`)]);
		}
		expect(readJournalText(dir)).not.toBe('');
		expect((await store.flush()).ok).toBe(true);
		expect((await mustOpenDoc(crashCopy(dir))).initial()).toEqual(doc);
	});

	it('without changes (or below journalFromBytes) every save is a whole snapshot and no journal is created', async () => {
		const dir = tempDir();
		const store = await mustOpenDoc(dir, {journalFromBytes: 1024 * 1024});
		const doc: Doc = {items: {a: '0'}};
		await store.saveNow(doc);
		doc.items.a = '1';
		await store.saveNow(doc, [change(doc, 'a')]);
		expect(readSnapshot(dir).state).toEqual({items: {a: '1'}});
		expect(fs.existsSync(journalOf(dir))).toBe(false);
		expect(store.stats()).toMatchObject({snapshots: 2, appends: 0});
	});

	it('wipeData removes rim.journal', async () => {
		const dir = tempDir();
		fs.writeFileSync(path.join(dir, 'rim.json'), '{}');
		fs.writeFileSync(journalOf(dir), '{}\n');
		expect(wipeData(dir).ok).toBe(true);
		expect(fs.readdirSync(dir)).toEqual([]);
	});
});

// ── the engine's journal ────────────────────────────────────────────────────

async function replayed(dir: string): Promise<SiteDocument> {
	const opened = await openStore<SiteDocument>({
		dir,
		schemaVersion: SCHEMA_VERSION,
		validate: validateEngineState,
		applyRecord,
	});
	if (!opened.ok) throw new Error(opened.error.message);
	stores.push(opened.value as Store<unknown>);
	return opened.value.initial()!;
}

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

describe('the engine state through the journal', () => {
	it('replays to the live state after a job, both from the journal (crash) and after close + reopen', async () => {
		const dir = tempDir();
		expect((await resetDemo({dataDir: dir, now: Date.UTC(2026, 10, 24, 9), seed: 1})).ok).toBe(true);
		const session = await runJobs(dir);
		const live = plain(session.engine.state);
		expect(live.jobs).toHaveLength(2);
		expect(live.definitions.map((d: {name: string}) => d.name)).toEqual(['JOURNAL-DEF']);
		expect(live.folders.map((f: {name: string}) => f.name)).toEqual(['Every-Month', 'Patches']);
		const journal = readJournalText(dir);
		expect(journal.split('\n').length).toBeGreaterThan(10);
		expect(readJournalText(dir)).toMatch(/"t":"job-deleted"/);
		expect(readJournalText(dir)).toMatch(/"t":"host-field","id":"[^"]+","field":"(installed|started)"/);
		expect(readJournalText(dir)).toMatch(/"t":"meta"/);
		for (const t of ['definition', 'definition-deleted', 'folders'])
			expect(readJournalText(dir)).toContain(`"t":"${t}"`);

		const crashed = crashCopy(dir);
		expect(plain(await replayed(crashed))).toEqual(live);

		await session.close();
		expect(readJournalText(dir)).toBe('');
		expect(plain(await replayed(dir))).toEqual(live);
	}, 30_000);

	it('replays to the live state after SIGKILL without close', async () => {
		const dir = tempDir();
		expect((await resetDemo({dataDir: dir, now: Date.UTC(2026, 10, 24, 9), seed: 1})).ok).toBe(true);
		const out = path.join(dir, '..', `${path.basename(dir)}-live.json`);
		const script = path.join(dir, '..', `${path.basename(dir)}-child.mjs`);
		const testModule = pathToFileURL(path.join(repoRoot, 'test/support/journal-jobs.ts')).href;
		fs.writeFileSync(
			script,
			`import {run} from ${JSON.stringify(testModule)};\nawait run(process.argv[2], process.argv[3]);\n`,
		);
		try {
			const child = spawn(process.execPath, ['--import', 'tsx', script, dir, out], {cwd: repoRoot});
			let output = '';
			child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
			child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
			const exited = new Promise<void>(resolve => child.on('exit', () => resolve()));
			for (let waited = 0; !output.includes('ready'); waited += 20) {
				if (child.exitCode !== null || waited > 20_000) throw new Error(`child never got ready: ${output}`);
				await new Promise(r => setTimeout(r, 20));
			}
			child.kill('SIGKILL');
			await exited;
			expect(readJournalText(dir).length).toBeGreaterThan(0);
			const live = JSON.parse(fs.readFileSync(out, 'utf8'));
			expect(plain(await replayed(dir))).toEqual(live);
		} finally {
			fs.rmSync(out, {force: true});
			fs.rmSync(script, {force: true});
		}
	}, 30_000);
});

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
import type {VirtualClock} from '../src/engine/clock.js';
import {defaultSettings} from '../src/engine/define.js';
import {openSession, resetDemo, type Session} from '../src/session.js';
import {runJobs} from './support/journal-jobs.js';
import {withoutRelayReports} from './support/older-documents.js';

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
		// One record per key, in the order the keys first changed, each with the value it has when written.
		expect(readJournalText(dir)).toBe('{"k":"a","v":"3"}\n{"k":"b","v":"2"}\n');
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
		expect(readJournalText(dir)).toMatch(/"t":"host-fields","field":"(installed|started)","values":\[\{"id":"/);
		expect(readJournalText(dir)).toMatch(/"t":"meta"/);
		// Field-level: a run's steps over the run as the journal holds it, a simulated PC's changed field alone; the runs
		// of a job, or one field of hosts or PCs, that changed together: one record.
		expect(runRecords(journal).some(r => r.steps.length > 0)).toBe(true);
		expect(runRecords(journal).some(r => r.runs.length + r.steps.length > 1)).toBe(true);
		expect(journal).not.toMatch(/"t":"run(-step)?"/);
		expect(journal).toMatch(/"t":"sim-pc-fields","field":"(installed|started)","values":\[\{"id":"/);
		expect(journal).not.toMatch(/"t":"(host|sim-pc)-field"/);
		expect(journal).not.toMatch(/"t":"sim-pc"/);
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

	it('after a crash mid-append (a torn last record), the next session continues the runs from whole records', async () => {
		const dir = tempDir();
		expect((await resetDemo({dataDir: dir, now: Date.UTC(2026, 10, 24, 9), seed: 1})).ok).toBe(true);
		const first = await securitySession(dir);
		const job = await executeSecurityJob(first);
		// Part of the way: some runs have moved a few steps, none has finished.
		for (let i = 0; i < 4; i++) {
			(first.engine.clock as VirtualClock).advance(5_000);
			await first.store.flush();
		}
		const midway = first.engine.job(job)!.runs;
		expect(midway.some(r => r.history.length > 2)).toBe(true);
		const crashed = crashCopy(dir);
		await first.close();
		const text = readJournalText(crashed);
		expect(runRecords(text).some(r => r.steps.length > 0)).toBe(true);
		const lastStart = text.lastIndexOf('\n', text.length - 2) + 1;
		const whole = crashCopy(crashed);
		fs.writeFileSync(journalOf(whole), text.slice(0, lastStart));
		fs.writeFileSync(journalOf(crashed), text.slice(0, lastStart + Math.floor((text.length - lastStart) / 2)));
		// The torn record is ignored: the document is what the complete records say.
		expect(plain(await replayed(crashed))).toEqual(plain(await replayed(whole)));
		for (const store of stores.splice(0)) await store.close();

		const second = await securitySession(crashed);
		const before = readJournalText(crashed).length;
		(second.engine.clock as VirtualClock).runUntilIdle();
		expect(second.engine.unsettled(job)).toEqual([]);
		expect((await second.store.flush()).ok).toBe(true);
		const continued = readJournalText(crashed).slice(before);
		const firstOfEachRun = new Map<string, 'whole' | 'step'>();
		for (const r of runRecords(continued).filter(r => r.job === job)) {
			for (const run of r.runs) if (!firstOfEachRun.has(run.host)) firstOfEachRun.set(run.host, 'whole');
			for (const step of r.steps) if (!firstOfEachRun.has(step.host)) firstOfEachRun.set(step.host, 'step');
		}
		expect(firstOfEachRun.size).toBeGreaterThan(0);
		expect(new Set(firstOfEachRun.values())).toEqual(new Set(['whole']));
		const live = plain(second.engine.state);
		expect(plain(await replayed(crashCopy(crashed)))).toEqual(live);
		await second.close();
	}, 60_000);

	it('folds the journal while a job runs, and its steps replay over the folded snapshot to the live state', async () => {
		const dir = tempDir();
		expect((await resetDemo({dataDir: dir, now: Date.UTC(2026, 10, 24, 9), seed: 1})).ok).toBe(true);
		const session = await securitySession(dir, {compactBytes: 1});
		const clock = session.engine.clock as VirtualClock;
		const jobs: string[] = [];
		// Jobs one after another until the journal has been folded twice (it must outgrow rim.json each time).
		for (let round = 0; session.store.stats().snapshots < 2; round++) {
			if (round === 30) throw new Error('the journal was never folded twice');
			jobs.push(await executeSecurityJob(session));
			while (jobs.some(id => session.engine.unsettled(id).length > 0) && clock.pending() > 0) {
				clock.advance(2_000);
				expect((await session.store.flush()).ok).toBe(true);
				await new Promise(resolve => setImmediate(resolve));
			}
		}
		expect(session.store.stats().snapshots).toBeGreaterThan(1);
		expect(runRecords(readJournalText(dir)).some(r => r.steps.length > 0)).toBe(true);
		const live = plain(session.engine.state);
		expect(plain(await replayed(crashCopy(dir)))).toEqual(live);
		await session.close();
		expect(plain(await replayed(dir))).toEqual(live);
	}, 60_000);

	it('an append that failed is written again: no step of a run is lost', async () => {
		const dir = tempDir();
		expect((await resetDemo({dataDir: dir, now: Date.UTC(2026, 10, 24, 9), seed: 1})).ok).toBe(true);
		const session = await securitySession(dir);
		const clock = session.engine.clock as VirtualClock;
		await executeSecurityJob(session);
		clock.advance(5_000);
		expect((await session.store.flush()).ok).toBe(true);
		const append = JournalFile.prototype.append;
		let failures = 0;
		const spy = vi.spyOn(JournalFile.prototype, 'append').mockImplementation(function (this: JournalFile, text) {
			if (failures++ === 0) throw Object.assign(new Error('no space left on device'), {code: 'ENOSPC'});
			return append.call(this, text);
		});
		clock.advance(5_000);
		expect((await session.store.flush()).ok).toBe(false);
		spy.mockRestore();
		clock.runUntilIdle();
		expect((await session.store.flush()).ok).toBe(true);
		expect(failures).toBe(1);
		const live = plain(session.engine.state);
		expect(plain(await replayed(crashCopy(dir)))).toEqual(live);
		await session.close();
	}, 60_000);
});

describe('schema version 5 → 6', () => {
	it('opens a version 5 directory whose journal holds whole records (a crash), keeping the old file', async () => {
		const dir = tempDir();
		expect((await resetDemo({dataDir: dir, now: Date.UTC(2026, 10, 24, 9), seed: 1})).ok).toBe(true);
		const file = path.join(dir, 'rim.json');
		const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as {state: SiteDocument};
		fs.writeFileSync(file, JSON.stringify({...doc, schemaVersion: 5}));
		if (doc.state.fleet.kind !== 'simulated') throw new Error('the demo is simulated');
		const pc = doc.state.fleet.pcs.find(p => p.device)!;
		const host = doc.state.inventory.hosts.find(h => h.id === pc.id)!;
		// A version 5 rim wrote whole objects: a simulated PC's truth, a host's field.
		fs.writeFileSync(
			journalOf(dir),
			`${JSON.stringify({t: 'sim-pc', pc: {...pc, started: !pc.started}})}\n` +
				`${JSON.stringify({t: 'host-field', id: host.id, field: 'started', value: !host.started})}\n`,
		);
		const session = await securitySession(dir);
		const state = session.engine.state as unknown as SiteDocument;
		expect(state.fleet.kind === 'simulated' && state.fleet.pcs.find(p => p.id === pc.id)!.started).toBe(!pc.started);
		expect(session.engine.host(host.id)!.started).toBe(!host.started);
		await session.close();
		expect(readSnapshot(dir).schemaVersion).toBe(SCHEMA_VERSION);
		expect(JSON.parse(fs.readFileSync(path.join(dir, 'rim.json.v5.bak'), 'utf8')).schemaVersion).toBe(5);
	}, 60_000);
});

describe('schema version 6 → 7', () => {
	it('opens a version 6 directory whose journal holds a whole host record without a relay report (a crash)', async () => {
		const dir = tempDir();
		expect((await resetDemo({dataDir: dir, now: Date.UTC(2026, 10, 24, 9), seed: 1})).ok).toBe(true);
		const file = path.join(dir, 'rim.json');
		const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as {state: SiteDocument};
		withoutRelayReports(doc.state);
		fs.writeFileSync(file, JSON.stringify({...doc, schemaVersion: 6}));
		const relay = doc.state.inventory.hosts.find(h => h.kind === 'relay')!;
		fs.writeFileSync(journalOf(dir), `${JSON.stringify({t: 'host', host: {...relay, name: 'Renamed relay'}})}\n`);
		const session = await securitySession(dir);
		expect(session.engine.host(relay.id)).toMatchObject({name: 'Renamed relay', relay: null});
		expect(session.engine.state.inventory.hosts.every(h => h.relay === null)).toBe(true);
		await session.close();
		expect(readSnapshot(dir).schemaVersion).toBe(SCHEMA_VERSION);
	}, 60_000);
});

/** The `runs` records of a journal's text: per job, the runs recorded whole and those recorded as steps. */
function runRecords(text: string): {job: string; runs: {host: string}[]; steps: {host: string}[]}[] {
	return text
		.split('\n')
		.filter(Boolean)
		.map(line => JSON.parse(line) as {t: string; job: string; runs: {host: string}[]; steps: {host: string}[]})
		.filter(r => r.t === 'runs');
}

describe('schema version 7 → 8', () => {
	it('opens a version 7 directory whose journal holds a run record and a step of it (a crash)', async () => {
		const dir = tempDir();
		expect((await resetDemo({dataDir: dir, now: Date.UTC(2026, 10, 24, 9), seed: 1})).ok).toBe(true);
		const session = await securitySession(dir);
		const id = await executeSecurityJob(session);
		await session.close();
		const file = path.join(dir, 'rim.json');
		const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as {state: SiteDocument};
		fs.writeFileSync(file, JSON.stringify({...doc, schemaVersion: 7}));
		const run = doc.state.jobs.find(j => j.id === id)!.runs[0]!;
		const entry = {at: run.lastHeard + 1, state: 'transferring', text: 'the server is sending'};
		const records = [
			{t: 'run', job: id, run: {...run, lastHeard: run.lastHeard + 1}},
			{
				t: 'run-step',
				job: id,
				host: run.host,
				attempt: run.attempt,
				status: {state: 'transferring'},
				lastHeard: entry.at,
				from: run.history.length,
				history: [entry],
			},
		];
		fs.writeFileSync(journalOf(dir), records.map(r => `${JSON.stringify(r)}\n`).join(''));
		const reopened = await securitySession(dir);
		const replayedRun = reopened.engine.job(id)!.runs.find(r => r.host === run.host)!;
		expect(replayedRun.history.at(-1)).toEqual(entry);
		expect(replayedRun.status).toEqual({state: 'transferring'});
		await reopened.close();
		expect(readSnapshot(dir).schemaVersion).toBe(SCHEMA_VERSION);
	}, 60_000);
});

async function securitySession(dir: string, extra: {compactBytes?: number} = {}): Promise<Session> {
	const opened = await openSession({
		dataDir: dir,
		now: Date.UTC(2026, 10, 24, 9),
		clock: {kind: 'virtual'},
		journalFromBytes: 0,
		...extra,
	});
	if (!opened.ok) throw new Error(opened.error);
	return opened.value;
}

async function executeSecurityJob(session: Session): Promise<string> {
	const executed = await session.engine.executeJob({
		def: {
			name: `STEPS-${session.engine.state.nextJobNumber}`,
			type: 'install',
			destinations: [{kind: 'group', id: 'SECURITY-PCS'}],
			packages: [{id: 'SEC-PATCH-2611', conditions: {}}],
			settings: defaultSettings(),
		},
	});
	if (!executed.ok) throw new Error(executed.error.message);
	return executed.value.id;
}

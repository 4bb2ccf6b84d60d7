import {spawn, spawnSync, type ChildProcessWithoutNullStreams} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {z} from 'zod';
import {resolveDataDir} from '../src/data/data-dir.js';
import {openStore, wipeData, type StoreError, type StoreOptions} from '../src/data/store.js';
import type {FileStore} from '../src/data/file-store.js';
import {blobFile, readBlob} from '../src/data/package-blobs.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const storeModule = pathToFileURL(path.join(repoRoot, 'src/data/store.ts')).href;

const Doc = z.object({counter: z.number().int(), items: z.array(z.string())});
type Doc = z.infer<typeof Doc>;

const validate: StoreOptions<Doc>['validate'] = raw => {
	const parsed = Doc.safeParse(raw);
	return parsed.success
		? {ok: true, value: parsed.data}
		: {ok: false, reason: parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`).join('; ')};
};

// Version 1 stored {count, tags}; version 2 is Doc.
const migrations = {1: (raw: {count: number; tags?: string[]}) => ({counter: raw.count, items: raw.tags ?? []})};

const doc = (counter: number, items: string[] = []): Doc => ({counter, items});

const dirs: string[] = [];
const stores: FileStore<Doc>[] = [];
const children: ChildProcessWithoutNullStreams[] = [];

function tempDir(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rim-store-'));
	dirs.push(dir);
	return dir;
}

async function open(dir: string, extra: Partial<StoreOptions<Doc>> = {}) {
	const result = await openStore<Doc>({dir, schemaVersion: 2, validate, migrations, ...extra});
	if (result.ok) stores.push(result.value);
	return result;
}

async function mustOpen(dir: string, extra: Partial<StoreOptions<Doc>> = {}): Promise<FileStore<Doc>> {
	const result = await open(dir, extra);
	if (!result.ok) throw new Error(result.error.message);
	return result.value;
}

async function mustFail(dir: string, extra: Partial<StoreOptions<Doc>> = {}): Promise<StoreError> {
	const result = await open(dir, extra);
	if (result.ok) throw new Error('expected openStore to fail');
	return result.error;
}

const read = (file: string) => fs.readFileSync(file, 'utf8');
const mode = (p: string) => fs.statSync(p).mode & 0o777;

/** Every file under dir with its bytes (directories as markers), to prove that nothing changed. */
function snapshot(dir: string): Record<string, string> {
	const out: Record<string, string> = {};
	for (const entry of fs.readdirSync(dir, {recursive: true, withFileTypes: true})) {
		const full = path.join(entry.parentPath, entry.name);
		out[path.relative(dir, full)] = entry.isDirectory() ? '<dir>' : fs.readFileSync(full).toString('base64');
	}
	return out;
}

// A child rim process; modes: hold (open, wait for "quit"), idle (save with a long delay, then let the process
// end by itself), hammer (saveNow in a loop until killed).
const childScript = `
import {openStore} from ${JSON.stringify(storeModule)};
const [mode, dir] = process.argv.slice(2);
const validate = (raw) => raw && Number.isInteger(raw.counter) && Array.isArray(raw.items)
	? {ok: true, value: raw} : {ok: false, reason: 'bad doc'};
const opened = await openStore({dir, schemaVersion: 2, validate, writeDelayMs: mode === 'idle' ? 60000 : 250});
if (!opened.ok) { console.log('error ' + JSON.stringify(opened.error)); process.exit(3); }
const store = opened.value;
if (mode === 'hold') {
	console.log('ready');
	process.stdin.setEncoding('utf8');
	process.stdin.on('data', async (line) => {
		if (line.trim() === 'quit') { await store.close(); process.exit(0); }
	});
} else if (mode === 'idle') {
	store.save({counter: 1, items: []});
	console.log('ready');
} else {
	const items = Array.from({length: 20000}, (_, i) => 'item-' + i);
	for (let i = (store.initial()?.counter ?? 0) + 1; ; i++) {
		const r = await store.saveNow({counter: i, items});
		if (!r.ok) { console.log('error ' + JSON.stringify(r.error)); process.exit(4); }
		if (i % 5 === 0) console.log('saved ' + i);
	}
}
`;

function startChild(dir: string, mode: 'hold' | 'idle' | 'hammer') {
	const script = path.join(dir, '..', `${path.basename(dir)}-child.mjs`);
	fs.writeFileSync(script, childScript);
	const child = spawn(process.execPath, ['--import', 'tsx', script, mode, dir], {cwd: repoRoot});
	children.push(child);
	let out = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
	const waitFor = async (pattern: RegExp) => {
		for (let waited = 0; !pattern.test(out); waited += 20) {
			if (child.exitCode !== null || waited > 15_000) throw new Error(`child never printed ${pattern}: ${out}`);
			await sleep(20);
		}
	};
	return {child, exited, waitFor, output: () => out};
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

afterEach(async () => {
	for (const child of children.splice(0))
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	for (const store of stores.splice(0)) await store.close();
	for (const dir of dirs.splice(0)) {
		fs.rmSync(dir, {recursive: true, force: true});
		fs.rmSync(`${dir}-child.mjs`, {force: true});
	}
});

describe('resolveDataDir', () => {
	const home = '/home/ada';

	it('prefers the flag, then RIM_DATA_DIR, then XDG_DATA_HOME/rim, then ~/.local/share/rim', () => {
		const env = {RIM_DATA_DIR: '/env/rim', XDG_DATA_HOME: '/xdg'};
		expect(resolveDataDir('/flag/rim', env, home)).toBe('/flag/rim');
		expect(resolveDataDir(undefined, env, home)).toBe('/env/rim');
		expect(resolveDataDir(undefined, {XDG_DATA_HOME: '/xdg'}, home)).toBe('/xdg/rim');
		expect(resolveDataDir(undefined, {}, home)).toBe('/home/ada/.local/share/rim');
	});

	it('ignores empty values and a relative XDG_DATA_HOME, and expands a leading ~', () => {
		expect(resolveDataDir('', {RIM_DATA_DIR: '', XDG_DATA_HOME: 'rel'}, home)).toBe('/home/ada/.local/share/rim');
		expect(resolveDataDir('~/rim-data', {}, home)).toBe('/home/ada/rim-data');
	});
});

describe('opening a data directory', () => {
	it('creates a missing directory with mode 0700 and no data file until the first save', async () => {
		const dir = path.join(tempDir(), 'nested', 'rim');
		const store = await mustOpen(dir);
		expect(store.initial()).toBeNull();
		expect(mode(dir)).toBe(0o700);
		expect(fs.existsSync(store.file)).toBe(false);
		await store.close();
		expect(fs.readdirSync(dir)).toEqual([]);
	});

	it('reads back what was saved and copies the good file to rim.json.bak', async () => {
		const dir = tempDir();
		const first = await mustOpen(dir);
		expect(await first.saveNow(doc(7, ['a', 'b']))).toEqual({ok: true, value: undefined});
		await first.close();
		expect(JSON.parse(read(first.file))).toEqual({schemaVersion: 2, state: doc(7, ['a', 'b'])});

		const second = await mustOpen(dir);
		expect(second.initial()).toEqual(doc(7, ['a', 'b']));
		expect(read(path.join(dir, 'rim.json.bak'))).toBe(read(second.file));
	});

	it('migrates an older document, keeping the original as rim.json.v1.bak', async () => {
		const dir = tempDir();
		const original = JSON.stringify({schemaVersion: 1, state: {count: 3, tags: ['x']}});
		fs.writeFileSync(path.join(dir, 'rim.json'), original);
		const store = await mustOpen(dir);
		expect(store.initial()).toEqual(doc(3, ['x']));
		expect(read(path.join(dir, 'rim.json.v1.bak'))).toBe(original);
		expect(JSON.parse(read(store.file))).toEqual({schemaVersion: 2, state: doc(3, ['x'])});
		expect(read(path.join(dir, 'rim.json.bak'))).toBe(read(store.file));
	});

	it('ignores and removes temp files left by a writer that crashed mid-write', async () => {
		const dir = tempDir();
		fs.writeFileSync(path.join(dir, 'rim.json'), JSON.stringify({schemaVersion: 2, state: doc(1)}));
		fs.writeFileSync(path.join(dir, 'rim.json.tmp-99999'), '{"schemaVersion":2,"state":{"coun');
		const store = await mustOpen(dir);
		expect(store.initial()).toEqual(doc(1));
		expect(fs.readdirSync(dir).filter(n => n.includes('.tmp-'))).toEqual([]);
	});

	const good = JSON.stringify({schemaVersion: 2, state: doc(1)});
	const cases: {
		name: string;
		content: string | null;
		kind: StoreError['kind'];
		says: string;
		extra?: Partial<StoreOptions<Doc>>;
	}[] = [
		{name: 'an empty file', content: '', kind: 'corrupt', says: 'is empty'},
		{name: 'a truncated file', content: good.slice(0, 30), kind: 'corrupt', says: 'is not valid JSON'},
		{name: 'text that is not JSON', content: 'hello', kind: 'corrupt', says: 'is not valid JSON'},
		{
			name: 'JSON without the wrapper',
			content: JSON.stringify(doc(1)),
			kind: 'invalid',
			says: 'is not a rim data file',
		},
		{name: 'a JSON array', content: '[1,2]', kind: 'invalid', says: 'is not a rim data file'},
		{name: 'JSON null', content: 'null', kind: 'invalid', says: 'is not a rim data file'},
		{
			name: 'a document the validator rejects',
			content: '{"schemaVersion":2,"state":{"counter":"x","items":[]}}',
			kind: 'invalid',
			says: 'counter: ',
		},
		{
			name: 'a newer schema version',
			content: '{"schemaVersion":3,"state":{}}',
			kind: 'newer-schema',
			says: 'newer rim (schema version 3',
		},
		{
			name: 'a version with no migration',
			content: '{"schemaVersion":0,"state":{}}',
			kind: 'invalid',
			says: 'no migration from version 0',
		},
		{
			name: 'a migration that throws',
			content: '{"schemaVersion":1,"state":null}',
			kind: 'invalid',
			says: 'could not be migrated from version 1',
		},
		{
			name: 'a migrated document the validator rejects',
			content: '{"schemaVersion":1,"state":{"count":"x"}}',
			kind: 'invalid',
			says: 'after migrating from version 1',
		},
		{name: 'a data file that cannot be read', content: null, kind: 'io', says: 'could not read data file'},
	];

	it.each(cases)('refuses $name with a one-line $kind error and modifies nothing', async ({content, kind, says}) => {
		const dir = tempDir();
		const file = path.join(dir, 'rim.json');
		if (content === null) fs.mkdirSync(file);
		else fs.writeFileSync(file, content);
		fs.writeFileSync(path.join(dir, 'rim.json.bak'), good);
		fs.writeFileSync(path.join(dir, 'rim.json.tmp-99999'), 'leftover');
		const before = snapshot(dir);

		const error = await mustFail(dir);
		expect(error.kind).toBe(kind);
		expect(error.file).toBe(file);
		expect(error.message).toContain(file);
		expect(error.message).toContain(says);
		expect(error.message).not.toMatch(/\n/);
		if (kind === 'corrupt' || kind === 'invalid') {
			expect(error.message).toContain(`it was left untouched. The last good copy is ${file}.bak`);
		}
		if (error.kind === 'newer-schema') expect(error.version).toBe(3);
		expect(snapshot(dir)).toEqual(before);
		// The lock was released: a second attempt fails the same way instead of 'locked'.
		expect((await mustFail(dir)).kind).toBe(kind);
	});

	it('without a backup, the message says how to start over', async () => {
		const dir = tempDir();
		fs.writeFileSync(path.join(dir, 'rim.json'), '{');
		const error = await mustFail(dir);
		expect(error.message).toMatch(/There is no backup: move rim\.json aside and run `rim demo reset`/);
	});
});

describe('the single-writer lock', () => {
	it('refuses a second open in the same process, naming our pid, until the first is closed', async () => {
		const dir = tempDir();
		const first = await mustOpen(dir);
		expect(read(path.join(dir, 'rim.lock')).trim()).toBe(String(process.pid));
		const error = await mustFail(dir);
		expect(error).toMatchObject({kind: 'locked', pid: process.pid, file: path.join(dir, 'rim.lock')});
		expect(error.message).toContain(`data directory ${dir} is in use by rim process ${process.pid}`);
		await first.close();
		expect(fs.existsSync(path.join(dir, 'rim.lock'))).toBe(false);
		await mustOpen(dir);
	});

	it('takes over a stale lock whose process has exited', async () => {
		const dir = tempDir();
		const dead = spawnSync(process.execPath, ['-e', '']).pid;
		fs.writeFileSync(path.join(dir, 'rim.lock'), `${dead}\n`);
		await mustOpen(dir);
		expect(read(path.join(dir, 'rim.lock')).trim()).toBe(String(process.pid));
	});

	it('refuses while another live rim process holds the directory, and opens once it quits', async () => {
		const dir = tempDir();
		const other = startChild(dir, 'hold');
		await other.waitFor(/ready/);
		const error = await mustFail(dir);
		expect(error).toMatchObject({kind: 'locked', pid: other.child.pid});
		expect(error.message).toContain(`is in use by rim process ${other.child.pid}`);
		expect(wipeData(dir)).toMatchObject({ok: false, error: {kind: 'locked', pid: other.child.pid}});

		other.child.stdin.write('quit\n');
		expect(await other.exited).toBe(0);
		expect(fs.existsSync(path.join(dir, 'rim.lock'))).toBe(false);
		await mustOpen(dir);
	});

	it('is released on exit without close(), and a pending save does not keep the process alive', async () => {
		const dir = tempDir();
		const other = startChild(dir, 'idle');
		const code = await Promise.race([other.exited, sleep(10_000).then(() => 'still running')]);
		expect(code).toBe(0);
		expect(other.output()).toContain('ready');
		expect(fs.existsSync(path.join(dir, 'rim.lock'))).toBe(false);
	});
});

describe('writing', () => {
	it('coalesces saves within the delay into one write of the newest document', async () => {
		const dir = tempDir();
		const store = await mustOpen(dir, {writeDelayMs: 30});
		for (let i = 1; i <= 100; i++) store.save(doc(i));
		expect(store.stats().writes).toBe(0);
		await vi.waitFor(() => expect(store.stats().writes).toBe(1));
		expect((await store.flush()).ok).toBe(true);
		expect(store.stats().writes).toBe(1);
		expect(JSON.parse(read(store.file)).state).toEqual(doc(100));
	});

	it('flush() writes a pending save at once, and close() flushes', async () => {
		const dir = tempDir();
		const store = await mustOpen(dir, {writeDelayMs: 60_000});
		store.save(doc(1));
		expect((await store.flush()).ok).toBe(true);
		expect(JSON.parse(read(store.file)).state).toEqual(doc(1));
		store.save(doc(2));
		expect((await store.close()).ok).toBe(true);
		expect(JSON.parse(read(store.file)).state).toEqual(doc(2));
		expect(() => store.save(doc(3))).toThrow(/closed/);
	});

	it('keeps at most one write in flight: overlapping saveNow calls end with the newest document', async () => {
		const dir = tempDir();
		const store = await mustOpen(dir);
		const results = await Promise.all(Array.from({length: 10}, (_, i) => store.saveNow(doc(i))));
		expect(results.every(r => r.ok)).toBe(true);
		// The first write starts at once; the other nine collapse into one write of the newest.
		expect(store.stats().writes).toBe(2);
		expect(JSON.parse(read(store.file)).state).toEqual(doc(9));
	});

	it('saveNow resolves once the file on disk holds the document', async () => {
		const dir = tempDir();
		const store = await mustOpen(dir);
		await store.saveNow(doc(5, ['z']));
		expect(JSON.parse(read(store.file))).toEqual({schemaVersion: 2, state: doc(5, ['z'])});
		expect(store.stats()).toMatchObject({writes: 1, bytes: fs.statSync(store.file).size});
	});

	it('reports a failed write as io, leaves the previous file intact, and retries on the next flush', async () => {
		const dir = tempDir();
		const reported: StoreError[] = [];
		const store = await mustOpen(dir, {onWriteResult: e => e && reported.push(e)});
		// Root ignores permissions, so make the rename fail instead: rim.json becomes a directory.
		fs.mkdirSync(store.file);
		const failed = await store.saveNow(doc(1));
		expect(failed).toMatchObject({ok: false, error: {kind: 'io', file: store.file}});
		if (!failed.ok)
			expect(failed.error.message).toMatch(
				/^could not write data file .*rim\.json \(E[A-Z]+: .*the previous version is intact/,
			);
		expect(reported).toHaveLength(1);
		expect(fs.readdirSync(dir).filter(n => n.includes('.tmp-'))).toEqual([]);

		fs.rmdirSync(store.file);
		expect((await store.flush()).ok).toBe(true);
		expect(JSON.parse(read(store.file)).state).toEqual(doc(1));
	});

	it('retries a failed write by itself, and reports every outcome, so that the failure is never silent nor final', async () => {
		const dir = tempDir();
		const outcomes: (string | null)[] = [];
		let landed: () => void = () => {};
		const recovered = new Promise<void>(resolve => (landed = resolve));
		const store = await mustOpen(dir, {
			onWriteResult: e => {
				outcomes.push(e && e.kind);
				if (e === null) landed();
			},
		});
		fs.mkdirSync(store.file);
		expect((await store.saveNow(doc(3))).ok).toBe(false);
		fs.rmdirSync(store.file);
		// No save and no flush from here on: the write lands through the store's own retry.
		await recovered;
		expect(outcomes[0]).toBe('io');
		expect(outcomes.at(-1)).toBe(null);
		expect(JSON.parse(read(store.file)).state).toEqual(doc(3));
		await store.close();
	});

	it('leaves a file that parses and validates when the writer is killed mid-save, and the next open takes over', async () => {
		const dir = tempDir();
		let last = 0;
		for (let round = 0; round < 6; round++) {
			const writer = startChild(dir, 'hammer');
			await writer.waitFor(/saved \d+/);
			// Vary the moment of the kill so that it lands in different phases of a write.
			await sleep(150 + 20 * round);
			writer.child.kill('SIGKILL');
			await writer.exited;
			expect(writer.output()).not.toContain('error');

			const store = await mustOpen(dir);
			const counter = store.initial()?.counter ?? -1;
			expect(counter).toBeGreaterThan(last);
			expect(store.initial()?.items).toHaveLength(20000);
			expect(fs.readdirSync(dir).filter(n => n.includes('.tmp-'))).toEqual([]);
			last = counter;
			await store.close();
		}
	});
});

describe('payloads, secrets and wiping', () => {
	it('stores payloads as files under payloads/ and reads them back', async () => {
		const dir = tempDir();
		const store = await mustOpen(dir);
		expect(store.readPayload('pkg-1')).toBeNull();
		store.writePayload('pkg-1', new Uint8Array([0, 1, 2, 255]));
		expect([...fs.readFileSync(path.join(dir, 'payloads', 'pkg-1.bin'))]).toEqual([0, 1, 2, 255]);
		expect([...(store.readPayload('pkg-1') ?? [])]).toEqual([0, 1, 2, 255]);
	});

	it('reads a package blob from disk once while it is unchanged, and again once it changed on disk', () => {
		const dir = tempDir();
		const digest = 'ab'.repeat(32);
		const file = blobFile(dir, digest);
		expect(readBlob(dir, digest)).toBeNull();
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.writeFileSync(file, Buffer.from('original bytes'));
		const first = readBlob(dir, digest);
		expect(Buffer.from(first!).toString()).toBe('original bytes');
		expect(readBlob(dir, digest)).toBe(first);
		// Altered in place, same size: the next reader sees the altered bytes (a security PC then reports data altered).
		const fd = fs.openSync(file, 'r+');
		fs.writeSync(fd, Buffer.from('X'), 0, 1, 0);
		fs.closeSync(fd);
		expect(Buffer.from(readBlob(dir, digest)!).toString()).toBe('Xriginal bytes');
		fs.rmSync(file);
		expect(readBlob(dir, digest)).toBeNull();
	});

	it('keeps secrets in keys/ with mode 0600 inside a 0700 folder', async () => {
		const dir = tempDir();
		const store = await mustOpen(dir);
		expect(store.readSecret('ca')).toBeNull();
		store.writeSecret('ca', '-----BEGIN PRIVATE KEY-----\n');
		expect(mode(path.join(dir, 'keys'))).toBe(0o700);
		expect(mode(path.join(dir, 'keys', 'ca.pem'))).toBe(0o600);
		expect(store.readSecret('ca')).toBe('-----BEGIN PRIVATE KEY-----\n');
	});

	it('refuses ids that could escape their folder', async () => {
		const store = await mustOpen(tempDir());
		expect(() => store.writePayload('../rim', new Uint8Array())).toThrow(/unsafe/);
		expect(() => store.readSecret('.hidden')).toThrow(/unsafe/);
	});

	it('wipeData deletes the document, its backups, payloads and keys', async () => {
		const dir = tempDir();
		fs.writeFileSync(path.join(dir, 'rim.json'), JSON.stringify({schemaVersion: 1, state: {count: 1}}));
		const store = await mustOpen(dir);
		store.writePayload('p', new Uint8Array([1]));
		store.writeSecret('ca', 'key');
		await store.close();
		fs.writeFileSync(path.join(dir, 'unrelated.txt'), 'keep');

		expect(wipeData(dir)).toEqual({ok: true, value: undefined});
		expect(fs.readdirSync(dir)).toEqual(['unrelated.txt']);
		expect((await mustOpen(dir)).initial()).toBeNull();
	});
});

/**
 * Benchmark 3 — store: the 10,000-destination security-PC job of benchmark 2, run on a REAL clock (RealClock, sped up)
 * against a real data directory, with the engine publishing snapshots every 100 ms to a subscriber as the TUI's does,
 * so the store's coalesced writes (250 ms delay, one write in flight) happen as they would under the TUI.
 *
 * How to read it:
 * - bytes/s: rim.json bytes written per second of the run (the document is rewritten whole on every write).
 * - longest stall: store.stats().longestSyncMs, the synchronous part of one write (JSON.stringify + Buffer), which
 *   blocks the event loop; beside it the event loop's worst delay over the run (monitorEventLoopDelay), which also
 *   contains the engine's own bursts of work.
 * - change → disk: for every state change (each engine save), the time until a write that serialised it after the
 *   change had been renamed into place (seen with fs.watch). The write start is taken exactly: the document handed to
 *   the store serialises the engine state through toJSON(), which notes the time. Goal: max ≤ 1 s.
 * - write cost: CPU (user + system, all threads, so fsync and the copy to the kernel count) of one write of the final
 *   document, measured afterwards with the same adapter, × writes per second: the share of one core the store takes.
 *   Goal < 10%.
 */
import {watch} from 'node:fs';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {RealClock} from '../src/engine/clock.js';
import {defaultSettings} from '../src/engine/define.js';
import {Engine, type Ticker} from '../src/engine/engine.js';
import type {EngineState} from '../src/engine/model.js';
import {summarize} from '../src/engine/snapshot.js';
import {SCHEMA_VERSION, validateEngineState} from '../src/data/schema.js';
import {openStore} from '../src/data/store.js';
import {DurableJsonFile} from '../src/data/durable-json-file.js';
import {fmt, goal, percentile, printTable, securityFleet} from './support.js';

const SECRET_NAMES = {caKeyPem: 'ca-key', signerKeyPem: 'signer-key', deviceKeyPem: 'device-key'} as const;

export const timerTicker: Ticker = {
	schedule(fn, ms) {
		const t = setTimeout(fn, ms);
		return () => clearTimeout(t);
	},
};

/** Speeds of the real clock: 200 (the job is CPU-bound, ~3 s) and 10 (the job spreads over ~9 s, as a demo would). */
export async function storeBenchmark(speeds = (process.env.RIM_BENCH_SPEEDS ?? '200,10').split(',').map(Number), destinations = 10_000): Promise<void> {
	console.log(`\n## 3. Store — ${destinations}-destination job on a real clock (speeds ${speeds.join(', ')}), real data directory`);
	const demo = securityFleet(destinations);
	const rows: (string | number)[][] = [];
	const goals: string[] = [];
	for (const speed of speeds) {
		const {row, notes} = await storeRun(demo, speed);
		rows.push(row);
		goals.push(...notes);
	}
	printTable('store', ['speed', 'run s', 'finished', 'writes', 'writes/s', 'file MB', 'MB/s', 'longest write stall ms', 'loop delay max ms',
		'change→disk p50 ms', 'p95 ms', 'max ms', 'write gap max ms', 'cpu/write ms', 'write cost'], rows);
	for (const line of goals) console.log(line);
}

async function storeRun(demo: ReturnType<typeof securityFleet>, speed: number): Promise<{row: (string | number)[]; notes: string[]}> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-bench-store-'));
	try {
		const opened = await openStore<EngineState>({dir, schemaVersion: SCHEMA_VERSION, validate: validateEngineState});
		if (!opened.ok) throw new Error(opened.error.message);
		const store = opened.value;
		const state = structuredClone(demo.state);
		for (const [id, bytes] of demo.payloads) store.writePayload(id, bytes);
		for (const [field, name] of Object.entries(SECRET_NAMES)) store.writeSecret(name, demo.office.secrets[field as keyof typeof SECRET_NAMES]);
		await store.saveNow(state);
		const before = store.stats();

		const changes: number[] = [];
		const writeStarts: number[] = [];
		const renamed: number[] = [];
		// The store serialises what it is given when it writes; toJSON notes that instant and hands over the state.
		const doc = {toJSON: () => (writeStarts.push(performance.now()), state)} as unknown as EngineState;
		const watcher = watch(dir, (event, name) => {
			if (name === 'rim.json') renamed.push(performance.now());
		});
		const clock = new RealClock(speed, state.clockHighWater);
		const engine = new Engine(state, {clock, office: demo.office, payload: id => store.readPayload(id), ticker: timerTicker,
			persistence: {
				save: () => {
					changes.push(performance.now());
					store.save(doc);
				},
				saveNow: async () => {
					changes.push(performance.now());
					const saved = await store.saveNow(doc);
					if (!saved.ok) throw new Error(saved.error.message);
				},
			}});
		let frames = 0;
		const unsubscribe = engine.subscribe(() => frames++);
		const eld = monitorEventLoopDelay({resolution: 10});
		eld.enable();
		const started = performance.now();
		const defined = await engine.defineJob({name: 'BENCH-STORE', type: 'install', destinations: [{kind: 'group', id: 'SECURITY-PCS'}],
			packages: [{id: 'SEC-PATCH-2611', conditions: {}}], settings: defaultSettings()});
		if (!defined.ok) throw new Error(defined.error.message);
		const executed = await engine.execute(defined.value.id);
		if (!executed.ok) throw new Error(executed.error.message);
		while (engine.unsettled(defined.value.id).length > 0) await new Promise(r => setTimeout(r, 50));
		const flushed = await store.flush();
		const ended = performance.now();
		eld.disable();
		await new Promise(r => setTimeout(r, 50)); // let the last rename event arrive
		watcher.close();
		unsubscribe();
		clock.cancelAll();
		const after = store.stats();
		const fileBytes = (await import('node:fs')).statSync(store.file).size;
		await store.close();
		if (!flushed.ok) throw new Error(flushed.error.message);
		const s = summarize(engine.job(defined.value.id)!);

		// change → disk: the first write that started after the change, and the rename that completed it.
		const delays: number[] = [];
		let w = 0;
		for (const t of changes) {
			while (w < writeStarts.length && writeStarts[w]! <= t) w++;
			if (w >= writeStarts.length) continue;
			const start = writeStarts[w]!;
			const done = renamed.find(r => r >= start);
			if (done !== undefined) delays.push(done - t);
		}
		const seconds = (ended - started) / 1000;
		const writes = after.writes - before.writes;
		const bytes = after.bytes - before.bytes;
		const gaps = renamed.slice(1).map((r, i) => r - renamed[i]!);

		// Cost of one write of the final document, all threads (fsync included), averaged over a few writes.
		const probe = new DurableJsonFile(path.join(dir, 'probe.json'));
		const cpu0 = process.cpuUsage();
		const wall0 = performance.now();
		const reps = 5;
		for (let i = 0; i < reps; i++) await probe.write({schemaVersion: SCHEMA_VERSION, state});
		const cpu = process.cpuUsage(cpu0);
		const cpuPerWriteMs = (cpu.user + cpu.system) / 1000 / reps;
		const wallPerWriteMs = (performance.now() - wall0) / reps;
		const share = (cpuPerWriteMs * writes) / (seconds * 1000);

		const maxDelay = Math.max(...delays);
		return {
			row: [speed, fmt(seconds, 1), `${s.finished}/${s.total}`, writes, fmt(writes / seconds, 1), fmt(fileBytes / 1e6, 1),
				fmt(bytes / 1e6 / seconds, 1), fmt(after.longestSyncMs, 1), fmt(eld.max / 1e6, 0), fmt(percentile(delays, 50), 0),
				fmt(percentile(delays, 95), 0), fmt(maxDelay, 0), fmt(Math.max(...gaps), 0),
				`${fmt(cpuPerWriteMs, 1)} (wall ${fmt(wallPerWriteMs, 0)})`, `${fmt(100 * share, 1)}% of a core`],
			notes: [`  speed ${speed}: ${changes.length} state changes, ${frames} snapshots published, ${delays.length} changes traced to a write`,
				goal(`speed ${speed}: change → disk, max ms`, maxDelay, '<=', 1000, 0),
				goal(`speed ${speed}: write cost, % of one core`, 100 * share, '<', 10, 1)],
		};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

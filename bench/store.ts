/**
 * Benchmark 3 — store: the 10,000-destination security-PC job of benchmark 2, run on a REAL clock (RealClock, sped up)
 * against a real data directory, with the engine publishing snapshots every 100 ms to a subscriber as the TUI's does,
 * so the store's coalesced writes (250 ms delay, one write in flight) happen as they would under the TUI.
 *
 * The engine is persisted exactly as in a session (src/persistence.ts): each change becomes a journal record appended
 * to rim.journal (coalesced, fsynced), and rim.json is rewritten only when the journal is folded into it (journal > max(8 MB, rim.json)), in slices beside the
 * appends (data/compaction.ts).
 *
 * How to read it:
 * - writes: journal appends + snapshots (compactions); MB/s: bytes of both written per second of the run.
 * - longest stall: store.stats().longestSyncMs, the synchronous part of one write (reading and serialising the records;
 *   for a snapshot, JSON.stringify of the document), which blocks the event loop; beside it the event loop's worst delay
 *   over the run (monitorEventLoopDelay), which also contains the engine's own bursts of work.
 * - change → disk: for every state change (each engine save), the time until the first write whose content was taken
 *   after the change was durable (the append's fsync, or the snapshot's rename and directory fsync), both reported
 *   exactly by the store's onWritten hook. Goal: max ≤ 1 s.
 * - write cost: the whole process's extra CPU (user + system, every thread: records, JSON, GC, fsync) of the run with
 *   persistence over the same run with persistence turned off (nothing saved), in CPU seconds, divided by the wall
 *   seconds of the run with it; runs alternate, at speed 10 (a demo's pace), RIM_BENCH_RUNS pairs (9: one pair varies
 *   by ten points of a core either way). Goal < 10% of one core, on the median of the pairs.
 * - loop delay max: the event loop's longest block over the run (monitorEventLoopDelay): a key typed in an attached
 *   or embedded TUI waits that long.
 */
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {monitorEventLoopDelay} from 'node:perf_hooks';
import {RealClock} from '../src/engine/clock.js';
import {defaultSettings} from '../src/engine/define.js';
import {Engine, type Ticker} from '../src/engine/engine.js';
import {SimulatedFleet, siteWorld} from '../src/engine/sim/sim-fleet.js';
import type {SiteDocument} from '../src/data/schema.js';
import {summarize} from '../src/engine/snapshot.js';
import {isFinal} from '../src/engine/model.js';
import {SCHEMA_VERSION, validateEngineState} from '../src/data/schema.js';
import {simulationOf} from '../src/engine/sim/pc.js';
import {DATA_FILE, openStore} from '../src/data/store.js';
import {simulatedPcSaver, storePersistence} from '../src/persistence.js';
import {applyRecord} from '../src/persistence-replay.js';
import {ok, type Result} from '../src/shared/result.js';

function mustWrite(written: Result<void, {message: string}>): void {
	if (!written.ok) throw new Error(written.error.message);
}
import {fmt, goalOfRuns, machineLoad, percentile, printTable, securityFleet, spread} from './support.js';

const SECRET_NAMES = {caKeyPem: 'ca-key', signerKeyPem: 'signer-key', deviceKeyPem: 'device-key'} as const;

export const timerTicker: Ticker = {
	schedule(fn, ms) {
		const t = setTimeout(fn, ms);
		return () => clearTimeout(t);
	},
};

/**
 * RIM_BENCH_RUNS alternating pairs (default 9) at speed 10 (the job spreads over ~10 s, as a demo would): each with
 * persistence on, then off. RIM_BENCH_SPEEDS adds single runs at other speeds to the table (200: CPU-bound, ~3 s).
 */
export async function storeBenchmark(
	extraSpeeds = (process.env.RIM_BENCH_SPEEDS ?? '').split(',').filter(Boolean).map(Number),
	destinations = 10_000,
	pairs = Number(process.env.RIM_BENCH_RUNS ?? 9),
): Promise<void> {
	console.log(
		`\n## 3. Store — ${destinations}-destination job on a real clock, real data directory, ${pairs} pairs on/off at speed 10 (${machineLoad()})`,
	);
	const demo = securityFleet(destinations);
	const rows: (string | number)[][] = [];
	const maxDelays: number[] = [];
	const loopMaxes: number[] = [];
	const notes: string[] = [];
	const note = (run: Awaited<ReturnType<typeof storeRun>>) => {
		rows.push(run.row);
		maxDelays.push(run.maxDelay);
		loopMaxes.push(run.loopMax);
		notes.push(run.note);
	};
	for (const speed of extraSpeeds) note(await storeRun(demo, speed, true));
	// Whole-process extra CPU: the same run with and without persistence, alternating, side by side. The extra CPU
	// seconds of the run with persistence over the run without, per wall second of the run with it: the work it adds,
	// whatever share of a core the machine's load let either run have.
	const extra: number[] = [];
	const extraSeconds: number[] = [];
	for (let i = 0; i < pairs; i++) {
		const on = await storeRun(demo, 10, true);
		const off = await storeRun(demo, 10, false);
		note(on);
		extraSeconds.push(on.cpuSeconds - off.cpuSeconds);
		extra.push((on.cpuSeconds - off.cpuSeconds) / on.seconds);
	}
	printTable(
		'store (runs with persistence)',
		[
			'speed',
			'run s',
			'finished',
			'writes (appends+snapshots)',
			'writes/s',
			'rim.json+journal MB',
			'MB/s',
			'longest write stall ms',
			'loop delay max ms',
			'change→disk p50 ms',
			'p95 ms',
			'max ms',
			'write gap max ms',
			'process CPU %',
		],
		rows,
	);
	for (const line of notes) console.log(line);
	console.log(
		`  persistence on − off, whole-process CPU: ${spread(extraSeconds, 2)} s per run; per second of the run: ${spread(
			extra.map(x => 100 * x),
			1,
		)} % of a core`,
	);
	console.log(
		`  event loop's longest block (monitorEventLoopDelay max; a key typed then waits this long): ${spread(loopMaxes, 0)} ms over ${loopMaxes.length} runs`,
	);
	console.log(goalOfRuns('change → disk, max ms (every run)', maxDelays, '<=', 1000, 0));
	console.log(
		goalOfRuns(
			'persisting the running job, extra % of one core (whole process, on − off)',
			extra.map(x => 100 * x),
			'<',
			10,
			1,
		),
	);
}

/**
 * Resolves once every run of the job is final, checked at each publication. Runs only become final here (nothing is
 * executed again), so each check resumes where the last stopped: waiting costs the run nothing it would not cost
 * anyway (a scan of every run every 50 ms cost more CPU than the persistence being measured, and more the longer the
 * run).
 */
function settled(engine: Engine, jobId: string): Promise<void> {
	let next = 0;
	return new Promise(resolve => {
		const check = () => {
			const runs = engine.job(jobId)?.runs ?? [];
			while (next < runs.length && isFinal(runs[next]!.status)) next++;
			if (next < runs.length) return;
			unsubscribe();
			resolve();
		};
		const unsubscribe = engine.subscribe(check);
		check();
	});
}

export async function storeRun(
	demo: ReturnType<typeof securityFleet>,
	speed: number,
	persist: boolean,
): Promise<{
	row: (string | number)[];
	maxDelay: number;
	loopMax: number;
	cpuSeconds: number;
	seconds: number;
	note: string;
}> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-bench-store-'));
	try {
		const written: {takenAt: number; durableAt: number}[] = [];
		const options = {
			dir,
			schemaVersion: SCHEMA_VERSION,
			validate: validateEngineState,
			applyRecord,
			onWritten: (w: {takenAt: number; durableAt: number}) => written.push(w),
		};
		// The site is written whole, then opened again as a session opens it: the run's figures are the session's alone.
		const created = await openStore<SiteDocument>(options);
		if (!created.ok) throw new Error(created.error.message);
		for (const [id, bytes] of demo.payloads) mustWrite(created.value.writePayload(id, bytes));
		for (const [field, name] of Object.entries(SECRET_NAMES))
			mustWrite(created.value.writeSecret(name, demo.office.secrets[field as keyof typeof SECRET_NAMES]));
		mustWrite(await created.value.saveNow(structuredClone({...demo.state, fleet: demo.simulation})));
		mustWrite(await created.value.close());
		const opened = await openStore<SiteDocument>(options);
		if (!opened.ok) throw new Error(opened.error.message);
		const store = opened.value;
		const state = store.initial()!;
		const before = store.stats();
		written.length = 0;

		const changes: number[] = [];
		const clock = new RealClock(speed, state.clockHighWater);
		let engine: Engine | undefined;
		const persistence = persist
			? storePersistence(store, state, () => engine!)
			: {save: () => {}, saveNow: async () => ok(undefined)};
		const fleet: SimulatedFleet = new SimulatedFleet(
			siteWorld(
				() => engine!,
				demo.office,
				id => store.readPayload(id),
			),
			clock,
			state.seed,
			simulationOf(state.fleet),
			persist ? simulatedPcSaver(store, state, id => fleet.pc(id)) : () => {},
		);
		engine = new Engine(state, {
			clock,
			office: demo.office,
			fleet,
			ticker: timerTicker,
			persistence: {
				save: (s, change) => {
					changes.push(performance.now());
					persistence.save(s, change);
				},
				saveNow: s => {
					changes.push(performance.now());
					return persistence.saveNow(s);
				},
			},
		});
		let frames = 0;
		const unsubscribe = engine.subscribe(() => frames++);
		const eld = monitorEventLoopDelay({resolution: 10});
		eld.enable();
		const started = performance.now();
		const cpuAtStart = process.cpuUsage();
		const executed = await engine.executeJob({
			def: {
				name: 'BENCH-STORE',
				type: 'install',
				destinations: [{kind: 'group', id: 'SECURITY-PCS'}],
				packages: [{id: 'SEC-PATCH-2611', conditions: {}}],
				settings: defaultSettings(),
			},
		});
		if (!executed.ok) throw new Error(executed.error.message);
		await settled(engine, executed.value.id);
		const flushed = await store.flush();
		const ended = performance.now();
		const cpuOfRun = process.cpuUsage(cpuAtStart);
		eld.disable();
		unsubscribe();
		clock.cancelAll();
		const after = store.stats();
		const fileBytes =
			statSync(path.join(dir, DATA_FILE)).size +
			(statSync(path.join(dir, 'rim.journal'), {throwIfNoEntry: false})?.size ?? 0);
		await store.close();
		if (!flushed.ok) throw new Error(flushed.error.message);
		const s = summarize(engine.job(executed.value.id)!);

		// change → disk: of the writes whose content was taken after the change, the one durable first. Writes end out of
		// the order they were taken in (a compaction runs beside the appends), so: by takenAt, with the earliest durableAt
		// of every write taken at or after each one.
		const byTaken = [...written].sort((a, b) => a.takenAt - b.takenAt);
		const firstDurable = byTaken.map(x => x.durableAt);
		for (let i = firstDurable.length - 2; i >= 0; i--)
			firstDurable[i] = Math.min(firstDurable[i]!, firstDurable[i + 1]!);
		const delays: number[] = [];
		let w = 0;
		for (const t of changes) {
			while (w < byTaken.length && byTaken[w]!.takenAt < t) w++;
			if (w >= byTaken.length) continue;
			delays.push(firstDurable[w]! - t);
		}
		// RIM_BENCH_TRACE=1 prints every write as taken→durable ms since the job's start.
		if (process.env.RIM_BENCH_TRACE)
			console.log(
				written.map(x => `${(x.takenAt - started).toFixed(0)}→${(x.durableAt - started).toFixed(0)}`).join(' '),
				`changes ${(changes[0]! - started).toFixed(0)}..${(changes.at(-1)! - started).toFixed(0)}`,
			);
		const seconds = (ended - started) / 1000;
		const writes = after.writes - before.writes;
		const bytes = after.bytes - before.bytes;
		const appends = after.appends - before.appends;
		const snapshots = after.snapshots - before.snapshots;
		const durable = written.map(x => x.durableAt).sort((a, b) => a - b);
		const gaps = durable.slice(1).map((r, i) => r - durable[i]!);

		const cpuShare = (cpuOfRun.user + cpuOfRun.system) / 1000 / (seconds * 1000);
		const maxDelay = delays.length ? Math.max(...delays) : 0;
		return {
			row: [
				speed,
				fmt(seconds, 1),
				`${s.finished}/${s.total}`,
				`${writes} (${appends}+${snapshots})`,
				fmt(writes / seconds, 1),
				fmt(fileBytes / 1e6, 1),
				fmt(bytes / 1e6 / seconds, 1),
				fmt(after.longestSyncMs, 1),
				fmt(eld.max / 1e6, 0),
				fmt(percentile(delays, 50), 0),
				fmt(percentile(delays, 95), 0),
				fmt(maxDelay, 0),
				fmt(gaps.length ? Math.max(...gaps) : 0, 0),
				fmt(100 * cpuShare, 1),
			],
			maxDelay,
			loopMax: eld.max / 1e6,
			cpuSeconds: (cpuOfRun.user + cpuOfRun.system) / 1e6,
			seconds,
			note:
				`  speed ${speed}: ${changes.length} state changes, ${frames} snapshots published, ${delays.length} changes traced to a write; ` +
				`records read and serialised in ${fmt(after.recordMs - before.recordMs, 0)} ms, ${fmt((after.appendBytes - before.appendBytes) / 1e6, 1)} MB of them appended`,
		};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

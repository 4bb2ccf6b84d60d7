/**
 * How the engine's state is persisted through the store's journal: the engine reports WHAT changed (StateChange), this
 * adapter turns each change into a journal change whose record is read from the live state when the store writes
 * (so coalesced changes of one key write the latest value once), and `applyRecord` replays the records onto the
 * snapshot when the store opens (`persistence-replay.ts`). Every record replaces one whole object, one field of one, or
 * (a run's step) the fields one or more steps changed and the run's history from a given entry on, so replaying it
 * again changes nothing.
 */
import type {EnginePersistence, StateChange} from './engine/engine.js';
import type {
	Cabinet,
	Definition,
	DestinationRun,
	EngineState,
	Folder,
	Host,
	HostGroup,
	Job,
	Package,
} from './engine/model.js';
import type {JournalChange, Store} from './data/store-port.js';
import type {SiteDocument} from './data/schema.js';
import type {SimulatedPc} from './engine/sim/pc.js';
import {err, ok} from './shared/result.js';

/** One line of rim.journal. */
export type JournalRecord =
	| {t: 'host'; host: Host}
	| {t: 'host-field'; id: string; field: keyof Host; value: unknown}
	| {t: 'run'; job: string; run: DestinationRun}
	/**
	 * What one or more steps of a run changed, over the run as the journal already holds it (same attempt, no other
	 * field changed): its status and time, and its history from entry `from` on (the entries before it are unchanged).
	 */
	| {
			t: 'run-step';
			job: string;
			host: string;
			attempt: number;
			status: DestinationRun['status'];
			lastHeard: number;
			from: number;
			history: DestinationRun['history'];
	  }
	| {t: 'job'; job: Job}
	| {t: 'job-deleted'; id: string}
	| {t: 'host-deleted'; id: string}
	| {t: 'package'; package: Package}
	| {t: 'package-deleted'; id: string}
	| {t: 'group'; group: HostGroup}
	| {t: 'group-deleted'; id: string}
	| {t: 'cabinets'; cabinets: Cabinet[]}
	| {t: 'definition'; definition: Definition}
	| {t: 'definition-deleted'; id: string}
	| {t: 'folders'; folders: Folder[]}
	| {t: 'meta'; nextJobNumber: number; clockHighWater: number; nextDefinitionNumber: number; nextFolderNumber: number}
	/** A simulated PC's truth (the fleet's own section). */
	| {t: 'sim-pc'; pc: SimulatedPc}
	/** One field of a simulated PC's truth. */
	| {t: 'sim-pc-field'; id: string; field: keyof SimulatedPc; value: unknown};

/** Current objects by id; the engine's indexed readers. */
export interface StateReader {
	host(id: string): Host | undefined;
	job(id: string): Job | undefined;
	run(jobId: string, host: string): DestinationRun | undefined;
	readonly state: EngineState;
}

const jobKey = (id: string) => `job:${id}`;

/** What the journal holds of one run: enough to tell whether its next record may carry only a step. */
interface RunOnDisk {
	attempt: number;
	historyLength: number;
	collected: DestinationRun['collected'];
	earlier: DestinationRun['earlier'];
}

/**
 * The runs as the journal holds them, so that a run's record carries only what its steps changed (a few hundred
 * bytes) instead of the whole run with its history (most of a job's journal at 10,000 destinations). It learns only
 * from records that are durable (JournalChange.written), so a failed append leaves it behind, never ahead: a record
 * written again then carries more entries, never fewer. A session starts knowing nothing: its first record of a run is
 * whole, so a journal left by a crash (a torn last record) is never continued.
 */
export class RunTrail {
	/** By job id, then by host id. */
	private readonly jobs = new Map<string, Map<string, RunOnDisk>>();

	/** The record of `run` of job `job` now: a step over what the journal holds, or the whole run. */
	record(job: string, run: DestinationRun): JournalRecord {
		const known = this.jobs.get(job)?.get(run.host);
		if (
			known === undefined ||
			known.attempt !== run.attempt ||
			known.collected !== run.collected ||
			known.earlier !== run.earlier ||
			run.history.length < known.historyLength
		)
			return {t: 'run', job, run};
		const from = known.historyLength;
		return {
			t: 'run-step',
			job,
			host: run.host,
			attempt: run.attempt,
			status: run.status,
			lastHeard: run.lastHeard,
			from,
			history: run.history.slice(from),
		};
	}

	/** A record is durable: the journal now holds what it says (run records, and the runs of a job record). */
	written(record: unknown): void {
		const r = record as JournalRecord;
		if (r.t === 'run') this.hold(r.job, r.run);
		else if (r.t === 'job') for (const run of r.job.runs) this.hold(r.job.id, run);
		else if (r.t === 'run-step') {
			const known = this.jobs.get(r.job)?.get(r.host);
			if (known) known.historyLength = r.from + r.history.length;
		} else if (r.t === 'job-deleted') this.jobs.delete(r.id);
	}

	private hold(job: string, run: DestinationRun): void {
		let runs = this.jobs.get(job);
		if (!runs) this.jobs.set(job, (runs = new Map()));
		runs.set(run.host, {
			attempt: run.attempt,
			historyLength: run.history.length,
			collected: run.collected,
			earlier: run.earlier,
		});
	}
}

/** The journal changes for one engine change; their records read the current objects when the store writes. */
export function journalChanges(
	read: () => StateReader,
	change: StateChange,
	trail: RunTrail = new RunTrail(),
): JournalChange[] {
	if (change.kind === 'host' && change.fields) {
		const {id} = change;
		return change.fields.map(field => ({
			key: `host:${id}.${field}`,
			within: `host:${id}`,
			record: () => {
				const host = read().host(id);
				return host && ({t: 'host-field', id, field, value: host[field]} satisfies JournalRecord);
			},
		}));
	}
	return [journalChange(read, change, trail)];
}

function journalChange(read: () => StateReader, change: StateChange, trail: RunTrail): JournalChange {
	const written = (record: unknown) => trail.written(record);
	switch (change.kind) {
		case 'host':
			return {
				key: `host:${change.id}`,
				record: () => {
					const host = read().host(change.id);
					return host && ({t: 'host', host} satisfies JournalRecord);
				},
			};
		case 'run':
			return {
				key: `run:${change.job}\n${change.host}`,
				within: jobKey(change.job),
				record: () => {
					const run = read().run(change.job, change.host);
					return run && trail.record(change.job, run);
				},
				written,
			};
		case 'job':
			return {
				key: jobKey(change.id),
				record: () => {
					const job = read().job(change.id);
					return job && ({t: 'job', job} satisfies JournalRecord);
				},
				written,
			};
		case 'job-deleted':
			// A deleted job's id is never reused (nextJobNumber only grows).
			return {
				key: `deleted:${change.id}`,
				record: () => ({t: 'job-deleted', id: change.id}) satisfies JournalRecord,
				written,
			};
		case 'host-removed':
			// Same key as the host's own record: a pending change of the removed host is superseded.
			return {key: `host:${change.id}`, record: () => ({t: 'host-deleted', id: change.id}) satisfies JournalRecord};
		case 'package':
			return {
				key: `package:${change.id}`,
				record: () => {
					const found = read().state.inventory.packages.find(p => p.id === change.id);
					return (
						found ? {t: 'package', package: found} : {t: 'package-deleted', id: change.id}
					) satisfies JournalRecord;
				},
			};
		case 'group':
			return {
				key: `group:${change.id}`,
				record: () => {
					const found = read().state.inventory.groups.find(g => g.id === change.id);
					return (found ? {t: 'group', group: found} : {t: 'group-deleted', id: change.id}) satisfies JournalRecord;
				},
			};
		case 'cabinets':
			return {
				key: 'cabinets',
				record: () => ({t: 'cabinets', cabinets: read().state.inventory.cabinets}) satisfies JournalRecord,
			};
		case 'definition':
			return {
				key: `definition:${change.id}`,
				record: () => {
					const definition = read().state.definitions.find(d => d.id === change.id);
					return definition && ({t: 'definition', definition} satisfies JournalRecord);
				},
			};
		case 'definition-deleted':
			// Definition ids are never reused either (nextDefinitionNumber only grows).
			return {
				key: `definition-deleted:${change.id}`,
				record: () => ({t: 'definition-deleted', id: change.id}) satisfies JournalRecord,
			};
		case 'folders':
			return {key: 'folders', record: () => ({t: 'folders', folders: read().state.folders}) satisfies JournalRecord};
		case 'meta':
			return {
				key: 'meta',
				record: () => {
					const {nextJobNumber, clockHighWater, nextDefinitionNumber, nextFolderNumber} = read().state;
					return {
						t: 'meta',
						nextJobNumber,
						clockHighWater,
						nextDefinitionNumber,
						nextFolderNumber,
					} satisfies JournalRecord;
				},
			};
	}
}

/**
 * The engine's persistence port on a store: coalesced journal appends, and durable saves for job creation etc. The
 * store always writes the whole site document `doc` (the engine's state is part of it, the fleet's section beside it).
 */
export function storePersistence(
	store: Store<SiteDocument>,
	doc: SiteDocument,
	read: () => StateReader,
	watch?: (listener: (failure: string | null) => void) => void,
): EnginePersistence {
	const trail = new RunTrail();
	return {
		save: (_state, change) => store.save(doc, journalChanges(read, change, trail)),
		saveNow: async () => {
			const saved = await store.saveNow(doc, []);
			return saved.ok ? ok(undefined) : err(saved.error.message);
		},
		...(watch ? {watch} : {}),
	};
}

/** Persists the field of a simulated PC's truth that the simulated fleet changed. */
export function simulatedPcSaver(
	store: Store<SiteDocument>,
	doc: SiteDocument,
	read: (id: string) => SimulatedPc | undefined,
): (pcId: string, field: keyof SimulatedPc) => void {
	return (id, field) =>
		store.save(doc, [
			{
				key: `sim:${id}.${field}`,
				record: () => {
					const pc = read(id);
					return pc && ({t: 'sim-pc-field', id, field, value: pc[field]} satisfies JournalRecord);
				},
			},
		]);
}

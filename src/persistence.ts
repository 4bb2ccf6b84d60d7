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
	/** One field of many hosts: the hosts whose field changed since its previous record, each with its value. */
	| {t: 'host-fields'; field: keyof Host; values: FieldValue[]}
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
	/**
	 * The runs of one job changed since its previous record of them: each whole (the first record of a run in a session,
	 * or one whose attempt or collected list changed), or as a step over what the journal holds (see `run-step`).
	 */
	| {t: 'runs'; job: string; runs: DestinationRun[]; steps: RunStep[]}
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
	| {t: 'sim-pc-field'; id: string; field: keyof SimulatedPc; value: unknown}
	/** One field of many simulated PCs' truth, as `host-fields` is of hosts. */
	| {t: 'sim-pc-fields'; field: keyof SimulatedPc; values: FieldValue[]};

/** An object's id and the value one of its fields has. */
export interface FieldValue {
	id: string;
	value: unknown;
}

/** What one or more steps of a run changed, in a `runs` record (the fields of a `run-step` record but its job's). */
export type RunStep = Omit<Extract<JournalRecord, {t: 'run-step'}>, 't' | 'job'>;

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

/** The runs of a `runs` record being made: each whole, or as a step. */
interface RunsOfRecord {
	runs: DestinationRun[];
	steps: RunStep[];
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

	/** Adds `run` of job `job` as it is now to `into`: a step over what the journal holds, or the whole run. */
	add(job: string, run: DestinationRun, into: RunsOfRecord): void {
		const known = this.jobs.get(job)?.get(run.host);
		if (
			known === undefined ||
			known.attempt !== run.attempt ||
			known.collected !== run.collected ||
			known.earlier !== run.earlier ||
			run.history.length < known.historyLength
		) {
			into.runs.push(run);
			return;
		}
		const from = known.historyLength;
		into.steps.push({
			host: run.host,
			attempt: run.attempt,
			status: run.status,
			lastHeard: run.lastHeard,
			from,
			history: run.history.slice(from),
		});
	}

	/** A record is durable: the journal now holds what it says (runs records, and the runs of a job record). */
	written(record: unknown): void {
		const r = record as JournalRecord;
		if (r.t === 'runs') {
			for (const run of r.runs) this.hold(r.job, run);
			const runs = this.jobs.get(r.job);
			for (const step of r.steps) {
				const known = runs?.get(step.host);
				if (known) known.historyLength = step.from + step.history.length;
			}
		} else if (r.t === 'job') for (const run of r.job.runs) this.hold(r.job.id, run);
		else if (r.t === 'job-deleted') this.jobs.delete(r.id);
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

/**
 * The objects of one kind changed since the journal last held them, as ONE journal change: a change adds the object's
 * id, and the record lists them all. A running job changes thousands of runs (and of hosts' and simulated PCs' fields)
 * between two appends; as a change, a record and a serialisation each, they cost most of what persisting the job costs.
 */
class IdBatch implements JournalChange {
	/** This change as the list store.save() takes, made once. */
	readonly asChanges: readonly JournalChange[] = [this];
	/** Ids changed since the last record was read. */
	private ids = new Set<string>();
	/** Ids of the last record read, until it is durable (a failed append reads them again, with any newer ones). */
	private recording: Set<string> | null = null;

	constructor(
		readonly key: string,
		/** The record of these ids as they are now; undefined when none of them is left. */
		private readonly recordOf: (ids: ReadonlySet<string>) => JournalRecord | undefined,
		private readonly durable: (record: unknown) => void = () => {},
		readonly within?: string,
	) {}

	add(id: string): void {
		this.ids.add(id);
	}

	record(): JournalRecord | undefined {
		if (this.recording) for (const id of this.ids) this.recording.add(id);
		else this.recording = this.ids;
		this.ids = new Set();
		return this.recordOf(this.recording);
	}

	written(record: unknown): void {
		this.recording = null;
		this.durable(record);
	}

	/** A record that holds every one of these objects as it is now is durable (a job's whole record, for its runs). */
	forget(): void {
		this.ids = new Set();
		this.recording = null;
	}
}

/** The field `field` of the objects `ids`, as `read` finds them now (an object gone since is left out). */
function fieldValues<X extends object>(
	ids: ReadonlySet<string>,
	read: (id: string) => X | undefined,
	field: keyof X,
): FieldValue[] {
	const values: FieldValue[] = [];
	for (const id of ids) {
		const found = read(id);
		if (found) values.push({id, value: found[field]});
	}
	return values;
}

/** Batches of one field each, by field. */
class FieldBatches<X extends object> {
	private readonly batches = new Map<keyof X, IdBatch>();

	constructor(
		private readonly kind: 'host-fields' | 'sim-pc-fields',
		private readonly read: (id: string) => X | undefined,
	) {}

	/** The change for field `field` of object `id`. */
	changed(id: string, field: keyof X): readonly JournalChange[] {
		let batch = this.batches.get(field);
		if (!batch) {
			const {kind, read} = this;
			batch = new IdBatch(`${kind}:${String(field)}`, ids => {
				const values = fieldValues(ids, read, field);
				return values.length ? ({t: kind, field, values} as JournalRecord) : undefined;
			});
			this.batches.set(field, batch);
		}
		batch.add(id);
		return batch.asChanges;
	}
}

/**
 * Turns the engine's changes into journal changes, whose records read the current objects when the store writes; the
 * runs of a job, and each field of hosts, are one change each (IdBatch).
 */
export class EngineJournal {
	private readonly trail = new RunTrail();
	private readonly runBatches = new Map<string, IdBatch>();
	private readonly hostFields: FieldBatches<Host>;

	constructor(private readonly read: () => StateReader) {
		this.hostFields = new FieldBatches<Host>('host-fields', id => read().host(id));
	}

	changes(change: StateChange): readonly JournalChange[] {
		if (change.kind === 'run') {
			const batch = this.runBatches.get(change.job) ?? this.runBatch(change.job);
			batch.add(change.host);
			return batch.asChanges;
		}
		if (change.kind === 'host' && change.fields) {
			const {id, fields} = change;
			return fields.flatMap(field => this.hostFields.changed(id, field));
		}
		return [journalChange(this.read, change, this.written)];
	}

	/** The batch of job `job`'s runs: a `runs` record, each run whole or as a step over what the journal holds. */
	private runBatch(job: string): IdBatch {
		const batch = new IdBatch(
			`runs:${job}`,
			hosts => {
				const reader = this.read();
				const into: RunsOfRecord = {runs: [], steps: []};
				for (const host of hosts) {
					const run = reader.run(job, host);
					if (run) this.trail.add(job, run, into);
				}
				return into.runs.length || into.steps.length ? {t: 'runs', job, ...into} : undefined;
			},
			record => this.trail.written(record),
			jobKey(job),
		);
		this.runBatches.set(job, batch);
		return batch;
	}

	private readonly written = (record: unknown) => {
		this.trail.written(record);
		const r = record as JournalRecord;
		if (r.t === 'job') this.runBatches.get(r.job.id)?.forget();
		else if (r.t === 'job-deleted') this.runBatches.delete(r.id);
	};
}

/** The journal change for one engine change other than those EngineJournal batches. */
function journalChange(
	read: () => StateReader,
	change: Exclude<StateChange, {kind: 'run'}>,
	written: (record: unknown) => void,
): JournalChange {
	switch (change.kind) {
		case 'host':
			return {
				key: `host:${change.id}`,
				record: () => {
					const host = read().host(change.id);
					return host && ({t: 'host', host} satisfies JournalRecord);
				},
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
	const journal = new EngineJournal(read);
	return {
		save: (_state, change) => store.save(doc, journal.changes(change)),
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
	const batches = new FieldBatches<SimulatedPc>('sim-pc-fields', read);
	return (id, field) => store.save(doc, batches.changed(id, field));
}

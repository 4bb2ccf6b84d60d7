/**
 * How the engine's state is persisted through the store's journal: the engine reports WHAT changed (StateChange), this
 * adapter turns each change into a journal change whose record is read from the live state when the store writes
 * (so coalesced changes of one key write the latest value once), and {@link applyRecord} replays the records onto the
 * snapshot when the store opens. Every record replaces one whole object, so replaying it again changes nothing.
 */
import type {EnginePersistence, StateChange} from './engine/engine.js';
import type {Cabinet, Definition, DestinationRun, EngineState, Folder, Host, HostGroup, Job, Package} from './engine/model.js';
import type {JournalChange, Store} from './data/store.js';
import type {SiteDocument} from './data/schema.js';
import type {SimulatedPc} from './engine/sim/pc.js';
import {err, ok} from './shared/result.js';

/** One line of rim.journal. */
export type JournalRecord =
	| {t: 'host'; host: Host}
	| {t: 'host-field'; id: string; field: keyof Host; value: unknown}
	| {t: 'run'; job: string; run: DestinationRun}
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
	| {t: 'sim-pc'; pc: SimulatedPc};

/** Current objects by id; the engine's indexed readers. */
export interface StateReader {
	host(id: string): Host | undefined;
	job(id: string): Job | undefined;
	run(jobId: string, host: string): DestinationRun | undefined;
	readonly state: EngineState;
}

const jobKey = (id: string) => `job:${id}`;

/** The journal changes for one engine change; their records read the current objects when the store writes. */
export function journalChanges(read: () => StateReader, change: StateChange): JournalChange[] {
	if (change.kind === 'host' && change.fields) {
		const {id} = change;
		return change.fields.map(field => ({key: `host:${id}.${field}`, within: `host:${id}`, record: () => {
			const host = read().host(id);
			return host && ({t: 'host-field', id, field, value: host[field]} satisfies JournalRecord);
		}}));
	}
	return [journalChange(read, change)];
}

function journalChange(read: () => StateReader, change: StateChange): JournalChange {
	switch (change.kind) {
		case 'host':
			return {key: `host:${change.id}`, record: () => {
				const host = read().host(change.id);
				return host && ({t: 'host', host} satisfies JournalRecord);
			}};
		case 'run':
			return {key: `run:${change.job}\n${change.host}`, within: jobKey(change.job), record: () => {
				const run = read().run(change.job, change.host);
				return run && ({t: 'run', job: change.job, run} satisfies JournalRecord);
			}};
		case 'job':
			return {key: jobKey(change.id), record: () => {
				const job = read().job(change.id);
				return job && ({t: 'job', job} satisfies JournalRecord);
			}};
		case 'job-deleted':
			// A deleted job's id is never reused (nextJobNumber only grows).
			return {key: `deleted:${change.id}`, record: () => ({t: 'job-deleted', id: change.id}) satisfies JournalRecord};
		case 'host-removed':
			// Same key as the host's own record: a pending change of the removed host is superseded.
			return {key: `host:${change.id}`, record: () => ({t: 'host-deleted', id: change.id}) satisfies JournalRecord};
		case 'package':
			return {key: `package:${change.id}`, record: () => {
				const found = read().state.inventory.packages.find(p => p.id === change.id);
				return (found ? {t: 'package', package: found} : {t: 'package-deleted', id: change.id}) satisfies JournalRecord;
			}};
		case 'group':
			return {key: `group:${change.id}`, record: () => {
				const found = read().state.inventory.groups.find(g => g.id === change.id);
				return (found ? {t: 'group', group: found} : {t: 'group-deleted', id: change.id}) satisfies JournalRecord;
			}};
		case 'cabinets':
			return {key: 'cabinets', record: () => ({t: 'cabinets', cabinets: read().state.inventory.cabinets}) satisfies JournalRecord};
		case 'definition':
			return {key: `definition:${change.id}`, record: () => {
				const definition = read().state.definitions.find(d => d.id === change.id);
				return definition && ({t: 'definition', definition} satisfies JournalRecord);
			}};
		case 'definition-deleted':
			// Definition ids are never reused either (nextDefinitionNumber only grows).
			return {key: `definition-deleted:${change.id}`, record: () => ({t: 'definition-deleted', id: change.id}) satisfies JournalRecord};
		case 'folders':
			return {key: 'folders', record: () => ({t: 'folders', folders: read().state.folders}) satisfies JournalRecord};
		case 'meta':
			return {key: 'meta', record: () => {
				const {nextJobNumber, clockHighWater, nextDefinitionNumber, nextFolderNumber} = read().state;
				return {t: 'meta', nextJobNumber, clockHighWater, nextDefinitionNumber, nextFolderNumber} satisfies JournalRecord;
			}};
	}
}

/**
 * The engine's persistence port on a store: coalesced journal appends, and durable saves for job creation etc. The
 * store always writes the whole site document `doc` (the engine's state is part of it, the fleet's section beside it).
 */
export function storePersistence(store: Store<SiteDocument>, doc: SiteDocument, read: () => StateReader,
	watch?: (listener: (failure: string | null) => void) => void): EnginePersistence {
	return {
		save: (_state, change) => store.save(doc, journalChanges(read, change)),
		saveNow: async () => {
			const saved = await store.saveNow(doc, []);
			return saved.ok ? ok(undefined) : err(saved.error.message);
		},
		...(watch ? {watch} : {}),
	};
}

/** Persists one simulated PC's truth after the simulated fleet changed it. */
export function simulatedPcSaver(store: Store<SiteDocument>, doc: SiteDocument, read: (id: string) => SimulatedPc | undefined): (pcId: string) => void {
	return id => store.save(doc, [{key: `sim:${id}`, record: () => {
		const pc = read(id);
		return pc && ({t: 'sim-pc', pc} satisfies JournalRecord);
	}}]);
}

// Positions by id, per array object: hosts are replaced in place (same array), a job record brings a new runs array.
const hostIndex = new WeakMap<Host[], Map<string, number>>();
const pcIndex = new WeakMap<SimulatedPc[], Map<string, number>>();
const runIndex = new WeakMap<DestinationRun[], Map<string, number>>();

function positions<X>(cache: WeakMap<X[], Map<string, number>>, list: X[], id: (x: X) => string): Map<string, number> {
	let index = cache.get(list);
	if (!index) {
		index = new Map(list.map((x, i) => [id(x), i]));
		cache.set(list, index);
	}
	return index;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown, what: string): string => {
	if (typeof x !== 'string') throw new Error(`${what} is not a string`);
	return x;
};

/**
 * Replays one journal record onto `state` (in place; returns it). Throws on a record that is not one; the store
 * validates the whole document after the replay, so shapes inside the objects are checked there. A run record whose
 * job or destination does not exist (yet) is skipped: the job's own record, written with it, holds the current runs.
 */
export function applyRecord(state: SiteDocument, raw: unknown): SiteDocument {
	if (!isObject(raw)) throw new Error('the record is not an object');
	switch (raw.t) {
		case 'host': {
			if (!isObject(raw.host)) throw new Error('host record without a host');
			const id = str(raw.host.id, 'host.id');
			const i = positions(hostIndex, state.inventory.hosts, h => h.id).get(id);
			if (i === undefined) throw new Error(`no host "${id}" in the inventory`);
			state.inventory.hosts[i] = raw.host as unknown as Host;
			return state;
		}
		case 'host-field': {
			const id = str(raw.id, 'id');
			const field = str(raw.field, 'field');
			const i = positions(hostIndex, state.inventory.hosts, h => h.id).get(id);
			if (i === undefined) throw new Error(`no host "${id}" in the inventory`);
			const host = state.inventory.hosts[i]!;
			if (!Object.hasOwn(host, field) || !('value' in raw)) throw new Error(`host "${id}" has no field "${field}"`);
			state.inventory.hosts[i] = {...host, [field]: raw.value};
			return state;
		}
		case 'run': {
			const jobId = str(raw.job, 'job');
			if (!isObject(raw.run)) throw new Error('run record without a run');
			const job = state.jobs.find(j => j.id === jobId);
			if (!job || !Array.isArray(job.runs)) return state;
			const i = positions(runIndex, job.runs, r => r.host).get(str(raw.run.host, 'run.host'));
			if (i !== undefined) job.runs[i] = raw.run as unknown as DestinationRun;
			return state;
		}
		case 'job': {
			if (!isObject(raw.job)) throw new Error('job record without a job');
			const id = str(raw.job.id, 'job.id');
			const i = state.jobs.findIndex(j => j.id === id);
			if (i >= 0) state.jobs[i] = raw.job as unknown as Job;
			else state.jobs.push(raw.job as unknown as Job);
			return state;
		}
		case 'job-deleted': {
			const id = str(raw.id, 'id');
			state.jobs = state.jobs.filter(j => j.id !== id);
			return state;
		}
		case 'definition': {
			if (!isObject(raw.definition)) throw new Error('definition record without a definition');
			const id = str(raw.definition.id, 'definition.id');
			const i = state.definitions.findIndex(d => d.id === id);
			if (i >= 0) state.definitions[i] = raw.definition as unknown as Definition;
			else state.definitions.push(raw.definition as unknown as Definition);
			return state;
		}
		case 'definition-deleted': {
			const id = str(raw.id, 'id');
			state.definitions = state.definitions.filter(d => d.id !== id);
			return state;
		}
		case 'folders':
			if (!Array.isArray(raw.folders)) throw new Error('folders record without folders');
			state.folders = raw.folders as Folder[];
			return state;
		case 'meta':
			if (typeof raw.nextJobNumber !== 'number' || typeof raw.clockHighWater !== 'number') throw new Error('meta record without numbers');
			state.nextJobNumber = raw.nextJobNumber;
			state.clockHighWater = raw.clockHighWater;
			// Counters of the Job Definition window; absent from records written before it existed.
			if (typeof raw.nextDefinitionNumber === 'number') state.nextDefinitionNumber = raw.nextDefinitionNumber;
			if (typeof raw.nextFolderNumber === 'number') state.nextFolderNumber = raw.nextFolderNumber;
			return state;
		case 'host-deleted': {
			const id = str(raw.id, 'id');
			state.inventory.hosts = state.inventory.hosts.filter(h => h.id !== id);
			return state;
		}
		case 'package': {
			if (!isObject(raw.package)) throw new Error('package record without a package');
			const pkg = raw.package as unknown as Package;
			upsertById(state.inventory.packages, pkg, str(pkg.id, 'package.id'));
			return state;
		}
		case 'package-deleted': {
			const id = str(raw.id, 'id');
			state.inventory.packages = state.inventory.packages.filter(p => p.id !== id);
			return state;
		}
		case 'group': {
			if (!isObject(raw.group)) throw new Error('group record without a group');
			const group = raw.group as unknown as HostGroup;
			upsertById(state.inventory.groups, group, str(group.id, 'group.id'));
			return state;
		}
		case 'group-deleted': {
			const id = str(raw.id, 'id');
			state.inventory.groups = state.inventory.groups.filter(g => g.id !== id);
			return state;
		}
		case 'cabinets':
			if (!Array.isArray(raw.cabinets)) throw new Error('cabinets record without a list');
			state.inventory.cabinets = raw.cabinets as Cabinet[];
			return state;
		case 'sim-pc': {
			if (!isObject(raw.pc)) throw new Error('sim-pc record without a pc');
			if (state.fleet.kind !== 'simulated') throw new Error('sim-pc record on a site without a simulated fleet');
			const id = str(raw.pc.id, 'pc.id');
			const i = positions(pcIndex, state.fleet.pcs, p => p.id).get(id);
			if (i === undefined) throw new Error(`no simulated PC "${id}" in the fleet`);
			state.fleet.pcs[i] = raw.pc as unknown as SimulatedPc;
			return state;
		}
		default:
			throw new Error(`unknown record type ${JSON.stringify(raw.t)}`);
	}
}

/** Replaces the entry with this id, or appends the item when there is none (a journal record is idempotent). */
function upsertById<T extends {id: string}>(list: T[], item: T, id: string): void {
	const i = list.findIndex(entry => entry.id === id);
	if (i >= 0) list[i] = item;
	else list.push(item);
}

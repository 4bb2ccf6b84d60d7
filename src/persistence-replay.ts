/**
 * Replaying the journal's records (src/persistence.ts writes them) onto the site document when the store opens. Every
 * record replaces one whole object, one field of one, or deletes one, or (a run's step) replaces a run's status and
 * its history from a given entry on, so replaying a record again changes nothing.
 */
import type {Cabinet, Folder, Host} from './engine/model.js';
import type {SiteDocument} from './data/schema.js';
import type {SimulatedPc} from './engine/sim/pc.js';

type Raw = Record<string, unknown>;

// Positions by id, per array object: hosts are replaced in place (same array), a job record brings a new runs array.
const positionsCache = new WeakMap<object[], Map<string, number>>();

function positions<X extends object>(list: X[], id: (x: X) => string): Map<string, number> {
	let index = positionsCache.get(list);
	if (!index) {
		index = new Map(list.map((x, i) => [id(x), i]));
		positionsCache.set(list, index);
	}
	return index;
}

const isObject = (x: unknown): x is Raw => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (x: unknown, what: string): string => {
	if (typeof x !== 'string') throw new Error(`${what} is not a string`);
	return x;
};

/** The lists of the document whose entries a record replaces or deletes by id. */
const LISTS = {
	jobs: {get: (s: SiteDocument) => s.jobs, set: (s: SiteDocument, list: SiteDocument['jobs']) => void (s.jobs = list)},
	definitions: {
		get: (s: SiteDocument) => s.definitions,
		set: (s: SiteDocument, list: SiteDocument['definitions']) => void (s.definitions = list),
	},
	hosts: {
		get: (s: SiteDocument) => s.inventory.hosts,
		set: (s: SiteDocument, list: Host[]) => void (s.inventory.hosts = list),
	},
	packages: {
		get: (s: SiteDocument) => s.inventory.packages,
		set: (s: SiteDocument, list: SiteDocument['inventory']['packages']) => void (s.inventory.packages = list),
	},
	groups: {
		get: (s: SiteDocument) => s.inventory.groups,
		set: (s: SiteDocument, list: SiteDocument['inventory']['groups']) => void (s.inventory.groups = list),
	},
} as const;
type ListName = keyof typeof LISTS;
type Entry = {id: string};
const listOf = (state: SiteDocument, name: ListName) => LISTS[name].get(state) as Entry[];
const setList = (state: SiteDocument, name: ListName, list: Entry[]) =>
	(LISTS[name].set as (s: SiteDocument, l: Entry[]) => void)(state, list);

/** Records that put a whole object into a list (replacing the entry with its id, or appending it): field → list. */
const UPSERTS: Record<string, {field: string; list: ListName}> = {
	job: {field: 'job', list: 'jobs'},
	definition: {field: 'definition', list: 'definitions'},
	package: {field: 'package', list: 'packages'},
	group: {field: 'group', list: 'groups'},
};

/** Records that delete the entry with `id` from a list. */
const DELETES: Record<string, ListName> = {
	'job-deleted': 'jobs',
	'definition-deleted': 'definitions',
	'host-deleted': 'hosts',
	'package-deleted': 'packages',
	'group-deleted': 'groups',
};

/**
 * GONE: a record that changes an object the document does not have (a field of a host, a run, a simulated PC) is
 * skipped rather than refused. The journal can hold records from before the snapshot it is replayed over (a crash
 * while the journal was being folded into it, data/compaction.ts): the object was removed after such a record, and a
 * later record of the journal removes it again.
 */

type Job = SiteDocument['jobs'][number];

/**
 * The job a run record is of; undefined when the document does not have it (yet): the job's own record, written with
 * it, holds the current runs (and see GONE).
 */
function jobOf(state: SiteDocument, raw: Raw): Job | undefined {
	const id = str(raw.job, 'job');
	const job = state.jobs.find(j => j.id === id);
	return job && Array.isArray(job.runs) ? job : undefined;
}

/** Puts a whole run in the place of the job's run of its host; skipped for a destination the job does not have. */
function replaceRun(job: Job, run: Raw): void {
	const i = positions(job.runs, r => r.host).get(str(run.host, 'run.host'));
	if (i !== undefined) job.runs[i] = run as unknown as Job['runs'][number];
}

/** A run's step as a record holds it, its fields checked. */
interface Step {
	host: string;
	attempt: number;
	from: number;
	history: unknown[];
	status: unknown;
	lastHeard: unknown;
}

/** The step a run-step record, or one step of a runs record, holds; refused when a field is missing. */
function checkedStep(raw: Raw): Step {
	const host = str(raw.host, 'host');
	const {attempt, from, history} = raw;
	if (typeof attempt !== 'number' || typeof from !== 'number' || !Array.isArray(history) || !('status' in raw))
		throw new Error('run-step record without its attempt, status, start entry or history');
	return {host, attempt, from, history, status: raw.status, lastHeard: raw.lastHeard};
}

/** Applies one step over the run the document holds. */
function stepRun(job: Job, step: Step): void {
	const {host, from} = step;
	const i = positions(job.runs, r => r.host).get(host);
	if (i === undefined) return;
	const run = job.runs[i]!;
	// Another attempt than the one the document holds: a later record of this run holds it whole (see GONE).
	if (run.attempt !== step.attempt) return;
	// The records of a run continue each other from its last whole record, which is never dropped before them.
	if (from > run.history.length)
		throw new Error(
			`run-step record of ${host} in job ${job.id} continues its history at entry ${from + 1}, but it has ${run.history.length}`,
		);
	job.runs[i] = {
		...run,
		status: step.status as typeof run.status,
		lastHeard: step.lastHeard as number,
		history: [...run.history.slice(0, from), ...(step.history as typeof run.history)],
	};
}

/** The `values` of a host-fields or sim-pc-fields record: each an object's id and its field's value. */
function entriesOf(raw: Raw): Raw[] {
	if (!Array.isArray(raw.values)) throw new Error(`${String(raw.t)} record without its values`);
	return raw.values.map(entry => {
		if (!isObject(entry)) throw new Error(`${String(raw.t)} record with a value that is not an object`);
		return entry;
	});
}

/**
 * Sets one field of the entry `id` of `list` (hosts, or simulated PCs: `what` names them in the refusal) to
 * `holder.value`; skipped for an entry the document no longer has (see GONE).
 */
function setField<X extends {id: string}>(list: X[], what: string, id: string, field: string, holder: Raw): void {
	const i = positions(list, x => x.id).get(id);
	if (i === undefined) return;
	const entry = list[i]!;
	if (!Object.hasOwn(entry, field) || !('value' in holder)) throw new Error(`${what} "${id}" has no field "${field}"`);
	list[i] = {...entry, [field]: holder.value};
}

const setHostField = (state: SiteDocument, id: string, field: string, holder: Raw) =>
	setField(state.inventory.hosts, 'host', id, field, holder);

function setSimulatedPcField(state: SiteDocument, id: string, field: string, holder: Raw): void {
	if (state.fleet.kind !== 'simulated') throw new Error('sim-pc-field record on a site without a simulated fleet');
	setField(state.fleet.pcs, 'simulated PC', id, field, holder);
}

/** The other records, each with its own rule. */
const APPLY: Record<string, (state: SiteDocument, raw: Raw) => void> = {
	host(state, raw) {
		// A host new since the snapshot (an enrolled agent) is appended.
		if (!isObject(raw.host)) throw new Error('host record without a host');
		const id = str(raw.host.id, 'host.id');
		// A host record of a version 6 journal (left by a crash before an upgrade) holds no relay report.
		const host = {relay: null, ...raw.host} as unknown as Host;
		const hosts = state.inventory.hosts;
		const index = positions(hosts, h => h.id);
		const i = index.get(id);
		if (i !== undefined) hosts[i] = host;
		else index.set(id, hosts.push(host) - 1);
	},
	'host-field'(state, raw) {
		setHostField(state, str(raw.id, 'id'), str(raw.field, 'field'), raw);
	},
	'host-fields'(state, raw) {
		const field = str(raw.field, 'field');
		for (const entry of entriesOf(raw)) setHostField(state, str(entry.id, 'id'), field, entry);
	},
	run(state, raw) {
		if (!isObject(raw.run)) throw new Error('run record without a run');
		const job = jobOf(state, raw);
		if (job) replaceRun(job, raw.run);
	},
	'run-step'(state, raw) {
		const step = checkedStep(raw);
		const job = jobOf(state, raw);
		if (job) stepRun(job, step);
	},
	runs(state, raw) {
		const {runs, steps} = raw;
		if (!Array.isArray(runs) || !Array.isArray(steps)) throw new Error('runs record without its runs and steps');
		for (const run of runs) if (!isObject(run)) throw new Error('runs record with a run that is not an object');
		const checked = steps.map(step => {
			if (!isObject(step)) throw new Error('runs record with a step that is not an object');
			return checkedStep(step);
		});
		const job = jobOf(state, raw);
		if (!job) return;
		for (const run of runs) replaceRun(job, run);
		for (const step of checked) stepRun(job, step);
	},
	folders(state, raw) {
		if (!Array.isArray(raw.folders)) throw new Error('folders record without folders');
		state.folders = raw.folders as Folder[];
	},
	cabinets(state, raw) {
		if (!Array.isArray(raw.cabinets)) throw new Error('cabinets record without a list');
		state.inventory.cabinets = raw.cabinets as Cabinet[];
	},
	meta(state, raw) {
		if (typeof raw.nextJobNumber !== 'number' || typeof raw.clockHighWater !== 'number')
			throw new Error('meta record without numbers');
		state.nextJobNumber = raw.nextJobNumber;
		state.clockHighWater = raw.clockHighWater;
		// Counters of the Job Definition window; absent from records written before it existed.
		if (typeof raw.nextDefinitionNumber === 'number') state.nextDefinitionNumber = raw.nextDefinitionNumber;
		if (typeof raw.nextFolderNumber === 'number') state.nextFolderNumber = raw.nextFolderNumber;
	},
	'sim-pc'(state, raw) {
		if (!isObject(raw.pc)) throw new Error('sim-pc record without a pc');
		if (state.fleet.kind !== 'simulated') throw new Error('sim-pc record on a site without a simulated fleet');
		const id = str(raw.pc.id, 'pc.id');
		const i = positions(state.fleet.pcs, p => p.id).get(id);
		// Skipped for a PC the document no longer has: see GONE.
		if (i !== undefined) state.fleet.pcs[i] = raw.pc as unknown as SimulatedPc;
	},
	'sim-pc-field'(state, raw) {
		setSimulatedPcField(state, str(raw.id, 'id'), str(raw.field, 'field'), raw);
	},
	'sim-pc-fields'(state, raw) {
		const field = str(raw.field, 'field');
		for (const entry of entriesOf(raw)) setSimulatedPcField(state, str(entry.id, 'id'), field, entry);
	},
};

/**
 * Replays one journal record onto `state` (in place; returns it). Throws on a record that is not one; the store
 * validates the whole document after the replay, so shapes inside the objects are checked there.
 */
export function applyRecord(state: SiteDocument, raw: unknown): SiteDocument {
	if (!isObject(raw)) throw new Error('the record is not an object');
	const t = typeof raw.t === 'string' ? raw.t : '';
	const upsert = UPSERTS[t];
	const deleted = DELETES[t];
	const other = APPLY[t];
	if (upsert) {
		const item = raw[upsert.field];
		if (!isObject(item)) throw new Error(`${t} record without a ${upsert.field}`);
		const id = str(item.id, `${upsert.field}.id`);
		const list = listOf(state, upsert.list);
		const i = list.findIndex(entry => entry.id === id);
		if (i >= 0) list[i] = item as Entry;
		else list.push(item as Entry);
	} else if (deleted) {
		const id = str(raw.id, 'id');
		setList(
			state,
			deleted,
			listOf(state, deleted).filter(entry => entry.id !== id),
		);
	} else if (other) {
		other(state, raw);
	} else {
		throw new Error(`unknown record type ${JSON.stringify(raw.t)}`);
	}
	return state;
}

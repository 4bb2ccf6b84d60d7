/**
 * Deltas for live views attached to a manager: what changed since the previous publication, as whole replaced objects
 * (a host record, one destination run, a whole job), never the whole state. `buildDelta` runs on the manager from the
 * engine's StateChanges; `applyDelta` runs on the client and returns a new immutable snapshot.
 */
import type {ClockRate} from '../engine/clock.js';
import type {StateChange} from '../engine/engine-ports.js';
import type {
	Cabinet,
	Definition,
	DestinationRun,
	Folder,
	Host,
	HostGroup,
	Inventory,
	Job,
	Package,
} from '../engine/model.js';
import type {SaveState} from '../engine/save-state.js';
import {summarize, type EngineSnapshot, type JobView} from '../engine/snapshot.js';

export interface Delta {
	version: number;
	at: number;
	hosts: Host[];
	jobs: Job[];
	runs: {job: string; run: DestinationRun}[];
	deleted: string[];
	/** The Job Definition window: replaced or new definitions, deleted ones, and the folder list when it changed. */
	definitions: Definition[];
	definitionsDeleted: string[];
	folders: Folder[] | null;
	/** The admin's edits of the site (packages, groups, cabinets, removed hosts); absent when there were none. */
	site?: SiteDelta;
	/** Whether the manager's state is on disk (sent whole: it is small). */
	saving: SaveState;
	/** The manager's lab clock rate, on every delta (a few bytes): a change of speed or pause has no other record. */
	clock?: ClockRate;
}

export interface SiteDelta {
	packages: Package[];
	removedPackages: string[];
	groups: HostGroup[];
	removedGroups: string[];
	/** The whole cabinet list when it changed, else null. */
	cabinets: Cabinet[] | null;
	removedHosts: string[];
}

export interface DeltaSource {
	host(id: string): Host | undefined;
	job(id: string): Job | undefined;
	run(jobId: string, host: string): DestinationRun | undefined;
	definition(id: string): Definition | undefined;
	readonly state: {folders: Folder[]};
}

/** The site edits among `changes`, read from the inventory they left (a record that is gone was removed). */
function siteDelta(changes: readonly StateChange[], inventory: Inventory): SiteDelta | undefined {
	const packageIds = new Set<string>();
	const groupIds = new Set<string>();
	const removedHosts = new Set<string>();
	let cabinets = false;
	for (const change of changes) {
		if (change.kind === 'package') packageIds.add(change.id);
		else if (change.kind === 'group') groupIds.add(change.id);
		else if (change.kind === 'cabinets') cabinets = true;
		else if (change.kind === 'host-removed') removedHosts.add(change.id);
	}
	if (!packageIds.size && !groupIds.size && !cabinets && !removedHosts.size) return undefined;
	const packages = inventory.packages.filter(p => packageIds.has(p.id));
	const groups = inventory.groups.filter(g => groupIds.has(g.id));
	return {
		packages,
		removedPackages: [...packageIds].filter(id => !packages.some(p => p.id === id)),
		groups,
		removedGroups: [...groupIds].filter(id => !groups.some(g => g.id === id)),
		cabinets: cabinets ? inventory.cabinets : null,
		removedHosts: [...removedHosts].filter(id => !inventory.hosts.some(h => h.id === id)),
	};
}

/** Replaces records by id (in place), appends new ones, drops the removed ones. */
function patch<T extends {id: string}>(list: readonly T[], changed: readonly T[], removed: readonly string[]): T[] {
	const gone = new Set(removed);
	const next = list.filter(item => !gone.has(item.id));
	const position = new Map(next.map((item, i) => [item.id, i]));
	for (const item of changed) {
		const i = position.get(item.id);
		if (i === undefined) position.set(item.id, next.push(item) - 1);
		else next[i] = item;
	}
	return next;
}

export function applySiteDelta(inventory: Inventory, site: SiteDelta): Inventory {
	return {
		hosts: site.removedHosts.length ? patch(inventory.hosts, [], site.removedHosts) : inventory.hosts,
		packages: patch(inventory.packages, site.packages, site.removedPackages),
		groups: patch(inventory.groups, site.groups, site.removedGroups),
		cabinets: site.cabinets ?? inventory.cabinets,
	};
}

export function buildDelta(
	changes: readonly StateChange[],
	source: DeltaSource,
	snapshot: {version: number; at: number; inventory?: Inventory; saving: SaveState; clock?: ClockRate},
): Delta {
	const hostIds = new Set<string>();
	const jobIds = new Set<string>();
	const runKeys = new Map<string, {job: string; host: string}>();
	const deleted = new Set<string>();
	const definitionIds = new Set<string>();
	const definitionsDeleted = new Set<string>();
	let foldersChanged = false;
	for (const change of changes) {
		switch (change.kind) {
			case 'host':
				hostIds.add(change.id);
				break;
			case 'job':
				jobIds.add(change.id);
				break;
			case 'run':
				runKeys.set(`${change.job}\n${change.host}`, {job: change.job, host: change.host});
				break;
			case 'job-deleted':
				deleted.add(change.id);
				jobIds.delete(change.id);
				break;
			case 'definition':
				definitionIds.add(change.id);
				definitionsDeleted.delete(change.id);
				break;
			case 'definition-deleted':
				definitionsDeleted.add(change.id);
				definitionIds.delete(change.id);
				break;
			case 'folders':
				foldersChanged = true;
				break;
			case 'meta':
				break;
		}
	}
	const hosts = [...hostIds].map(id => source.host(id)).filter((h): h is Host => h !== undefined);
	const jobs = [...jobIds].map(id => source.job(id)).filter((j): j is Job => j !== undefined);
	// A run of a job shipped whole travels inside it.
	const runs = [...runKeys.values()]
		.filter(k => !jobIds.has(k.job) && !deleted.has(k.job))
		.map(k => ({job: k.job, run: source.run(k.job, k.host)}))
		.filter((r): r is {job: string; run: DestinationRun} => r.run !== undefined);
	const site = snapshot.inventory && siteDelta(changes, snapshot.inventory);
	const definitions = [...definitionIds]
		.map(id => source.definition(id))
		.filter((d): d is Definition => d !== undefined);
	return {
		version: snapshot.version,
		at: snapshot.at,
		hosts,
		jobs,
		runs,
		deleted: [...deleted],
		definitions,
		definitionsDeleted: [...definitionsDeleted],
		folders: foldersChanged ? source.state.folders.slice() : null,
		saving: snapshot.saving,
		...(site ? {site} : {}),
		...(snapshot.clock ? {clock: snapshot.clock} : {}),
	};
}

const view = (job: Job): JobView => ({...job, summary: summarize(job)});

/** The snapshot after `delta`; unchanged parts are shared with `before`. */
export function applyDelta(before: EngineSnapshot, delta: Delta): EngineSnapshot {
	let inventory = delta.site ? applySiteDelta(before.inventory, delta.site) : before.inventory;
	if (delta.hosts.length) {
		const hosts = inventory.hosts.slice();
		const position = new Map(hosts.map((h, i) => [h.id, i]));
		for (const host of delta.hosts) {
			const i = position.get(host.id);
			if (i === undefined) hosts.push(host);
			else hosts[i] = host;
		}
		inventory = {...inventory, hosts};
	}
	let jobs = before.jobs;
	if (delta.jobs.length || delta.runs.length || delta.deleted.length) {
		const deleted = new Set(delta.deleted);
		const list: JobView[] = jobs.filter(j => !deleted.has(j.id));
		const position = new Map(list.map((j, i) => [j.id, i]));
		for (const job of delta.jobs) {
			const i = position.get(job.id);
			if (i === undefined) position.set(job.id, list.push(view(job)) - 1);
			else list[i] = view(job);
		}
		const runsByJob = new Map<string, DestinationRun[]>();
		for (const {job, run} of delta.runs) runsByJob.set(job, [...(runsByJob.get(job) ?? []), run]);
		for (const [jobId, changed] of runsByJob) {
			const i = position.get(jobId);
			if (i === undefined) continue;
			const job = list[i]!;
			const runs = job.runs.slice();
			const at = new Map(runs.map((r, k) => [r.host, k]));
			for (const run of changed) {
				const k = at.get(run.host);
				if (k !== undefined) runs[k] = run;
			}
			list[i] = view({...job, runs});
		}
		jobs = list;
	}
	let definitions = before.definitions;
	if (delta.definitions.length || delta.definitionsDeleted.length) {
		const gone = new Set(delta.definitionsDeleted);
		const list = definitions.filter(d => !gone.has(d.id));
		for (const def of delta.definitions) {
			const i = list.findIndex(d => d.id === def.id);
			if (i < 0) list.push(def);
			else list[i] = def;
		}
		definitions = list;
	}
	return {
		...before,
		inventory,
		jobs,
		definitions,
		folders: delta.folders ?? before.folders,
		version: delta.version,
		at: delta.at,
		saving: delta.saving ?? before.saving,
		...(delta.clock ? {clock: delta.clock} : {}),
	};
}

/**
 * What the admin of a real site changes by hand: packages made from files, host
 * groups, removing hosts. Each operation is a pure plan over the state — the refusal with its one-line reason, or the
 * new inventory with what changed — so the engine applies it in one step and a refused operation changes nothing.
 * Arguments and results are plain data, so they can cross a process boundary unchanged.
 */
import type {EngineError, StateChange} from './engine-ports.js';
import {isSecurityOnlyGroup} from './inventory.js';
import {
	isFinal,
	type Cabinet,
	type Definition,
	type EngineState,
	type Host,
	type HostCertificate,
	type HostGroup,
	type InstalledPackage,
	type Inventory,
	type Job,
	type Package,
	type PackageAuth,
	type PackageKind,
} from './model.js';
import type {Manifest} from './pki/index.js';
import {err, ok, type Result} from '../shared/result.js';
import {fieldProblem, installScriptProblem} from './rules/inventory-fields.js';
import {defaultConditions} from './define.js';
import {ID_RULES, isValidId} from '../shared/ids.js';

/** The admin's description of a package to add (before its payload exists). */
export interface PackageFields {
	id: string;
	version: string;
	kind: PackageKind;
	/** Default: the id. */
	name?: string;
	/** Default: `UD` for update data, `SW` for standard packages. */
	cabinet?: string;
	/** Operating systems the package installs on; empty or absent means any. */
	os?: string[];
	installScript?: string | null;
}

/** A package to make from a file or a folder: the admin's fields and the path to pack. */
export interface PackageRequest extends PackageFields {
	path: string;
}

/** How far packing has come: bytes of the archive produced so far, and its estimated total. */
export interface PackProgress {
	done: number;
	total: number;
}

/** Calls `listener` only when the whole percent changes (a large folder reports every MiB). */
export function everyPercent(listener: (progress: PackProgress) => void): (progress: PackProgress) => void {
	let shown = -1;
	return progress => {
		const percent = progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 100;
		if (percent === shown) return;
		shown = percent;
		listener(progress);
	};
}

/** A package made from files, and whether its payload was stored already (the same bytes as another package). */
export interface AddedPackage {
	package: Package;
	shared: boolean;
}

/** A package whose payload is stored: the fields plus the payload's size and SHA-256. */
export interface NewPackage extends PackageFields {
	size: number;
	sha256: string;
}

/** An applied edit: the new inventory, what changed (for persistence), and the operation's result. */
export interface SiteEdit<T> {
	inventory: Inventory;
	changes: StateChange[];
	value: T;
}

type Plan<T> = Result<SiteEdit<T>, EngineError>;

/** What the plans read: the inventory, definitions and jobs (a screen's snapshot has them, so it can ask before it acts). */
export type SiteState = Pick<EngineState, 'inventory'> & {
	definitions: readonly Pick<Definition, 'name' | 'packages' | 'destinations'>[];
	jobs: readonly Pick<Job, 'id' | 'packages' | 'destinations' | 'runs' | 'executedAt'>[];
};

const input = (message: string) => err<EngineError>({kind: 'input', message});
const notFound = (message: string) => err<EngineError>({kind: 'not-found', message});
const inUse = (message: string) => err<EngineError>({kind: 'state', message});

/** Cabinets a package lands in when the admin names none; created on first use. */
export const DEFAULT_CABINETS: Record<PackageKind, Cabinet> = {
	'update-data': {id: 'UD', name: 'Update data'},
	standard: {id: 'SW', name: 'Software'},
};

const list = (ids: readonly string[]) => ids.join(', ');

/** The fields of a package an admin fills, as a form shows them. */
export type PackageField = 'id' | 'version' | 'kind' | 'name' | 'cabinet' | 'os' | 'installScript';

/** Each field's own problem (bad id, version, kind, name, cabinet, OS, install script), by field. */
function fieldFormatProblems(fields: PackageFields): Partial<Record<PackageField, string>> {
	const problems: Partial<Record<PackageField, string>> = {};
	const put = (field: PackageField, problem: string | null | undefined) => {
		if (problem) problems[field] = problem;
	};
	put('id', fieldProblem('packageId', fields.id));
	put('version', fieldProblem('version', fields.version));
	put(
		'kind',
		fields.kind === 'standard' || fields.kind === 'update-data'
			? null
			: `kind "${fields.kind}" is not allowed: use standard or update-data`,
	);
	put('name', fields.name === undefined ? null : fieldProblem('packageName', fields.name));
	put('cabinet', fields.cabinet === undefined ? null : fieldProblem('cabinet', fields.cabinet));
	put(
		'os',
		(fields.os ?? []).map(os => fieldProblem('os', os)).find(p => p !== null),
	);
	put('installScript', fields.installScript == null ? null : installScriptProblem(fields.installScript));
	return problems;
}

const duplicatePackage = (state: Pick<EngineState, 'inventory'>, id: string) =>
	state.inventory.packages.some(p => p.id === id) ? `a package with id ${id} exists already` : null;

const FIELD_ORDER: readonly PackageField[] = ['id', 'version', 'kind', 'name', 'cabinet', 'os', 'installScript'];

/** Each field's problem, a duplicate id included: the TUI's form shows each beside its field. */
export function packageFieldProblems(
	state: Pick<EngineState, 'inventory'>,
	fields: PackageFields,
): Partial<Record<PackageField, string>> {
	const problems = fieldFormatProblems(fields);
	const duplicate = problems.id ? null : duplicatePackage(state, fields.id);
	return duplicate ? {...problems, id: duplicate} : problems;
}

/** The first field problem of a package to add (the fields in order, then a duplicate id), or null: the CLI's refusal. */
export function packageFieldsProblem(state: Pick<EngineState, 'inventory'>, fields: PackageFields): string | null {
	const problems = fieldFormatProblems(fields);
	return FIELD_ORDER.map(field => problems[field]).find(p => p !== undefined) ?? duplicatePackage(state, fields.id);
}

/** Adds a package whose payload is stored; update data is signed with `sign` (the office's signing certificate). */
export function planAddPackage(
	state: EngineState,
	pkg: NewPackage,
	sign: (m: Manifest) => PackageAuth,
	now: number,
): Plan<Package> {
	const problem = packageFieldsProblem(state, pkg);
	if (problem) return input(problem);
	if (!Number.isSafeInteger(pkg.size) || pkg.size < 0 || !/^[0-9a-f]{64}$/.test(pkg.sha256)) {
		return input(`package ${pkg.id}: size and SHA-256 of the stored payload are required`);
	}
	const cabinetId = pkg.cabinet ?? DEFAULT_CABINETS[pkg.kind].id;
	const {inventory} = state;
	const newCabinet = !inventory.cabinets.some(c => c.id === cabinetId);
	const cabinet: Cabinet = Object.values(DEFAULT_CABINETS).find(c => c.id === cabinetId) ?? {
		id: cabinetId,
		name: `Cabinet ${cabinetId}`,
	};
	const created: Package = {
		id: pkg.id,
		name: pkg.name ?? pkg.id,
		version: pkg.version,
		generation: 1,
		cabinet: cabinetId,
		kind: pkg.kind,
		size: pkg.size,
		sha256: pkg.sha256,
		platforms: [...new Set(pkg.os ?? [])],
		conditions: defaultConditions(now),
		installScript: pkg.installScript ?? null,
		auth:
			pkg.kind === 'update-data' ? sign({id: pkg.id, version: pkg.version, sha256: pkg.sha256, size: pkg.size}) : null,
		createdAt: now,
	};
	return ok({
		inventory: {
			...inventory,
			packages: [...inventory.packages, created],
			cabinets: newCabinet ? [...inventory.cabinets, cabinet] : inventory.cabinets,
		},
		changes: [{kind: 'package', id: created.id}, ...(newCabinet ? [{kind: 'cabinets'} as const] : [])],
		value: created,
	});
}

/** Jobs that name a package: removing it would leave them without it (a re-execute needs it too). */
function jobsUsingPackage(state: SiteState, id: string): string[] {
	return state.jobs.filter(j => j.packages.some(p => p.id === id)).map(j => j.id);
}

/** Definitions that name a package: their next execution needs it. */
function definitionsUsingPackage(state: SiteState, id: string): string[] {
	return state.definitions.filter(d => d.packages.some(p => p.id === id)).map(d => d.name);
}

export function planRemovePackage(state: SiteState, id: string): Plan<Package> {
	const pkg = state.inventory.packages.find(p => p.id === id);
	if (!pkg) return notFound(`no package "${id}"`);
	const jobs = jobsUsingPackage(state, id);
	if (jobs.length)
		return inUse(`package ${id} is used by job ${list(jobs)}; delete the job first (rim job delete ID --yes)`);
	const definitions = definitionsUsingPackage(state, id);
	if (definitions.length)
		return inUse(
			`package ${id} is used by definition ${list(definitions)}; delete the definition first (rim definition delete NAME --yes)`,
		);
	return ok({
		inventory: {...state.inventory, packages: state.inventory.packages.filter(p => p !== pkg)},
		changes: [{kind: 'package', id}],
		value: pkg,
	});
}

export function planCreateGroup(state: SiteState, id: string, name?: string): Plan<HostGroup> {
	const problem = fieldProblem('groupId', id) ?? (name === undefined ? null : fieldProblem('groupName', name));
	if (problem) return input(problem);
	if (state.inventory.groups.some(g => g.id === id)) return input(`a group with id ${id} exists already`);
	if (state.inventory.hosts.some(h => h.id === id))
		return input(`${id} is a host's id; a group needs an id no host has`);
	const group: HostGroup = {id, name: name ?? id, members: []};
	return ok({
		inventory: {...state.inventory, groups: [...state.inventory.groups, group]},
		changes: [{kind: 'group', id}],
		value: group,
	});
}

function replaceGroup(state: SiteState, group: HostGroup): SiteEdit<HostGroup> {
	return {
		inventory: {...state.inventory, groups: state.inventory.groups.map(g => (g.id === group.id ? group : g))},
		changes: [{kind: 'group', id: group.id}],
		value: group,
	};
}

function duplicates(ids: readonly string[]): string[] {
	return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

/** Adds hosts to a group, or removes them from it. */
export function planGroupMembers(
	state: SiteState,
	id: string,
	action: 'add' | 'remove',
	hosts: readonly string[],
): Plan<HostGroup> {
	const group = state.inventory.groups.find(g => g.id === id);
	if (!group) return notFound(`no group "${id}"`);
	if (hosts.length === 0)
		return input(`name at least one host to ${action === 'add' ? 'add to' : 'remove from'} ${id}`);
	const twice = duplicates(hosts);
	if (twice.length) return input(`host ${list(twice)} is named more than once`);
	if (action === 'remove') {
		const outside = hosts.filter(h => !group.members.includes(h));
		if (outside.length) return input(`${list(outside)} ${outside.length === 1 ? 'is' : 'are'} not in group ${id}`);
		return ok(replaceGroup(state, {...group, members: group.members.filter(m => !hosts.includes(m))}));
	}
	const known = new Set(state.inventory.hosts.map(h => h.id));
	const unknown = hosts.filter(h => !known.has(h));
	if (unknown.length) return notFound(`no host ${list(unknown.map(h => `"${h}"`))}`);
	const already = hosts.filter(h => group.members.includes(h));
	if (already.length) return input(`${list(already)} ${already.length === 1 ? 'is' : 'are'} already in group ${id}`);
	return ok(replaceGroup(state, {...group, members: [...group.members, ...hosts]}));
}

/** Definitions resolve their destinations each time they are executed: what they name must stay. */
function definitionsNaming(state: SiteState, kind: 'host' | 'group', id: string): string[] {
	return state.definitions.filter(d => d.destinations.some(x => x.kind === kind && x.id === id)).map(d => d.name);
}

export function planDeleteGroup(state: SiteState, id: string): Plan<HostGroup> {
	const group = state.inventory.groups.find(g => g.id === id);
	if (!group) return notFound(`no group "${id}"`);
	const saved = definitionsNaming(state, 'group', id);
	if (saved.length)
		return inUse(
			`group ${id} is a destination of definition ${list(saved)}; delete the definition first (rim definition delete NAME --yes)`,
		);
	return ok({
		inventory: {...state.inventory, groups: state.inventory.groups.filter(g => g !== group)},
		changes: [{kind: 'group', id}],
		value: group,
	});
}

/** An enrolled agent becomes a host under the server; refused when the id is not a valid host id or is taken. */
export function planAddHost(state: EngineState, host: Host): Plan<Host> {
	if (!isValidId('host', host.id))
		return input(`host name ${JSON.stringify(host.id.slice(0, 64))} is not allowed: use ${ID_RULES.host.words}`);
	if (state.inventory.hosts.some(h => h.id.toLowerCase() === host.id.toLowerCase()))
		return inUse(`a host named ${host.id} exists already`);
	return ok({
		inventory: {...state.inventory, hosts: [...state.inventory.hosts, host]},
		changes: [{kind: 'host', id: host.id}],
		value: host,
	});
}

/** Removes a host from the site and from every group; refused while a job is running on it. */
export function planRemoveHost(state: SiteState, id: string): Plan<Host> {
	const host = state.inventory.hosts.find(h => h.id === id);
	if (!host) return notFound(`no host "${id}"`);
	const running = state.jobs.filter(j => j.runs.some(r => r.host === id && !isFinal(r.status))).map(j => j.id);
	if (running.length)
		return inUse(`job ${list(running)} is running on ${id}; wait for it to end or delete the job first`);
	const saved = definitionsNaming(state, 'host', id);
	if (saved.length)
		return inUse(
			`${id} is a destination of definition ${list(saved)}; delete the definition first (rim definition delete NAME --yes)`,
		);
	const below = state.inventory.hosts.filter(h => h.parent === id).map(h => h.id);
	if (below.length)
		return inUse(
			`${id} is the relay above ${list(below.slice(0, 5))}${below.length > 5 ? ` and ${below.length - 5} more` : ''}; remove those hosts first`,
		);
	const groups = state.inventory.groups.filter(g => g.members.includes(id));
	const inventory: Inventory = {
		...state.inventory,
		hosts: state.inventory.hosts.filter(h => h !== host),
		groups: groups.length
			? state.inventory.groups.map(g => (groups.includes(g) ? {...g, members: g.members.filter(m => m !== id)} : g))
			: state.inventory.groups,
	};
	return ok({
		inventory,
		changes: [{kind: 'host-removed', id}, ...groups.map(g => ({kind: 'group', id: g.id}) as const)],
		value: host,
	});
}

/** What rim knows of a host: the server's record, its groups, and the last software list collected from it. */
export interface HostInfo {
	id: string;
	name: string;
	kind: Host['kind'];
	parent: string | null;
	os: string;
	started: boolean;
	groups: {id: string; name: string; securityOnly: boolean}[];
	installed: {id: string; version: string; installedAt: number}[];
	/** The latest Get software information result, or null when none was collected. */
	software: {job: string; collectedAt: number; packages: {id: string; version: string; installedAt: number}[]} | null;
	/** Security PCs: the device certificate the office last issued (serial, validity), else null. */
	certificate: HostCertificate | null;
}

const softwareList = (list: InstalledPackage[]) =>
	list.map(p => ({id: p.packageId, version: p.version, installedAt: p.installedAt}));

export function hostInfo(state: EngineState, id: string): Result<HostInfo, EngineError> {
	const host = state.inventory.hosts.find(h => h.id === id);
	if (!host) return notFound(`no host "${id}"`);
	let software: HostInfo['software'] = null;
	for (const job of state.jobs) {
		if (job.type !== 'get-software-info') continue;
		const run = job.runs.find(r => r.host === id);
		if (!run?.collected || run.status.state !== 'finished') continue;
		const collectedAt = run.history.at(-1)?.at ?? run.lastHeard;
		if (!software || collectedAt >= software.collectedAt)
			software = {job: job.id, collectedAt, packages: softwareList(run.collected)};
	}
	const {inventory} = state;
	return ok({
		id: host.id,
		name: host.name,
		kind: host.kind,
		parent: host.parent,
		os: host.os,
		started: host.started,
		groups: inventory.groups
			.filter(g => g.members.includes(id))
			.map(g => ({id: g.id, name: g.name, securityOnly: isSecurityOnlyGroup(g, inventory)})),
		installed: softwareList(host.installed),
		software,
		certificate: host.certificate,
	});
}

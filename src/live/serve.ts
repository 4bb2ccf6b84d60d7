/**
 * The manager's side of live views and engine actions on the admin socket. A watcher gets one snapshot, then a delta
 * per publication; when its queue passes the bound (a slow client), deltas stop, and once the queue has drained it gets
 * a fresh snapshot (a resync) and deltas again.
 */
import type {Engine} from '../engine/engine.js';
import {issueCertificate, labAnswer, labFault, labPower, parseFault} from '../engine/lab.js';
import {hostDetail} from '../engine/host-detail.js';
import {CLOCK_OPS, controlClock, isClockOp} from '../engine/lab-clock.js';
import type {FleetKind, JobDefinition, PackageKind} from '../engine/model.js';
import {everyPercent, type PackageRequest} from '../engine/site.js';
import {addPackageFromPath, removePackageAndPayload} from '../site-packages.js';
import type {AdminConnection} from '../net/admin/server.js';
import type {AdminRequest} from '../net/admin/protocol.js';
import {buildDelta} from './delta.js';
import {acceptOnDesk, type AgentDesk} from '../net/agents/desk.js';

/**
 * `agents`: a real site's desk; its pending agents follow the snapshot (and every resync) whole, and again whenever the
 * list changes. The demo has none, and a client of it never hears of pending agents.
 */
export function serveWatch(engine: Engine, id: number, connection: AdminConnection, agents?: AgentDesk): Promise<void> {
	let resyncing = false;
	const sendPending = () => agents && connection.send({id, pending: agents.pendingAgents()});
	const resync = () => {
		resyncing = false;
		if (!connection.send({id, snapshot: engine.snapshotNow()})) return lag();
		if (sendPending() === false) lag();
	};
	const lag = () => {
		if (resyncing || connection.closed) return;
		resyncing = true;
		connection.onDrain(resync);
	};
	const unsubscribe = engine.subscribeChanges((changes, snapshot) => {
		if (resyncing) return;
		if (!connection.send({id, delta: buildDelta(changes, engine, snapshot)})) lag();
	});
	const stopPending = agents?.onPendingChange(() => {
		if (!resyncing && sendPending() === false) lag();
	});
	connection.onClose(() => {
		unsubscribe();
		stopPending?.();
	});
	resync();
	// A watch lasts as long as its connection; it is not work a stopping manager waits for.
	return Promise.resolve();
}

const str = (x: unknown, what: string): string => {
	if (typeof x !== 'string') throw new TypeError(`${what} must be a string`);
	return x;
};

const optionalStr = (x: unknown, what: string): string | null => (x === undefined || x === null ? null : str(x, what));

function jobDefinition(x: unknown): JobDefinition {
	const d = x as Partial<JobDefinition> | null;
	if (
		!d ||
		typeof d !== 'object' ||
		typeof d.name !== 'string' ||
		typeof d.type !== 'string' ||
		!Array.isArray(d.destinations) ||
		!Array.isArray(d.packages) ||
		typeof d.settings !== 'object' ||
		d.settings === null
	) {
		throw new TypeError('a job definition is needed');
	}
	return d as JobDefinition;
}

/** A package request as it arrives: every field's type is checked here; its rules are checked by the engine. */
function packageRequest(x: unknown): PackageRequest {
	const r = x as Record<string, unknown> | null;
	if (!r || typeof r !== 'object') throw new TypeError('addPackage needs {path, id, version, kind, …}');
	const os = r.os === undefined || r.os === null ? undefined : r.os;
	if (os !== undefined && (!Array.isArray(os) || !os.every(o => typeof o === 'string')))
		throw new TypeError('os must be a list of strings');
	return {
		path: str(r.path, 'path'),
		id: str(r.id, 'package id'),
		version: str(r.version, 'version'),
		kind: str(r.kind, 'kind') as PackageKind,
		name: optionalStr(r.name, 'name') ?? undefined,
		cabinet: optionalStr(r.cabinet, 'cabinet') ?? undefined,
		os: os as string[] | undefined,
		installScript: optionalStr(r.installScript, 'install script') ?? undefined,
	};
}

const hostList = (x: unknown): string[] => {
	if (!Array.isArray(x)) throw new TypeError('hosts must be a list of host ids');
	return x.map(h => str(h, 'host id'));
};

/**
 * What the manager serves beside its engine: the data directory packages are packed into, the fleet's kind, and on a
 * real site the desk where agents enrol.
 */
export interface ServedSite {
	dataDir: string;
	fleetKind: FleetKind;
	agents?: AgentDesk;
}

interface CallContext {
	site?: ServedSite;
	progress(progress: {done: number; total: number}): void;
}

const noDataDir = {ok: false, error: {message: 'this manager has no data directory to store a package in'}} as const;
const messageOf = <T>(result: {ok: true; value: T} | {ok: false; error: string}) =>
	result.ok ? result : {ok: false, error: {message: result.error}};

/** The `{def, id?/definition?, folder?}` argument of executeJob and saveDefinition. */
function withDefinition(x: unknown): {def: JobDefinition; ref: string | null; folder: string | null | undefined} {
	const input = x as {def?: unknown; id?: unknown; definition?: unknown; folder?: unknown} | null;
	if (!input || typeof input !== 'object') throw new TypeError('expected {def, …}');
	return {
		def: jobDefinition(input.def),
		ref: optionalStr(input.id ?? input.definition, 'definition id'),
		folder: input.folder === undefined ? undefined : optionalStr(input.folder, 'folder id'),
	};
}

/** The engine actions a TUI performs, by name; each reads and checks its own arguments. */
const CALLS: Record<string, (engine: Engine, args: unknown[], ctx: CallContext) => Promise<unknown>> = {
	executeJob: (engine, [input]) => {
		const {def, ref} = withDefinition(input);
		return engine.executeJob({def, definition: ref});
	},
	saveDefinition: (engine, [input]) => {
		const {def, ref, folder} = withDefinition(input);
		return engine.saveDefinition({def, id: ref, folder});
	},
	executeDefinition: (engine, [id]) => engine.executeDefinition(str(id, 'definition id')),
	deleteDefinition: (engine, [id]) => engine.deleteDefinition(str(id, 'definition id')),
	moveDefinition: (engine, [id, folder]) =>
		engine.moveDefinition(str(id, 'definition id'), optionalStr(folder, 'folder id')),
	createFolder: (engine, [parent, name]) =>
		engine.createFolder(optionalStr(parent, 'folder id'), str(name, 'folder name')),
	renameFolder: (engine, [id, name]) => engine.renameFolder(str(id, 'folder id'), str(name, 'folder name')),
	deleteFolder: (engine, [id, force]) => {
		if (typeof force !== 'boolean') throw new TypeError('deleteFolder needs force: boolean');
		return engine.deleteFolder(str(id, 'folder id'), force);
	},
	rerun: (engine, [id, hosts]) =>
		engine.rerun(
			str(id, 'job id'),
			hosts === undefined || hosts === null ? undefined : (hosts as unknown[]).map(h => str(h, 'host id')),
		),
	deleteJob: (engine, [id]) => engine.deleteJob(str(id, 'job id')),
	issueCertificate: (engine, [host]) => issueCertificate(engine, str(host, 'host id')),
	labFault: (engine, [host, fault]) => {
		const parsed = parseFault(str(fault, 'fault'));
		if (!parsed) throw new TypeError(`unknown fault ${JSON.stringify(fault)}`);
		return labFault(engine, str(host, 'host id'), parsed);
	},
	labAnswer: (engine, [host, answer]) => {
		if (answer !== 'yes' && answer !== 'later' && answer !== 'cancel')
			throw new TypeError('answer must be yes, later or cancel');
		return labAnswer(engine, str(host, 'host id'), answer);
	},
	labPower: (engine, [host, on]) => {
		if (typeof on !== 'boolean') throw new TypeError('power needs on: boolean');
		return labPower(engine, str(host, 'host id'), on);
	},
	labDevice: async (engine, [host]) => engine.fleet.lab?.device(str(host, 'host id')) ?? null,
	siteInfo: async (_engine, _args, {site}) => ({fleet: site?.fleetKind ?? null}),
	// Packing reads the admin's files and writes the data directory: it happens here, in the process that owns it.
	addPackage: async (engine, [request], {site, progress}) => {
		const checked = packageRequest(request);
		if (!site) return noDataDir;
		return messageOf(await addPackageFromPath(engine, site.dataDir, checked, everyPercent(progress)));
	},
	removePackage: async (engine, [id], {site}) => {
		const checked = str(id, 'package id');
		return site
			? messageOf(await removePackageAndPayload(engine, site.dataDir, checked))
			: engine.removePackage(checked);
	},
	createGroup: (engine, [id, name]) =>
		engine.createGroup(str(id, 'group id'), optionalStr(name, 'group name') ?? undefined),
	changeGroup: (engine, [id, action, hosts]) => {
		if (action !== 'add' && action !== 'remove') throw new TypeError('action must be add or remove');
		return engine.changeGroup(str(id, 'group id'), action, hostList(hosts));
	},
	deleteGroup: (engine, [id]) => engine.deleteGroup(str(id, 'group id')),
	removeHost: (engine, [id]) => engine.removeHost(str(id, 'host id')),
	pendingAgents: async (_engine, _args, {site}) => ({ok: true, value: site?.agents?.pendingAgents() ?? null}),
	// The desk looks the id up as given; a retry of an accept that went through is answered as done (`already`).
	acceptAgent: (_engine, [id], {site}) => acceptOnDesk(site?.agents, str(id, 'host id')),
	controlClock: async (engine, [op]) => {
		if (!isClockOp(op))
			throw new TypeError(`clock control must be one of ${CLOCK_OPS.join(', ')} or {speed: 1 to 1000}`);
		return controlClock(engine.clock, op);
	},
	hostDetail: async (engine, [host]) => ({ok: true, value: hostDetail(engine, str(host, 'host id'))}),
};

export async function serveCall(
	engine: Engine,
	request: Extract<AdminRequest, {op: 'call'}>,
	connection: AdminConnection,
	site?: ServedSite,
): Promise<void> {
	const call = CALLS[request.method];
	if (!call) {
		connection.send({id: request.id, err: `unknown action ${JSON.stringify(request.method)}`});
		return;
	}
	try {
		const progress = (p: {done: number; total: number}) =>
			void connection.send({id: request.id, progress: {done: p.done, total: p.total}});
		connection.send({id: request.id, result: await call(engine, request.args, {site, progress})});
	} catch (e) {
		connection.send({id: request.id, err: (e as Error).message});
	}
}

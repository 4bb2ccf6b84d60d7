/** Adapts the Engine, the lab actions and the site's data directory to the EngineApi the screens use. */
import type {Engine} from './engine/engine.js';
import {issueCertificate, labAnswer, labFault, labPower} from './engine/lab.js';
import type {FleetKind} from './engine/model.js';
import {describeCertificate} from './engine/pki/index.js';
import {err} from './shared/result.js';
import {hostDetail} from './engine/host-detail.js';
import {controlClock} from './engine/lab-clock.js';
import type {EngineApi} from './screens/engine-context.js';
import {addPackageFromPath, removePackageAndPayload, userPath} from './site-packages.js';
import {actingAs, currentActor, localUser} from './actor.js';
import {commandLineOf} from './engine/command-line.js';
import {acceptOnDesk, type AgentDesk} from './net/agents/desk.js';

/**
 * The data directory the engine persists to (packing a package writes there), the kind of its fleet, and on a real
 * site the desk where agents enrol.
 */
export interface SiteFiles {
	dataDir?: string;
	fleetKind?: FleetKind;
	agents?: AgentDesk;
}

const message = <T>(result: {ok: true; value: T} | {ok: false; error: string}) =>
	result.ok ? result : err({message: result.error});

/** The TUI's port on an engine in this process; every action it makes is logged as the local user's, from the TUI. */
export function engineApi(engine: Engine, site: SiteFiles = {}): EngineApi {
	return asTuiUser(engine, plainApi(engine, site));
}

function asTuiUser(engine: Engine, api: EngineApi): EngineApi {
	// One actor object per TUI: the actions it makes are told to it alone (identity, not the user's name).
	const actor = {user: localUser(), origin: 'tui'} as const;
	const wrapped: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(api)) {
		wrapped[key] = typeof value === 'function' ? (...args: unknown[]) => actingAs(actor, () => value(...args)) : value;
	}
	wrapped.onCommandLine = (listener: (line: string) => void) =>
		engine.onAction(action => {
			if (currentActor() === actor) listener(commandLineOf(action));
		});
	return wrapped as unknown as EngineApi;
}

function plainApi(engine: Engine, site: SiteFiles): EngineApi {
	const lab = engine.fleet.lab;
	const {dataDir} = site;
	return {
		subscribe: engine.subscribe,
		getSnapshot: engine.getSnapshot,
		now: () => engine.now(),
		fleetKind: () => site.fleetKind ?? null,
		executeJob: input => engine.executeJob(input),
		saveDefinition: input => engine.saveDefinition(input),
		executeDefinition: id => engine.executeDefinition(id),
		deleteDefinition: id => engine.deleteDefinition(id),
		moveDefinition: (id, folder) => engine.moveDefinition(id, folder),
		createFolder: (parent, name) => engine.createFolder(parent, name),
		renameFolder: (id, name) => engine.renameFolder(id, name),
		deleteFolder: (id, force) => engine.deleteFolder(id, force),
		rerunCandidates: id => engine.rerunCandidates(id),
		rerun: (id, hosts) => engine.rerun(id, hosts),
		deleteJob: id => engine.deleteJob(id),
		issueCertificate: host => issueCertificate(engine, host),
		labFault: (host, fault) => labFault(engine, host, fault),
		labAnswer: (host, answer) => labAnswer(engine, host, answer),
		labPower: (host, on) => labPower(engine, host, on),
		...(lab ? {labDevice: (host: string) => lab.device(host) ?? null} : {}),
		controlClock: async op => controlClock(engine.clock, op),
		describeCertificate,
		addPackage: async (request, onProgress) => {
			if (!dataDir) return err({message: 'this engine has no data directory to store a package in'});
			return message(await addPackageFromPath(engine, dataDir, {...request, path: userPath(request.path)}, onProgress));
		},
		removePackage: async id =>
			dataDir ? message(await removePackageAndPayload(engine, dataDir, id)) : engine.removePackage(id),
		createGroup: (id, name) => engine.createGroup(id, name),
		changeGroup: (id, action, hosts) => engine.changeGroup(id, action, hosts),
		deleteGroup: id => engine.deleteGroup(id),
		removeHost: id => engine.removeHost(id),
		pendingAgents: () => site.agents?.pendingAgents() ?? null,
		subscribePending: listener => site.agents?.onPendingChange(listener) ?? (() => {}),
		acceptAgent: id => acceptOnDesk(site.agents, id),
		hostDetail: id => hostDetail(engine, id),
	};
}

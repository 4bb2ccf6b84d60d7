/**
 * The manager's side of live views and engine actions on the admin socket. A watcher gets one snapshot, then a delta
 * per publication; when its queue passes the bound (a slow client), deltas stop, and once the queue has drained it gets
 * a fresh snapshot (a resync) and deltas again.
 */
import type {Engine} from '../engine/engine.js';
import {issueCertificate, labAnswer, labFault, labPower, parseFault} from '../engine/lab.js';
import type {JobDefinition} from '../engine/model.js';
import type {AdminConnection} from '../net/admin/server.js';
import type {AdminRequest} from '../net/admin/protocol.js';
import {buildDelta} from './delta.js';

export function serveWatch(engine: Engine, id: number, connection: AdminConnection): Promise<void> {
	let resyncing = false;
	const resync = () => {
		resyncing = false;
		if (!connection.send({id, snapshot: engine.snapshotNow()})) lag();
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
	connection.onClose(unsubscribe);
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
	if (!d || typeof d !== 'object' || typeof d.name !== 'string' || typeof d.type !== 'string' || !Array.isArray(d.destinations)
		|| !Array.isArray(d.packages) || typeof d.settings !== 'object' || d.settings === null) {
		throw new TypeError('a job definition is needed');
	}
	return d as JobDefinition;
}

/** The `{def, id?/definition?, folder?}` argument of executeJob and saveDefinition. */
function withDefinition(x: unknown): {def: JobDefinition; ref: string | null; folder: string | null | undefined} {
	const input = x as {def?: unknown; id?: unknown; definition?: unknown; folder?: unknown} | null;
	if (!input || typeof input !== 'object') throw new TypeError('expected {def, …}');
	return {def: jobDefinition(input.def), ref: optionalStr(input.id ?? input.definition, 'definition id'),
		folder: input.folder === undefined ? undefined : optionalStr(input.folder, 'folder id')};
}

/** The engine actions a TUI performs, by name; each reads and checks its own arguments. */
const CALLS: Record<string, (engine: Engine, args: unknown[]) => Promise<unknown>> = {
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
	moveDefinition: (engine, [id, folder]) => engine.moveDefinition(str(id, 'definition id'), optionalStr(folder, 'folder id')),
	createFolder: (engine, [parent, name]) => engine.createFolder(optionalStr(parent, 'folder id'), str(name, 'folder name')),
	renameFolder: (engine, [id, name]) => engine.renameFolder(str(id, 'folder id'), str(name, 'folder name')),
	deleteFolder: (engine, [id, force]) => {
		if (typeof force !== 'boolean') throw new TypeError('deleteFolder needs force: boolean');
		return engine.deleteFolder(str(id, 'folder id'), force);
	},
	rerun: (engine, [id, hosts]) => engine.rerun(str(id, 'job id'),
		hosts === undefined || hosts === null ? undefined : (hosts as unknown[]).map(h => str(h, 'host id'))),
	deleteJob: (engine, [id]) => engine.deleteJob(str(id, 'job id')),
	issueCertificate: (engine, [host]) => issueCertificate(engine, str(host, 'host id')),
	labFault: (engine, [host, fault]) => {
		const parsed = parseFault(str(fault, 'fault'));
		if (!parsed) throw new TypeError(`unknown fault ${JSON.stringify(fault)}`);
		return labFault(engine, str(host, 'host id'), parsed);
	},
	labAnswer: (engine, [host, answer]) => {
		if (answer !== 'yes' && answer !== 'later' && answer !== 'cancel') throw new TypeError('answer must be yes, later or cancel');
		return labAnswer(engine, str(host, 'host id'), answer);
	},
	labPower: (engine, [host, on]) => {
		if (typeof on !== 'boolean') throw new TypeError('power needs on: boolean');
		return labPower(engine, str(host, 'host id'), on);
	},
	labDevice: async (engine, [host]) => engine.fleet.lab?.device(str(host, 'host id')) ?? null,
};

export async function serveCall(engine: Engine, request: Extract<AdminRequest, {op: 'call'}>, connection: AdminConnection): Promise<void> {
	const call = CALLS[request.method];
	if (!call) {
		connection.send({id: request.id, err: `unknown action ${JSON.stringify(request.method)}`});
		return;
	}
	try {
		connection.send({id: request.id, result: await call(engine, request.args)});
	} catch (e) {
		connection.send({id: request.id, err: (e as Error).message});
	}
}

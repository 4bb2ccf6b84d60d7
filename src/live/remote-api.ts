/**
 * The EngineApi of a TUI attached to a manager: the screens read a mirror of the manager's state (one snapshot, then
 * deltas) and their actions travel to the manager as calls. The manager may go away: the mirror keeps the last state,
 * actions are refused with the reason, and `ReattachingApi` attaches again when a manager is back.
 */
import type {EngineError} from '../engine/engine.js';
import type {FleetKind} from '../engine/model.js';
import {describeCertificate} from '../engine/pki/index.js';
import {err, type Result} from '../shared/result.js';
import type {EngineSnapshot} from '../engine/snapshot.js';
import type {AdminClient, Attach} from '../net/admin/client.js';
import type {EngineApi} from '../screens/engine-context.js';
import {userPath} from '../site-packages.js';
import {applyDelta, type Delta} from './delta.js';

type Listener = () => void;

/** The manager's state as last received, and what it takes to follow it. */
class Mirror {
	snapshot: EngineSnapshot | null = null;
	private receivedAt = 0;
	private readonly listeners = new Set<Listener>();

	set(snapshot: EngineSnapshot): void {
		this.snapshot = snapshot;
		this.receivedAt = Date.now();
		for (const listener of this.listeners) listener();
	}

	apply(delta: Delta): void {
		if (this.snapshot) this.set(applyDelta(this.snapshot, delta));
	}

	/** Lab time: the manager's time at its last publication plus the wall time since. */
	now(): number {
		return (this.snapshot?.at ?? Date.now()) + (Date.now() - this.receivedAt);
	}

	subscribe = (listener: Listener): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};
}

/** Follows `client`'s live view into `mirror`; resolves once the first snapshot is in. */
function follow(client: AdminClient, mirror: Mirror): Promise<void> {
	return new Promise(resolve => {
		client.watch({
			snapshot: raw => {
				mirror.set(raw as EngineSnapshot);
				resolve();
			},
			delta: raw => mirror.apply(raw as Delta),
		});
		client.onLost(() => resolve());
	});
}

export interface ManagerStatus {
	/** Something the admin should read: the manager went away, or rim attached again. */
	notice(text: string): void;
}

/**
 * A TUI's engine on a manager's socket that survives the manager: when it goes away, the screens keep the last state
 * and say so; `attachAgain` is tried every `retryMs` (with jitter) until a manager answers, then the view resyncs.
 */
export class ReattachingApi {
	private client: AdminClient | null = null;
	private readonly mirror = new Mirror();
	private stopped = false;
	private retry: NodeJS.Timeout | null = null;
	private fleet: FleetKind | null = null;

	constructor(
		private readonly attachAgain: () => Promise<Attach>,
		private readonly status: ManagerStatus,
		private readonly retryMs = 1000,
	) {}

	/** Attaches with a client already connected; resolves once its first snapshot is in. */
	async start(client: AdminClient): Promise<void> {
		this.client = client;
		client.onLost(why => this.lost(why, client));
		await follow(client, this.mirror);
		const info = await client.call('siteInfo', []).catch(() => null) as {fleet?: unknown} | null;
		if (info?.fleet === 'simulated' || info?.fleet === 'network') this.fleet = info.fleet;
	}

	stop(): void {
		this.stopped = true;
		if (this.retry) clearTimeout(this.retry);
		this.client?.close();
	}

	readonly api: EngineApi = {
		subscribe: listener => this.mirror.subscribe(listener),
		getSnapshot: () => this.mirror.snapshot!,
		now: () => this.mirror.now(),
		fleetKind: () => this.fleet,
		executeJob: input => this.call('executeJob', [input]),
		saveDefinition: input => this.call('saveDefinition', [input]),
		executeDefinition: id => this.call('executeDefinition', [id]),
		deleteDefinition: id => this.call('deleteDefinition', [id]),
		moveDefinition: (id, folder) => this.call('moveDefinition', [id, folder]),
		createFolder: (parent, name) => this.call('createFolder', [parent, name]),
		renameFolder: (id, name) => this.call('renameFolder', [id, name]),
		deleteFolder: (id, force) => this.call('deleteFolder', [id, force]),
		rerunCandidates: id => this.mirror.snapshot?.jobs.find(j => j.id === id)?.runs.filter(r => r.status.state === 'error').map(r => r.host) ?? [],
		rerun: (id, hosts) => this.call('rerun', [id, hosts ?? null]),
		deleteJob: id => this.call('deleteJob', [id]),
		issueCertificate: host => this.call('issueCertificate', [host]),
		labFault: (host, fault) => this.call('labFault', [host, fault]),
		labAnswer: (host, answer) => this.call('labAnswer', [host, answer]),
		labPower: (host, on) => this.call('labPower', [host, on]),
		describeCertificate,
		// The manager packs: the path travels resolved, since the manager's working folder is not this TUI's.
		addPackage: (request, onProgress) => this.call('addPackage', [{...request, path: userPath(request.path)}], onProgress),
		removePackage: id => this.call('removePackage', [id]),
		createGroup: (id, name) => this.call('createGroup', [id, name ?? null]),
		changeGroup: (id, action, hosts) => this.call('changeGroup', [id, action, hosts]),
		deleteGroup: id => this.call('deleteGroup', [id]),
		removeHost: id => this.call('removeHost', [id]),
	};

	private async call<T>(method: string, args: unknown[], onProgress?: (progress: {done: number; total: number}) => void):
		Promise<Result<T, EngineError>> {
		const client = this.client;
		if (!client || client.lost !== null) return err({kind: 'state', message: 'no manager is running on this data directory; waiting for one to come back'});
		try {
			return (await client.call(method, args, onProgress)) as Result<T, EngineError>;
		} catch (e) {
			return err({kind: 'state', message: `the manager went away (${(e as Error).message}); nothing was changed here`});
		}
	}

	private lost(why: string, client: AdminClient): void {
		if (this.stopped || client !== this.client) return;
		this.client = null;
		this.status.notice(`the manager went away (${why}); showing its last state, re-attaching when it is back`);
		this.schedule();
	}

	private schedule(): void {
		if (this.stopped) return;
		// Full jitter: many TUIs of one manager do not all come back at the same instant.
		this.retry = setTimeout(() => void this.tryAgain(), this.retryMs / 2 + Math.random() * this.retryMs);
		this.retry.unref?.();
	}

	private async tryAgain(): Promise<void> {
		if (this.stopped) return;
		const attached = await this.attachAgain();
		if (attached.kind === 'none') return this.schedule();
		await this.start(attached.client);
		this.status.notice(`attached again to the manager (pid ${attached.client.manager.pid})`);
	}
}

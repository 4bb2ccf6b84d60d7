/**
 * The EngineApi of a TUI attached to a manager: the screens read a mirror of the manager's state (one snapshot, then
 * deltas) and their actions travel to the manager as calls. The manager may go away: the mirror keeps the last state,
 * actions are refused with the reason, and `ReattachingApi` attaches again when a manager is back — or, when the admin
 * asks, this process opens the data directory itself and becomes the manager (`becomeManager`).
 */
import type {EngineError} from '../engine/engine.js';
import type {FleetKind} from '../engine/model.js';
import {describeCertificate} from '../engine/pki/index.js';
import {err, ok, type Result} from '../shared/result.js';
import type {EngineSnapshot} from '../engine/snapshot.js';
import type {AdminClient, Attach} from '../net/admin/client.js';
import type {EngineApi, ManagerLink} from '../screens/engine-context.js';
import {userPath} from '../site-packages.js';
import type {HostDetail} from '../engine/host-detail.js';
import {applyDelta, type Delta} from './delta.js';
import {parsePendingAgents, type PendingAgent} from '../net/agents/pending-view.js';

type Listener = () => void;

/** The manager's state as last received, and what it takes to follow it. */
class Mirror {
	snapshot: EngineSnapshot | null = null;
	/** Counts the manager's publications received: what was read for an older one is stale. */
	version = 0;
	private receivedAt = 0;
	private readonly listeners = new Set<Listener>();

	set(snapshot: EngineSnapshot): void {
		this.snapshot = snapshot;
		this.version++;
		this.receivedAt = Date.now();
		this.notify();
	}

	/** Re-renders the screens on the same state (a read they asked for has arrived). */
	touch(): void {
		if (!this.snapshot) return;
		this.snapshot = {...this.snapshot};
		this.notify();
	}

	notify(): void {
		for (const listener of this.listeners) listener();
	}

	apply(delta: Delta): void {
		if (this.snapshot) this.set(applyDelta(this.snapshot, delta));
	}

	/** Lab time: the manager's time at its last publication plus the wall time since, at its clock's rate. */
	now(): number {
		if (!this.snapshot) return Date.now();
		const {speed, paused} = this.snapshot.clock ?? {speed: 1, paused: false};
		return paused ? this.snapshot.at : Math.round(this.snapshot.at + (Date.now() - this.receivedAt) * speed);
	}

	subscribe = (listener: Listener): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};
}

/**
 * A real site's agents waiting for the admin, as the manager last said (null: none heard of, as on the demo). A list
 * that does not read as one is dropped: the last good one stays.
 */
class PendingMirror {
	list: readonly PendingAgent[] | null = null;
	private readonly listeners = new Set<Listener>();

	set(raw: unknown): void {
		const parsed = parsePendingAgents(raw);
		if (!parsed) return;
		this.list = parsed;
		this.notify();
	}

	notify(): void {
		for (const listener of this.listeners) listener();
	}

	subscribe = (listener: Listener): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};
}

/** Follows `client`'s live view into `mirror` (and `pending`); resolves once the first snapshot is in. */
function follow(client: AdminClient, mirror: Mirror, pending: PendingMirror): Promise<void> {
	return new Promise(resolve => {
		client.watch({
			snapshot: raw => {
				mirror.set(raw as EngineSnapshot);
				resolve();
			},
			delta: raw => mirror.apply(raw as Delta),
			pending: raw => pending.set(raw),
		});
		client.onLost(() => resolve());
	});
}

/**
 * The host view's reads from the manager: `read` answers at once with what the manager last said for the host
 * (undefined before its first answer), and asks again once the manager has published since; the answer re-renders.
 */
class HostDetailReads {
	private readonly known = new Map<string, {detail: HostDetail | null; version: number}>();
	private readonly asking = new Set<string>();

	constructor(
		private readonly mirror: Mirror,
		private readonly call: (method: string, args: unknown[]) => Promise<Result<unknown, EngineError>>,
	) {}

	read(hostId: string): HostDetail | null | undefined {
		const known = this.known.get(hostId);
		if ((!known || known.version < this.mirror.version) && !this.asking.has(hostId)) void this.ask(hostId);
		return known?.detail;
	}

	private async ask(hostId: string): Promise<void> {
		this.asking.add(hostId);
		const version = this.mirror.version;
		const answer = await this.call('hostDetail', [hostId]);
		this.asking.delete(hostId);
		// Refused (no manager right now): keep what was shown; the next publication asks again.
		if (!answer.ok) return;
		this.known.set(hostId, {detail: answer.value as HostDetail | null, version});
		this.mirror.touch();
	}
}

export interface ManagerStatus {
	/** Something the admin should read: the manager went away, or rim attached again. */
	notice(text: string): void;
	/** The link changed: attached, lost, or this process is the manager now. */
	link?(link: ManagerLink): void;
}

/** This process as the manager: its own engine, and what ends it (the manager's socket, then the session). */
export interface OwnManager {
	api: EngineApi;
	close(): Promise<void>;
}

/**
 * A TUI's engine on a manager's socket that survives the manager: when it goes away, the screens keep the last state
 * and say so; `attachAgain` is tried every `retryMs` (with jitter) until a manager answers, then the view resyncs.
 * Meanwhile `becomeManager` (the admin's key) opens the data directory here with `openHere`; from then on every call
 * goes to this process's own engine, and other rim processes attach to it.
 */
export class ReattachingApi {
	private client: AdminClient | null = null;
	private readonly mirror = new Mirror();
	private readonly pending = new PendingMirror();
	private readonly hostDetails = new HostDetailReads(this.mirror, (method, args) => this.call(method, args));
	private stopped = false;
	private retry: NodeJS.Timeout | null = null;
	private fleet: FleetKind | null = null;
	private own: OwnManager | null = null;
	private becoming = false;
	private lostWhy: string | null = null;
	/** Listeners of this TUI's command lines (api.onCommandLine). */
	private readonly lines = new Set<(line: string) => void>();
	private readonly tell = (line: string) => {
		for (const listener of this.lines) listener(line);
	};

	constructor(
		private readonly attachAgain: () => Promise<Attach>,
		private readonly status: ManagerStatus,
		private readonly retryMs = 1000,
		private readonly openHere?: () => Promise<Result<OwnManager, string>>,
	) {}

	/** Attaches with a client already connected; resolves once its first snapshot is in. */
	async start(client: AdminClient): Promise<void> {
		this.client = client;
		this.lostWhy = null;
		client.onLost(why => this.lost(why, client));
		await follow(client, this.mirror, this.pending);
		const info = (await client.call('siteInfo', []).catch(() => null)) as {fleet?: unknown} | null;
		if (info?.fleet === 'simulated' || info?.fleet === 'network') this.fleet = info.fleet;
		this.status.link?.(this.link());
	}

	/** Ends the link, or this process's own manager and session when it became the manager. */
	async stop(): Promise<void> {
		this.stopped = true;
		if (this.retry) clearTimeout(this.retry);
		this.client?.close();
		await this.own?.close();
	}

	link(): ManagerLink {
		if (this.own) return {kind: 'own'};
		if (this.client && this.client.lost === null) return {kind: 'attached', pid: this.client.manager.pid};
		return {kind: 'lost', why: this.lostWhy ?? 'no manager'};
	}

	/**
	 * Opens the data directory in this process and serves it: only while no manager is attached. Refused (and the
	 * re-attach attempts go on) when the directory cannot be opened, e.g. another rim became its manager first.
	 */
	async becomeManager(): Promise<Result<string, {message: string}>> {
		const link = this.link();
		if (link.kind === 'own') return err({message: 'this rim is the manager already'});
		if (link.kind === 'attached')
			return err({message: `a manager is running (pid ${link.pid}); this rim is attached to it`});
		if (!this.openHere) return err({message: 'this rim cannot open the data directory itself'});
		if (this.becoming) return err({message: 'this rim is opening the data directory already'});
		this.becoming = true;
		if (this.retry) clearTimeout(this.retry);
		try {
			const opened = await this.openHere();
			if (!opened.ok) {
				this.schedule();
				return err({message: `could not become the manager: ${opened.error}; re-attaching when a manager is back`});
			}
			if (this.stopped) {
				await opened.value.close();
				return err({message: 'rim is closing'});
			}
			this.own = opened.value;
			this.own.api.subscribe(() => this.mirror.notify());
			this.own.api.subscribePending(() => this.pending.notify());
			this.pending.notify();
			this.own.api.onCommandLine?.(this.tell);
			this.mirror.notify();
			this.status.link?.(this.link());
			return ok(
				`This rim is the manager now (pid ${process.pid}): other rim processes on the data directory attach to it`,
			);
		} finally {
			this.becoming = false;
		}
	}

	/** The engine calls go to this process's own engine once it is the manager, else to the manager over the socket. */
	readonly api: EngineApi = {
		subscribe: listener => this.mirror.subscribe(listener),
		getSnapshot: () => this.own?.api.getSnapshot() ?? this.mirror.snapshot!,
		now: () => this.own?.api.now() ?? this.mirror.now(),
		fleetKind: () => this.own?.api.fleetKind() ?? this.fleet,
		executeJob: input => this.own?.api.executeJob(input) ?? this.call('executeJob', [input]),
		saveDefinition: input => this.own?.api.saveDefinition(input) ?? this.call('saveDefinition', [input]),
		executeDefinition: id => this.own?.api.executeDefinition(id) ?? this.call('executeDefinition', [id]),
		deleteDefinition: id => this.own?.api.deleteDefinition(id) ?? this.call('deleteDefinition', [id]),
		moveDefinition: (id, folder) =>
			this.own?.api.moveDefinition(id, folder) ?? this.call('moveDefinition', [id, folder]),
		createFolder: (parent, name) =>
			this.own?.api.createFolder(parent, name) ?? this.call('createFolder', [parent, name]),
		renameFolder: (id, name) => this.own?.api.renameFolder(id, name) ?? this.call('renameFolder', [id, name]),
		deleteFolder: (id, force) => this.own?.api.deleteFolder(id, force) ?? this.call('deleteFolder', [id, force]),
		rerunCandidates: id =>
			this.own?.api.rerunCandidates(id) ??
			this.mirror.snapshot?.jobs
				.find(j => j.id === id)
				?.runs.filter(r => r.status.state === 'error')
				.map(r => r.host) ??
			[],
		rerun: (id, hosts) => this.own?.api.rerun(id, hosts) ?? this.call('rerun', [id, hosts ?? null]),
		deleteJob: id => this.own?.api.deleteJob(id) ?? this.call('deleteJob', [id]),
		issueCertificate: host => this.own?.api.issueCertificate(host) ?? this.call('issueCertificate', [host]),
		labFault: (host, fault) => this.own?.api.labFault(host, fault) ?? this.call('labFault', [host, fault]),
		labAnswer: (host, answer) => this.own?.api.labAnswer(host, answer) ?? this.call('labAnswer', [host, answer]),
		labPower: (host, on) => this.own?.api.labPower(host, on) ?? this.call('labPower', [host, on]),
		labDevice: host => this.own?.api.labDevice?.(host) ?? null,
		controlClock: op => this.own?.api.controlClock(op) ?? this.call('controlClock', [op]),
		describeCertificate,
		// The manager packs: the path travels resolved, since the manager's working folder is not this TUI's.
		addPackage: (request, onProgress) =>
			this.own?.api.addPackage(request, onProgress) ??
			this.call('addPackage', [{...request, path: userPath(request.path)}], onProgress),
		removePackage: id => this.own?.api.removePackage(id) ?? this.call('removePackage', [id]),
		createGroup: (id, name) => this.own?.api.createGroup(id, name) ?? this.call('createGroup', [id, name ?? null]),
		changeGroup: (id, action, hosts) =>
			this.own?.api.changeGroup(id, action, hosts) ?? this.call('changeGroup', [id, action, hosts]),
		deleteGroup: id => this.own?.api.deleteGroup(id) ?? this.call('deleteGroup', [id]),
		removeHost: id => this.own?.api.removeHost(id) ?? this.call('removeHost', [id]),
		pendingAgents: () => (this.own ? this.own.api.pendingAgents() : this.pending.list),
		subscribePending: listener => this.pending.subscribe(listener),
		acceptAgent: id => this.own?.api.acceptAgent(id) ?? this.call('acceptAgent', [id]),
		managerLink: () => this.link(),
		becomeManager: () => this.becomeManager(),
		hostDetail: id => (this.own ? this.own.api.hostDetail(id) : this.hostDetails.read(id)),
		onCommandLine: listener => {
			this.lines.add(listener);
			return () => this.lines.delete(listener);
		},
	};

	private async call<T>(
		method: string,
		args: unknown[],
		onProgress?: (progress: {done: number; total: number}) => void,
	): Promise<Result<T, EngineError>> {
		const client = this.client;
		if (!client || client.lost !== null)
			return err({
				kind: 'state',
				message: 'no manager is running on this data directory; waiting for one to come back',
			});
		try {
			return (await client.call(method, args, onProgress, this.tell)) as Result<T, EngineError>;
		} catch (e) {
			return err({kind: 'state', message: `the manager went away (${(e as Error).message}); nothing was changed here`});
		}
	}

	private lost(why: string, client: AdminClient): void {
		if (this.stopped || client !== this.client) return;
		this.client = null;
		this.lostWhy = why;
		this.status.notice(`the manager went away (${why}); showing its last state, re-attaching when it is back`);
		this.status.link?.(this.link());
		this.schedule();
	}

	private schedule(): void {
		if (this.stopped || this.own) return;
		// Full jitter: many TUIs of one manager do not all come back at the same instant.
		this.retry = setTimeout(() => void this.tryAgain(), this.retryMs / 2 + Math.random() * this.retryMs);
		this.retry.unref?.();
	}

	private async tryAgain(): Promise<void> {
		if (this.stopped || this.own || this.becoming) return;
		const attached = await this.attachAgain();
		if (attached.kind !== 'attached') return this.schedule();
		// The admin is making this rim the manager: what the attempt found is this rim, or a rival its open will meet.
		if (this.own || this.stopped || this.becoming) return attached.client.close();
		await this.start(attached.client);
		this.status.notice(`attached again to the manager (pid ${attached.client.manager.pid})`);
	}
}

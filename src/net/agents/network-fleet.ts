/**
 * The network fleet: the engine's Fleet port carried out by real agents (docs/agent-protocol.md). Each request
 * becomes a task in its host's durable queue (`DATA_DIR/agents/queue/<host>.json`), handed out when the agent polls;
 * each result the agent sends back is checked against the task it answers and becomes the same FleetReport the
 * simulated fleet sends. The engine cannot tell the two fleets apart.
 */
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {open, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {z} from 'zod';
import {fsyncDir, tmpFor} from '../../data/atomic-file.js';
import {CODES} from '../../engine/codes.js';
import type {Fleet, FleetReport, FleetRequest, PackageOrder, RunKey} from '../../engine/fleet.js';
import type {Host, Package} from '../../engine/model.js';
import {err, ok, type Result} from '../../shared/result.js';
import {
	REPORTS_FOR,
	taskSchema,
	type AgentResult,
	type Task,
	type TaskOrder,
	type WirePackage,
	type AgentPortLimits,
	type RelayStatusReport,
} from './protocol.js';

/** An unchanged relay report is recorded again this often, so its host record says when the relay was last heard. */
export const RELAY_STATUS_REFRESH_MS = 60_000;

/** What the fleet reads of the site: hosts and packages (digest, install script, authentication data). */
export interface NetworkWorld {
	host(id: string): Host | undefined;
	pkg(id: string): Package | undefined;
}

const queueFile = z.object({next: z.number().int().min(1), tasks: z.array(taskSchema), seen: z.array(z.string())});
type HostQueue = z.infer<typeof queueFile>;

/** Why a result from an agent was refused (hostile or stale input); nothing changes. */
export type ResultRefusal = {reason: string};

const sameStatus = (a: RelayStatusReport, b: RelayStatusReport) =>
	a.cacheBytes === b.cacheBytes &&
	a.capacityBytes === b.capacityBytes &&
	a.packageCount === b.packageCount &&
	a.fetching === b.fetching &&
	a.waitingResults === b.waitingResults &&
	a.packages.length === b.packages.length &&
	a.packages.every((p, i) => {
		const q = b.packages[i]!;
		return p.digest === q.digest && p.bytes === q.bytes && p.id === q.id && p.version === q.version;
	});

const sameKey = (a: RunKey | null, b: RunKey) =>
	a !== null && a.job === b.job && a.host === b.host && a.attempt === b.attempt;

export class NetworkFleet implements Fleet {
	private listener: (report: FleetReport) => void = () => {};
	private readonly queues = new Map<string, HostQueue>();
	private readonly dirty = new Set<string>();
	private flushScheduled = false;
	/** Callers of {@link durable} waiting for the next batch of queue writes. */
	private waiters: {resolve: () => void; reject: (e: unknown) => void}[] = [];
	private writing = false;
	/** Called when a host's queue gained a task (the agent port wakes the host's held poll). */
	onTask: (host: string) => void = () => {};
	private readonly dir: string;
	/** When each relay's report was last recorded (wall clock). */
	private readonly relayHeard = new Map<string, number>();

	constructor(
		dataDir: string,
		private readonly world: NetworkWorld,
		private readonly limits: Pick<AgentPortLimits, 'rememberedResults' | 'maxQueuedTasks'>,
	) {
		this.dir = path.join(dataDir, 'agents', 'queue');
	}

	onReport(listener: (report: FleetReport) => void): void {
		this.listener = listener;
	}

	/** Queues survive a restart: the engine's re-driven requests find their task queued already and add nothing. */
	reset(): void {}

	request(request: FleetRequest): void {
		if (request.kind === 'power') return; // a real PC is started by its user; rim cannot press its power button
		const host = 'key' in request ? request.key.host : request.host;
		const order = this.orderFor(request);
		if (!order) return;
		const key = 'key' in request ? request.key : null;
		const queue = this.queue(host);
		if (key) {
			// A newer attempt makes an older one's tasks moot; the same step asked again is the task already queued.
			queue.tasks = queue.tasks.filter(t => !(t.key && t.key.job === key.job && t.key.attempt < key.attempt));
			if (queue.tasks.some(t => sameKey(t.key, key) && t.order.kind === order.kind)) return;
		}
		if (queue.tasks.length >= this.limits.maxQueuedTasks) {
			if (key)
				this.emit({
					kind: 'delivery-failed',
					key,
					failure: {code: CODES.connection, detail: `the task queue of ${host} is full (${queue.tasks.length} tasks)`},
				});
			return;
		}
		queue.tasks.push({id: `T${queue.next}`, key, order});
		queue.next += 1;
		this.touch(host);
		this.onTask(host);
	}

	/** A task is queued for an agent that polls (a silent agent is an outside wait). */
	awaitingReports(): boolean {
		for (const [host, queue] of this.queues) if (queue.tasks.length > 0 && this.world.host(host)?.started) return true;
		return false;
	}

	/** Tasks waiting for the host, oldest first, but those the agent says it has taken already. */
	tasksFor(host: string, max: number, taken: ReadonlySet<string> = new Set()): Task[] {
		return this.queue(host)
			.tasks.filter(t => !taken.has(t.id))
			.slice(0, max);
	}

	/**
	 * A result from agent `host`. A repeated result id gets the same ack and changes nothing; a result for a task that is
	 * not this host's, or a report that does not answer that task, is refused.
	 */
	receive(host: string, result: AgentResult, relays: readonly string[] = []): Result<'new' | 'repeat', ResultRefusal> {
		const queue = this.queue(host);
		if (queue.seen.includes(result.id)) return ok('repeat');
		const task = queue.tasks.find(t => t.id === result.task);
		if (!task) return err({reason: `no task ${result.task} is waiting on ${host}`});
		if (!REPORTS_FOR[task.order.kind].includes(result.report.kind)) {
			return err({reason: `a ${result.report.kind} report does not answer a ${task.order.kind} task`});
		}
		const {report} = result;
		if (report.kind === 'reached-relay' && report.relay !== host) {
			// A relay on the host's route holds the packages: progress; the task stays queued for the host itself.
			if (!relays.includes(report.relay))
				return err({reason: `${report.relay} is not a relay on the route to ${host}`});
			queue.seen = [...queue.seen, result.id].slice(-this.limits.rememberedResults);
			this.touch(host);
			if (task.key) this.emit({kind: 'reached-relay', key: task.key, relay: report.relay});
			return ok('new');
		}
		if (report.kind === 'reached-relay' && this.world.host(host)?.kind !== 'relay')
			return err({reason: `${host} is not a relay`});
		queue.tasks = queue.tasks.filter(t => t !== task);
		queue.seen = [...queue.seen, result.id].slice(-this.limits.rememberedResults);
		this.touch(host);
		const reported = task.key && this.toReport(task.key, report);
		if (reported) this.emit(reported);
		return ok('new');
	}

	/** The agent polled (started) or fell silent past its grace period (not started). */
	power(host: string, started: boolean): void {
		const record = this.world.host(host);
		if (record && record.started !== started) this.emit({kind: 'host-power', host, started});
	}

	/**
	 * A relay's report of itself, from its own poll. Recorded when it differs from the one on the host record, and at
	 * least every {@link RELAY_STATUS_REFRESH_MS} (the time it was last heard); a PC claiming a cache is ignored.
	 */
	relayStatus(host: string, status: RelayStatusReport): void {
		const record = this.world.host(host);
		if (record?.kind !== 'relay') return;
		const now = Date.now();
		const last = this.relayHeard.get(host);
		if (record.relay && sameStatus(record.relay, status) && last !== undefined && now - last < RELAY_STATUS_REFRESH_MS)
			return;
		this.relayHeard.set(host, now);
		this.emit({kind: 'relay-status', host, status});
	}

	/** The device public key a security PC's agent made at enrolment (the enrolment desk answers). */
	devicePublicKey: (host: string) => string | null = () => null;

	/** Called when the engine removed a host (the enrolment desk revokes its agent). */
	onHostRemoved: (host: string) => void = host => this.forget(host);

	hostRemoved(host: string): void {
		this.onHostRemoved(host);
	}

	/** Forgets a removed host's queue. */
	forget(host: string): void {
		this.queues.delete(host);
		this.relayHeard.delete(host);
		this.dirty.delete(host);
		rmSync(this.fileOf(host), {force: true});
	}

	/**
	 * Resolves once every queue changed before the call is on disk (before acking results, and on shutdown). Writes are
	 * group commits: the queues that changed while one batch was being written go together in the next, each file
	 * written and fsynced concurrently and the folder fsynced once — so a thousand agents reporting at once cost a few
	 * batches, not a thousand synchronous writes on the event loop. Rejects when the batch could not be written (its
	 * queues stay marked for the next one).
	 */
	durable(): Promise<void> {
		return new Promise((resolve, reject) => {
			this.waiters.push({resolve, reject});
			void this.writeBatches();
		});
	}

	private async writeBatches(): Promise<void> {
		if (this.writing) return;
		this.writing = true;
		try {
			while (this.waiters.length > 0 || this.dirty.size > 0) {
				const waiters = this.waiters.splice(0);
				const batch = [...this.dirty];
				this.dirty.clear();
				try {
					await this.writeQueues(batch);
				} catch (e) {
					for (const host of batch) if (this.queues.has(host)) this.dirty.add(host);
					for (const w of waiters) w.reject(e);
					return; // the next change or caller tries again
				}
				for (const w of waiters) w.resolve();
			}
		} finally {
			this.writing = false;
		}
	}

	/** Each queue as it is now: temporary file, fsync, rename; then one fsync of the folder for every rename. */
	private async writeQueues(hosts: string[]): Promise<void> {
		if (hosts.length === 0) return;
		mkdirSync(this.dir, {recursive: true, mode: 0o700});
		await Promise.all(
			hosts.map(async host => {
				const queue = this.queues.get(host);
				if (!queue) return;
				const file = this.fileOf(host);
				const tmp = tmpFor(file);
				const handle = await open(tmp, 'w', 0o600);
				try {
					await handle.writeFile(JSON.stringify(queue));
					await handle.sync();
				} finally {
					await handle.close();
				}
				await rename(tmp, file);
				// Removed while it was being written: it must not come back.
				if (!this.queues.has(host)) await rm(file, {force: true});
			}),
		);
		await fsyncDir(this.dir);
	}

	/** Hosts with a queue file on disk (loaded lazily). */
	knownHosts(): string[] {
		if (!existsSync(this.dir)) return [];
		return readdirSync(this.dir)
			.filter(n => n.endsWith('.json'))
			.map(n => n.slice(0, -5));
	}

	private fileOf(host: string): string {
		return path.join(this.dir, `${host}.json`);
	}

	private queue(host: string): HostQueue {
		let queue = this.queues.get(host);
		if (!queue) {
			queue = {next: 1, tasks: [], seen: []};
			const file = this.fileOf(host);
			if (existsSync(file)) {
				const parsed = queueFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
				if (parsed.success) queue = parsed.data;
			}
			this.queues.set(host, queue);
		}
		return queue;
	}

	private touch(host: string): void {
		this.dirty.add(host);
		if (this.flushScheduled) return;
		this.flushScheduled = true;
		setImmediate(() => {
			this.flushScheduled = false;
			void this.writeBatches();
		});
	}

	private emit(report: FleetReport): void {
		this.listener(report);
	}

	private wire(orders: PackageOrder[]): WirePackage[] {
		return orders.flatMap(order => {
			const pkg = this.world.pkg(order.id);
			if (!pkg) return [];
			return [
				{
					id: pkg.id,
					version: pkg.version,
					digest: pkg.sha256,
					size: pkg.size,
					installScript: pkg.installScript,
					replaceExisting: order.replaceExisting,
					auth: pkg.auth ?? null,
					relayExpiresAt: order.relayExpiresAt,
				},
			];
		});
	}

	private orderFor(request: Exclude<FleetRequest, {kind: 'power'}>): TaskOrder | null {
		switch (request.kind) {
			case 'deliver':
				return {
					kind: 'deliver',
					jobType: request.jobType,
					security: request.security,
					packages: request.security || request.jobType === 'get-software-info' ? [] : this.wire(request.packages),
				};
			case 'ask-user':
				return {kind: 'ask-user'};
			case 'restart':
				return {kind: 'restart'};
			case 'download':
				return {kind: 'download', packages: this.wire(request.packages)};
			case 'authenticate':
				return {
					kind: 'authenticate',
					packages: this.wire(
						request.packages.map(id => ({
							id,
							version: '',
							size: 0,
							relayExpiresAt: 0,
							replaceExisting: false,
							mode: 'background',
						})),
					),
				};
			case 'install':
				return {kind: 'install', packages: this.wire(request.packages)};
			case 'collect':
				return {kind: 'collect'};
			case 'device-certificate':
				return {
					kind: 'device-certificate',
					certPem: request.certPem,
					caCertPem: request.caCertPem,
					officeFingerprint: request.officeFingerprint,
				};
		}
	}

	private toReport(key: RunKey, report: AgentResult['report']): FleetReport | null {
		switch (report.kind) {
			case 'reached-client':
				return {kind: 'reached-client', key};
			case 'delivery-failed':
				return {kind: 'delivery-failed', key, failure: report.failure};
			case 'user-answered':
				return {kind: 'user-answered', key, answer: report.answer};
			case 'restarted':
				return {kind: 'restarted', key};
			case 'downloaded':
				return {kind: 'downloaded', key};
			case 'authenticated':
				return {kind: 'authenticated', key, result: report.failure ? err(report.failure) : ok(null)};
			case 'installed':
				return {kind: 'installed', key, result: report.failure ? err(report.failure) : ok(report.installed)};
			case 'collected':
				return {kind: 'collected', key, packages: report.packages};
			case 'reached-relay':
				return {kind: 'reached-relay', key, relay: report.relay};
			case 'done':
				return null;
		}
	}
}

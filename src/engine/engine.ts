/**
 * The runner: owns the live state, feeds events to the job machine, carries out its commands through the Fleet port,
 * persists through the EnginePersistence port and publishes coalesced immutable snapshots. Time comes from the
 * injected clock; every decision is in job-machine.ts and rules/.
 */
import type {Clock} from './clock.js';
import type {EngineDeps, EngineError, StateChange} from './engine-ports.js';
import type {Fleet, FleetReport, PackageOrder} from './fleet.js';
import {hostsOf, relayRoute} from './inventory.js';
import {newRun, resumeCommands, stepRun, type RunCommand, type RunContext, type RunEvent} from './job-machine.js';
import {isFinal, type DestinationRun, type EngineState, type Host, type Job, type JobDefinition, type Package} from './model.js';
import type {Office} from './pki/index.js';
import {err, ok, type Result} from './result.js';
import {checkJob} from './rules/job-rules.js';
import {packageOrders, runContext} from './run-context.js';
import {isSecurityJob} from './rules/page-locks.js';
import {SimulatedFleet} from './sim/sim-fleet.js';
import {summarize, type EngineSnapshot} from './snapshot.js';

export type {EngineDeps, EngineError, EnginePersistence, StateChange, Ticker} from './engine-ports.js';

const notFound = (what: string, id: string): EngineError => ({kind: 'not-found', message: `no ${what} "${id}"`});

export class Engine {
	readonly fleet: Fleet;
	private readonly hostPos = new Map<string, number>();
	private readonly jobPos = new Map<string, number>();
	private readonly packagesById = new Map<string, Package>();
	private readonly runPos = new Map<string, Map<string, number>>();
	private readonly activeByHost = new Map<string, Set<string>>();
	private readonly securityCache = new Map<string, boolean>();
	private readonly listeners = new Set<() => void>();
	private version = 0;
	private snapshot: EngineSnapshot | null = null;
	private publishPending: (() => void) | null = null;

	constructor(
		readonly state: EngineState,
		private readonly deps: EngineDeps,
	) {
		this.reindex();
		this.fleet = deps.fleet ?? new SimulatedFleet({
			host: id => this.host(id),
			route: id => this.route(id),
			pkg: id => this.pkg(id),
			payload: deps.payload,
			officeFingerprint: () => state.office.fingerprint,
		}, deps.clock, state.seed);
		this.fleet.onReport(report => this.onReport(report));
	}

	get clock(): Clock {
		return this.deps.clock;
	}

	get office(): Office {
		return this.deps.office;
	}

	now(): number {
		return this.deps.clock.now();
	}

	// ── reading ───────────────────────────────────────────────────────────────

	host(id: string): Host | undefined {
		const i = this.hostPos.get(id);
		return i === undefined ? undefined : this.state.inventory.hosts[i];
	}

	pkg(id: string): Package | undefined {
		return this.packagesById.get(id);
	}

	job(id: string): Job | undefined {
		const i = this.jobPos.get(id);
		return i === undefined ? undefined : this.state.jobs[i];
	}

	/** The run of `host` in job `jobId`. */
	run(jobId: string, host: string): DestinationRun | undefined {
		const i = this.runPos.get(jobId)?.get(host);
		return i === undefined ? undefined : this.job(jobId)?.runs[i];
	}

	route(hostId: string): Host[] {
		const host = this.host(hostId);
		return host ? relayRoute(host, id => this.host(id)) : [];
	}

	/** The latest published snapshot (stable between changes, as useSyncExternalStore needs). */
	getSnapshot = (): EngineSnapshot => this.snapshot ?? this.snapshotNow();

	/** A snapshot of this instant, published or not. */
	snapshotNow(): EngineSnapshot {
		const {inventory, jobs, office} = this.state;
		this.snapshot = {
			at: this.now(),
			version: this.version,
			inventory: {...inventory, hosts: inventory.hosts.slice(), groups: inventory.groups.slice(), packages: inventory.packages.slice()},
			jobs: jobs.map(job => ({...job, runs: job.runs.slice(), summary: summarize(job)})),
			office,
		};
		return this.snapshot;
	}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** Non-final destinations of a job, which can only move on an outside event when the clock has nothing left. */
	unsettled(jobId: string): DestinationRun[] {
		return this.job(jobId)?.runs.filter(run => !isFinal(run.status)) ?? [];
	}

	// ── defining and running jobs ─────────────────────────────────────────────

	/** Validates with the rule table and stores the job; on disk when the promise resolves. */
	async defineJob(def: JobDefinition): Promise<Result<Job, EngineError>> {
		const violations = checkJob({def, inventory: this.snapshotNow().inventory, now: this.now(),
			existingNames: this.state.jobs.map(j => j.name)});
		if (violations.length) return err({kind: 'rules', message: violations.map(v => v.message).join('; '), violations});
		const id = `J${String(this.state.nextJobNumber).padStart(4, '0')}`;
		this.state.nextJobNumber++;
		const job: Job = {...structuredClone(def), id, createdAt: this.now(), executedAt: null, runs: []};
		this.state.jobs.push(job);
		this.jobPos.set(id, this.state.jobs.length - 1);
		this.runPos.set(id, new Map());
		this.changed({kind: 'job', id}, {kind: 'meta'});
		await this.persistNow();
		return ok(job);
	}

	/** Executes a saved job: one run per destination host, resolved from groups now. */
	async execute(jobId: string): Promise<Result<Job, EngineError>> {
		const job = this.job(jobId);
		if (!job) return err(notFound('job', jobId));
		if (job.executedAt !== null) return err({kind: 'state', message: `job ${jobId} was executed already; re-execute its failed destinations instead`});
		const now = this.now();
		job.executedAt = now;
		job.runs = hostsOf(job.destinations, this.snapshotNow().inventory).map(h => newRun(h.id, 1, now));
		this.indexRuns(job);
		// Reported before the runs start: the job's record (with every run) supersedes theirs while it is pending.
		this.changed({kind: 'job', id: job.id});
		if (job.settings.timeLimit !== null) this.armTimeLimit(job, job.settings.timeLimit);
		for (const run of job.runs) this.dispatch(job, run.host, {type: 'start'});
		await this.persistNow();
		return ok(job);
	}

	/** Destinations a re-execute would run again: those that ended in error. */
	rerunCandidates(jobId: string): string[] {
		return this.job(jobId)?.runs.filter(r => r.status.state === 'error').map(r => r.host) ?? [];
	}

	/** Re-runs the destinations that ended in error (all of them, or the listed ones). */
	async rerun(jobId: string, hosts?: string[]): Promise<Result<string[], EngineError>> {
		const job = this.job(jobId);
		if (!job) return err(notFound('job', jobId));
		const candidates = this.rerunCandidates(jobId);
		const chosen = hosts ?? candidates;
		const wrong = chosen.filter(h => !candidates.includes(h));
		if (wrong.length) return err({kind: 'state', message: `only destinations that ended in error can be re-executed; ${wrong.join(', ')} did not`});
		if (!chosen.length) return err({kind: 'state', message: `job ${jobId} has no destination that ended in error`});
		const now = this.now();
		const positions = this.runPos.get(jobId)!;
		for (const host of chosen) {
			const i = positions.get(host)!;
			job.runs[i] = newRun(host, job.runs[i]!.attempt + 1, now);
			this.activate(job.id, host);
			this.dispatch(job, host, {type: 'start'});
		}
		this.changed(...chosen.map(host => ({kind: 'run', job: job.id, host}) as const));
		await this.persistNow();
		return ok(chosen);
	}

	async deleteJob(jobId: string): Promise<Result<Job, EngineError>> {
		const job = this.job(jobId);
		if (!job) return err(notFound('job', jobId));
		this.state.jobs = this.state.jobs.filter(j => j.id !== jobId);
		for (const run of job.runs) this.activeByHost.get(run.host)?.delete(jobId);
		this.reindex();
		this.changed({kind: 'job-deleted', id: jobId});
		await this.persistNow();
		return ok(job);
	}

	/** Picks up every executed job where it stood (after a restart of rim). */
	resume(): void {
		this.fleet.reset();
		for (const job of this.state.jobs) {
			if (job.executedAt === null) continue;
			if (job.settings.timeLimit !== null && job.runs.some(r => r.status.state === 'waiting')) this.armTimeLimit(job, job.settings.timeLimit);
			for (const run of job.runs) {
				if (isFinal(run.status)) continue;
				const host = this.host(run.host);
				if (!host) continue;
				const ctx = this.context(job, host);
				const startable = run.status.state === 'waiting' && (run.status.reason === 'queued' || (run.status.reason === 'not-started' && host.started));
				if (startable) this.dispatch(job, run.host, {type: 'start'});
				else this.carryOut(job, run.host, resumeCommands(run, ctx));
			}
		}
	}

	// ── hosts ─────────────────────────────────────────────────────────────────

	/** Replaces a host record (lab actions, certificate issue); persisted with the next save. */
	updateHost(id: string, update: (host: Host) => Host): Host | undefined {
		const i = this.hostPos.get(id);
		if (i === undefined) return undefined;
		const prev = this.state.inventory.hosts[i]!;
		const next = update(prev);
		this.state.inventory.hosts[i] = next;
		// Hosts are large (certificates) and most updates replace one small field (installed, started, relayStore).
		const keys = Object.keys(next) as (keyof Host)[];
		const sameKeys = keys.length === Object.keys(prev).length && keys.every(k => Object.hasOwn(prev, k));
		this.changed(sameKeys ? {kind: 'host', id, fields: keys.filter(k => next[k] !== prev[k])} : {kind: 'host', id});
		return next;
	}

	async persistNow(): Promise<void> {
		if (this.advanceHighWater()) this.deps.persistence?.save(this.state, {kind: 'meta'});
		await this.deps.persistence?.saveNow(this.state);
	}

	// ── internals ─────────────────────────────────────────────────────────────

	private reindex(): void {
		this.hostPos.clear();
		this.state.inventory.hosts.forEach((h, i) => this.hostPos.set(h.id, i));
		this.packagesById.clear();
		for (const p of this.state.inventory.packages) this.packagesById.set(p.id, p);
		this.jobPos.clear();
		this.runPos.clear();
		this.activeByHost.clear();
		this.state.jobs.forEach((job, i) => {
			this.jobPos.set(job.id, i);
			this.indexRuns(job);
		});
	}

	private indexRuns(job: Job): void {
		const positions = new Map<string, number>();
		job.runs.forEach((run, i) => {
			positions.set(run.host, i);
			if (!isFinal(run.status)) this.activate(job.id, run.host);
		});
		this.runPos.set(job.id, positions);
	}

	private activate(jobId: string, host: string): void {
		let set = this.activeByHost.get(host);
		if (!set) this.activeByHost.set(host, (set = new Set()));
		set.add(jobId);
	}

	private isSecurity(job: Job): boolean {
		let security = this.securityCache.get(job.id);
		if (security === undefined) {
			security = isSecurityJob(job.type, job.destinations, this.snapshot?.inventory ?? this.snapshotNow().inventory);
			this.securityCache.set(job.id, security);
		}
		return security;
	}

	private packagesOf(job: Job): Package[] {
		return job.packages.map(p => this.pkg(p.id)).filter((p): p is Package => p !== undefined);
	}

	private orders(job: Job): PackageOrder[] {
		return packageOrders(job, this.packagesOf(job));
	}

	private context(job: Job, host: Host): RunContext {
		return runContext({job, host, packages: this.packagesOf(job), security: this.isSecurity(job), now: this.now()});
	}

	private dispatch(job: Job, hostId: string, event: RunEvent): void {
		const i = this.runPos.get(job.id)?.get(hostId);
		const host = this.host(hostId);
		if (i === undefined || !host) return;
		const run = job.runs[i]!;
		if (event.type === 'report' && event.report.key.attempt !== run.attempt) return;
		const step = stepRun(run, event, this.context(job, host));
		if (step.run === run) return;
		job.runs[i] = step.run;
		if (isFinal(step.run.status)) this.activeByHost.get(hostId)?.delete(job.id);
		this.carryOut(job, hostId, step.commands);
		this.changed({kind: 'run', job: job.id, host: hostId});
	}

	private carryOut(job: Job, hostId: string, commands: RunCommand[]): void {
		const run = job.runs[this.runPos.get(job.id)?.get(hostId) ?? -1];
		if (!run) return;
		const key = {job: job.id, host: hostId, attempt: run.attempt};
		for (const command of commands) {
			switch (command.cmd) {
				case 'wake-at':
					this.deps.clock.schedule(command.at, () => {
						const current = this.job(job.id);
						if (current) this.dispatch(current, hostId, {type: 'wake'});
					});
					break;
				case 'power-on': this.fleet.request({kind: 'power', host: hostId, on: true}); break;
				case 'shut-down': this.fleet.request({kind: 'power', host: hostId, on: false}); break;
				case 'deliver': this.fleet.request({kind: 'deliver', key, jobType: job.type, packages: this.orders(job),
					splitBytes: job.settings.split?.bytes ?? null, splitIntervalMs: (job.settings.split?.intervalSeconds ?? 0) * 1000,
					security: this.isSecurity(job)}); break;
				case 'ask-user': this.fleet.request({kind: 'ask-user', key}); break;
				case 'restart': this.fleet.request({kind: 'restart', key}); break;
				case 'authenticate': this.fleet.request({kind: 'authenticate', key, packages: this.packagesOf(job)
					.filter(p => p.kind === 'update-data').map(p => p.id)}); break;
				case 'install': this.fleet.request({kind: 'install', key, packages: this.orders(job)}); break;
				case 'collect': this.fleet.request({kind: 'collect', key}); break;
				case 'record-installed': this.updateHost(hostId, h => ({...h, installed: [
					...h.installed.filter(x => !command.packages.some(p => p.packageId === x.packageId)), ...command.packages]})); break;
			}
		}
	}

	/** A limit that passed while rim was not running (resume) or before a saved job ran still applies: it fires now. */
	private armTimeLimit(job: Job, at: number): void {
		this.deps.clock.schedule(at, () => {
			const current = this.job(job.id);
			if (current) for (const run of current.runs) this.dispatch(current, run.host, {type: 'time-limit'});
		});
	}

	private onReport(report: FleetReport): void {
		if (report.kind === 'host-power') {
			this.updateHost(report.host, h => ({...h, started: report.started}));
			for (const jobId of [...(this.activeByHost.get(report.host) ?? [])]) {
				const job = this.job(jobId);
				if (job) this.dispatch(job, report.host, {type: report.started ? 'host-started' : 'host-stopped'});
			}
			return;
		}
		const job = this.job(report.key.job);
		if (!job) return;
		if (report.kind === 'reached-relay' && job.type !== 'get-software-info') this.storeAtRelay(job, report.relay);
		this.dispatch(job, report.key.host, {type: 'report', report});
	}

	/** Relays keep the packages that pass through them until their expiration (domain.md §1). */
	private storeAtRelay(job: Job, relayId: string): void {
		const orders = this.orders(job);
		this.updateHost(relayId, relay => ({...relay, relayStore: [
			...relay.relayStore.filter(s => !orders.some(o => o.id === s.packageId)),
			...orders.map(o => ({packageId: o.id, version: o.version, expiresAt: o.relayExpiresAt})),
		]}));
	}

	/** After every mutation of the live state: reports what changed to persistence and schedules a snapshot. */
	private changed(...changes: StateChange[]): void {
		this.version++;
		const persistence = this.deps.persistence;
		if (this.advanceHighWater() && !changes.some(c => c.kind === 'meta')) changes.push({kind: 'meta'});
		if (persistence) for (const change of changes) persistence.save(this.state, change);
		this.schedulePublish();
	}

	/** Raises clockHighWater to now; true when it moved (a 'meta' change). */
	private advanceHighWater(): boolean {
		const now = this.now();
		if (now <= this.state.clockHighWater) return false;
		this.state.clockHighWater = now;
		return true;
	}

	private schedulePublish(): void {
		if (this.listeners.size === 0) {
			this.snapshot = null;
			return;
		}
		if (this.publishPending) return;
		const ticker = this.deps.ticker;
		if (!ticker) return this.publish();
		const interval = this.deps.publishIntervalMs ?? 100;
		this.publishPending = ticker.schedule(() => {
			this.publishPending = null;
			this.publish();
		}, interval);
	}

	private publish(): void {
		this.snapshotNow();
		for (const listener of this.listeners) listener();
	}
}

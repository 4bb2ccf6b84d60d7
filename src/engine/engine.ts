/**
 * The runner: owns the live state, feeds events to the job machine, carries out its commands through the Fleet port,
 * persists through the EnginePersistence port and publishes through the SnapshotPublisher. Its seams live beside it:
 * lookups (engine-index.ts), command → fleet request (fleet-requests.ts), time (clock-keeping.ts), snapshots
 * (publisher.ts). Time comes from the injected clock; every decision is in job-machine.ts and rules/. The fleet is
 * injected: the engine knows only the Fleet port, never what is behind it.
 */
import {actionRng, issueFor} from './certificates.js';
import type {Clock} from './clock.js';
import {ClockKeeping} from './clock-keeping.js';
import {EngineIndex} from './engine-index.js';
import type {EngineDeps, EngineError, NotSaved, StateChange} from './engine-ports.js';
import type {Fleet, FleetReport} from './fleet.js';
import {fleetRequest, isFleetCommand} from './fleet-requests.js';
import {hostsOf} from './inventory.js';
import {
	newRun,
	nextAttempt,
	resumeCommands,
	stepRun,
	type RunCommand,
	type RunContext,
	type RunEvent,
} from './job-machine.js';
import {
	createFolder,
	deleteFolder,
	moveDefinition,
	putDefinition,
	removeDefinition,
	renameFolder,
	takenNames,
	type Changed,
	type FolderDeletion,
} from './definitions.js';
import {
	isFinal,
	type Definition,
	type DestinationRun,
	type EngineState,
	type Folder,
	type Host,
	type HostGroup,
	type Job,
	type JobDefinition,
	type Package,
} from './model.js';
import {signPackage, type Office} from './pki/index.js';
import {SnapshotPublisher, type ChangeListener} from './publisher.js';
import {SaveTracking, type SaveState} from './save-state.js';
import type {SiteAction} from './site-actions.js';
import {folderPath} from './rules/folder-rules.js';
import {err, ok, type Result} from '../shared/result.js';
import {checkJobAction} from './rules/job-actions.js';
import {checkJob} from './rules/job-rules.js';
import {isSecurityJob} from './rules/page-locks.js';
import {packageOrders, runContext} from './run-context.js';
import {
	hostInfo,
	packageFieldsProblem,
	planAddHost,
	planAddPackage,
	planCreateGroup,
	planDeleteGroup,
	planGroupMembers,
	planRemoveHost,
	planRemovePackage,
	type HostInfo,
	type NewPackage,
	type PackageFields,
	type SiteEdit,
} from './site.js';
import type {EngineSnapshot} from './snapshot.js';

export type {EngineDeps, EngineError, EnginePersistence, NotSaved, StateChange, Ticker} from './engine-ports.js';
export type {SaveState} from './save-state.js';

const notFound = (what: string, id: string): EngineError => ({kind: 'not-found', message: `no ${what} "${id}"`});

export class Engine {
	readonly fleet: Fleet;
	private readonly index: EngineIndex;
	private readonly time: ClockKeeping;
	private readonly publisher: SnapshotPublisher;
	private readonly securityCache = new Map<string, boolean>();
	private readonly saving: SaveTracking;
	private readonly actionListeners = new Set<(action: SiteAction) => void>();

	constructor(
		readonly state: EngineState,
		private readonly deps: EngineDeps,
	) {
		this.index = new EngineIndex(state);
		this.time = new ClockKeeping(deps.clock, state);
		this.saving = new SaveTracking(
			() => this.now(),
			() => this.publisher.changed([]),
		);
		this.publisher = new SnapshotPublisher(
			state,
			() => this.now(),
			() => deps.clock.controls?.rate(),
			deps.ticker,
			deps.publishIntervalMs ?? 100,
			() => this.saving.get(),
		);
		deps.persistence?.watch?.(failure => this.saving.result(failure));
		// A change of the lab clock's speed or pause is published (the header shows it; attached views keep time by it).
		deps.clock.controls?.onChange(() => this.changed());
		this.fleet = deps.fleet;
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
		return this.index.host(id);
	}

	pkg(id: string): Package | undefined {
		return this.index.pkg(id);
	}

	job(id: string): Job | undefined {
		return this.index.job(id);
	}

	definition(id: string): Definition | undefined {
		return this.state.definitions.find(d => d.id === id);
	}

	/** The run of `host` in job `jobId`. */
	run(jobId: string, host: string): DestinationRun | undefined {
		return this.index.run(jobId, host);
	}

	route(hostId: string): Host[] {
		return this.index.route(hostId);
	}

	/** Hears every action that changed the site, as it is made (the audit log, the TUI's command hint). */
	onAction(listener: (action: SiteAction) => void): () => void {
		this.actionListeners.add(listener);
		return () => this.actionListeners.delete(listener);
	}

	/** Tells the action listeners; the engine's own actions call it, and so do the lab and the package commands. */
	noteAction(action: SiteAction): void {
		for (const listener of this.actionListeners) listener(action);
	}

	/** Whether everything the engine holds is on disk; while it is not, which jobs and definitions have changes that are not. */
	saveState(): SaveState {
		return this.saving.get();
	}

	/** The latest published snapshot (stable between changes, as useSyncExternalStore needs). */
	getSnapshot = (): EngineSnapshot => this.publisher.get();

	/** A snapshot of this instant, published or not. */
	snapshotNow(): EngineSnapshot {
		return this.publisher.take();
	}

	subscribe = (listener: () => void): (() => void) => this.publisher.subscribe(listener);

	/** Every publication with the changes it carries (the admin socket sends these to attached views). */
	subscribeChanges(listener: ChangeListener): () => void {
		return this.publisher.subscribeChanges(listener);
	}

	/** Non-final destinations of a job, which can only move on an outside event when the clock has nothing left. */
	unsettled(jobId: string): DestinationRun[] {
		return this.job(jobId)?.runs.filter(run => !isFinal(run.status)) ?? [];
	}

	// ── defining and running jobs ─────────────────────────────────────────────

	/**
	 * Execute: validates with the rule table, stores a new execution and starts it; no definition is kept. `definition`:
	 * the saved definition the content came from (the wizard opened on it), named by the execution. On disk when the
	 * promise resolves.
	 */
	async executeJob(input: {def: JobDefinition; definition?: string | null}): Promise<Result<Job, EngineError>> {
		const from = input.definition ?? null;
		const origin = from === null ? undefined : this.definition(from);
		if (from !== null && !origin) return err(notFound('definition', from));
		const refused = this.refusal(input.def, takenNames(this.state, from));
		if (refused) return err(refused);
		return this.startExecution(input.def, origin ? {id: origin.id, name: origin.name} : null, job => ({
			kind: 'execute-job',
			job,
			def: input.def,
		}));
	}

	/** Executes a saved definition: a new execution with a copy of its content, checked against the rules of now. */
	async executeDefinition(id: string): Promise<Result<Job, EngineError>> {
		const def = this.definition(id);
		if (!def) return err(notFound('definition', id));
		const refused = this.refusal(def, takenNames(this.state, id));
		if (refused) return err(refused);
		return this.startExecution(def, {id: def.id, name: def.name}, job => ({
			kind: 'execute-definition',
			job,
			definition: def.name,
		}));
	}

	/**
	 * Save: keeps `def` as a new definition (in `folder`, default the top), or, with `id`, as the new content of that
	 * definition (past executions keep theirs). Refused with the rule table's words, like Execute.
	 */
	async saveDefinition(input: {
		def: JobDefinition;
		id?: string | null;
		folder?: string | null;
	}): Promise<Result<Definition, EngineError>> {
		const id = input.id ?? null;
		if (id !== null && !this.definition(id)) return err(notFound('definition', id));
		const refused = this.refusal(input.def, takenNames(this.state, id));
		if (refused) return err(refused);
		const put = putDefinition(this.state, {def: input.def, id, folder: input.folder, now: this.now()});
		const done = await this.commit(
			put,
			`definition ${input.def.name} was ${id === null ? 'made' : 'changed'}`,
			saved => ({
				kind: 'save-definition',
				definition: saved.name,
				def: input.def,
				folder: saved.folder === null ? null : this.folderPath(saved.folder),
				replaced: id !== null,
			}),
		);
		// Kept but not written: the caller still learns which definition it is (the TUI shows it as unsaved).
		if (!done.ok && done.error.kind === 'not-saved' && put.ok)
			return err({...done.error, definitionId: put.value.value.id});
		return done;
	}

	async deleteDefinition(id: string): Promise<Result<Definition, EngineError>> {
		return this.commit(removeDefinition(this.state, id), undefined, def => ({
			kind: 'delete-definition',
			definition: def.name,
		}));
	}

	/** Moves a definition to another folder (null: the top). */
	async moveDefinition(id: string, folder: string | null): Promise<Result<Definition, EngineError>> {
		return this.commit(moveDefinition(this.state, id, folder, this.now()), undefined, def => ({
			kind: 'move-definition',
			definition: def.name,
			folder: folder === null ? null : this.folderPath(folder),
		}));
	}

	async createFolder(parent: string | null, name: string): Promise<Result<Folder, EngineError>> {
		return this.commit(createFolder(this.state, parent, name), undefined, folder => ({
			kind: 'create-folder',
			path: this.folderPath(folder.id),
		}));
	}

	async renameFolder(id: string, name: string): Promise<Result<Folder, EngineError>> {
		const path = this.folderPath(id);
		return this.commit(renameFolder(this.state, id, name), undefined, () => ({kind: 'rename-folder', path, name}));
	}

	/** Deletes a folder; one that holds folders or definitions only with `force`, and they go with it. */
	async deleteFolder(id: string, force: boolean): Promise<Result<FolderDeletion, EngineError>> {
		const path = this.folderPath(id);
		return this.commit(deleteFolder(this.state, id, force), undefined, () => ({kind: 'delete-folder', path, force}));
	}

	/** Destinations a re-execute would run again: those that ended in error. */
	rerunCandidates(jobId: string): string[] {
		return (
			this.job(jobId)
				?.runs.filter(r => r.status.state === 'error')
				.map(r => r.host) ?? []
		);
	}

	/** Re-runs the destinations that ended in error (all of them, or the listed ones). */
	async rerun(jobId: string, hosts?: string[]): Promise<Result<string[], EngineError>> {
		const job = this.job(jobId);
		if (!job) return err(notFound('job', jobId));
		const candidates = this.rerunCandidates(jobId);
		const chosen = hosts ?? candidates;
		const wrong = chosen.filter(h => !candidates.includes(h));
		if (wrong.length)
			return err({
				kind: 'state',
				message: `only destinations that ended in error can be re-executed; ${wrong.join(', ')} did not`,
			});
		if (!chosen.length) return err({kind: 'state', message: `job ${jobId} has no destination that ended in error`});
		const now = this.now();
		for (const host of chosen) {
			const i = this.index.runPosition(jobId, host)!;
			job.runs[i] = nextAttempt(job.runs[i]!, now);
			this.index.activate(job.id, host);
			this.dispatch(job, host, {type: 'start'});
		}
		this.changed(...chosen.map(host => ({kind: 'run', job: job.id, host}) as const));
		this.noteAction({kind: 'rerun', job: jobId, hosts: hosts === undefined ? [] : chosen});
		const saved = await this.persistNow(`the destinations of job ${jobId} were re-executed`);
		return saved.ok ? ok(chosen) : saved;
	}

	/** Delete: refused while a destination is in progress (rules/job-actions.ts). */
	async deleteJob(jobId: string): Promise<Result<Job, EngineError>> {
		const job = this.job(jobId);
		if (!job) return err(notFound('job', jobId));
		const refused = checkJobAction('delete', job);
		if (refused.length) return err({kind: 'state', message: refused.map(v => v.message).join('; ')});
		this.state.jobs = this.state.jobs.filter(j => j.id !== jobId);
		this.index.rebuild();
		this.changed({kind: 'job-deleted', id: jobId});
		this.noteAction({kind: 'delete-job', job: jobId});
		const saved = await this.persistNow(`job ${jobId} was deleted`);
		return saved.ok ? ok(job) : saved;
	}

	/** Picks up every executed job where it stood (after a restart of rim). */
	resume(): void {
		this.fleet.reset();
		for (const job of this.state.jobs) {
			if (job.settings.timeLimit !== null && job.runs.some(r => r.status.state === 'waiting'))
				this.armTimeLimit(job, job.settings.timeLimit);
			for (const run of job.runs) {
				if (isFinal(run.status)) continue;
				const host = this.host(run.host);
				if (!host) continue;
				const ctx = this.context(job, host);
				const startable =
					run.status.state === 'waiting' &&
					(run.status.reason === 'queued' || (run.status.reason === 'not-started' && host.started));
				if (startable) this.dispatch(job, run.host, {type: 'start'});
				else this.carryOut(job, run.host, resumeCommands(run, ctx));
			}
		}
	}

	// ── hosts ─────────────────────────────────────────────────────────────────

	/** Replaces a host record; persisted with the next save. */
	updateHost(id: string, update: (host: Host) => Host): Host | undefined {
		const i = this.index.hostPosition(id);
		if (i === undefined) return undefined;
		const prev = this.state.inventory.hosts[i]!;
		const next = update(prev);
		this.state.inventory.hosts[i] = next;
		// Most updates replace one small field (installed, started, certificate).
		const keys = Object.keys(next) as (keyof Host)[];
		const sameKeys = keys.length === Object.keys(prev).length && keys.every(k => Object.hasOwn(prev, k));
		this.changed(sameKeys ? {kind: 'host', id, fields: keys.filter(k => next[k] !== prev[k])} : {kind: 'host', id});
		return next;
	}

	/** The certification office issues a new device certificate: recorded on the host, sent to the PC by the fleet. */
	issueDeviceCertificate(hostId: string): Host | undefined {
		const now = this.now();
		const {pem, record} = issueFor(
			this.office,
			hostId,
			now,
			actionRng(this.state.seed, hostId, 'issue', now),
			this.fleet.devicePublicKey?.(hostId) ?? undefined,
		);
		const host = this.updateHost(hostId, h => ({...h, certificate: record}));
		if (host)
			this.fleet.request({
				kind: 'device-certificate',
				host: hostId,
				certPem: pem,
				caCertPem: this.office.public.caCertPem,
				officeFingerprint: this.office.public.fingerprint,
			});
		return host;
	}

	// ── the site: packages, groups and hosts the admin manages (plans in site.ts) ──

	/** Why a package with these fields cannot be added (checked before its payload is packed), or null. */
	packageProblem(fields: PackageFields): string | null {
		return packageFieldsProblem(this.state, fields);
	}

	/** Adds a package whose payload is already stored by its digest; update data gets a signed manifest. */
	addPackage(pkg: NewPackage): Promise<Result<Package, EngineError>> {
		return this.applySite(planAddPackage(this.state, pkg, manifest => signPackage(this.office, manifest), this.now()));
	}

	/** Removes a package no job names; the caller frees its payload when no other package shares the digest. */
	removePackage(id: string): Promise<Result<Package, EngineError>> {
		return this.applySite(planRemovePackage(this.state, id), {kind: 'remove-package', id});
	}

	createGroup(id: string, name?: string): Promise<Result<HostGroup, EngineError>> {
		return this.applySite(planCreateGroup(this.state, id, name), group => ({
			kind: 'create-group',
			id: group.id,
			name: group.name,
		}));
	}

	changeGroup(id: string, action: 'add' | 'remove', hosts: readonly string[]): Promise<Result<HostGroup, EngineError>> {
		return this.applySite(planGroupMembers(this.state, id, action, hosts), {
			kind: 'group-members',
			id,
			change: action,
			hosts: [...hosts],
		});
	}

	deleteGroup(id: string): Promise<Result<HostGroup, EngineError>> {
		return this.applySite(planDeleteGroup(this.state, id), {kind: 'delete-group', id});
	}

	/** Adds a host that enrolled (an agent the certification office admitted). */
	addHost(host: Host): Promise<Result<Host, EngineError>> {
		return this.applySite(planAddHost(this.state, host));
	}

	/** Forgets a host (the server's record and its group memberships); what the machine itself holds is not touched. */
	async removeHost(id: string): Promise<Result<Host, EngineError>> {
		const removed = await this.applySite(planRemoveHost(this.state, id), {kind: 'remove-host', id});
		if (removed.ok) this.fleet.hostRemoved?.(id);
		return removed;
	}

	hostInfo(id: string): Result<HostInfo, EngineError> {
		return hostInfo(this.state, id);
	}

	/**
	 * Makes every change so far durable. When the write fails the change stays live (the store retries it) and the
	 * result says so: `what` names the change for that message ("job J0003 was executed").
	 */
	/** A folder's path (`Monthly/Security`), as the CLI names it. */
	private folderPath(id: string): string {
		return folderPath(this.state, id);
	}

	async persistNow(what = 'the change was made'): Promise<Result<void, NotSaved>> {
		if (this.time.advanceHighWater()) this.deps.persistence?.save(this.state, {kind: 'meta'});
		const saved = await this.deps.persistence?.saveNow(this.state);
		if (!saved || saved.ok) return ok(undefined);
		return err({kind: 'not-saved', reason: saved.error, message: `${what} but is not saved: ${saved.error}`});
	}

	// ── internals ─────────────────────────────────────────────────────────────

	/** Applies a planned site edit in one step (a refused plan changes nothing) and makes it durable. */
	private async applySite<T>(
		plan: Result<SiteEdit<T>, EngineError>,
		action?: SiteAction | ((value: T) => SiteAction),
	): Promise<Result<T, EngineError>> {
		if (!plan.ok) return plan;
		this.state.inventory = plan.value.inventory;
		// The security classification of jobs already running stays as it was when they started (securityCache).
		this.index.rebuild();
		this.changed(...plan.value.changes);
		if (action) this.noteAction(typeof action === 'function' ? action(plan.value.value) : action);
		const saved = await this.persistNow();
		return saved.ok ? ok(plan.value.value) : saved;
	}

	private refusal(def: JobDefinition, existingNames: string[]): EngineError | null {
		const violations = checkJob({def, inventory: this.snapshotNow().inventory, now: this.now(), existingNames});
		return violations.length ? {kind: 'rules', message: violations.map(v => v.message).join('; '), violations} : null;
	}

	/** A new execution of `def`: one run per destination host, resolved from groups now, started at once. */
	private async startExecution(
		def: JobDefinition,
		origin: Job['definition'],
		action: (jobId: string) => SiteAction,
	): Promise<Result<Job, EngineError>> {
		const id = `J${String(this.state.nextJobNumber).padStart(4, '0')}`;
		this.state.nextJobNumber++;
		const now = this.now();
		const {name, type, destinations, packages, settings} = structuredClone(def);
		const job: Job = {
			name,
			type,
			destinations,
			packages,
			settings,
			id,
			createdAt: now,
			executedAt: now,
			definition: origin,
			runs: hostsOf(destinations, this.snapshotNow().inventory).map(h => newRun(h.id, 1, now)),
		};
		this.state.jobs.push(job);
		this.index.addJob(job);
		// Reported before the runs start: the job's record (with every run) supersedes theirs while it is pending.
		this.changed({kind: 'job', id}, {kind: 'meta'});
		this.noteAction(action(id));
		if (job.settings.timeLimit !== null) this.armTimeLimit(job, job.settings.timeLimit);
		for (const run of job.runs) this.dispatch(job, run.host, {type: 'start'});
		const saved = await this.persistNow(`job ${id} was executed`);
		return saved.ok ? ok(job) : err({...saved.error, jobId: id});
	}

	/** Reports and persists a definition or folder change; on disk when the promise resolves. */
	private async commit<T>(
		result: Result<Changed<T>, EngineError>,
		what?: string,
		action?: (value: T) => SiteAction,
	): Promise<Result<T, EngineError>> {
		if (!result.ok) return result;
		this.changed(...result.value.changes);
		if (action) this.noteAction(action(result.value.value));
		const saved = await this.persistNow(what);
		return saved.ok ? ok(result.value.value) : saved;
	}

	private isSecurity(job: Job): boolean {
		let security = this.securityCache.get(job.id);
		if (security === undefined) {
			security = isSecurityJob(job.type, job.destinations, (this.publisher.latest() ?? this.snapshotNow()).inventory);
			this.securityCache.set(job.id, security);
		}
		return security;
	}

	private packagesOf(job: Job): Package[] {
		return job.packages.map(p => this.pkg(p.id)).filter((p): p is Package => p !== undefined);
	}

	private context(job: Job, host: Host): RunContext {
		return runContext({job, host, packages: this.packagesOf(job), security: this.isSecurity(job), now: this.now()});
	}

	private dispatch(job: Job, hostId: string, event: RunEvent): void {
		const i = this.index.runPosition(job.id, hostId);
		const host = this.host(hostId);
		if (i === undefined || !host) return;
		const run = job.runs[i]!;
		if (event.type === 'report' && event.report.key.attempt !== run.attempt) return;
		const step = stepRun(run, event, this.context(job, host));
		if (step.run === run) return;
		job.runs[i] = step.run;
		if (isFinal(step.run.status)) this.index.deactivate(job.id, hostId);
		// Reported before its commands run: a change they cause is published after this run's, never before it.
		this.changed({kind: 'run', job: job.id, host: hostId});
		this.carryOut(job, hostId, step.commands);
	}

	private carryOut(job: Job, hostId: string, commands: RunCommand[]): void {
		const run = this.index.run(job.id, hostId);
		if (!run) return;
		const key = {job: job.id, host: hostId, attempt: run.attempt};
		for (const command of commands) {
			if (isFleetCommand(command)) {
				const packages = this.packagesOf(job);
				this.fleet.request(
					fleetRequest(command, {
						job,
						key,
						packages,
						orders: packageOrders(job, packages),
						security: this.isSecurity(job),
					}),
				);
			} else if (command.cmd === 'wake-at') {
				this.time.at(command.at, () => {
					const current = this.job(job.id);
					if (current) this.dispatch(current, hostId, {type: 'wake'});
				});
			} else {
				this.updateHost(hostId, h => ({
					...h,
					installed: [
						...h.installed.filter(x => !command.packages.some(p => p.packageId === x.packageId)),
						...command.packages,
					],
				}));
			}
		}
	}

	/** A limit that passed while rim was not running (resume) still applies: it fires now. */
	private armTimeLimit(job: Job, at: number): void {
		this.time.at(at, () => {
			const current = this.job(job.id);
			if (current) for (const run of current.runs) this.dispatch(current, run.host, {type: 'time-limit'});
		});
	}

	private onReport(report: FleetReport): void {
		if (report.kind === 'host-power') {
			this.updateHost(report.host, h => ({...h, started: report.started}));
			for (const jobId of this.index.activeJobsOn(report.host)) {
				const job = this.job(jobId);
				if (job) this.dispatch(job, report.host, {type: report.started ? 'host-started' : 'host-stopped'});
			}
			return;
		}
		if (report.kind === 'relay-status') {
			this.updateHost(report.host, h =>
				h.kind === 'relay' ? {...h, relay: {...report.status, reportedAt: this.now()}} : h,
			);
			return;
		}
		const job = this.job(report.key.job);
		if (job) this.dispatch(job, report.key.host, {type: 'report', report});
	}

	/** After every mutation of the live state: reports what changed to persistence and publishes it. */
	private changed(...changes: StateChange[]): void {
		const persistence = this.deps.persistence;
		if (this.time.advanceHighWater() && !changes.some(c => c.kind === 'meta')) changes.push({kind: 'meta'});
		if (persistence) for (const change of changes) persistence.save(this.state, change);
		this.saving.touched(changes);
		this.publisher.changed(changes);
	}
}

/**
 * How screens reach the engine: a snapshot hook (useSyncExternalStore over the engine's coalesced snapshots) and an
 * actions object. Screens never hold engine objects they could mutate, and never import the store or node-forge.
 */
import {createContext, useContext, useSyncExternalStore, type ReactNode} from 'react';
import type {AuthDevice, CertificateSummary, DeviceFault} from '../engine/pki/index.js';
import type {FolderDeletion} from '../engine/definitions.js';
import type {HostDetail} from '../engine/host-detail.js';
import type {ClockOp, ClockOutcome} from '../engine/lab-clock.js';
import type {EngineError} from '../engine/engine.js';
import type {Definition, FleetKind, Folder, HostGroup, JobDefinition, Job, Host, Package} from '../engine/model.js';
import type {AddedPackage, PackageRequest, PackProgress} from '../engine/site.js';
import type {Result} from '../shared/result.js';
import type {EngineSnapshot} from '../engine/snapshot.js';
import type {PendingAgent} from '../net/agents/pending-view.js';

export type {HostDetail, PendingAgent};

/** An agent the admin accepted (`already`: it was enrolled before this accept, by another admin or an earlier try). */
export interface AcceptedAgent {
	id: string;
	role: PendingAgent['role'];
	os: string;
	already: boolean;
}

export interface EngineApi {
	subscribe(listener: () => void): () => void;
	getSnapshot(): EngineSnapshot;
	now(): number;
	/** The site's fleet: `simulated` (the demo) or `network` (a site made by rim init); null while it is not known. */
	fleetKind(): FleetKind | null;
	/** Execute: runs the job, keeps no definition (`definition`: the one the wizard was opened on, if any). */
	executeJob(input: {def: JobDefinition; definition?: string | null}): Promise<Result<Job, EngineError>>;
	/** Save: a new definition, or with `id` the new content of that one. */
	saveDefinition(input: {
		def: JobDefinition;
		id?: string | null;
		folder?: string | null;
	}): Promise<Result<Definition, EngineError>>;
	executeDefinition(id: string): Promise<Result<Job, EngineError>>;
	deleteDefinition(id: string): Promise<Result<Definition, EngineError>>;
	moveDefinition(id: string, folder: string | null): Promise<Result<Definition, EngineError>>;
	createFolder(parent: string | null, name: string): Promise<Result<Folder, EngineError>>;
	renameFolder(id: string, name: string): Promise<Result<Folder, EngineError>>;
	deleteFolder(id: string, force: boolean): Promise<Result<FolderDeletion, EngineError>>;
	rerunCandidates(jobId: string): string[];
	rerun(jobId: string, hosts?: string[]): Promise<Result<string[], EngineError>>;
	deleteJob(jobId: string): Promise<Result<Job, EngineError>>;
	issueCertificate(hostId: string): Promise<Result<Host, {message: string}>>;
	labFault(hostId: string, fault: DeviceFault): Promise<Result<Host, {message: string}>>;
	labAnswer(hostId: string, answer: 'yes' | 'later' | 'cancel'): Promise<Result<number, {message: string}>>;
	labPower(hostId: string, on: boolean): Promise<Result<Host, {message: string}>>;
	/** The training lab's view of a PC's authentication device; absent when the site has no simulated PCs. */
	labDevice?(hostId: string): AuthDevice | null;
	/**
	 * Packs a file or folder into a package, on the side that owns the data directory (this process, or the manager);
	 * `onProgress` follows the packing. The path is the admin's, as typed (`~` and relative paths are resolved here).
	 */
	addPackage(
		request: PackageRequest,
		onProgress?: (progress: PackProgress) => void,
	): Promise<Result<AddedPackage, {message: string}>>;
	/** Removes a package no job names, and its payload once no other package shares it. */
	removePackage(id: string): Promise<Result<Package, {message: string}>>;
	createGroup(id: string, name?: string): Promise<Result<HostGroup, {message: string}>>;
	changeGroup(id: string, action: 'add' | 'remove', hosts: string[]): Promise<Result<HostGroup, {message: string}>>;
	deleteGroup(id: string): Promise<Result<HostGroup, {message: string}>>;
	removeHost(id: string): Promise<Result<Host, {message: string}>>;
	/**
	 * The agents that asked to enrol without a join token and wait for the admin, oldest first; null where agents do not
	 * enrol (the simulated demo) or while it is not known. The same array until the list changes.
	 */
	pendingAgents(): readonly PendingAgent[] | null;
	/** Hears every change of `pendingAgents()` (attached to a manager: as the manager pushes it). */
	subscribePending(listener: () => void): () => void;
	/** `rim host accept HOST`: the office signs the pending agent's certificate and it becomes a host of the site. */
	acceptAgent(id: string): Promise<Result<AcceptedAgent, {message: string}>>;
	/**
	 * Hears the command line of each action this TUI makes (not other clients'): from its own engine, or, attached to a
	 * manager, as the manager reports each of this TUI's calls. Returns an unsubscribe.
	 */
	onCommandLine?(listener: (line: string) => void): () => void;
	/** The trainer's lab clock controls (attached to a manager: the manager's clock); the rate is in the snapshot. */
	controlClock(op: ClockOp): Promise<Result<ClockOutcome, {message: string}>>;
	/** Reads a certificate PEM for display (subject, issuer, validity); null when it does not parse. */
	describeCertificate(pem: string): CertificateSummary | null;
	/** A TUI attached to a manager: the link to it (absent when this process opened the data directory itself). */
	managerLink?(): ManagerLink;
	/** While the manager is gone: open the data directory here and serve it (the admin asked). */
	becomeManager?(): Promise<Result<string, {message: string}>>;
	/**
	 * The host view of Destinations; null for an unknown host, undefined while it is being read (attached to a manager,
	 * the detail travels over the admin socket and the view re-renders when it arrives).
	 */
	hostDetail(hostId: string): HostDetail | null | undefined;
}

/** How this TUI reaches the data directory's manager: attached to it, lost it, or is the manager itself. */
export type ManagerLink = {kind: 'attached'; pid: number} | {kind: 'lost'; why: string} | {kind: 'own'};

const EngineContext = createContext<EngineApi | null>(null);
EngineContext.displayName = 'RimEngine';

export function EngineProvider({api, children}: {api: EngineApi; children: ReactNode}) {
	return <EngineContext.Provider value={api}>{children}</EngineContext.Provider>;
}

export function useEngineApi(): EngineApi {
	const api = useContext(EngineContext);
	if (!api) throw new Error('useEngineApi outside <EngineProvider>');
	return api;
}

/** The engine API when inside a provider, else null (screens rendered standalone in tests). */
export function useOptionalEngineApi(): EngineApi | null {
	return useContext(EngineContext);
}

/** The agents waiting for the admin (null on the demo); re-renders when the list changes. */
export function usePendingAgents(): readonly PendingAgent[] | null {
	const api = useEngineApi();
	return useSyncExternalStore(api.subscribePending, api.pendingAgents);
}

/** The latest engine snapshot; re-renders at most as often as the engine publishes (~10/s). */
export function useSnapshot(): EngineSnapshot {
	const api = useEngineApi();
	return useSyncExternalStore(api.subscribe, api.getSnapshot);
}

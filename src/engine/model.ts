/** The inventory and job model of docs/rules.md. Plain data: everything here is JSON-serialisable. */
import type {MaintenanceCode} from '../shared/maintenance-code.js';

export type HostKind = 'standard-pc' | 'security-pc' | 'relay';
export type PackageKind = 'standard' | 'update-data';
export type JobType = 'install' | 'transfer-to-relay' | 'get-software-info';
/** A demo site runs the simulated fleet; a site made by `rim init` has real (network) hosts. */
export type FleetKind = 'simulated' | 'network';

export interface InstalledPackage {
	packageId: string;
	version: string;
	installedAt: number;
}

/** What the certification office recorded when it issued a host's device certificate. */
export interface HostCertificate {
	/** Serial number, uppercase hex as OpenSSL prints it. */
	serial: string;
	notBefore: number;
	notAfter: number;
}

/**
 * The managing server's record of a host: only what a real manager could know (what the PC reported, what the
 * certification office issued). What the PC really is (its user, its device, its disks) belongs to the fleet.
 */
export interface Host {
	id: string;
	name: string;
	kind: HostKind;
	/** The relay above this host, or null when it hangs directly under the managing server. */
	parent: string | null;
	os: string;
	/** As last seen: a PC that is not started cannot receive a job; relays are always started. */
	started: boolean;
	/** Installed packages as the PC last reported them. */
	installed: InstalledPackage[];
	/** The device certificate the office last issued to this security PC; null for other hosts. */
	certificate: HostCertificate | null;
	/** What a real relay last reported of itself (its cache, its work); null for PCs and for relays not heard yet. */
	relay: RelayStatus | null;
}

/** A payload a relay holds in its cache, named by the package it learned it from (null: not learned yet). */
export interface RelayCachedPackage {
	id: string | null;
	version: string | null;
	digest: string;
	bytes: number;
}

/** A relay's own report, carried by its polls (docs/relay.md, What a relay reports). */
export interface RelayStatus {
	/** When the manager recorded this report (site clock). */
	reportedAt: number;
	cacheBytes: number;
	/** The cache's bound (`--cache-bytes`). */
	capacityBytes: number;
	/** Payloads in the cache; `packages` lists the most recently used of them. */
	packageCount: number;
	packages: RelayCachedPackage[];
	/** Payloads being fetched from upstream. */
	fetching: number;
	/** Results of the hosts below kept for upstream. */
	waitingResults: number;
}

export interface HostGroup {
	id: string;
	name: string;
	members: string[];
}

export interface Cabinet {
	id: string;
	name: string;
}

/** When a client installs, in the order the wizard cycles through them. */
export const INSTALL_TIMINGS = ['normal', 'at-system-start', 'at-system-stop'] as const;
export type InstallTiming = (typeof INSTALL_TIMINGS)[number];

export interface InstallConditions {
	timing: InstallTiming;
	/** Installation date-time at the client, epoch ms, or null. */
	installAt: number | null;
	mode: 'background' | 'gui';
	replaceExisting: boolean;
	/** Expiration at the relay system, epoch ms. */
	relayExpiresAt: number;
}

export interface Package {
	id: string;
	name: string;
	version: string;
	generation: number;
	cabinet: string;
	kind: PackageKind;
	size: number;
	/** Hex SHA-256 of the payload bytes. */
	sha256: string;
	/** Operating systems whose installer accepts this package; empty means any. */
	platforms: string[];
	conditions: InstallConditions;
	/** A file inside the payload (a relative path) the client runs to install it; null when there is none. */
	installScript: string | null;
	/** Update data only: the managing server's signature over the manifest (docs/pki.md). */
	auth: PackageAuth | null;
	createdAt: number;
}

export interface PackageAuth {
	/** Canonical manifest text: names the package, its version and its payload digest. */
	manifest: string;
	/** Base64 RSA-PSS/SHA-256 signature of the manifest by the signing certificate. */
	signature: string;
	/** PEM of the signing certificate, issued by the certification office. */
	signerCertPem: string;
}

export type DestinationRef = {kind: 'host'; id: string} | {kind: 'group'; id: string};

export interface JobSettings {
	distributeToSuspended: boolean;
	method: 'unicast' | 'multicast';
	split: {bytes: number; intervalSeconds: number} | null;
	/** Server side: start at this time (epoch ms), or null to start when executed. */
	startAt: number | null;
	/** Server side: destinations not reached by then end with a connection error. */
	timeLimit: number | null;
	/** Client side execution date-time; ignored for security PCs. */
	clientAt: number | null;
	powerOn: boolean;
	shutdownAfter: boolean;
}

/** Per-package overrides of the installation conditions made on the Package page's Change dialog. */
export type ConditionOverrides = Partial<InstallConditions>;

/** Everything the Create Job wizard sets: the content of a saved definition and of each execution. */
export interface JobDefinition {
	name: string;
	type: JobType;
	destinations: DestinationRef[];
	packages: {id: string; conditions: ConditionOverrides}[];
	settings: JobSettings;
}

/**
 * A job kept for reuse in the Job Definition window (Save, Save and Execute). Executing it copies its content into a
 * new execution, so changing it later never changes an execution.
 */
export interface Definition extends JobDefinition {
	id: string;
	/** The folder it lives in, or null at the top of the Job Definition window. */
	folder: string | null;
	createdAt: number;
	modifiedAt: number;
}

/** A folder of the Job Definition window; folders nest up to MAX_FOLDER_DEPTH levels. */
export interface Folder {
	id: string;
	name: string;
	/** The folder above, or null at the top. */
	parent: string | null;
}

/** An execution: one entry of Job Execution Status, with its own destinations, states and codes. */
export interface Job extends JobDefinition {
	id: string;
	createdAt: number;
	executedAt: number;
	/** The definition it was executed from (its id, and its name at the time), or null for a plain Execute. */
	definition: {id: string; name: string} | null;
	runs: DestinationRun[];
}

/** Why a destination waits at the client (state `waiting-at-client`). */
export type ClientWait =
	| 'awaiting-user'
	/** The PC user answered Later: the dialog comes back at the PC's next start. */
	| 'answered-later'
	| 'restarting'
	/** A security PC downloads the update data (and its authentication data) after the restart. */
	| 'downloading'
	| 'authenticating'
	| 'install-timing'
	| 'client-date'
	| 'queued';

/** The state of one destination host of a job (docs/rules.md, States). */
export type RunState =
	| {state: 'waiting'; reason: 'queued' | 'not-started'}
	/** `startAt`: when the server starts sending. */
	| {state: 'waiting'; reason: 'scheduled'; startAt: number}
	| {state: 'transferring'}
	| {state: 'at-relay'; relay: string}
	| {state: 'waiting-at-client'; reason: ClientWait}
	/** `collecting`: a Get software information job collecting the installed-package list. */
	| {state: 'installing'; collecting?: true}
	| {state: 'finished'; code: MaintenanceCode; note: string | null}
	| {state: 'error'; code: MaintenanceCode; detail: string}
	| {state: 'rejected'; code: MaintenanceCode; detail: string};

export type RunStateName = RunState['state'];

export interface HistoryEntry {
	at: number;
	state: RunStateName;
	text: string;
}

/** One attempt at a destination as it ended: a re-execute keeps it (and its code) instead of erasing it. */
export interface AttemptRecord {
	attempt: number;
	status: RunState;
	lastHeard: number;
	history: HistoryEntry[];
}

export interface DestinationRun extends AttemptRecord {
	host: string;
	/** Get software information: the installed-package list collected from the client. */
	collected: InstalledPackage[] | null;
	/** The attempts before this one, oldest first (`attempt` is bumped on each re-execution, so late events of an
	 *  earlier attempt are ignored). */
	earlier: AttemptRecord[];
}

export function isFinal(status: RunState): status is Extract<RunState, {state: 'finished' | 'error' | 'rejected'}> {
	return status.state === 'finished' || status.state === 'error' || status.state === 'rejected';
}

/** Progress per state, docs/rules.md, States. */
export const STATE_PROGRESS: Record<RunStateName, number> = {
	waiting: 0,
	transferring: 20,
	'at-relay': 50,
	'waiting-at-client': 70,
	installing: 90,
	finished: 100,
	error: 100,
	rejected: 100,
};

export interface Inventory {
	hosts: Host[];
	groups: HostGroup[];
	cabinets: Cabinet[];
	packages: Package[];
}

/** The certification office's public side (the private keys live in the data directory, mode 0600). */
export interface OfficePublic {
	caCertPem: string;
	/** SHA-256 fingerprint of the CA certificate, the identity a PC's PKI environment is configured for. */
	fingerprint: string;
	signerCertPem: string;
}

/** Everything rim keeps: the document the store persists. */
export interface EngineState {
	inventory: Inventory;
	/** Executions, oldest first. */
	jobs: Job[];
	/** Saved definitions and their folders (the Job Definition window). */
	definitions: Definition[];
	folders: Folder[];
	office: OfficePublic;
	/** The lab clock never runs backwards: a virtual run that jumped ahead leaves its time here. */
	clockHighWater: number;
	/** Counters for job, definition and folder ids (never reused). */
	nextJobNumber: number;
	nextDefinitionNumber: number;
	nextFolderNumber: number;
	seed: number;
}

/**
 * The fleet's section of a network site (made by `rim init`): its hosts are agents that enrol, and it keeps nothing of
 * its own yet (agent enrolment is not built).
 */
export interface NetworkFleetState {
	kind: 'network';
}

/**
 * The Fleet port: what the engine asks of clients, and the reports that come back. The simulated fleet implements
 * it; a networked agent fleet would implement the same port, so no transport concern leaks into the job logic.
 */
import type {Result} from '../shared/result.js';
import type {InstalledPackage, JobType, RelayStatus} from './model.js';
import type {AuthDevice, DeviceFault} from './pki/index.js';
import type {MaintenanceCode} from '../shared/maintenance-code.js';

/** Identifies one attempt at one destination of one job; reports of an older attempt are ignored. */
export interface RunKey {
	job: string;
	host: string;
	attempt: number;
}

export interface PackageOrder {
	id: string;
	version: string;
	size: number;
	relayExpiresAt: number;
	replaceExisting: boolean;
	/** `gui`: the installer runs in front of the PC's user, who can mark it failed. */
	mode: 'background' | 'gui';
}

/** What the engine asks the fleet to do for one destination. */
export type FleetRequest =
	| {
			kind: 'deliver';
			key: RunKey;
			jobType: JobType;
			packages: PackageOrder[];
			splitBytes: number | null;
			splitIntervalMs: number;
			security: boolean;
	  }
	| {kind: 'ask-user'; key: RunKey}
	| {kind: 'restart'; key: RunKey}
	/** A security PC fetches the update data and its authentication data after the restart. */
	| {kind: 'download'; key: RunKey; packages: PackageOrder[]}
	| {kind: 'authenticate'; key: RunKey; packages: string[]}
	| {kind: 'install'; key: RunKey; packages: PackageOrder[]}
	| {kind: 'collect'; key: RunKey}
	| {kind: 'power'; host: string; on: boolean}
	/** The certification office issued a new device certificate: put it, with the office's CA certificate, on the PC. */
	| {kind: 'device-certificate'; host: string; certPem: string; caCertPem: string; officeFingerprint: string};

export interface Failure {
	code: MaintenanceCode;
	detail: string;
}

/** What the fleet reports back. */
export type FleetReport =
	| {kind: 'reached-relay'; key: RunKey; relay: string}
	| {kind: 'reached-client'; key: RunKey}
	| {kind: 'delivery-failed'; key: RunKey; failure: Failure}
	| {kind: 'user-answered'; key: RunKey; answer: 'yes' | 'later' | 'cancel'}
	| {kind: 'restarted'; key: RunKey}
	| {kind: 'downloaded'; key: RunKey}
	| {kind: 'authenticated'; key: RunKey; result: Result<null, Failure>}
	| {kind: 'installed'; key: RunKey; result: Result<InstalledPackage[], Failure>}
	| {kind: 'collected'; key: RunKey; packages: InstalledPackage[]}
	| {kind: 'host-power'; host: string; started: boolean}
	/** A relay reported its cache and work (recorded on its host with the time it was heard). */
	| {kind: 'relay-status'; host: string; status: Omit<RelayStatus, 'reportedAt'>};

/** Reports about a host rather than about one destination run. */
export type HostReport = Extract<FleetReport, {kind: 'host-power' | 'relay-status'}>;

/** `not-saved`: the action was carried out but could not be written (a full disk); see EngineError. */
export type LabError = {kind: 'not-found' | 'input' | 'state' | 'not-saved'; message: string};

/**
 * What a training lab can do to its PCs that a real site cannot: answer for a PC's user, break a device, look inside
 * one. Only a fleet that simulates its PCs offers it.
 */
export interface LabControls {
	/** Answers every confirmation dialog open on the PC; how many were answered. */
	answer(hostId: string, answer: 'yes' | 'later' | 'cancel'): number;
	/** Makes a lab fault (docs/pki.md) real on the PC's authentication device (or clears every fault). */
	fault(hostId: string, fault: DeviceFault): Result<null, LabError>;
	/** The PC's authentication device as it is now: null when it has none, undefined for a machine the lab lacks. */
	device(hostId: string): AuthDevice | null | undefined;
	/** While held, the simulated users leave their dialogs open for the trainer to answer (rim … --wait --stop-at-dialogs). */
	holdDialogs(hold: boolean): void;
}

export interface Fleet {
	/** Present only on a simulated fleet (the training lab). */
	readonly lab?: LabControls;
	request(request: FleetRequest): void;
	/** The engine registers one listener for every report. */
	onReport(listener: (report: FleetReport) => void): void;
	/** Forget every request in flight (the engine re-drives non-final runs after a restart). */
	reset(): void;
	/**
	 * True while requests are out with clients that are up and will report back (a networked fleet, whose reports do not
	 * come from the engine's clock); absent on a fleet whose every report is a timer on that clock.
	 */
	awaitingReports?(): boolean;
	/** The admin removed the host from the site: a networked fleet forgets it and revokes its identity. */
	hostRemoved?(hostId: string): void;
	/**
	 * The public key (PEM) of the PC's own authentication device, made on the PC when it enrolled: a new device
	 * certificate is issued over it. Null (or absent: the simulated fleet) means the office's shared device key.
	 */
	devicePublicKey?(hostId: string): string | null;
}

/**
 * What a simulated PC really is: the truth the simulated fleet owns and persists in its own section of the site
 * document. The managing server never reads it; it learns what it knows of a host from the fleet's reports.
 */
import type {InstalledPackage, NetworkFleetState} from '../model.js';
import type {AuthDevice} from '../pki/index.js';

/** How the simulated user of a PC answers the confirmation dialog of a security-PC job (docs/pki.md). */
export type UserPolicy = {answer: 'yes'; afterMs: number} | {answer: 'later'} | {answer: 'cancel'};

/** A package a relay keeps until its expiration (docs/rules.md, Vocabulary). */
export interface HeldPackage {
	packageId: string;
	version: string;
	expiresAt: number;
}

export interface SimulatedPc {
	/** The host id the managing server knows this machine by. */
	id: string;
	/** Powered on (relays always are). */
	started: boolean;
	/** Link speed from the parent to this machine, bytes per second. */
	linkBytesPerSecond: number;
	freeDiskBytes: number;
	/** What is really installed on the machine. */
	installed: InstalledPackage[];
	/** Packages kept at a relay until their expiration (only relays hold any). */
	relayStore: HeldPackage[];
	user: UserPolicy;
	/** A security PC's authentication device; null on other machines. */
	device: AuthDevice | null;
}

/** The simulated fleet's section of the site document. */
export interface SimulationState {
	kind: 'simulated';
	pcs: SimulatedPc[];
}

/** The simulated PCs of a site's fleet section: the demo's, or none on a network site (whose machines are real). */
export function simulationOf(fleet: SimulationState | NetworkFleetState): SimulationState {
	return fleet.kind === 'simulated' ? fleet : {kind: 'simulated', pcs: []};
}

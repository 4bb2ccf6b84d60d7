/**
 * One host as the Destinations host view shows it, gathered in one place: the server's record of the host, its jobs,
 * the office's record of its certificate, and, in the training lab, the device as the simulated PC holds it. Plain data
 * (it also travels over the admin socket to an attached TUI).
 */
import type {Engine} from './engine.js';
import {isFinal, type HostKind, type RunState} from './model.js';
import {inspectDevice, type DeviceInspection} from './pki/index.js';
import type {MaintenanceCode} from '../shared/maintenance-code.js';

/**
 * One host as the Destinations host view shows it: plain data, read through the engine in one call (the screen never
 * reads the device, the fleet or a certificate itself).
 */
export interface HostDetail {
	id: string;
	name: string;
	kind: HostKind;
	os: string;
	started: boolean;
	/** The relay systems between the managing server and the host, top first. */
	route: string[];
	groups: string[];
	/** The device certificate the certification office last issued (a security PC), with its validity now. */
	certificate: {
		serial: string;
		notBefore: number;
		notAfter: number;
		validity: 'valid' | 'expired' | 'not-yet-valid';
	} | null;
	/**
	 * The PC's authentication device as the training lab sees it (certificate, CA copy, PKI, memory, every fault in
	 * effect); null for a host without one, or on a site without simulated PCs.
	 */
	device: DeviceInspection | null;
	/** Confirmation dialogs waiting for the PC's user, one per job; `onScreen` false until the PC starts. */
	dialogs: {jobId: string; jobName: string; onScreen: boolean}[];
	/** Installed packages as the PC last reported them. */
	installed: {packageId: string; version: string; installedAt: number}[];
	/** The host's destination runs, newest job first. */
	jobs: {jobId: string; jobName: string; state: RunState['state']; code: MaintenanceCode | null}[];
}

/** The host view's data for `hostId` now; null for a host the inventory does not hold. */
export function hostDetail(engine: Engine, hostId: string): HostDetail | null {
	const host = engine.host(hostId);
	if (!host) return null;
	const now = engine.now();
	const {inventory, jobs, office} = engine.getSnapshot();
	const runs = jobs.flatMap(job => job.runs.filter(run => run.host === hostId).map(run => ({job, run}))).reverse();
	const device = engine.fleet.lab?.device(hostId) ?? null;
	const cert = host.certificate;
	return {
		id: host.id,
		name: host.name,
		kind: host.kind,
		os: host.os,
		started: host.started,
		route: engine.route(hostId).map(relay => relay.id),
		groups: inventory.groups.filter(g => g.members.includes(hostId)).map(g => g.id),
		certificate: cert && {
			...cert,
			validity: now > cert.notAfter ? 'expired' : now < cert.notBefore ? 'not-yet-valid' : 'valid',
		},
		device: device && inspectDevice(device, office, host.id, now),
		dialogs: runs
			.filter(({run}) => run.status.state === 'waiting-at-client' && run.status.reason === 'awaiting-user')
			.map(({job}) => ({jobId: job.id, jobName: job.name, onScreen: host.started})),
		installed: host.installed.map(p => ({packageId: p.packageId, version: p.version, installedAt: p.installedAt})),
		jobs: runs.map(({job, run}) => ({
			jobId: job.id,
			jobName: job.name,
			state: run.status.state,
			code: isFinal(run.status) ? run.status.code : null,
		})),
	};
}

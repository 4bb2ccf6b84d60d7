/**
 * Migrations of rim.json from older schema versions, run on the raw JSON before validation (the store keeps a copy of
 * the old file as rim.json.vN.bak). Here rather than in src/data/ because a migration may need the engine's knowledge
 * (reading a certificate), which the store never reaches.
 */
import {certificateRecord} from './engine/certificates.js';

type Raw = Record<string, any>;

/** Version 1 kept each simulated PC's truth inside the server's host record; version 2 moves it to the fleet's section. */
function splitSimulatedPcs(raw: Raw): Raw {
	// A file that only claims version 1 is left as it is, so that validation names what does not match the schema.
	const hosts: unknown = raw?.inventory?.hosts;
	if (!Array.isArray(hosts) || !hosts.every(h => h !== null && typeof h === 'object')) return raw;
	const pcs = hosts.map(h => ({
		id: h.id,
		started: h.started,
		linkBytesPerSecond: h.linkBytesPerSecond,
		freeDiskBytes: h.freeDiskBytes,
		installed: h.installed,
		relayStore: h.relayStore,
		user: h.user,
		device: h.device,
	}));
	const records = hosts.map(h => ({
		id: h.id,
		name: h.name,
		kind: h.kind,
		parent: h.parent,
		os: h.os,
		started: h.started,
		installed: h.installed,
		certificate: typeof h.device?.deviceCertPem === 'string' ? certificateRecord(h.device.deviceCertPem) : null,
	}));
	return {...raw, inventory: {...raw.inventory, hosts: records}, fleet: {kind: 'simulated', pcs}};
}

/**
 * Version 2 erased a destination's attempt when it was re-executed; version 3 keeps them (`earlier`: none are known for
 * older runs). A destination scheduled for later now carries its start time, which version 2 kept only in the job's
 * server start date.
 */
function keepAttempts(raw: Raw): Raw {
	for (const job of (raw.jobs ?? []) as Raw[]) {
		for (const run of (job.runs ?? []) as Raw[]) {
			run.earlier ??= [];
			const status = run.status as Raw | undefined;
			if (status?.state === 'waiting' && status.reason === 'scheduled' && status.startAt === undefined) {
				status.startAt = job.settings?.startAt ?? run.lastHeard;
			}
		}
	}
	return raw;
}

/** Version 4 gives packages an install script (none for every package made before). */
function noInstallScripts(raw: Raw): Raw {
	const packages: Raw[] = raw.inventory?.packages ?? [];
	return {...raw, inventory: {...raw.inventory, packages: packages.map(p => ({installScript: null, ...p}))}};
}

/**
 * Version 5 keeps saved definitions apart from executions (the Job Definition window): a saved job that was never
 * executed becomes a definition at the top, keeping its name and content; executed jobs stay executions, named by no
 * definition. Anything unrecognised is left for validation to name.
 */
function definitionsApart(raw: Raw): Raw {
	const jobs: unknown[] = Array.isArray(raw.jobs) ? raw.jobs : [];
	const isObject = (x: unknown): x is Raw => typeof x === 'object' && x !== null && !Array.isArray(x);
	const saved = jobs.filter((job): job is Raw => isObject(job) && job.executedAt === null);
	const definitions = saved.map((job, i) => ({
		id: `D${String(i + 1).padStart(4, '0')}`,
		name: job.name,
		type: job.type,
		destinations: job.destinations,
		packages: job.packages,
		settings: job.settings,
		folder: null,
		createdAt: job.createdAt,
		modifiedAt: job.createdAt,
	}));
	const executions = jobs
		.filter(job => !saved.includes(job as Raw))
		.map(job => (isObject(job) ? {...job, definition: null} : job));
	return {
		...raw,
		jobs: Array.isArray(raw.jobs) ? executions : raw.jobs,
		definitions,
		folders: [],
		nextDefinitionNumber: definitions.length + 1,
		nextFolderNumber: 1,
	};
}

/**
 * Version 6 changes nothing in rim.json: its journal may hold field-level records (a run's steps, one field of a
 * simulated PC) that an older rim cannot replay, and the new number makes an older rim refuse the directory rather
 * than fail on a journal left by a crash. A version 5 journal (whole records) replays as it is.
 */
const journalByField = (raw: Raw): Raw => raw;

/** Version 7 keeps a real relay's last report of itself on its host record: no host has reported yet. */
function noRelayReports(raw: Raw): Raw {
	const hosts: unknown = raw?.inventory?.hosts;
	if (!Array.isArray(hosts)) return raw;
	const isObject = (x: unknown): x is Raw => typeof x === 'object' && x !== null && !Array.isArray(x);
	return {...raw, inventory: {...raw.inventory, hosts: hosts.map(h => (isObject(h) ? {...h, relay: null} : h))}};
}

/**
 * Version 8 changes nothing in rim.json either: its journal records what changed together as one record (the runs of
 * a job, one field of many hosts or simulated PCs), which an older rim cannot replay. A version 7 journal (a record
 * each) replays as it is.
 */
const runsTogether = (raw: Raw): Raw => raw;

/** Keyed by the version migrated FROM. */
export const MIGRATIONS: Record<number, (raw: any) => any> = {
	1: splitSimulatedPcs,
	2: keepAttempts,
	3: noInstallScripts,
	4: definitionsApart,
	5: journalByField,
	6: noRelayReports,
	7: runsTogether,
};

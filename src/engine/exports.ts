/**
 * What an export holds, for the CLI (`--json`, `--csv` on `rim jobs`, `rim job status`, `rim destinations`) and the
 * TUI's export key alike: the JSON shapes, and the same data as a table (a header and one row per job, destination,
 * host or group). Pure; turning a table into CSV text (quoting, formula neutralisation) is the output layer's.
 */
import {isSecurityOnlyGroup} from './inventory.js';
import type {AttemptRecord, FleetKind, Inventory, Job} from './model.js';
import {clientDateOf} from './rules/page-locks.js';
import {destinationStatus, summarize} from './snapshot.js';

export type TableCell = string | number | boolean | null;

export interface ExportTable {
	header: readonly string[];
	rows: readonly (readonly TableCell[])[];
}

export function jobJson(job: Job) {
	const s = summarize(job);
	return {
		id: job.id,
		name: job.name,
		type: job.type,
		definition: job.definition?.name ?? null,
		progress: s.progress,
		result: s.result,
		counts: {finished: s.finished, error: s.error, rejected: s.rejected, total: s.total},
		destinations: job.destinations,
		packages: job.packages.map(p => p.id),
		settings: job.settings,
		createdAt: new Date(job.createdAt).toISOString(),
		executedAt: new Date(job.executedAt).toISOString(),
	};
}

export function statusJson(job: Job, inventory: Inventory) {
	const {destinations: _refs, packages: _pkgs, settings: _settings, ...head} = jobJson(job);
	const client = clientDateOf(job, inventory);
	const clientDate = client && {
		at: new Date(client.at).toISOString(),
		ignored: client.note !== null,
		note: client.note,
	};
	return {
		...head,
		clientDate,
		destinations: job.runs.map(run => {
			const d = destinationStatus(run);
			return {
				host: d.host,
				state: d.state,
				detail: d.detail,
				progress: d.progress,
				code: d.code,
				title: d.title,
				cause: d.cause,
				action: d.action,
				check: d.check,
				attempt: d.attempt,
				lastHeard: new Date(d.lastHeard).toISOString(),
				earlier: run.earlier.map(attemptJson),
			};
		}),
	};
}

/** An earlier attempt at a destination, as it ended, with its history. */
function attemptJson(record: AttemptRecord) {
	const d = destinationStatus({...record, host: '', collected: null, earlier: []});
	return {
		attempt: record.attempt,
		state: d.state,
		detail: d.detail,
		code: d.code,
		title: d.title,
		lastHeard: new Date(record.lastHeard).toISOString(),
		history: record.history.map(h => ({at: new Date(h.at).toISOString(), state: h.state, text: h.text})),
	};
}

export function destinationsJson(inventory: Inventory, fleet: FleetKind | null) {
	const hosts = inventory.hosts.map(h => ({
		id: h.id,
		name: h.name,
		kind: h.kind,
		started: h.started,
		parent: h.parent,
		// A relay's last report of itself (null: a simulated relay, or a real one not heard yet).
		...(h.kind === 'relay'
			? {relay: h.relay && {...h.relay, reportedAt: new Date(h.relay.reportedAt).toISOString()}}
			: {}),
	}));
	const groups = inventory.groups.map(g => ({
		id: g.id,
		name: g.name,
		members: g.members,
		securityOnly: isSecurityOnlyGroup(g, inventory),
	}));
	return {fleet, hosts, groups};
}

/** `rim jobs --csv`: one row per job. */
export function jobsTable(jobs: readonly Job[]): ExportTable {
	return {
		header: [
			'id',
			'name',
			'type',
			'definition',
			'progress',
			'result',
			'finished',
			'error',
			'rejected',
			'total',
			'createdAt',
			'executedAt',
		],
		rows: jobs
			.map(jobJson)
			.map(j => [
				j.id,
				j.name,
				j.type,
				j.definition,
				j.progress,
				j.result,
				j.counts.finished,
				j.counts.error,
				j.counts.rejected,
				j.counts.total,
				j.createdAt,
				j.executedAt,
			]),
	};
}

/** `rim job status ID --csv`: one row per destination of the job. */
export function jobStatusTable(job: Job, inventory: Inventory): ExportTable {
	const {destinations} = statusJson(job, inventory);
	return {
		header: ['job', 'host', 'state', 'progress', 'code', 'title', 'cause', 'action', 'attempt', 'lastHeard', 'detail'],
		rows: destinations.map(d => [
			job.id,
			d.host,
			d.state,
			d.progress,
			d.code,
			d.title,
			d.cause,
			d.action,
			d.attempt,
			d.lastHeard,
			d.detail,
		]),
	};
}

/** `rim destinations --csv`: hosts and groups in one table; `record` says which, a group's members are separated by spaces. */
export function destinationsTable(inventory: Inventory): ExportTable {
	const {hosts, groups} = destinationsJson(inventory, null);
	return {
		header: ['record', 'id', 'name', 'kind', 'started', 'parent', 'members', 'securityOnly'],
		rows: [
			...hosts.map(h => ['host', h.id, h.name, h.kind, h.started, h.parent, null, null]),
			...groups.map(g => ['group', g.id, g.name, null, null, null, g.members.join(' '), g.securityOnly]),
		],
	};
}

/**
 * `w` / `W`: the focused view — the jobs list, a job's destinations (its status), the Destinations pane — written to
 * a CSV or JSON file with the data and the format of `rim jobs`, `rim job status ID`, `rim destinations` (`--csv`,
 * `--json`). Screens never touch the disk: the file goes through the export port the composition root provides, and
 * the message line says where it went while the hint line shows the command that writes the same file.
 */
import {
	destinationsJson,
	destinationsTable,
	jobJson,
	jobStatusTable,
	jobsTable,
	statusJson,
	type ExportTable,
} from '../engine/exports.js';
import type {FleetKind} from '../engine/model.js';
import type {EngineSnapshot} from '../engine/snapshot.js';
import {shellLine, shellWord} from '../engine/command-line.js';
import {plural} from '../engine/plural.js';
import {csvLines} from '../output/csv.js';
import {safeJson} from '../output/json.js';
import type {ExportFormat, ExportPort} from './export-port.js';
import type {Flash} from './screen.js';
import type {UiAction, UiEffect} from './ui-state.js';

export type ExportedView = {kind: 'jobs'} | {kind: 'job-status'; jobId: string} | {kind: 'destinations'};

export interface ExportFile {
	name: string;
	content: string;
	/** The `rim …` arguments that print the same data. */
	argv: string[];
	/** `8 destinations of J0001`: what the file holds, for the message. */
	what: string;
}

const stamp = (at: number) => new Date(at).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

function table(format: ExportFormat, data: ExportTable, json: unknown): string {
	return format === 'csv' ? `${csvLines(data.header, data.rows).join('\n')}\n` : `${safeJson(json)}\n`;
}

/** The file for a view, from the snapshot; null when the view's job is gone. */
export function exportFile(
	view: ExportedView,
	format: ExportFormat,
	snapshot: EngineSnapshot,
	fleet: FleetKind | null,
	at: number,
): ExportFile | null {
	const flag = `--${format}`;
	switch (view.kind) {
		case 'jobs':
			return {
				name: `rim-jobs-${stamp(at)}.${format}`,
				content: table(format, jobsTable(snapshot.jobs), snapshot.jobs.map(jobJson)),
				argv: ['jobs', flag],
				what: plural(snapshot.jobs.length, 'job'),
			};
		case 'job-status': {
			const job = snapshot.jobs.find(j => j.id === view.jobId);
			if (!job) return null;
			return {
				name: `rim-${job.id}-status-${stamp(at)}.${format}`,
				content: table(format, jobStatusTable(job, snapshot.inventory), statusJson(job, snapshot.inventory)),
				argv: ['job', 'status', job.id, flag],
				what: `${plural(job.runs.length, 'destination')} of ${job.id}`,
			};
		}
		case 'destinations': {
			const {hosts, groups} = snapshot.inventory;
			return {
				name: `rim-destinations-${stamp(at)}.${format}`,
				content: table(format, destinationsTable(snapshot.inventory), destinationsJson(snapshot.inventory, fleet)),
				argv: ['destinations', flag],
				what: `${plural(hosts.length, 'host')} and ${plural(groups.length, 'group')}`,
			};
		}
	}
}

const failed = (text: string): UiAction => ({type: 'flash', flash: {kind: 'error', text}});

/** Writes the view's file through the port: the message says where, the hint line (and L) the equivalent command. */
export function exportEffect(view: ExportedView, format: ExportFormat, port: ExportPort | undefined): UiEffect {
	return async (api, dispatch) => {
		if (!port) return failed('this rim cannot write export files');
		const file = exportFile(view, format, api.getSnapshot(), api.fleetKind(), api.now());
		if (!file) return failed('the job is gone: nothing to write');
		const written = await port.write(file.name, file.content);
		if (!written.ok) return failed(written.error.message);
		dispatch?.({type: 'did', at: api.now(), line: `${shellLine(file.argv)} > ${shellWord(written.value)}`});
		const flash: Flash = {kind: 'info', text: `Wrote ${file.what} to ${written.value}`};
		return {type: 'flash', flash};
	};
}

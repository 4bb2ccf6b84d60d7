/**
 * Screen-reader mode's "where am I" line: the focused pane or dialog and its focused item, in words rather than in
 * symbols, inverse video and position on screen (which a screen reader does not convey). Pure.
 */
import {relayCacheText, relayStateText, type DestinationRow} from './destination-rows.js';
import type {PackageRow} from './package-rows.js';
import {paneRows, settledList} from './ui-panes.js';
import type {UiContext, UiState} from './ui-state.js';
import {activeScopes} from './router.js';
import {selectedIndex as jobSelectedIndex, viewList, type ViewList} from './job-status/lists.js';
import {definitionTree} from './definitions/tree-rows.js';
import {selectedIndex as definitionSelectedIndex} from './definitions/state.js';
import {JOB_TYPES} from '../engine/rules/job-types.js';
import {WIZARD_PAGES} from '../engine/rules/page-locks.js';
import {plural} from '../engine/plural.js';
import type {HostKind} from '../engine/model.js';
import {sanitize} from '../output/sanitize.js';

const HOST_KINDS: Record<HostKind, string> = {relay: 'relay', 'security-pc': 'security PC', 'standard-pc': 'PC'};

function packageWords(row: PackageRow): string {
	if (row.kind === 'cabinet') return `cabinet ${row.cabinet.id} ${row.cabinet.name}, ${plural(row.count, 'package')}`;
	const {pkg} = row;
	return `package ${pkg.id} ${pkg.name}, ${pkg.kind === 'update-data' ? 'update data' : 'standard'}, version ${pkg.version}`;
}

function destinationWords(row: DestinationRow): string {
	switch (row.kind) {
		case 'section':
			return `section ${row.title}`;
		case 'host': {
			const {host} = row;
			const kind = HOST_KINDS[host.kind];
			const power = host.kind === 'relay' ? '' : host.started ? ', started' : ', not started';
			const status =
				host.kind === 'relay' && host.relay
					? `; ${relayStateText(host, host.relay)}; ${relayCacheText(host.relay)}`
					: '';
			return `${kind} ${host.id} ${host.name}${power}${host.parent ? `, below ${host.parent}` : ''}${status}`;
		}
		case 'relay-status':
			return `relay ${row.host.id}: ${row.line === 'state' ? relayStateText(row.host, row.status) : relayCacheText(row.status)}`;
		case 'group': {
			const only = row.securityOnly
				? ', security PCs only'
				: row.securityPcs
					? `, ${row.securityPcs} security PCs`
					: '';
			return `group ${row.group.id} ${row.group.name}, ${plural(row.group.members.length, 'host')}${only}`;
		}
		case 'pending': {
			const {agent} = row;
			const via = agent.parent ? `, asking through ${sanitize(agent.parent)}` : '';
			return `agent ${sanitize(agent.id)} waiting for acceptance, ${agent.role} on ${sanitize(agent.os)}${via}; A accepts it`;
		}
	}
}

const itemOf = (index: number, total: number) => `item ${index + 1} of ${total}`;

function listPane(ui: UiState, ctx: UiContext, pane: 'packages' | 'destinations'): string {
	const title = pane === 'packages' ? 'Packages pane' : 'Destinations pane';
	const rows = paneRows(ui, ctx, pane);
	const filter = ui[pane].filter ? `, filtered by "${ui[pane].filter!.value}"` : '';
	const typing = ui[pane].filtering ? ', typing the filter' : '';
	if (rows.length === 0) return `${title}${filter}${typing}: empty.`;
	const {cursor} = settledList(ui, ctx, pane);
	const row = rows[cursor];
	if (!row) return `${title}${filter}${typing}.`;
	const words = pane === 'packages' ? packageWords(row as PackageRow) : destinationWords(row as DestinationRow);
	const picked = ui.picked ? `; picked ${ui.picked}` : '';
	return `${title}${filter}${typing}, ${itemOf(cursor, rows.length)}: ${words}${picked}.`;
}

function jobsWords(list: ViewList, index: number): string {
	switch (list.kind) {
		case 'jobs': {
			const job = list.items[index]!;
			const {progress, result, finished, error, rejected, total} = job.summary;
			return `job ${job.id} ${job.name}, ${JOB_TYPES[job.type].label}, ${result} ${progress}%, finished ${finished}, error ${error}, rejected ${rejected} of ${total}`;
		}
		case 'destinations': {
			const run = list.items[index]!;
			const code = 'code' in run.status ? ` ${run.status.code}` : '';
			return `destination ${run.host}, ${run.status.state}${code}`;
		}
		case 'failures': {
			const group = list.items[index]!;
			return `code ${group.code} ${group.title}, ${plural(group.hosts.length, 'destination')}`;
		}
		case 'missing':
			return '';
	}
}

function jobStatusPane(ui: UiState, ctx: UiContext): string {
	const list = viewList(ui.jobStatus.view, ctx.snapshot);
	const where =
		list.kind === 'jobs'
			? 'Job Execution Status pane'
			: list.kind === 'missing'
				? `Job ${list.jobId}, deleted`
				: `Job Execution Status, ${list.kind} of job ${list.job.id}`;
	const index = jobSelectedIndex(ui.jobStatus, list);
	if (list.kind === 'missing' || index < 0) return `${where}: empty.`;
	return `${where}, ${itemOf(index, list.items.length)}: ${jobsWords(list, index)}.`;
}

function definitionsPane(ui: UiState, ctx: UiContext): string {
	const rows = definitionTree(ctx.snapshot);
	const index = definitionSelectedIndex(
		rows.map(r => r.key),
		ui.definitions,
	);
	const row = rows[index];
	if (!row) return 'Job Definition pane: empty.';
	const words =
		row.kind === 'folder'
			? `folder ${row.path}`
			: `definition ${row.def.name}, ${plural(row.executions.length, 'execution')}`;
	return `Job Definition pane, ${itemOf(index, rows.length)}: ${words}.`;
}

/** `Destinations pane, item 12 of 48: security PC SEC-05 Security PC 5, started, below RLY-OSAKA.` */
export function focusSentence(ui: UiState, ctx: UiContext): string {
	const scope = activeScopes(ui)[0];
	if (ui.modal?.kind === 'wizard') {
		const {page} = ui.modal.wizard;
		return `Dialog: ${scope?.title ?? 'Create Job'}, page ${page + 1} of ${WIZARD_PAGES.length}: ${WIZARD_PAGES[page]?.title ?? ''}.`;
	}
	if (ui.modal || ui.jobStatus.modal) return `Dialog: ${scope?.title ?? 'dialog'}.`;
	switch (ui.focus) {
		case 'packages':
		case 'destinations':
			return listPane(ui, ctx, ui.focus);
		case 'jobs':
			return ui.jobsView === 'definitions' ? definitionsPane(ui, ctx) : jobStatusPane(ui, ctx);
	}
}

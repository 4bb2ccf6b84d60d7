/** The panes' part of the UI reducer: focus, lists, `/` filters, pick and drop, training-lab keys, the jobs pane. Pure. */
import {destinationRef, destinationRows, isDestinationRow, type DestinationRow} from './destination-rows.js';
import {focusJob, updateJobStatus} from './job-status/index.js';
import {updateDefinitionsPane} from './definitions/index.js';
import {clampCursor, moveCursor} from './list-nav.js';
import {isPackageRow, packageRows, type PackageRow} from './package-rows.js';
import type {Flash, Navigate} from './screen.js';
import {applyTextOp, textEdit} from './text-edit.js';
import {PANES, type PaneList, type UiAction, type UiContext, type UiState, type UiUpdate} from './ui-state.js';
import {defineJobOn, hostDetailModal, labOn, type LabWhat} from './ui-host-actions.js';
import {exportEffect, type ExportedView} from './export-view.js';

const error = (text: string): Flash => ({kind: 'error', text});
const info = (text: string): Flash => ({kind: 'info', text});

type ListPane = 'packages' | 'destinations';

export function paneRows(state: UiState, ctx: UiContext, pane: 'packages'): PackageRow[];
export function paneRows(state: UiState, ctx: UiContext, pane: 'destinations'): DestinationRow[];
export function paneRows(state: UiState, ctx: UiContext, pane: ListPane): (PackageRow | DestinationRow)[];
export function paneRows(state: UiState, ctx: UiContext, pane: ListPane): (PackageRow | DestinationRow)[] {
	const filter = state[pane].filter?.value ?? '';
	return pane === 'packages'
		? packageRows(ctx.snapshot.inventory, filter)
		: destinationRows(ctx.snapshot.inventory, filter, ctx.pending ?? null);
}

const selectableIn = (rows: readonly (PackageRow | DestinationRow)[]) => (i: number) =>
	rows[i]?.kind === 'package' || rows[i]?.kind === 'host' || rows[i]?.kind === 'group' || rows[i]?.kind === 'pending';

/** The pane's cursor, kept on a selectable row of the current rows. */
export function settledList(state: UiState, ctx: UiContext, pane: ListPane): PaneList {
	const rows = paneRows(state, ctx, pane);
	return {...state[pane], ...clampCursor(state[pane], rows.length, ctx.heights[pane], selectableIn(rows))};
}

export function currentPackageRow(state: UiState, ctx: UiContext) {
	const row = paneRows(state, ctx, 'packages')[settledList(state, ctx, 'packages').cursor];
	return isPackageRow(row) ? row : null;
}

export function currentDestinationRow(state: UiState, ctx: UiContext) {
	const row = paneRows(state, ctx, 'destinations')[settledList(state, ctx, 'destinations').cursor];
	return isDestinationRow(row) ? row : null;
}

/** The highlighted pending agent in Destinations, if a pending row is highlighted. */
export function currentPendingAgent(state: UiState, ctx: UiContext) {
	const row = paneRows(state, ctx, 'destinations')[settledList(state, ctx, 'destinations').cursor];
	return row?.kind === 'pending' ? row.agent : null;
}

function withList(state: UiState, pane: ListPane, list: Partial<PaneList>): UiState {
	return {...state, [pane]: {...state[pane], ...list}};
}

function listPane(state: UiState): ListPane | null {
	return state.focus === 'packages' || state.focus === 'destinations' ? state.focus : null;
}

export function reducePanes(state: UiState, action: UiAction, ctx: UiContext): UiUpdate {
	const pane = listPane(state);
	switch (action.type) {
		case 'focus':
			return {state: {...state, focus: action.pane}};
		case 'jobs-view':
			return {state: {...state, focus: 'jobs', jobsView: action.view}};
		case 'definitions':
			return updateDefinitionsPane(state, action.action, ctx);
		case 'focus-step': {
			const next = PANES[(PANES.indexOf(state.focus) + action.by + PANES.length) % PANES.length]!;
			return {state: {...state, focus: next}};
		}
		case 'list': {
			if (!pane) return {state};
			const rows = paneRows(state, ctx, pane);
			return {
				state: withList(
					state,
					pane,
					moveCursor(settledList(state, ctx, pane), action.move, rows.length, ctx.heights[pane], selectableIn(rows)),
				),
			};
		}
		case 'filter-start':
			return pane
				? {state: withList(state, pane, {filter: state[pane].filter ?? textEdit(''), filtering: true})}
				: {state};
		case 'text': {
			if (!pane || !state[pane].filtering) return {state};
			const next = withList(state, pane, {
				filter: applyTextOp(state[pane].filter ?? textEdit(''), action.op),
				cursor: 0,
				start: 0,
			});
			return {state: withList(next, pane, settledList(next, ctx, pane))};
		}
		case 'text-commit':
			return pane
				? {
						state: withList(state, pane, {
							filtering: false,
							filter: state[pane].filter?.value ? state[pane].filter : null,
						}),
					}
				: {state};
		case 'text-cancel':
			return pane ? {state: withList(state, pane, {filtering: false, filter: null, cursor: 0, start: 0})} : {state};
		case 'pane-esc': {
			if (pane && state[pane].filter)
				return {state: withList(state, pane, {filter: null, filtering: false, cursor: 0, start: 0})};
			if (state.picked) return {state: {...state, picked: null, flash: info('Pick cleared')}};
			return {state};
		}
		case 'pick': {
			const row = currentPackageRow(state, ctx);
			if (!row) return {state: {...state, flash: error('Highlight a package to pick it (cabinets cannot be picked)')}};
			if (state.picked === row.pkg.id) return {state: {...state, picked: null, flash: info(`Unpicked ${row.pkg.id}`)}};
			return {
				state: {
					...state,
					picked: row.pkg.id,
					flash: info(`Picked ${row.pkg.id}: move to Destinations (2) and press enter on a host or group to drop it`),
				},
			};
		}
		case 'drop':
			return drop(state, ctx);
		case 'host-detail':
			return hostView(state, ctx);
		case 'lab':
			return lab(state, action.what, ctx);
		case 'export':
			return {state, effect: exportEffect({kind: 'destinations'}, action.format, ctx.exports)};
		case 'jobs': {
			if (action.action.type === 'export') {
				const view = state.jobStatus.view;
				const exported: ExportedView = view.kind === 'jobs' ? {kind: 'jobs'} : {kind: 'job-status', jobId: view.jobId};
				return {state, effect: exportEffect(exported, action.action.format, ctx.exports)};
			}
			const update = updateJobStatus(
				state.jobStatus,
				action.action,
				ctx.snapshot,
				ctx.now,
				ctx.room && {...ctx.room, now: ctx.now},
			);
			let next: UiState = {...state, jobStatus: update.state, flash: update.flash ?? state.flash};
			if (update.navigate) next = navigate(next, update.navigate, ctx);
			const effect = update.effect;
			return {
				state: next,
				effect:
					effect &&
					(async api => {
						const flash = await effect(api);
						return flash ? {type: 'flash', flash} : null;
					}),
			};
		}
		default:
			return {state};
	}
}

/** Enter on a destination: Define New Job for the picked package; without a pick, a host's view (a group: Get software information). */
function drop(state: UiState, ctx: UiContext): UiUpdate {
	const row = currentDestinationRow(state, ctx);
	if (!row) return {state: {...state, flash: error('Highlight a host or a group to define a job for it')}};
	if (!state.picked && row.kind === 'host') return {state: {...state, modal: hostDetailModal(row.host.id)}};
	return defineJobOn(state, destinationRef(row), ctx);
}

function hostView(state: UiState, ctx: UiContext): UiUpdate {
	const row = currentDestinationRow(state, ctx);
	if (row?.kind !== 'host')
		return {state: {...state, flash: error('i shows a host: highlight a PC or a relay in the relay tree')}};
	return {state: {...state, modal: hostDetailModal(row.host.id)}};
}

function lab(state: UiState, what: LabWhat, ctx: UiContext): UiUpdate {
	const row = currentDestinationRow(state, ctx);
	if (row?.kind !== 'host')
		return {state: {...state, flash: error('Training actions act on one host: highlight a PC in the relay tree')}};
	return labOn(state, row.host, what, false);
}

/** Moves focus to what a screen asked for (a package, a host, a job) and highlights it. */
export function navigate(state: UiState, to: Navigate, ctx: UiContext): UiState {
	if (to.pane === 'jobs')
		return {...state, focus: 'jobs', jobsView: 'status', jobStatus: focusJob(state.jobStatus, to.jobId)};
	const pane = to.pane;
	const cleared = withList(state, pane, {filter: null, filtering: false});
	const rows = paneRows(cleared, ctx, pane);
	const index = rows.findIndex(
		row =>
			(row.kind === 'package' && row.pkg.id === (to as {packageId?: string}).packageId) ||
			(row.kind === 'host' && row.host.id === (to as {hostId?: string}).hostId),
	);
	if (index < 0) return {...state, flash: error('It is no longer in the inventory')};
	return withList(
		{...cleared, focus: pane},
		pane,
		clampCursor({cursor: index, start: index}, rows.length, ctx.heights[pane]),
	);
}

/**
 * The pane's controller (docs/ARCHITECTURE.md P8): pure, (state, action, snapshot, now) → new state plus an optional engine
 * call, navigation or flash. Engine calls are returned as Effects for the router to run, never run here.
 */
import {checkJobAction} from '../../engine/rules/job-actions.js';
import type {EngineSnapshot, JobView} from '../../engine/snapshot.js';
import type {Flash, ScreenUpdate} from '../screen.js';
import {applyRemedy, stepDetailAttempt} from '../detail/detail-update.js';
import {detailGeometry, detailScroll, detailView, type DescribeCertificate} from '../detail/detail-lines.js';
import {detailSubject} from '../detail/remedies.js';
import type {JobStatusAction} from './actions.js';
import type {ListMove} from '../list-nav.js';
import type {AuthDevice} from '../../engine/pki/index.js';
import {deleteJob, rerunHosts} from '../effects.js';
import {cursorNameOf, errorHosts, listIds, selectedIndex, viewList, type ViewList} from './lists.js';
import {cursorAt, type JobStatusState, type StatusModal} from './state.js';
import {sanitize} from '../../output/sanitize.js';

const info = (text: string): Flash => ({kind: 'info', text});
const error = (text: string): Flash => ({kind: 'error', text});
const top = {index: 0, id: null};

/** The room the screen gives a modal, and the certificate reader the Detailed Information lines use (to scroll them). */
export interface ModalRoom {
	width: number;
	height: number;
	now: number;
	describe?: DescribeCertificate;
	labDevice?: (hostId: string) => AuthDevice | null;
}

export function updateJobStatus(
	state: JobStatusState,
	action: JobStatusAction,
	snapshot: EngineSnapshot,
	now: number,
	room: ModalRoom = {width: 100, height: 20, now},
): ScreenUpdate<JobStatusState> {
	if (state.modal) return updateModal(state, state.modal, action, snapshot, room);
	const list = viewList(state.view, snapshot);
	switch (action.type) {
		case 'move':
			return {
				state: moveTo(state, list, target(action.move, Math.max(0, selectedIndex(state, list)), listIds(list).length)),
			};
		case 'open':
			return open(state, list);
		case 'back':
			return {state: back(state)};
		case 'rerun':
			return rerun(state, list);
		case 'delete':
			return askDelete(state, list);
		case 'failures':
			return failures(state, list);
		case 'show-host':
			return showHost(state, list);
		case 'confirm':
		case 'export':
		case 'remedy':
		case 'attempt':
			return {state};
	}
}

/** Rows a PgUp/PgDn moves. The pane's height is not part of the state, so a page is a fixed step. */
export const PAGE_ROWS = 10;

function target(move: ListMove, index: number, total: number): number {
	return {
		up: index - 1,
		down: index + 1,
		'page-up': index - PAGE_ROWS,
		'page-down': index + PAGE_ROWS,
		home: 0,
		end: total - 1,
	}[move];
}

function moveTo(state: JobStatusState, list: ViewList, index: number): JobStatusState {
	return {...state, [cursorNameOf(state.view)]: cursorAt(listIds(list), index)};
}

/** The job the current view is about: the selected one in the jobs list, the open one elsewhere. */
function currentJob(state: JobStatusState, list: ViewList): JobView | undefined {
	if (list.kind === 'jobs') return list.items[selectedIndex(state, list)];
	return list.kind === 'missing' ? undefined : list.job;
}

const noJob = (state: JobStatusState, list: ViewList): ScreenUpdate<JobStatusState> => ({
	state,
	flash: error(
		list.kind === 'missing'
			? `Job ${list.jobId} no longer exists`
			: 'There is no job yet: define one from Packages and Destinations',
	),
});

function open(state: JobStatusState, list: ViewList): ScreenUpdate<JobStatusState> {
	const index = selectedIndex(state, list);
	switch (list.kind) {
		case 'jobs': {
			const job = list.items[index];
			if (!job) return noJob(state, list);
			return {state: {...state, view: {kind: 'destinations', jobId: job.id, filter: null}, destinations: top}};
		}
		case 'destinations': {
			const run = list.items[index];
			if (!run) return {state, flash: info(`${list.job.id} has no destination to show`)};
			return {state: {...state, modal: {kind: 'detail', jobId: list.job.id, hostId: run.host, scroll: 0}}};
		}
		case 'failures': {
			const group = list.items[index];
			if (!group || state.view.kind !== 'failures')
				return {state, flash: info(`${list.job.id} has no failed destination`)};
			const filter = {code: group.code, failuresFrom: state.view.from};
			return {state: {...state, view: {kind: 'destinations', jobId: list.job.id, filter}, destinations: top}};
		}
		case 'missing':
			return noJob(state, list);
	}
}

function back(state: JobStatusState): JobStatusState {
	const view = state.view;
	switch (view.kind) {
		case 'jobs':
			return state;
		case 'destinations':
			if (view.filter) return {...state, view: {kind: 'failures', jobId: view.jobId, from: view.filter.failuresFrom}};
			return {...state, view: {kind: 'jobs'}, jobs: {index: state.jobs.index, id: view.jobId}};
		case 'failures':
			if (view.from === 'destinations')
				return {...state, view: {kind: 'destinations', jobId: view.jobId, filter: null}};
			return {...state, view: {kind: 'jobs'}, jobs: {index: state.jobs.index, id: view.jobId}};
	}
}

function rerun(state: JobStatusState, list: ViewList): ScreenUpdate<JobStatusState> {
	const job = currentJob(state, list);
	if (!job) return noJob(state, list);
	const code =
		list.kind === 'failures'
			? (list.items[selectedIndex(state, list)]?.code ?? null)
			: list.kind === 'destinations'
				? list.code
				: null;
	const hosts = errorHosts(job, code);
	if (!hosts.length)
		return {state, flash: info(`${job.id} has no destination that ended in error${code ? ` with ${code}` : ''}`)};
	return {state: {...state, modal: {kind: 'confirm-rerun', jobId: job.id, hosts}}};
}

function askDelete(state: JobStatusState, list: ViewList): ScreenUpdate<JobStatusState> {
	const job = currentJob(state, list);
	if (!job) return noJob(state, list);
	// The engine's rule, read here first so the question is not asked when the answer is no.
	const refused = checkJobAction('delete', job);
	if (refused.length) return {state, flash: error(refused.map(v => v.message).join('; '))};
	return {state: {...state, modal: {kind: 'confirm-delete', jobId: job.id, jobName: sanitize(job.name)}}};
}

function failures(state: JobStatusState, list: ViewList): ScreenUpdate<JobStatusState> {
	const job = currentJob(state, list);
	if (!job) return noJob(state, list);
	const from = state.view.kind === 'jobs' ? 'jobs' : 'destinations';
	return {state: {...state, view: {kind: 'failures', jobId: job.id, from}, failures: top}};
}

function showHost(state: JobStatusState, list: ViewList): ScreenUpdate<JobStatusState> {
	const run = list.kind === 'destinations' ? list.items[selectedIndex(state, list)] : undefined;
	if (!run) return {state, flash: info('No destination is selected')};
	return {state, navigate: {pane: 'destinations', hostId: run.host}};
}

function scrollDetail(
	modal: Extract<StatusModal, {kind: 'detail'}>,
	move: ListMove,
	snapshot: EngineSnapshot,
	room: ModalRoom,
): number {
	const subject = detailSubject(snapshot, modal.jobId, modal.hostId, modal.attempt);
	if (!subject) return 0;
	const {width, rows} = detailGeometry(room.width, room.height);
	const total = detailView(subject, snapshot, {
		width,
		now: room.now,
		describe: room.describe,
		device: room.labDevice?.(modal.hostId),
	}).lines.length;
	return detailScroll(modal.scroll, move, total, rows);
}

function updateModal(
	state: JobStatusState,
	modal: NonNullable<StatusModal>,
	action: JobStatusAction,
	snapshot: EngineSnapshot,
	room: ModalRoom,
): ScreenUpdate<JobStatusState> {
	const closed = {...state, modal: null};
	if (action.type === 'back') return {state: closed};
	switch (modal.kind) {
		case 'confirm-rerun':
			return action.type === 'confirm' ? {state: closed, effect: rerunHosts(modal.jobId, modal.hosts)} : {state};
		case 'confirm-delete': {
			if (action.type !== 'confirm') return {state};
			const view =
				state.view.kind !== 'jobs' && state.view.jobId === modal.jobId ? {kind: 'jobs' as const} : state.view;
			return {state: {...closed, view}, effect: deleteJob(modal.jobId)};
		}
		case 'detail': {
			if (action.type === 'attempt')
				return {state: {...state, modal: {...stepDetailAttempt(modal, action.step, snapshot), scroll: 0}}};
			if (action.type === 'move')
				return {state: {...state, modal: {...modal, scroll: scrollDetail(modal, action.move, snapshot, room)}}};
			if (action.type !== 'remedy') return {state};
			const {close, ...outcome} = applyRemedy(snapshot, modal.jobId, modal.hostId, action.remedy, modal.attempt);
			return {state: close ? closed : state, ...outcome};
		}
	}
}

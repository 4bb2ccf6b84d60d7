/**
 * The key tables of the Job Execution Status pane, one per view and modal (docs/ARCHITECTURE.md P7). The app's global keys
 * (tab, S-tab, 1, 2, 3, ?, q, C-c, /) are never bound in the pane scopes; inside a modal every key is ours.
 */
import type {KeyBinding, KeyScope, Keymap} from '../key-binding.js';
import {navBindings} from '../list-nav.js';
import {ATTEMPT_KEYS, CLOSE_DETAIL, REMEDY_KEYS, REMEDY_ORDER} from '../detail/keymap.js';
import type {JobStatusAction} from './actions.js';
import type {JobStatusState} from './state.js';

type Binding = KeyBinding<JobStatusAction>;

const NAVIGATION: readonly Binding[] = navBindings((move): JobStatusAction => ({type: 'move', move}));

const failures: Binding = {
	keys: ['f'],
	action: {type: 'failures'},
	label: 'Failures grouped by maintenance code',
	short: 'failures',
	inBar: true,
};
const rerun: Binding = {
	keys: ['r'],
	action: {type: 'rerun'},
	label: 'Re-execute the destinations that ended in error…',
	short: 're-execute',
	inBar: true,
	danger: true,
};

/** The view to a file, in the folder rim started in: what `rim jobs` / `rim job status ID` print with --csv, --json. */
const exportKeys = (what: string): Binding[] => [
	{
		keys: ['w'],
		action: {type: 'export', format: 'csv'},
		label: `Write ${what} to a CSV file (in the folder rim started in)`,
		short: 'csv',
		group: 'Export',
	},
	{keys: ['W'], action: {type: 'export', format: 'json'}, label: `Write ${what} to a JSON file`, group: 'Export'},
];

export const JOBS_KEYMAP: Keymap<JobStatusAction> = [
	{keys: ['enter'], action: {type: 'open'}, label: "Open the job's destinations", short: 'open', inBar: true},
	rerun,
	{keys: ['d'], action: {type: 'delete'}, label: 'Delete the job…', short: 'delete', inBar: true, danger: true},
	failures,
	...NAVIGATION,
	...exportKeys('the jobs list'),
];

export const DESTINATIONS_KEYMAP: Keymap<JobStatusAction> = [
	{
		keys: ['enter'],
		action: {type: 'open'},
		label: 'Detailed Information on the destination',
		short: 'detail',
		inBar: true,
	},
	failures,
	rerun,
	{keys: ['o'], action: {type: 'show-host'}, label: 'Open the host in Destinations', short: 'open host', inBar: true},
	{keys: ['esc'], action: {type: 'back'}, label: 'Back', short: 'back', inBar: true},
	...NAVIGATION,
	...exportKeys("the job's status (every destination)"),
];

export const FAILURES_KEYMAP: Keymap<JobStatusAction> = [
	{
		keys: ['enter'],
		action: {type: 'open'},
		label: 'List the destinations that ended with this code',
		short: 'hosts',
		inBar: true,
	},
	{...rerun, label: 'Re-execute the destinations of this code that ended in error…'},
	{keys: ['esc'], action: {type: 'back'}, label: 'Back', short: 'back', inBar: true},
	...NAVIGATION,
];

function confirmKeymap(verb: string): Keymap<JobStatusAction> {
	return [
		{keys: ['y', 'enter'], action: {type: 'confirm'}, label: verb, short: verb.toLowerCase(), inBar: true},
		{keys: ['n', 'esc'], action: {type: 'back'}, label: 'Cancel', short: 'cancel', inBar: true},
	];
}

export const CONFIRM_RERUN_KEYMAP = confirmKeymap('Re-execute');
export const CONFIRM_DELETE_KEYMAP = confirmKeymap('Delete');

/** The remedies are not inBar: the modal prints the ones that apply next to the code's action text. */
export const DETAIL_KEYMAP: Keymap<JobStatusAction> = [
	...REMEDY_ORDER.map(remedy => REMEDY_KEYS[remedy]),
	...ATTEMPT_KEYS,
	CLOSE_DETAIL,
	...navBindings((move): JobStatusAction => ({type: 'move', move}), {
		labels: {up: 'Scroll up', down: 'Scroll down', home: 'Top', end: 'Bottom'},
	}),
];

/** The keymap active now. */
export function jobStatusKeymap(state: JobStatusState): Keymap<JobStatusAction> {
	switch (state.modal?.kind) {
		case 'confirm-rerun':
			return CONFIRM_RERUN_KEYMAP;
		case 'confirm-delete':
			return CONFIRM_DELETE_KEYMAP;
		case 'detail':
			return DETAIL_KEYMAP;
		case undefined:
			break;
	}
	switch (state.view.kind) {
		case 'jobs':
			return JOBS_KEYMAP;
		case 'destinations':
			return DESTINATIONS_KEYMAP;
		case 'failures':
			return FAILURES_KEYMAP;
	}
}

export const JOB_STATUS_SCOPES: KeyScope[] = [
	{title: 'Job Execution Status: jobs', keymap: JOBS_KEYMAP},
	{title: "Job Execution Status: a job's destinations", keymap: DESTINATIONS_KEYMAP},
	{title: 'Job Execution Status: failures by code', keymap: FAILURES_KEYMAP},
	{title: 'Re-execute confirmation', keymap: CONFIRM_RERUN_KEYMAP},
	{title: 'Delete confirmation', keymap: CONFIRM_DELETE_KEYMAP},
	{title: 'Detailed Information', keymap: DETAIL_KEYMAP},
];

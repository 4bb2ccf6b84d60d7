/**
 * Keys of the Detailed Information modal. c/F/r/o/p are the code's remedies (codes.ts RemedyAction); the modal's own
 * hint line shows only those that apply now (detail/remedies.ts), and a key that does not apply flashes why.
 */
import type {RemedyAction} from '../../engine/codes.js';
import type {KeyBinding} from '../key-binding.js';

export type DetailAction = {type: 'remedy'; remedy: RemedyAction} | {type: 'attempt'; step: -1 | 1};

export const REMEDY_KEYS: Record<RemedyAction, KeyBinding<DetailAction>> = {
	'issue-certificate': {
		keys: ['c'],
		action: {type: 'remedy', remedy: 'issue-certificate'},
		label: 'Issue a new device certificate',
		short: 'new certificate',
		group: 'Remedies',
	},
	'clear-fault': {
		keys: ['F'],
		action: {type: 'remedy', remedy: 'clear-fault'},
		label: 'Clear the injected device fault (training lab)',
		short: 'clear lab fault',
		group: 'Remedies',
	},
	'rerun-host': {
		keys: ['r'],
		action: {type: 'remedy', remedy: 'rerun-host'},
		label: 'Re-execute this destination',
		short: 're-execute',
		group: 'Remedies',
	},
	'open-host': {
		keys: ['o'],
		action: {type: 'remedy', remedy: 'open-host'},
		label: 'Open the host in Destinations',
		short: 'open host',
		group: 'Remedies',
	},
	'power-on-host': {
		keys: ['p'],
		action: {type: 'remedy', remedy: 'power-on-host'},
		label: 'Power on the PC',
		short: 'power on',
		group: 'Remedies',
	},
};

/** A re-executed destination keeps its earlier attempts: these keys step through them. */
export const ATTEMPT_KEYS: readonly KeyBinding<DetailAction>[] = [
	{
		keys: ['['],
		action: {type: 'attempt', step: -1},
		label: 'Show the attempt before (a re-executed destination keeps each one)',
		short: 'earlier attempt',
		group: 'Attempts',
	},
	{
		keys: [']'],
		action: {type: 'attempt', step: 1},
		label: 'Show the attempt after, up to the current one',
		short: 'later attempt',
		group: 'Attempts',
	},
];

/** Display order of the remedy keys. */
export const REMEDY_ORDER: readonly RemedyAction[] = [
	'issue-certificate',
	'clear-fault',
	'rerun-host',
	'power-on-host',
	'open-host',
];

/** Closes the modal, back to the list it was opened from. */
export const CLOSE_DETAIL: KeyBinding<{type: 'back'}> = {
	keys: ['esc'],
	action: {type: 'back'},
	label: 'Close',
	short: 'close',
	inBar: true,
};

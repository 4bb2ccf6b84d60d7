/** The host view's room: inside the border, under the title (its keys are on the hint bar). */
export function hostDetailGeometry(width: number, height: number): {width: number; rows: number} {
	return {width: Math.max(10, width - 2), rows: Math.max(1, height - 3)};
}

/** Keys of the host view: its own, the training-lab keys it shares with Destinations (one table), and scrolling. */
import type {Keymap} from '../key-binding.js';
import {navBindings} from '../list-nav.js';
import type {UiAction} from '../ui-state.js';

/** The training-lab keys, the same in the Destinations pane and in the host view. */
export const LAB_KEYS: Keymap<UiAction> = [
	{
		keys: ['a'],
		action: {type: 'lab', what: 'answer'},
		label: 'Answer the PC user’s confirmation dialog',
		short: 'answer',
		inBar: true,
		group: 'Training lab (security PC)',
	},
	{
		keys: ['F'],
		action: {type: 'lab', what: 'fault'},
		label: 'Inject a device fault (security PC)',
		short: 'fault',
		inBar: true,
		group: 'Training lab (security PC)',
	},
	{
		keys: ['C'],
		action: {type: 'lab', what: 'certificate'},
		label: 'Issue a new certificate (security PC)',
		short: 'new cert',
		inBar: true,
		group: 'Training lab (security PC)',
	},
	{
		keys: ['P'],
		action: {type: 'lab', what: 'power'},
		label: 'Power the PC on or off',
		short: 'power',
		inBar: true,
		group: 'Training lab',
	},
];

export const HOST_DETAIL_KEYS: Keymap<UiAction> = [
	{keys: ['esc'], action: {type: 'modal-close'}, label: 'Close', short: 'close', inBar: true},
	{
		keys: ['enter'],
		action: {type: 'drop'},
		label: 'Define New Job for this host (the picked package, or Get software information)',
		short: 'define job',
		inBar: true,
	},
	...LAB_KEYS,
	...navBindings((move): UiAction => ({type: 'menu', move}), {
		labels: {up: 'Scroll up', down: 'Scroll down', home: 'Top', end: 'Bottom'},
	}),
];

/** The Job Definition view's key tables: the tree, and the Move-to-folder menu (the other dialogs reuse rim's). */
import type {KeyBinding, Keymap} from '../key-binding.js';
import {navBindings} from '../list-nav.js';
import type {UiAction} from '../ui-state.js';
import type {DefinitionsAction} from './state.js';

const act = (action: DefinitionsAction): UiAction => ({type: 'definitions', action});
type Binding = KeyBinding<UiAction>;

export const DEFINITIONS_KEYS: Keymap<UiAction> = [
	{
		keys: ['enter'],
		action: act({type: 'open'}),
		label: 'Open the definition in the wizard to change it (locks still apply)',
		short: 'open',
		inBar: true,
	},
	{
		keys: ['x'],
		action: act({type: 'execute'}),
		label: 'Execute the definition: a new job in Job Execution Status',
		short: 'execute',
		inBar: true,
	},
	{
		keys: ['d'],
		action: act({type: 'delete'}),
		label: 'Delete the definition or folder…',
		short: 'delete',
		inBar: true,
		danger: true,
	},
	{
		keys: ['m'],
		action: act({type: 'move-definition'}),
		label: 'Move the definition to another folder…',
		short: 'move',
		inBar: true,
	},
	{
		keys: ['n'],
		action: act({type: 'new-folder', at: 'here'}),
		label: 'New folder in the highlighted folder',
		short: 'new folder',
		inBar: true,
		group: 'Folders',
	},
	{keys: ['N'], action: act({type: 'new-folder', at: 'top'}), label: 'New folder at the top', group: 'Folders'},
	{keys: ['r'], action: act({type: 'rename-folder'}), label: 'Rename the highlighted folder', group: 'Folders'},
	// The tree has no page of its own (its rows fold and unfold): up, down, first and last from rim's one table.
	...navBindings(move => act({type: 'move', move}), {omit: ['page-up', 'page-down']}),
] satisfies Binding[];

export const MOVE_MENU_KEYS: Keymap<UiAction> = [
	{
		keys: ['enter'],
		action: {type: 'menu-choose'},
		label: 'Move the definition into this folder',
		short: 'move here',
		inBar: true,
	},
	{keys: ['esc'], action: {type: 'modal-close'}, label: 'Cancel', short: 'cancel', inBar: true},
	...navBindings((move): UiAction => ({type: 'menu', move})),
];

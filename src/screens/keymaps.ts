/**
 * rim's key tables (docs/ARCHITECTURE.md P7), one per scope. The router, the hint bar, the `?` help and the README's key
 * section all read these; the Job Execution Status scopes come from src/screens/job-status.
 */
import {WIZARD_PAGES} from '../engine/rules/page-locks.js';
import {HOST_DETAIL_KEYS, LAB_KEYS} from './host-detail/keymap.js';
import type {KeyBinding, KeyScope, Keymap} from './key-binding.js';
import {navBindings, type ListMove} from './list-nav.js';
import type {UiAction} from './ui-state.js';
import {DEFINITIONS_KEYS, MOVE_MENU_KEYS} from './definitions/keymap.js';
import {
	DESTINATIONS_SITE_KEYS,
	GROUP_CREATE_KEYS,
	MEMBERS_KEYS,
	PACKAGE_ADD_KEYS,
	PACKAGES_SITE_KEYS,
} from './site/site-keymap.js';

type Binding = KeyBinding<UiAction>;

export const GLOBAL_KEYS: Keymap<UiAction> = [
	{keys: ['tab'], action: {type: 'focus-step', by: 1}, label: 'Next pane', short: 'pane', inBar: true, group: 'Panes'},
	{keys: ['S-tab'], action: {type: 'focus-step', by: -1}, label: 'Previous pane', group: 'Panes'},
	{keys: ['1'], action: {type: 'focus', pane: 'packages'}, label: 'Packages pane', group: 'Panes'},
	{keys: ['2'], action: {type: 'focus', pane: 'destinations'}, label: 'Destinations pane', group: 'Panes'},
	{keys: ['3'], action: {type: 'jobs-view', view: 'status'}, label: 'Job Execution Status (pane 3)', group: 'Panes'},
	{
		keys: ['4'],
		action: {type: 'jobs-view', view: 'definitions'},
		label: 'Job Definition: saved jobs in folders (pane 3)',
		group: 'Panes',
	},
	{keys: ['?'], action: {type: 'help'}, label: 'Help: every key', short: 'help', inBar: true},
	{
		keys: ['L'],
		action: {type: 'session-log'},
		label: "This session's actions as rim command lines (to copy into a script)",
	},
	{
		keys: ['q'],
		action: {type: 'quit'},
		label: 'Quit (asks while a job is running)',
		short: 'quit',
		inBar: true,
		danger: true,
	},
	{keys: ['C-c'], action: {type: 'quit-now'}, label: 'Quit now (job state is kept on disk)'},
	{keys: ['C-l'], action: {type: 'redraw'}, label: 'Redraw the screen (also in dialogs)'},
	// The training lab's clock (the header shows its speed); attached to a manager, these act on the manager's clock.
	{keys: ['p'], action: {type: 'clock', op: 'toggle'}, label: 'Pause or resume the lab clock', group: 'Lab clock'},
	{
		keys: ['.'],
		action: {type: 'clock', op: 'step'},
		label: 'Step the lab clock to the next scheduled event',
		group: 'Lab clock',
	},
	{
		keys: ['+', '='],
		action: {type: 'clock', op: 'faster'},
		label: 'Run the lab clock faster (1, 2, 5, 10, 20… 1000×)',
		group: 'Lab clock',
	},
	{keys: ['-'], action: {type: 'clock', op: 'slower'}, label: 'Run the lab clock slower', group: 'Lab clock'},
];

/** Keys of a TUI attached to a manager that went away (beside the global ones, outside dialogs). */
export const MANAGER_LOST_KEYS: Keymap<UiAction> = [
	{
		keys: ['M'],
		action: {type: 'become-manager'},
		label: 'Become the manager: this rim opens the data directory and serves it (others attach here)',
		short: 'become manager',
		inBar: true,
	},
];

const list = (move: ListMove): UiAction => ({type: 'list', move});
const LIST_KEYS = navBindings(list);

const FILTER_KEY: Binding = {
	keys: ['/'],
	action: {type: 'filter-start'},
	label: 'Filter the list by id or name',
	short: 'filter',
	inBar: true,
};

export const PACKAGES_KEYS: Keymap<UiAction> = [
	{
		keys: ['space'],
		action: {type: 'pick'},
		label: 'Pick the package (again: unpick), then drop it on a destination',
		short: 'pick',
		inBar: true,
	},
	FILTER_KEY,
	{keys: ['esc'], action: {type: 'pane-esc'}, label: 'Clear the filter, then the pick'},
	...LIST_KEYS,
	...PACKAGES_SITE_KEYS,
];

export const DESTINATIONS_KEYS: Keymap<UiAction> = [
	{
		keys: ['enter'],
		action: {type: 'drop'},
		label:
			'Define New Job: drop the picked package here (no pick: the host’s view; on a group, Get software information)',
		short: 'drop / open',
		inBar: true,
	},
	{
		keys: ['i'],
		action: {type: 'host-detail'},
		label: 'The host’s view: device, certificate, dialogs, installed packages, jobs',
		short: 'host',
		inBar: true,
	},
	FILTER_KEY,
	{keys: ['esc'], action: {type: 'pane-esc'}, label: 'Clear the filter, then the pick'},
	...LIST_KEYS,
	// The host view shows these in its bar; here they stay in the help, so the pane's bar keeps its own keys.
	...LAB_KEYS.map(binding => ({...binding, inBar: false})),
	...DESTINATIONS_SITE_KEYS,
	{
		keys: ['w'],
		action: {type: 'export', format: 'csv'},
		label: 'Write the hosts and groups to a CSV file (in the folder rim started in)',
		short: 'csv',
		group: 'Export',
	},
	{
		keys: ['W'],
		action: {type: 'export', format: 'json'},
		label: 'Write the hosts and groups to a JSON file',
		group: 'Export',
	},
];

const TEXT_EDIT: Binding[] = [
	{keys: ['backspace'], action: {type: 'text', op: {op: 'backspace'}}, label: 'Delete backwards', group: 'Editing'},
	{keys: ['left'], action: {type: 'text', op: {op: 'left'}}, label: 'Cursor left', group: 'Editing'},
	{keys: ['right'], action: {type: 'text', op: {op: 'right'}}, label: 'Cursor right', group: 'Editing'},
	{keys: ['home', 'C-a'], action: {type: 'text', op: {op: 'home'}}, label: 'Start of the field', group: 'Editing'},
	{keys: ['end', 'C-e'], action: {type: 'text', op: {op: 'end'}}, label: 'End of the field', group: 'Editing'},
	{keys: ['C-u'], action: {type: 'text', op: {op: 'clear'}}, label: 'Clear the field', group: 'Editing'},
];

export const FILTER_KEYS: Keymap<UiAction> = [
	{
		keys: ['enter'],
		action: {type: 'text-commit'},
		label: 'Keep the filter and go back to the list',
		short: 'keep',
		inBar: true,
	},
	{keys: ['esc'], action: {type: 'text-cancel'}, label: 'Clear the filter', short: 'clear', inBar: true},
	...navBindings(list, {typing: true, omit: ['home', 'end']}),
	...TEXT_EDIT,
];

const menu = (move: ListMove): UiAction => ({type: 'menu', move});
const MENU_MOVES = navBindings(menu);

export const DEFINE_JOB_KEYS: Keymap<UiAction> = [
	{
		keys: ['enter'],
		action: {type: 'menu-choose'},
		label: 'Create the job of this type (a disabled type shows why)',
		short: 'choose',
		inBar: true,
	},
	{keys: ['esc'], action: {type: 'modal-close'}, label: 'Cancel', short: 'cancel', inBar: true},
	...MENU_MOVES,
];

const wiz = (action: Extract<UiAction, {type: 'wizard'}>['action']): UiAction => ({type: 'wizard', action});
export const WIZARD_KEYS: Keymap<UiAction> = [
	{
		keys: ['tab', 'right'],
		action: wiz({type: 'page-step', by: 1}),
		label: 'Next page',
		short: 'page',
		inBar: true,
		group: 'Pages',
	},
	{keys: ['S-tab', 'left'], action: wiz({type: 'page-step', by: -1}), label: 'Previous page', group: 'Pages'},
	...WIZARD_PAGES.map(
		(p, i): Binding => ({
			keys: [String(i + 1)],
			action: wiz({type: 'page', to: i}),
			label: `${p.title} page`,
			group: 'Pages',
		}),
	),
	...navBindings(move => wiz({type: 'row', move}), {
		labels: {up: 'Previous field', down: 'Next field', home: 'First field', end: 'Last field'},
	}),
	{
		keys: ['enter'],
		action: wiz({type: 'activate'}),
		label: 'Change the field (start typing, or switch the choice)',
		short: 'change',
		inBar: true,
		group: 'Fields',
	},
	{keys: ['space'], action: wiz({type: 'toggle'}), label: 'Switch the choice (never starts typing)', group: 'Fields'},
	{keys: ['a'], action: wiz({type: 'add'}), label: 'Add a destination or a package', group: 'Fields'},
	{keys: ['d'], action: wiz({type: 'remove'}), label: 'Remove the highlighted destination or package', group: 'Fields'},
	{keys: ['c'], action: wiz({type: 'change'}), label: 'Change Installation Conditions of the package', group: 'Fields'},
	{
		keys: ['e'],
		action: wiz({type: 'submit', mode: 'execute'}),
		label: 'Execute (keeps no definition)',
		short: 'execute',
		inBar: true,
		group: 'Buttons',
	},
	{
		keys: ['E'],
		action: wiz({type: 'submit', mode: 'save-execute'}),
		label: 'Save and Execute (keeps the definition and runs it)',
		group: 'Buttons',
	},
	{
		keys: ['s'],
		action: wiz({type: 'submit', mode: 'save'}),
		label: 'Save (keeps the definition to execute later)',
		short: 'save',
		inBar: true,
		group: 'Buttons',
	},
	{
		keys: ['esc'],
		action: wiz({type: 'close'}),
		label: 'Close (asks before throwing away changes)',
		short: 'close',
		inBar: true,
	},
];

export const FIELD_EDIT_KEYS: Keymap<UiAction> = [
	{
		keys: ['enter'],
		action: {type: 'text-commit'},
		label: 'Take the value (refused with the reason when invalid)',
		short: 'ok',
		inBar: true,
	},
	{keys: ['esc'], action: {type: 'text-cancel'}, label: 'Cancel the change', short: 'cancel', inBar: true},
	...TEXT_EDIT,
];

export const PICKER_KEYS: Keymap<UiAction> = [
	{keys: ['enter'], action: {type: 'menu-choose'}, label: 'Add the highlighted item', short: 'add', inBar: true},
	{keys: ['esc'], action: {type: 'modal-close'}, label: 'Back to the wizard', short: 'back', inBar: true},
	...navBindings(menu, {typing: true}),
	{
		keys: ['backspace'],
		action: {type: 'text', op: {op: 'backspace'}},
		label: 'Delete a filter character (type to filter)',
		group: 'Editing',
	},
	{keys: ['C-u'], action: {type: 'text', op: {op: 'clear'}}, label: 'Clear the filter', group: 'Editing'},
];

export const CONDITIONS_KEYS: Keymap<UiAction> = [
	{
		keys: ['enter', 'space'],
		action: {type: 'menu-choose'},
		label: 'Change the condition (view-only ones say why)',
		short: 'change',
		inBar: true,
	},
	{
		keys: ['o'],
		action: {type: 'confirm', yes: true},
		label: 'OK: keep the changes and go back to the wizard',
		short: 'ok',
		inBar: true,
	},
	{
		keys: ['esc'],
		action: {type: 'modal-close'},
		label: 'Cancel: go back without the changes',
		short: 'cancel',
		inBar: true,
	},
	...MENU_MOVES,
];

export const CONFIRM_KEYS: Keymap<UiAction> = [
	{keys: ['y'], action: {type: 'confirm', yes: true}, label: 'Yes', short: 'yes', inBar: true},
	{keys: ['n', 'esc'], action: {type: 'confirm', yes: false}, label: 'No', short: 'no', inBar: true},
];

export const LAB_MENU_KEYS: Keymap<UiAction> = [
	{keys: ['enter'], action: {type: 'menu-choose'}, label: 'Do it', short: 'choose', inBar: true},
	{keys: ['esc'], action: {type: 'modal-close'}, label: 'Cancel', short: 'cancel', inBar: true},
	...MENU_MOVES,
];

export const HELP_KEYS: Keymap<UiAction> = [
	{
		keys: ['esc', '?', 'q'],
		action: {type: 'modal-close'},
		label: 'Close help (esc: first clear the search)',
		short: 'close',
		inBar: true,
	},
	{keys: ['/'], action: {type: 'filter-start'}, label: 'Search the keys', short: 'search', inBar: true},
	...navBindings(menu, {
		labels: {up: 'Scroll up', down: 'Scroll down', home: 'Top', end: 'Bottom'},
		extra: {'page-down': ['space']},
	}),
];

export const HELP_SEARCH_KEYS: Keymap<UiAction> = [
	{
		keys: ['enter'],
		action: {type: 'text-commit'},
		label: 'Keep the search and go back to scrolling',
		short: 'keep',
		inBar: true,
	},
	{keys: ['esc'], action: {type: 'text-cancel'}, label: 'Clear the search', short: 'clear', inBar: true},
	...navBindings(menu, {typing: true, omit: ['home', 'end'], labels: {up: 'Scroll up', down: 'Scroll down'}}),
	...TEXT_EDIT,
];

export const SESSION_LOG_KEYS: Keymap<UiAction> = [
	{keys: ['esc', 'L', 'q'], action: {type: 'modal-close'}, label: 'Close the session log', short: 'close', inBar: true},
	{
		keys: ['c', 'y'],
		action: {type: 'copy-line'},
		label:
			'Copy the highlighted line to the clipboard (OSC 52, where the terminal takes it; else it is shown alone to select)',
		short: 'copy',
		inBar: true,
	},
	...navBindings(menu, {
		labels: {up: 'Previous line', down: 'Next line', home: 'First line', end: 'Last line'},
		extra: {'page-down': ['space']},
	}),
];

/** rim's own scopes, in the order the help lists them. */
export const RIM_SCOPES: KeyScope[] = [
	{title: 'Everywhere (except in dialogs)', keymap: GLOBAL_KEYS},
	{title: 'While the manager is gone (a TUI attached to one)', keymap: MANAGER_LOST_KEYS},
	{title: 'Packages pane', keymap: PACKAGES_KEYS},
	{title: 'Destinations pane', keymap: DESTINATIONS_KEYS},
	{title: 'Filter (after /)', keymap: FILTER_KEYS},
	{title: 'Define New Job', keymap: DEFINE_JOB_KEYS},
	{title: 'Create Job wizard', keymap: WIZARD_KEYS},
	{title: 'Typing in a field', keymap: FIELD_EDIT_KEYS},
	{title: 'Add destination / package (type to filter)', keymap: PICKER_KEYS},
	{title: 'Change Installation Conditions', keymap: CONDITIONS_KEYS},
	{title: 'Questions (discard changes, quit)', keymap: CONFIRM_KEYS},
	{title: 'Host view (enter or i on a host)', keymap: HOST_DETAIL_KEYS},
	{title: 'Training-lab menus', keymap: LAB_MENU_KEYS},
	{title: 'Job Definition (pane 3, key 4)', keymap: DEFINITIONS_KEYS},
	{title: 'Move a definition to a folder', keymap: MOVE_MENU_KEYS},
	{title: 'Add package (a in Packages)', keymap: PACKAGE_ADD_KEYS},
	{title: 'New host group (n in Destinations)', keymap: GROUP_CREATE_KEYS},
	{title: 'Group members (m on a group; type to filter)', keymap: MEMBERS_KEYS},
	{title: 'Help', keymap: HELP_KEYS},
	{title: 'Session log (after L)', keymap: SESSION_LOG_KEYS},
	{title: 'Search help (after / in help)', keymap: HELP_SEARCH_KEYS},
];

/**
 * The keys of a real site's admin work (docs/ARCHITECTURE.md P7): the Packages and Destinations panes' add/remove
 * keys, and the tables of the Add package, New group and group members dialogs. The router, the hint bar, the `?`
 * help and the README's key section read them.
 */
import type {KeyBinding, Keymap} from '../key-binding.js';
import type {ListMove} from '../list-nav.js';
import type {TextOp} from '../text-edit.js';
import type {UiAction} from '../ui-state.js';
import type {SiteAction} from './site-state.js';

type Binding = KeyBinding<UiAction>;
const site = (action: SiteAction): UiAction => ({type: 'site', action});
const text = (op: TextOp): UiAction => ({type: 'text', op});

/** Added to the Packages pane's table. */
export const PACKAGES_SITE_KEYS: Binding[] = [
	{
		keys: ['a'],
		action: site({kind: 'add-package'}),
		label: 'Add a package from a file or a folder…',
		short: 'add',
		inBar: true,
		group: 'Site',
	},
	{
		keys: ['d'],
		action: site({kind: 'remove-package'}),
		label: 'Remove the package; refused while a job or a definition names it',
		danger: true,
		group: 'Site',
	},
];

/** Added to the Destinations pane's table. */
export const DESTINATIONS_SITE_KEYS: Binding[] = [
	{
		keys: ['n'],
		action: site({kind: 'new-group'}),
		label: 'New host group…',
		short: 'new group',
		inBar: true,
		group: 'Site',
	},
	{keys: ['m'], action: site({kind: 'members'}), label: 'The group’s members: add or remove hosts…', group: 'Site'},
	{
		keys: ['A'],
		action: site({kind: 'accept-agent'}),
		label: 'Accept the highlighted pending agent: the office signs its certificate and it joins the site',
		danger: true,
		group: 'Site',
	},
	{
		keys: ['d'],
		action: site({kind: 'remove-destination'}),
		label: 'Remove the host from the site, or delete the group; refused while a job needs it',
		danger: true,
		group: 'Site',
	},
];

const FIELD_MOVES: Binding[] = [
	{
		keys: ['tab', 'down'],
		action: site({kind: 'field', by: 1}),
		label: 'Next field',
		short: 'field',
		inBar: true,
		group: 'Fields',
	},
	{keys: ['S-tab', 'up'], action: site({kind: 'field', by: -1}), label: 'Previous field', group: 'Fields'},
];

const EDITING: Binding[] = [
	{keys: ['backspace'], action: text({op: 'backspace'}), label: 'Delete backwards', group: 'Editing'},
	{keys: ['home', 'C-a'], action: text({op: 'home'}), label: 'Start of the field', group: 'Editing'},
	{keys: ['end', 'C-e'], action: text({op: 'end'}), label: 'End of the field', group: 'Editing'},
	{keys: ['C-u'], action: text({op: 'clear'}), label: 'Clear the field', group: 'Editing'},
];

export const PACKAGE_ADD_KEYS: Keymap<UiAction> = [
	{
		keys: ['enter'],
		action: site({kind: 'submit'}),
		label: 'Add: pack the path and add the package (refused with the reason)',
		short: 'add',
		inBar: true,
	},
	{
		keys: ['esc'],
		action: site({kind: 'close'}),
		label: 'Close (while packing: packing goes on, the header shows it)',
		short: 'close',
		inBar: true,
	},
	...FIELD_MOVES,
	{
		keys: ['space'],
		action: text({op: 'insert', text: ' '}),
		label: 'Type a space; on Kind: switch standard / update data',
		group: 'Editing',
	},
	{keys: ['left'], action: text({op: 'left'}), label: 'Cursor left; on Kind: switch', group: 'Editing'},
	{keys: ['right'], action: text({op: 'right'}), label: 'Cursor right; on Kind: switch', group: 'Editing'},
	...EDITING,
];

export const GROUP_CREATE_KEYS: Keymap<UiAction> = [
	{
		keys: ['enter'],
		action: site({kind: 'submit'}),
		label: 'Create the group (refused with the reason)',
		short: 'create',
		inBar: true,
	},
	{keys: ['esc'], action: site({kind: 'close'}), label: 'Cancel', short: 'cancel', inBar: true},
	...FIELD_MOVES,
	{keys: ['left'], action: text({op: 'left'}), label: 'Cursor left', group: 'Editing'},
	{keys: ['right'], action: text({op: 'right'}), label: 'Cursor right', group: 'Editing'},
	...EDITING,
];

const move = (m: ListMove): UiAction => site({kind: 'move', move: m});
export const MEMBERS_KEYS: Keymap<UiAction> = [
	{
		keys: ['space'],
		action: site({kind: 'tick'}),
		label: 'Tick or untick the host (a member or not)',
		short: 'tick',
		inBar: true,
	},
	{
		keys: ['enter'],
		action: site({kind: 'submit'}),
		label: 'Save: add the ticked hosts, remove the unticked members',
		short: 'save',
		inBar: true,
	},
	{
		keys: ['esc'],
		action: site({kind: 'close'}),
		label: 'Cancel: leave the members as they were',
		short: 'cancel',
		inBar: true,
	},
	{keys: ['up'], action: move('up'), label: 'Move up', group: 'Move'},
	{keys: ['down'], action: move('down'), label: 'Move down', group: 'Move'},
	{keys: ['pgup'], action: move('page-up'), label: 'Page up', group: 'Move'},
	{keys: ['pgdn'], action: move('page-down'), label: 'Page down', group: 'Move'},
	{keys: ['home'], action: move('home'), label: 'First host', group: 'Move'},
	{keys: ['end'], action: move('end'), label: 'Last host', group: 'Move'},
	{
		keys: ['backspace'],
		action: text({op: 'backspace'}),
		label: 'Delete a filter character (type to filter by id or name)',
		group: 'Editing',
	},
	{keys: ['C-u'], action: text({op: 'clear'}), label: 'Clear the filter', group: 'Editing'},
];

/**
 * Key routing (docs/ARCHITECTURE.md P8): the open dialog first, then the focused pane, then the global keys. Text scopes take
 * printable keys as typing; exclusive scopes (dialogs, typing) stop the lookup. Pure: the app's one useInput calls it.
 */
import type {KeyBinding, KeyName, Keymap} from './key-binding.js';
import {findBinding, keyNames} from './key-binding.js';
import type {Key} from 'ink';
import {jobStatusKeymap, jobStatusModalOpen, type JobStatusState} from './job-status/index.js';
import {allScopes} from './help.js';
import {HOST_DETAIL_KEYS} from './host-detail/keymap.js';
import {
	CONDITIONS_KEYS,
	CONFIRM_KEYS,
	DEFINE_JOB_KEYS,
	DESTINATIONS_KEYS,
	FIELD_EDIT_KEYS,
	FILTER_KEYS,
	GLOBAL_KEYS,
	HELP_KEYS,
	HELP_SEARCH_KEYS,
	LAB_MENU_KEYS,
	MANAGER_LOST_KEYS,
	PACKAGES_KEYS,
	PICKER_KEYS,
	SESSION_LOG_KEYS,
	WIZARD_KEYS,
} from './keymaps.js';
import type {UiAction, UiState} from './ui-state.js';
import {DEFINITIONS_KEYS, MOVE_MENU_KEYS} from './definitions/index.js';
import {siteScope} from './site/site-scope.js';

export interface Scope {
	title: string;
	keymap: Keymap<UiAction>;
	/** Printable keys that no binding takes are typed into the scope's field. */
	text?: boolean;
	/** Nothing below this scope sees a key (dialogs, typing). */
	exclusive?: boolean;
}

let wrapped: {source: unknown; keymap: Keymap<UiAction>} | null = null;

/** The jobs screen's keymap as UI actions (memoised on the table's identity). */
function jobsKeymap(jobStatus: JobStatusState): Keymap<UiAction> {
	const source = jobStatusKeymap(jobStatus);
	if (wrapped?.source !== source) {
		wrapped = {
			source,
			keymap: source.map((b): KeyBinding<UiAction> => ({...b, action: {type: 'jobs', action: b.action}})),
		};
	}
	return wrapped.keymap;
}

const GLOBAL: Scope = {title: 'Global', keymap: GLOBAL_KEYS};
const MANAGER_LOST: Scope = {title: 'Manager gone', keymap: MANAGER_LOST_KEYS};

/** A pane's scope, then (while the manager is gone) the key that makes this rim the manager, then the global keys. */
const pane = (state: UiState, title: string, keymap: Keymap<UiAction>): Scope[] => [
	{title, keymap},
	...(state.managerLost ? [MANAGER_LOST] : []),
	GLOBAL,
];
const dialog = (title: string, keymap: Keymap<UiAction>, text = false): Scope => ({
	title,
	keymap,
	exclusive: true,
	text,
});

export function activeScopes(state: UiState): Scope[] {
	const modal = state.modal;
	if (modal) {
		switch (modal.kind) {
			case 'define-job':
				return [dialog('Define New Job', DEFINE_JOB_KEYS)];
			case 'wizard':
				return [
					modal.wizard.edit ? dialog('Typing in a field', FIELD_EDIT_KEYS, true) : dialog('Create Job', WIZARD_KEYS),
				];
			case 'wizard-picker':
				return [dialog('Add', PICKER_KEYS, true)];
			case 'change-conditions':
				return [
					modal.dialog.edit
						? dialog('Typing in a field', FIELD_EDIT_KEYS, true)
						: dialog('Change Installation Conditions', CONDITIONS_KEYS),
				];
			case 'confirm-discard':
			case 'confirm-quit':
				return [dialog('Question', CONFIRM_KEYS)];
			case 'help':
				return [modal.searching ? dialog('Search help', HELP_SEARCH_KEYS, true) : dialog('Help', HELP_KEYS)];
			case 'session-log':
				return [dialog('Session log', SESSION_LOG_KEYS)];
			case 'host-detail':
				return [dialog('Host', HOST_DETAIL_KEYS)];
			case 'lab-fault':
			case 'lab-answer':
				return [dialog('Training lab', LAB_MENU_KEYS)];
			case 'confirm-delete-definition':
			case 'confirm-delete-folder':
				return [dialog('Question', CONFIRM_KEYS)];
			case 'folder-name':
				return [dialog('Typing in a field', FIELD_EDIT_KEYS, true)];
			case 'move-definition':
				return [dialog('Move to a folder', MOVE_MENU_KEYS)];
			case 'site': {
				const {title, keymap, text} = siteScope(modal.dialog);
				return [dialog(title, keymap, text)];
			}
		}
	}
	if (jobStatusModalOpen(state.jobStatus)) return [dialog('Job Execution Status', jobsKeymap(state.jobStatus))];
	switch (state.focus) {
		case 'packages':
			return state.packages.filtering ? [dialog('Filter', FILTER_KEYS, true)] : pane(state, 'Packages', PACKAGES_KEYS);
		case 'destinations':
			return state.destinations.filtering
				? [dialog('Filter', FILTER_KEYS, true)]
				: pane(state, 'Destinations', DESTINATIONS_KEYS);
		case 'jobs':
			if (state.jobsView === 'definitions') return pane(state, 'Job Definition', DEFINITIONS_KEYS);
			return pane(state, 'Job Execution Status', jobsKeymap(state.jobStatus));
	}
}

const CHUNK_KEYS: Record<string, KeyName> = {
	'\r': 'enter',
	'\n': 'enter',
	'\t': 'tab',
	'\x7f': 'backspace',
	'\b': 'backspace',
	' ': 'space',
};

/**
 * Key names of one input event. Ink hands a fast burst (`tmux send-keys Enter Enter e`, a paste) to useInput as one
 * string with no key flags, so "\r\re" would read as three printable characters: split it here, naming the control
 * characters as the keys they are (Ctrl+letters included).
 */
export function inputKeyNames(input: string, key: Key): KeyName[] {
	const flagged = Object.entries(key).some(([name, on]) => on && name !== 'shift');
	if (flagged || input.length <= 1) return keyNames(input, key);
	return [...input].map(ch => {
		const code = ch.charCodeAt(0);
		return CHUNK_KEYS[ch] ?? (code >= 1 && code <= 26 ? `C-${String.fromCharCode(code + 96)}` : ch);
	});
}

/**
 * A burst of printable text (a paste, or typing faster than frames) that must not be split into keys: outside edit mode
 * in the wizard, a date would otherwise switch pages digit by digit and land half in a field. A key held down repeats
 * one character ("jjj") and still acts as that many keys.
 */
export function burstAction(state: UiState, input: string, key: Key): UiAction | null {
	const chars = [...input];
	if (chars.length < 2 || Object.entries(key).some(([name, on]) => on && name !== 'shift')) return null;
	if (chars.some(ch => ch.charCodeAt(0) < 32 || ch === '\x7f') || chars.every(ch => ch === chars[0])) return null;
	if (state.modal?.kind !== 'wizard' || state.modal.wizard.edit) return null;
	return {type: 'wizard', action: {type: 'typed', text: input}};
}

const isPrintable = (name: KeyName) => name === 'space' || [...name].length === 1;

/** The help section of the focused pane's keys (its table as the help lists it). */
export function helpScopeTitle(state: UiState): string | undefined {
	const keymap =
		state.focus === 'packages'
			? PACKAGES_KEYS
			: state.focus === 'destinations'
				? DESTINATIONS_KEYS
				: state.jobsView === 'definitions'
					? DEFINITIONS_KEYS
					: jobStatusKeymap(state.jobStatus);
	return allScopes().find(scope => scope.keymap === keymap)?.title;
}

/** The action a key means now, or null when nothing takes it. Ctrl+C always quits; Ctrl+L always redraws. */
export function actionForKey(state: UiState, name: KeyName): UiAction | null {
	if (name === 'C-c') return {type: 'quit-now'};
	if (name === 'C-l') return {type: 'redraw'};
	for (const scope of activeScopes(state)) {
		const binding = findBinding(scope.keymap, name);
		if (binding?.action.type === 'help') return {type: 'help', scope: helpScopeTitle(state)};
		if (binding) return binding.action;
		if (scope.text && isPrintable(name)) return {type: 'text', op: {op: 'insert', text: name === 'space' ? ' ' : name}};
		if (scope.exclusive) return null;
	}
	return null;
}

/** The hint bar's keys: the active scope's bar keys (`local`), then the global ones it does not shadow. */
export function hintBindings(state: UiState): {local: KeyBinding<UiAction>[]; global: KeyBinding<UiAction>[]} {
	const local: KeyBinding<UiAction>[] = [];
	const global: KeyBinding<UiAction>[] = [];
	const taken = new Set<KeyName>();
	for (const [i, scope] of activeScopes(state).entries()) {
		for (const binding of scope.keymap) {
			if (binding.keys.some(k => taken.has(k))) continue;
			binding.keys.forEach(k => taken.add(k));
			if (binding.inBar) (i === 0 ? local : global).push(binding);
		}
		if (scope.exclusive) break;
	}
	return {local, global};
}

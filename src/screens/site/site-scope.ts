/** Which key table an open site dialog answers to, and whether it takes typing. */
import type {Keymap} from '../key-binding.js';
import {CONFIRM_KEYS} from '../keymaps.js';
import type {UiAction} from '../ui-state.js';
import {GROUP_CREATE_KEYS, MEMBERS_KEYS, PACKAGE_ADD_KEYS} from './site-keymap.js';
import type {SiteDialog} from './site-state.js';

export function siteScope(dialog: SiteDialog): {title: string; keymap: Keymap<UiAction>; text: boolean} {
	switch (dialog.kind) {
		case 'package-add':
			return {title: 'Add package', keymap: PACKAGE_ADD_KEYS, text: true};
		case 'group-create':
			return {title: 'New host group', keymap: GROUP_CREATE_KEYS, text: true};
		case 'group-members':
			return {title: 'Group members', keymap: MEMBERS_KEYS, text: true};
		case 'confirm-removal':
		case 'confirm-accept':
			return {title: 'Question', keymap: CONFIRM_KEYS, text: false};
	}
}

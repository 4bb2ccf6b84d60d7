/**
 * The state of the dialogs an admin fills a real site with: Add package (from a file or a folder), New group, a group's
 * members, and the confirmations before removing a package or a host or deleting a group. Types and constructors only.
 */
import type {PackageKind} from '../../engine/model.js';
import type {PackProgress} from '../../engine/site.js';
import type {ListCursor, ListMove} from '../list-nav.js';
import type {PendingAgent} from '../engine-context.js';
import {LIST_TOP} from '../list-nav.js';
import {textEdit, type TextEdit} from '../text-edit.js';

/** The Add package form's fields, in the order the form shows them (the fields of `rim package add`). */
export const PACKAGE_FORM_FIELDS = ['path', 'id', 'version', 'kind', 'name', 'cabinet', 'os', 'installScript'] as const;
export type PackageFormField = (typeof PACKAGE_FORM_FIELDS)[number];
export type PackageTextField = Exclude<PackageFormField, 'kind'>;

export interface PackageForm {
	/** The focused field's index in PACKAGE_FORM_FIELDS. */
	row: number;
	text: Record<PackageTextField, TextEdit>;
	kind: PackageKind;
	/** The last refusal of Add (a path that cannot be read, a link out of the folder, no room): shown in the form. */
	refusal: string | null;
}

export interface GroupForm {
	row: 0 | 1;
	id: TextEdit;
	name: TextEdit;
	refusal: string | null;
	busy: boolean;
}

/** A group's members being chosen: the hosts ticked, the list's cursor, and the typed filter. */
export interface MembersForm {
	groupId: string;
	chosen: readonly string[];
	list: ListCursor;
	filter: TextEdit;
	busy: boolean;
}

/** What a confirmation would remove. */
export type Removal = {kind: 'package'; id: string} | {kind: 'group'; id: string} | {kind: 'host'; id: string};

export type SiteDialog =
	| {kind: 'package-add'; form: PackageForm}
	| {kind: 'group-create'; form: GroupForm}
	| {kind: 'group-members'; form: MembersForm}
	| {kind: 'confirm-removal'; removal: Removal}
	/** Accept this pending agent? (what it showed when the admin asked, to compare with what the agent printed) */
	| {kind: 'confirm-accept'; agent: PendingAgent};

/** A package being packed: the dialog shows it, and the header while the dialog is closed. */
export interface Packing {
	id: string;
	progress: PackProgress;
}

export type SiteAction =
	/** Packages pane: open Add package; ask to remove the highlighted package. */
	| {kind: 'add-package'}
	| {kind: 'remove-package'}
	/** Destinations pane: New group; the highlighted group's members; remove the highlighted host or delete the group. */
	| {kind: 'new-group'}
	| {kind: 'members'}
	| {kind: 'remove-destination'}
	/** Destinations pane: ask to accept the highlighted pending agent. */
	| {kind: 'accept-agent'}
	/** In a form: the next or previous field; submit; close (a packing form closes and packing goes on). */
	| {kind: 'field'; by: 1 | -1}
	| {kind: 'submit'}
	| {kind: 'close'}
	/** Members: tick or untick the highlighted host; move. */
	| {kind: 'tick'}
	| {kind: 'move'; move: ListMove}
	/** Results coming back from the engine. */
	| {kind: 'packing'; progress: PackProgress}
	| {kind: 'package-added'; id: string; text: string}
	| {kind: 'package-refused'; message: string}
	| {kind: 'group-created'; id: string; text: string}
	| {kind: 'group-refused'; message: string}
	| {kind: 'members-done'; text: string; error: boolean}
	| {kind: 'agent-accepted'; id: string; text: string};

export function emptyPackageForm(): PackageForm {
	const blank = () => textEdit('');
	return {
		row: 0,
		kind: 'standard',
		refusal: null,
		text: {
			path: blank(),
			id: blank(),
			version: blank(),
			name: blank(),
			cabinet: blank(),
			os: blank(),
			installScript: blank(),
		},
	};
}

export function emptyGroupForm(): GroupForm {
	return {row: 0, id: textEdit(''), name: textEdit(''), refusal: null, busy: false};
}

export function membersForm(groupId: string, members: readonly string[]): MembersForm {
	return {groupId, chosen: [...members], list: LIST_TOP, filter: textEdit(''), busy: false};
}

/**
 * The Add package form as pure functions: the request it makes (read as `rim package add` reads its flags) and each
 * field's problem, from the engine's own field rules, so the form and the CLI refuse with the same words.
 */
import type {Inventory} from '../../engine/model.js';
import {packageFieldProblems, type PackageRequest} from '../../engine/site.js';
import {applyTextOp, type TextOp} from '../text-edit.js';
import {PACKAGE_FORM_FIELDS, type PackageForm, type PackageFormField, type PackageTextField} from './site-state.js';

export const FIELD_LABELS: Record<PackageFormField, string> = {
	path: 'Path',
	id: 'Package id',
	version: 'Version',
	kind: 'Kind',
	name: 'Name',
	cabinet: 'Cabinet',
	os: 'OS list',
	installScript: 'Install script',
};

/** What an empty field means, shown beside it. */
export const FIELD_NOTES: Record<PackageFormField, string> = {
	path: 'a file or a folder on this machine (~ and relative paths allowed)',
	id: '1–44 characters A-Z 0-9 - _',
	version: '1–6 characters A-Z 0-9 /',
	kind: 'space switches: standard or update data',
	name: 'empty: the id',
	cabinet: 'empty: UD for update data, SW for standard',
	os: 'comma-separated, e.g. windows-11,ubuntu-24.04; empty: any',
	installScript: 'a file in the package, e.g. bin/install.sh; empty: none',
};

const REQUIRED: Partial<Record<PackageFormField, string>> = {
	path: 'missing PATH (a file or a folder to pack)',
	id: 'missing package id',
	version: 'missing version',
};

export const formField = (form: PackageForm): PackageFormField => PACKAGE_FORM_FIELDS[form.row]!;

const optional = (value: string) => (value === '' ? undefined : value);

/** The request the form stands for: empty optional fields are left out, the OS list is split at commas. */
export function packageRequestOf(form: PackageForm): PackageRequest {
	const value = (field: PackageTextField) => form.text[field].value;
	const os = value('os')
		.split(',')
		.map(s => s.trim())
		.filter(Boolean);
	return {
		path: value('path'),
		id: value('id'),
		version: value('version'),
		kind: form.kind,
		name: optional(value('name')),
		cabinet: optional(value('cabinet')),
		os: os.length ? os : undefined,
		installScript: optional(value('installScript')),
	};
}

/**
 * Each field's problem now: the rule's words for what is typed, "missing …" for an empty required field. Whether the
 * path exists, can be read and stays inside its folder is known only when it is packed (on the side that owns the data).
 */
export function formProblems(form: PackageForm, inventory: Inventory): Partial<Record<PackageFormField, string>> {
	const request = packageRequestOf(form);
	const problems: Partial<Record<PackageFormField, string>> = {...packageFieldProblems({inventory}, request)};
	for (const [field, missing] of Object.entries(REQUIRED) as [PackageTextField, string][]) {
		if (form.text[field].value === '') problems[field] = missing;
	}
	return problems;
}

/** The first problem in the form's order, with its field. */
export function firstProblem(
	form: PackageForm,
	inventory: Inventory,
): {field: PackageFormField; message: string} | null {
	const problems = formProblems(form, inventory);
	const field = PACKAGE_FORM_FIELDS.find(f => problems[f] !== undefined);
	return field ? {field, message: problems[field]!} : null;
}

/** A key typed in the form: text goes to the focused field; on Kind, space and the arrows switch it. */
export function editForm(form: PackageForm, op: TextOp): PackageForm {
	const field = formField(form);
	if (field === 'kind') {
		const switches = op.op === 'left' || op.op === 'right' || (op.op === 'insert' && op.text === ' ');
		return switches ? {...form, kind: form.kind === 'standard' ? 'update-data' : 'standard', refusal: null} : form;
	}
	return {...form, text: {...form.text, [field]: applyTextOp(form.text[field], op)}, refusal: null};
}

export function stepField(form: PackageForm, by: 1 | -1): PackageForm {
	const count = PACKAGE_FORM_FIELDS.length;
	return {...form, row: (form.row + by + count) % count};
}

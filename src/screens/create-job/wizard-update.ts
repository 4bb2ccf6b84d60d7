/** The Create Job wizard's reducer: page and row moves, field changes, add/remove, submit and close. Pure. */
import type {Inventory} from '../../engine/model.js';
import {JOB_TYPES} from '../../engine/rules/job-types.js';
import {WIZARD_PAGES} from '../../engine/rules/page-locks.js';
import {moveCursor, type ListMove} from '../list-nav.js';
import type {Flash} from '../screen.js';
import {applyTextOp, textEdit, type TextOp} from '../text-edit.js';
import {fieldSpec, newProblems, type FieldContext} from './fields.js';
import {
	fieldLock,
	isChanged,
	lockOf,
	pageFields,
	pageOf,
	rowCount,
	startEdit,
	violationsOf,
	withDefinition,
	type WizardState,
} from './wizard-state.js';

export type SubmitMode = 'execute' | 'save-execute' | 'save';

export type WizardAction =
	| {type: 'page'; to: number}
	| {type: 'page-step'; by: 1 | -1}
	| {type: 'row'; move: ListMove}
	| {type: 'activate'}
	/** Space: switches a choice; it never starts typing, so a space typed outside a field cannot open one mid-text. */
	| {type: 'toggle'}
	/** Several characters at once (a paste, fast typing) outside edit mode: all of them go to one place. */
	| {type: 'typed'; text: string}
	| {type: 'add'}
	| {type: 'remove'}
	| {type: 'change'}
	| {type: 'submit'; mode: SubmitMode}
	| {type: 'close'};

export interface WizardContext extends FieldContext {
	inventory: Inventory;
}

export type WizardOutcome =
	| {kind: 'stay'; wizard: WizardState; flash?: Flash}
	| {kind: 'open-picker'; wizard: WizardState; what: 'destination' | 'package'}
	| {kind: 'open-conditions'; wizard: WizardState; packageId: string}
	| {kind: 'confirm-discard'; wizard: WizardState}
	| {kind: 'close'}
	| {kind: 'submit'; wizard: WizardState; mode: SubmitMode};

const stay = (wizard: WizardState, flash?: Flash): WizardOutcome => ({kind: 'stay', wizard, flash});
const error = (text: string): Flash => ({kind: 'error', text});
const PAGE_COUNT = WIZARD_PAGES.length;

/** The page shown with its cursor on the first field that can change (a view-only row is never where typing starts). */
function toPage(wizard: WizardState, page: number, inventory: Inventory): WizardState {
	const index = (page + PAGE_COUNT) % PAGE_COUNT;
	const fields = pageFields(wizard.def, WIZARD_PAGES[index]!.page);
	const row = fields.findIndex(spec => spec.kind !== 'read-only' && !fieldLock(spec, wizard.def, inventory));
	return {...wizard, page: index, row: Math.max(0, row)};
}

export function updateWizard(wizard: WizardState, action: WizardAction, ctx: WizardContext): WizardOutcome {
	const page = pageOf(wizard);
	const {def} = wizard;
	switch (action.type) {
		case 'page':
			return stay(toPage(wizard, action.to, ctx.inventory));
		case 'page-step':
			return stay(toPage(wizard, wizard.page + action.by, ctx.inventory));
		case 'row': {
			const count = rowCount(def, page);
			return stay({
				...wizard,
				row: count ? moveCursor({cursor: wizard.row, start: 0}, action.move, count, count).cursor : 0,
			});
		}
		case 'activate':
			return activate(wizard, ctx);
		case 'toggle': {
			const spec = pageFields(def, page)[wizard.row];
			if (spec?.kind === 'choice') return activate(wizard, ctx);
			return stay(
				wizard,
				error(
					spec?.kind === 'text'
						? `enter types into ${spec.label.trim()}; space only switches a choice`
						: 'space switches a choice; enter acts on the highlighted row',
				),
			);
		}
		case 'typed':
			return typed(wizard, action.text, ctx);
		case 'add': {
			if (page !== 'destination' && page !== 'package')
				return stay(wizard, error('a adds on the Destination and Package pages'));
			const lock = lockOf(def, page, ctx.inventory);
			if (lock?.status === 'locked') return stay(wizard, error(`Locked: ${lock.reason}`));
			return {kind: 'open-picker', wizard, what: page};
		}
		case 'remove': {
			if (page === 'destination' && def.destinations.length) {
				const destinations = def.destinations.filter((_, i) => i !== wizard.row);
				const next = withDefinition(wizard, {...def, destinations}, ctx.inventory);
				return stay({...next, row: Math.min(wizard.row, Math.max(0, destinations.length - 1))});
			}
			if (page === 'package' && def.packages.length) {
				const packages = def.packages.filter((_, i) => i !== wizard.row);
				const next = withDefinition(wizard, {...def, packages}, ctx.inventory);
				return stay({...next, row: Math.min(wizard.row, Math.max(0, packages.length - 1))});
			}
			return stay(wizard, error('d removes the highlighted destination or package'));
		}
		case 'change': {
			const pkg = page === 'package' ? def.packages[wizard.row] : undefined;
			return pkg
				? {kind: 'open-conditions', wizard, packageId: pkg.id}
				: stay(wizard, error('c changes the installation conditions of a package on the Package page'));
		}
		case 'submit': {
			if (wizard.busy) return stay(wizard);
			const violations = violationsOf(def, ctx.inventory, ctx.now, ctx.existingNames);
			if (violations.length) {
				const first = violations[0]!;
				const more = violations.length > 1 ? ` (and ${violations.length - 1} more)` : '';
				return stay(
					toPage(
						wizard,
						WIZARD_PAGES.findIndex(p => p.page === first.page),
						ctx.inventory,
					),
					error(`Cannot save the job: ${first.message}${more}`),
				);
			}
			return {kind: 'submit', wizard: {...wizard, busy: true}, mode: action.mode};
		}
		case 'close':
			return isChanged(wizard) ? {kind: 'confirm-discard', wizard} : {kind: 'close'};
	}
}

function activate(wizard: WizardState, ctx: WizardContext): WizardOutcome {
	const page = pageOf(wizard);
	if (page === 'destination')
		return stay(wizard, {kind: 'info', text: 'a adds a destination, d removes the highlighted one'});
	if (page === 'package') return updateWizard(wizard, {type: 'change'}, ctx);
	const spec = pageFields(wizard.def, page)[wizard.row];
	if (!spec) return stay(wizard);
	const lock = fieldLock(spec, wizard.def, ctx.inventory);
	if (lock) return stay(wizard, error(`${spec.label.trim()} is locked: ${lock.reason}`));
	if (spec.kind === 'read-only')
		return stay(wizard, error(`${spec.label} cannot be changed: ${spec.show(wizard.def)}`));
	if (spec.kind === 'text') return stay(startEdit(wizard, spec));
	const next = spec.toggle!(wizard.def);
	const problems = newProblems(wizard.def, next, ctx.now);
	return problems.length ? stay(wizard, error(problems.join('; '))) : stay({...wizard, def: next});
}

/**
 * Text that arrived as one burst outside edit mode: on a field that takes text it becomes the field's new text (still
 * to be taken with enter); anywhere else none of it acts as a key, so a date typed by mistake cannot switch pages.
 */
function typed(wizard: WizardState, text: string, ctx: WizardContext): WizardOutcome {
	const spec = pageFields(wizard.def, pageOf(wizard))[wizard.row];
	if (spec?.kind === 'text' && !fieldLock(spec, wizard.def, ctx.inventory)) {
		const editing = startEdit(wizard, spec);
		return stay(wizardText({...editing, edit: {...editing.edit!, text: textEdit('')}}, {op: 'insert', text}, ctx));
	}
	return stay(wizard, error(`"${text}" was not typed anywhere: press enter on a field first, then type`));
}

/** A key typed into the field being edited; the job name is checked as it is typed. */
export function wizardText(wizard: WizardState, op: TextOp, ctx: WizardContext): WizardState {
	if (!wizard.edit) return wizard;
	const text = applyTextOp(wizard.edit.text, op);
	const spec = fieldSpec(wizard.edit.field);
	const errors =
		spec.id === 'name' ? ((spec.commit!(wizard.def, text.value, ctx) as {errors?: string[]}).errors ?? []) : [];
	return {...wizard, edit: {...wizard.edit, text, errors}};
}

/** Enter in a field: the value is taken, or refused on the field with the reason (nothing is half-saved). */
export function wizardCommit(wizard: WizardState, ctx: WizardContext): WizardState {
	if (!wizard.edit) return wizard;
	const result = fieldSpec(wizard.edit.field).commit!(wizard.def, wizard.edit.text.value, ctx);
	return result.ok
		? {...wizard, def: result.def, edit: null}
		: {...wizard, edit: {...wizard.edit, errors: result.errors}};
}

export function wizardCancelEdit(wizard: WizardState): WizardState {
	return {...wizard, edit: null};
}

export function canAddPackages(wizard: WizardState): boolean {
	return JOB_TYPES[wizard.def.type].packages !== 'none';
}

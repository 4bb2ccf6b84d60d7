/**
 * The Create Job wizard's state (docs/rules.md, The Create Job wizard): the job being defined, the page shown like a tab, the focused row and
 * the field being edited. Pure helpers that read it: which rows a page has, how a page is locked, what is wrong.
 */
import {conformToProfile} from '../../engine/define.js';
import type {Inventory, JobDefinition} from '../../engine/model.js';
import {checkJob, type Violation} from '../../engine/rules/job-rules.js';
import {
	ignoredNote,
	jobProfile,
	PAGE_LOCKS,
	WIZARD_PAGES,
	type JobProfile,
	type PageLock,
	type WizardPage,
} from '../../engine/rules/page-locks.js';
import {textEdit, type TextEdit} from '../text-edit.js';
import {FIELDS, type FieldSpec, type SettingField} from './fields.js';

export type ConditionField = 'timing' | 'installAt' | 'mode' | 'replaceExisting' | 'relayExpiresAt';

/** The field being typed into, with the messages it refuses with (live for the job name). */
export interface FieldEdit<F extends string = SettingField> {
	field: F;
	text: TextEdit;
	errors: string[];
}

export interface WizardState {
	def: JobDefinition;
	/** The definition the wizard opened with: a changed wizard asks before it is thrown away. */
	initial: JobDefinition;
	/** The saved definition being modified (its id), or null for a new job. Save changes it; Execute leaves it as it is. */
	definition: string | null;
	page: number;
	row: number;
	edit: FieldEdit | null;
	/** An Execute/Save is on its way to the engine; further submits wait. */
	busy: boolean;
}

export function openWizard(def: JobDefinition, definition: string | null = null): WizardState {
	return {def, initial: def, definition, page: 0, row: 0, edit: null, busy: false};
}

export function pageOf(wizard: WizardState): WizardPage {
	return WIZARD_PAGES[wizard.page]!.page;
}

export function profileOf(def: JobDefinition, inventory: Inventory): JobProfile {
	return jobProfile(def.type, def.destinations, inventory);
}

export function lockOf(def: JobDefinition, page: WizardPage, inventory: Inventory): PageLock | null {
	return PAGE_LOCKS[profileOf(def, inventory)][page] ?? null;
}

/** The wizard with a new definition whose destinations, packages or conditions changed: it keeps its profile's locks. */
export function withDefinition(wizard: WizardState, def: JobDefinition, inventory: Inventory): WizardState {
	return {...wizard, def: conformToProfile(def, inventory)};
}

export function isChanged(wizard: WizardState): boolean {
	return JSON.stringify(wizard.def) !== JSON.stringify(wizard.initial);
}

/** The setting fields shown on a page (list pages have none). */
export function pageFields(def: JobDefinition, page: WizardPage): FieldSpec[] {
	return FIELDS.filter(f => f.page === page && !f.hidden?.(def));
}

/** Why a field cannot be changed now, or null: the page lock's reason, or the field's own view-only reason. */
export function fieldLock(
	spec: FieldSpec,
	def: JobDefinition,
	inventory: Inventory,
): {forced: string | null; reason: string} | null {
	if (spec.kind === 'read-only') return null;
	const profile = profileOf(def, inventory);
	const lock = PAGE_LOCKS[profile][spec.page];
	const forced = lock?.forced.find(f => f.label === spec.forcedBy);
	if (lock && (lock.status === 'locked' || forced)) return {forced: forced?.value ?? null, reason: lock.reason};
	const own = spec.viewOnly?.(profile);
	return own ? {forced: null, reason: own} : null;
}

/** The note of a field whose setting the job's destinations ignore (it can still be set), or null. */
export function fieldNote(spec: FieldSpec, def: JobDefinition, inventory: Inventory): string | null {
	return spec.ignoredAs ? ignoredNote(profileOf(def, inventory), spec.ignoredAs) : null;
}

/** How many rows the page's cursor moves over. */
export function rowCount(def: JobDefinition, page: WizardPage): number {
	if (page === 'destination') return def.destinations.length;
	if (page === 'package') return def.packages.length;
	return pageFields(def, page).length;
}

export function violationsOf(
	def: JobDefinition,
	inventory: Inventory,
	now: number,
	existingNames: readonly string[],
): Violation[] {
	return checkJob({def, inventory, now, existingNames});
}

export function startEdit(wizard: WizardState, spec: FieldSpec): WizardState {
	return {...wizard, edit: {field: spec.id, text: textEdit(spec.text?.(wizard.def) ?? ''), errors: []}};
}

/**
 * Change Installation Conditions (docs/rules.md, The Create Job wizard): the package's conditions with the job's overrides, as a
 * field table. Which fields can change comes from EDITABLE_CONDITIONS; the others are shown view-only. Pure.
 */
import {effectiveConditions} from '../../engine/define.js';
import {indexOf} from '../../engine/inventory.js';
import {
	INSTALL_TIMINGS,
	type InstallConditions,
	type InstallTiming,
	type Inventory,
	type JobDefinition,
} from '../../engine/model.js';
import {formatUtc, parseDate} from '../../engine/rules/fields.js';
import {EDITABLE_CONDITIONS} from '../../engine/rules/page-locks.js';
import {applyTextOp, textEdit, type TextOp} from '../text-edit.js';
import {profileOf, type ConditionField, type FieldEdit} from './wizard-state.js';

export interface ConditionSpec {
	id: ConditionField;
	label: string;
	/** The wizard page JP1/SD shows the condition on, inside the dialog. */
	section: 'System Conditions' | 'Schedule';
	kind: 'choice' | 'text';
	show(c: InstallConditions): string;
	toggle?(c: InstallConditions): Partial<InstallConditions>;
	text?(c: InstallConditions): string;
	parse?(text: string, now: number): {ok: true; value: Partial<InstallConditions>} | {ok: false; error: string};
}

const TIMING_TEXT: Record<InstallTiming, string> = {
	normal: 'on receipt',
	'at-system-start': 'at system start',
	'at-system-stop': 'at system stop',
};
const DATE_HINT = 'YYYY-MM-DD hh:mm (UTC)';

export const CONDITIONS: readonly ConditionSpec[] = [
	{
		id: 'timing',
		label: 'Installation timing',
		section: 'System Conditions',
		kind: 'choice',
		show: c => TIMING_TEXT[c.timing],
		toggle: c => ({timing: INSTALL_TIMINGS[(INSTALL_TIMINGS.indexOf(c.timing) + 1) % INSTALL_TIMINGS.length]!}),
	},
	{
		id: 'mode',
		label: 'Installation mode',
		section: 'System Conditions',
		kind: 'choice',
		show: c => c.mode,
		toggle: c => ({mode: c.mode === 'background' ? 'gui' : 'background'}),
	},
	{
		id: 'replaceExisting',
		label: 'Replace existing package',
		section: 'System Conditions',
		kind: 'choice',
		show: c => (c.replaceExisting ? 'yes' : 'no'),
		toggle: c => ({replaceExisting: !c.replaceExisting}),
	},
	{
		id: 'installAt',
		label: 'Installation date-time',
		section: 'Schedule',
		kind: 'text',
		show: c => (c.installAt === null ? 'none' : formatUtc(c.installAt)),
		text: c => (c.installAt === null ? '' : formatUtc(c.installAt).replace(' UTC', '')),
		parse(text, now) {
			if (!text.trim()) return {ok: true, value: {installAt: null}};
			const at = parseDate(text);
			if (at === null) return {ok: false, error: `"${text}" is not a date: type ${DATE_HINT}, or nothing for none`};
			return at < now
				? {ok: false, error: `Installation date ${formatUtc(at)} is in the past`}
				: {ok: true, value: {installAt: at}};
		},
	},
	{
		id: 'relayExpiresAt',
		label: 'Package expiration at the relay system',
		section: 'Schedule',
		kind: 'text',
		show: c => formatUtc(c.relayExpiresAt),
		text: c => formatUtc(c.relayExpiresAt).replace(' UTC', ''),
		parse(text, now) {
			const at = parseDate(text);
			if (at === null) return {ok: false, error: `"${text}" is not a date: type ${DATE_HINT}`};
			return at <= now
				? {ok: false, error: `Expiration ${formatUtc(at)} must be in the future`}
				: {ok: true, value: {relayExpiresAt: at}};
		},
	},
];

export interface ConditionsDialog {
	packageId: string;
	row: number;
	edit: FieldEdit<ConditionField> | null;
	/** The job as the dialog found it: esc cancels back to it, like esc everywhere else. */
	initial: JobDefinition;
}

/** The dialog opened on a package, its cursor on the first condition this job may change (never on a view-only one). */
export function openConditions(def: JobDefinition, packageId: string, inventory: Inventory): ConditionsDialog {
	const editable = editableConditions(def, inventory);
	return {
		packageId,
		row: Math.max(
			0,
			CONDITIONS.findIndex(c => editable.includes(c.id)),
		),
		edit: null,
		initial: def,
	};
}

export function editableConditions(def: JobDefinition, inventory: Inventory): readonly ConditionField[] {
	return EDITABLE_CONDITIONS[profileOf(def, inventory) === 'security-install' ? 'security' : 'normal'];
}

export function conditionsOf(def: JobDefinition, packageId: string, inventory: Inventory): InstallConditions | null {
	const pkg = indexOf(inventory).packages.get(packageId);
	return pkg ? effectiveConditions(pkg, def) : null;
}

function withOverride(def: JobDefinition, packageId: string, patch: Partial<InstallConditions>): JobDefinition {
	return {
		...def,
		packages: def.packages.map(p => (p.id === packageId ? {...p, conditions: {...p.conditions, ...patch}} : p)),
	};
}

export type ConditionsOutcome = {def: JobDefinition; dialog: ConditionsDialog; error?: string};

/** Enter/space on a condition: toggles a choice or starts typing; a view-only condition says why. */
export function activateCondition(
	def: JobDefinition,
	dialog: ConditionsDialog,
	inventory: Inventory,
): ConditionsOutcome {
	const spec = CONDITIONS[dialog.row];
	const current = conditionsOf(def, dialog.packageId, inventory);
	if (!spec || !current) return {def, dialog};
	if (!editableConditions(def, inventory).includes(spec.id)) {
		return {
			def,
			dialog,
			error: `${spec.label} is view-only: only Replace existing package and the expiration at the relay can be edited for security PCs`,
		};
	}
	if (spec.kind === 'choice') return {def: withOverride(def, dialog.packageId, spec.toggle!(current)), dialog};
	return {def, dialog: {...dialog, edit: {field: spec.id, text: textEdit(spec.text!(current)), errors: []}}};
}

export function conditionText(dialog: ConditionsDialog, op: TextOp): ConditionsDialog {
	return dialog.edit
		? {...dialog, edit: {...dialog.edit, text: applyTextOp(dialog.edit.text, op), errors: []}}
		: dialog;
}

export function commitCondition(def: JobDefinition, dialog: ConditionsDialog, now: number): ConditionsOutcome {
	const edit = dialog.edit;
	const spec = CONDITIONS.find(c => c.id === edit?.field);
	if (!edit || !spec?.parse) return {def, dialog};
	const parsed = spec.parse(edit.text.value, now);
	if (!parsed.ok) return {def, dialog: {...dialog, edit: {...edit, errors: [parsed.error]}}};
	return {def: withOverride(def, dialog.packageId, parsed.value), dialog: {...dialog, edit: null}};
}

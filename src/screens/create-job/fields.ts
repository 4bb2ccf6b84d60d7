/**
 * The Create Job wizard's settings as a table (docs/ARCHITECTURE.md P4): one row per field with its page, how it shows, how it
 * changes and which PAGE_LOCKS forced value fixes it. Pure.
 */
import {formatUtc, parseDate, validateJobName, validateSchedule, validateSplit} from '../../engine/rules/fields.js';
import {JOB_TYPES} from '../../engine/rules/job-types.js';
import type {JobProfile, WizardPage} from '../../engine/rules/page-locks.js';
import type {JobDefinition, JobSettings} from '../../engine/model.js';

export type SettingField =
	| 'name'
	| 'type'
	| 'suspended'
	| 'method'
	| 'split'
	| 'splitBytes'
	| 'splitInterval'
	| 'startAt'
	| 'timeLimit'
	| 'clientAt'
	| 'powerOn'
	| 'shutdownAfter';

export interface FieldContext {
	now: number;
	existingNames: readonly string[];
}

export type Commit = {ok: true; def: JobDefinition} | {ok: false; errors: string[]};

export interface FieldSpec {
	id: SettingField;
	page: WizardPage;
	label: string;
	kind: 'text' | 'choice' | 'read-only';
	show(def: JobDefinition): string;
	/** Choice fields: the next value. */
	toggle?(def: JobDefinition): JobDefinition;
	/** Text fields: the text the editor starts with, and how typed text becomes a value. */
	text?(def: JobDefinition): string;
	commit?(def: JobDefinition, text: string, ctx: FieldContext): Commit;
	/** The PAGE_LOCKS forced-value label that fixes this field. */
	forcedBy?: string;
	hidden?(def: JobDefinition): boolean;
	/** Why the field is view-only for this profile, beyond PAGE_LOCKS (shown next to it). */
	viewOnly?(profile: JobProfile): string | null;
	/** The setting PAGE_LOCKS may list as ignored for a profile: the field stays editable and shows the note. */
	ignoredAs?: keyof JobSettings;
	hint?: string;
}

const withSettings = (def: JobDefinition, patch: Partial<JobSettings>): JobDefinition => ({
	...def,
	settings: {...def.settings, ...patch},
});
const DATE_HINT = 'YYYY-MM-DD hh:mm (UTC); empty for none';
const dateText = (ms: number | null) => (ms === null ? '' : formatUtc(ms).replace(' UTC', ''));

/** Problems a change introduces (present after it, not before): a field refuses exactly those. */
export function newProblems(before: JobDefinition, after: JobDefinition, now: number): string[] {
	// Settings a job profile fixes (multicast outside Install package, …) are locked fields that never change here.
	const problems = (def: JobDefinition) => [...validateSplit(def.settings), ...validateSchedule(def.settings, now)];
	const old = new Set(problems(before));
	return problems(after).filter(p => !old.has(p));
}

function dateField(key: 'startAt' | 'timeLimit' | 'clientAt', noneText: string) {
	return {
		kind: 'text' as const,
		hint: DATE_HINT,
		show: (def: JobDefinition) => (def.settings[key] === null ? noneText : formatUtc(def.settings[key]!)),
		text: (def: JobDefinition) => dateText(def.settings[key]),
		commit(def: JobDefinition, text: string, ctx: FieldContext): Commit {
			const at = text.trim() === '' ? null : parseDate(text);
			if (text.trim() !== '' && at === null) return {ok: false, errors: [`"${text}" is not a date: type ${DATE_HINT}`]};
			const next = withSettings(def, {[key]: at});
			const errors = newProblems(def, next, ctx.now);
			return errors.length ? {ok: false, errors} : {ok: true, def: next};
		},
	};
}

function wholeNumber(text: string): number | null {
	return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

function splitField(
	key: 'bytes' | 'intervalSeconds',
	what: string,
): Pick<FieldSpec, 'kind' | 'show' | 'text' | 'commit' | 'hidden'> {
	return {
		kind: 'text',
		hidden: def => def.settings.split === null,
		show: def => `${def.settings.split?.[key] ?? ''} ${what}`,
		text: def => String(def.settings.split?.[key] ?? ''),
		commit(def, text, ctx) {
			const value = wholeNumber(text);
			if (value === null) return {ok: false, errors: [`"${text}" is not a whole number of ${what}`]};
			const next = withSettings(def, {split: {...def.settings.split!, [key]: value}});
			const errors = newProblems(def, next, ctx.now);
			return errors.length ? {ok: false, errors} : {ok: true, def: next};
		},
	};
}

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

export const FIELDS: readonly FieldSpec[] = [
	{
		id: 'name',
		page: 'job',
		label: 'Job name',
		kind: 'text',
		hint: 'at most 32 characters; no spaces or \\ / * " : \' ! | . < > ?',
		show: def => def.name,
		text: def => def.name,
		commit(def, text, ctx) {
			const errors = validateJobName(text, ctx.existingNames);
			return errors.length ? {ok: false, errors} : {ok: true, def: {...def, name: text}};
		},
	},
	{
		id: 'type',
		page: 'job',
		label: 'Job type',
		kind: 'read-only',
		show: def => `${JOB_TYPES[def.type].label} (fixed when the job was defined)`,
	},
	{
		id: 'suspended',
		page: 'distribution',
		label: 'Suspended destinations',
		kind: 'choice',
		forcedBy: 'Suspended destinations',
		show: def => (def.settings.distributeToSuspended ? 'distribute' : 'do not distribute'),
		toggle: def => withSettings(def, {distributeToSuspended: !def.settings.distributeToSuspended}),
	},
	{
		id: 'method',
		page: 'distribution',
		label: 'Distribution method',
		kind: 'choice',
		forcedBy: 'Distribution method',
		show: def => def.settings.method,
		toggle: def => withSettings(def, {method: def.settings.method === 'unicast' ? 'multicast' : 'unicast'}),
	},
	{
		id: 'split',
		page: 'distribution',
		label: 'Split package',
		kind: 'choice',
		forcedBy: 'Split package',
		show: def => (def.settings.split ? 'split' : 'do not split'),
		toggle: def => withSettings(def, {split: def.settings.split ? null : {bytes: 1_048_576, intervalSeconds: 1}}),
	},
	{id: 'splitBytes', page: 'distribution', label: '  Split size', ...splitField('bytes', 'bytes')},
	{id: 'splitInterval', page: 'distribution', label: '  Interval', ...splitField('intervalSeconds', 'seconds')},
	{id: 'startAt', page: 'schedule', label: 'Start on the server', ...dateField('startAt', 'when executed')},
	{id: 'timeLimit', page: 'schedule', label: 'Execution time limit', ...dateField('timeLimit', 'none')},
	{
		id: 'clientAt',
		page: 'schedule',
		label: 'Execution date at the client',
		forcedBy: 'Execution date-time at the client',
		...dateField('clientAt', 'none'),
		ignoredAs: 'clientAt',
	},
	{
		id: 'powerOn',
		page: 'client-control',
		label: 'Power on the client before the job',
		kind: 'choice',
		forcedBy: 'Power on the client before the job',
		show: def => yesNo(def.settings.powerOn),
		toggle: def => withSettings(def, {powerOn: !def.settings.powerOn}),
	},
	{
		id: 'shutdownAfter',
		page: 'client-control',
		label: 'Shut down the client after the job',
		kind: 'choice',
		forcedBy: 'Shut down the client after the job',
		show: def => yesNo(def.settings.shutdownAfter),
		toggle: def => withSettings(def, {shutdownAfter: !def.settings.shutdownAfter}),
	},
];

export function fieldSpec(id: SettingField): FieldSpec {
	return FIELDS.find(f => f.id === id)!;
}

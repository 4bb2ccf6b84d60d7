/**
 * Field rules of the inventory an admin fills (docs/rules.md): one table of patterns, so the CLI, the TUI's forms and
 * the engine refuse with the same words.
 */

export interface FieldRule {
	/** What the field is called in a refusal. */
	label: string;
	pattern: RegExp;
	/** What the pattern allows, in words. */
	allowed: string;
}

// Names may not hold control characters either: they are shown on terminals.
const NAME = /^[^\\;\u0000-\u001f\u007f-\u009f]{1,50}$/u;

export const FIELD_RULES = {
	packageId: {label: 'package id', pattern: /^[A-Z0-9_-]{1,44}$/, allowed: '1–44 characters A-Z 0-9 - _'},
	packageName: {label: 'package name', pattern: NAME, allowed: '1–50 characters, no \\ ; or control characters'},
	version: {label: 'version', pattern: /^[A-Z0-9/]{1,6}$/, allowed: '1–6 characters A-Z 0-9 /'},
	cabinet: {label: 'cabinet id', pattern: /^[A-Z0-9]{2}$/, allowed: '2 characters A-Z 0-9'},
	groupId: {label: 'group id', pattern: /^[A-Z0-9_-]{1,44}$/, allowed: '1–44 characters A-Z 0-9 - _'},
	groupName: {label: 'group name', pattern: NAME, allowed: '1–50 characters, no \\ ; or control characters'},
	os: {
		label: 'operating system',
		pattern: /^[a-z0-9][a-z0-9._-]{0,31}$/,
		allowed: '1–32 characters a-z 0-9 . _ -, e.g. windows-11',
	},
} as const satisfies Record<string, FieldRule>;

export type FieldName = keyof typeof FIELD_RULES;

/** The refusal for `value` in `field`, or null when it is allowed. */
export function fieldProblem(field: FieldName, value: string): string | null {
	const rule: FieldRule = FIELD_RULES[field];
	if (rule.pattern.test(value)) return null;
	return `${rule.label} ${JSON.stringify(value)} is not allowed: use ${rule.allowed}`;
}

/** An install script names a file inside the package: relative, no `..`, no empty or dot parts. */
export function installScriptProblem(rel: string): string | null {
	const parts = rel.split('/');
	if (
		rel === '' ||
		rel.startsWith('/') ||
		parts.some(p => p === '' || p === '.' || p === '..') ||
		/[\u0000-\u001f\u007f]/.test(rel)
	) {
		return `install script ${JSON.stringify(rel)} must be a relative path inside the package (no leading /, no . or .. parts)`;
	}
	return null;
}

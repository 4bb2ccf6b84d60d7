/**
 * What an id may look like, per kind (docs/rules.md gives the package id; the others follow the demo and scaled sites).
 * Ids appear in commands an admin copies (`rim cert issue SEC-05`) and in every table, so they hold only plain ASCII
 * letters, digits and a few separators: never a space, a control or an invisible character. The data file's schema
 * refuses any other id, naming the field and the entry.
 */
export type IdKind = 'package' | 'host' | 'group' | 'job' | 'cabinet';

export const ID_RULES: Record<IdKind, {pattern: RegExp; words: string}> = {
	package: {pattern: /^[A-Z0-9_-]{1,44}$/, words: '1–44 characters A–Z 0–9 - _'},
	host: {
		pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
		words: '1–64 characters A–Z a–z 0–9 . _ -, starting with a letter or digit',
	},
	// Wider than the host rule: an admin's `rim group create` allows a leading - or _ (engine/rules/inventory-fields.ts).
	group: {
		pattern: /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/,
		words: '1–64 characters A–Z a–z 0–9 . _ -, not starting with .',
	},
	job: {pattern: /^J\d{4,9}$/, words: 'J followed by 4–9 digits'},
	cabinet: {pattern: /^[A-Z0-9]{2}$/, words: '2 characters A–Z 0–9'},
};

export function isValidId(kind: IdKind, id: string): boolean {
	return ID_RULES[kind].pattern.test(id);
}

/** JSON for the terminal and for export files alike: valid JSON whose strings carry no raw control character. */
import {UNSAFE_CHAR} from './sanitize.js';

/**
 * JSON.stringify, then every control, format and separator character inside a string becomes a `\uXXXX` escape:
 * still the same JSON value for a parser, but inert on a terminal (JSON itself only escapes U+0000–U+001F).
 */
const UNSAFE_IN_JSON = new RegExp(`(?!\\n)${UNSAFE_CHAR.source}`, 'gu');

export function safeJson(value: unknown, indent = 2): string {
	// JSON.stringify has escaped C0 inside strings already; a raw line break left is the indentation's.
	return JSON.stringify(value, null, indent).replace(UNSAFE_IN_JSON, ch =>
		[...Array(ch.length).keys()].map(i => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
	);
}

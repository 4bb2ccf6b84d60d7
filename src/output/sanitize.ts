/**
 * Strings from data (package, host, job names; details; error messages quoting input) never reach the terminal with
 * control or format characters in them. Every character of Unicode's Cc (C0, DEL, C1), Cf (zero-width, bidi marks and
 * embeddings/isolates, U+061C, U+FEFF, soft hyphen, tags), Zl/Zp (U+2028/9) and Cs (a lone surrogate) classes becomes
 * a visible escape (`\x1b`, `\u202e`, `\u{e0001}`), so a hostile name renders inert and two names that differ only in
 * invisible characters look different. The result holds only printable text and is a fixed point of `sanitize`.
 */
import {hasUnsafeChar, UNSAFE_CHAR} from '../shared/characters.js';

export {hasUnsafeChar, UNSAFE_CHAR};

function escapeChar(ch: string): string {
	const code = ch.codePointAt(0)!;
	if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
	if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
	return `\\u{${code.toString(16)}}`;
}

export function sanitize(text: string): string {
	return hasUnsafeChar(text) ? text.replace(UNSAFE_CHAR, escapeChar) : text;
}

/** Sanitizes each line of a multi-line text; the line breaks themselves stay. */
export function sanitizeLines(text: string): string {
	return text.split('\n').map(sanitize).join('\n');
}

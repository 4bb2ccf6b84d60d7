/**
 * Strings from data (package, host, job names; details) never reach the terminal with control characters in them:
 * ESC, C0/C1 controls, DEL and bidi overrides become visible escapes (`\x1b`), so a hostile name renders inert.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function sanitize(text: string): string {
	return text.replace(CONTROL, ch => {
		const code = ch.charCodeAt(0);
		return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
	});
}

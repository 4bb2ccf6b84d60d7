/** A name a hostile data file (or network peer) could hold: terminal escapes, C1, DEL, bidi, invisible marks, separators. */
export const HOSTILE =
	'EVIL\x1b]0;pwned\x07\x1b[2J\x9b31m\x7f\x85\u202e\u2066\u200e\u200f\u061c\ufeff\u2028\u2029\u200b\u00ad⚡';

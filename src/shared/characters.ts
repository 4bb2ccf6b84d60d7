/**
 * Characters that must never reach a terminal raw, nor hide inside a name: Unicode's Cc (C0, DEL, C1), Cf (zero-width,
 * bidi marks, embeddings and isolates, U+061C, U+FEFF, soft hyphen, tags), Zl/Zp (U+2028/9) and Cs (lone surrogates).
 * The output layer escapes them; the name rules refuse them.
 */
export const UNSAFE_CHAR = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const TEST_UNSAFE = new RegExp(UNSAFE_CHAR.source, 'u');

/** True when the text holds a control, format or separator character. */
export function hasUnsafeChar(text: string): boolean {
	return TEST_UNSAFE.test(text);
}

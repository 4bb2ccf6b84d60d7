/**
 * Column fitting by terminal cells. Data strings may hold wide (CJK, emoji) or combining characters, so padding by
 * `.length` would break the columns; this is a small East-Asian-width approximation, enough for names.
 */

const ZERO_WIDTH = /[\u0300-\u036f\u200b-\u200f\u20d0-\u20ff\ufe00-\ufe0f]/u;

function isWide(cp: number): boolean {
	return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) || (cp >= 0xac00 && cp <= 0xd7a3)
		|| (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60)
		|| (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd);
}

function charWidth(ch: string): number {
	if (ZERO_WIDTH.test(ch)) return 0;
	return isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
}

/** Terminal cells the text takes. */
export function cellWidth(text: string): number {
	let width = 0;
	for (const ch of text) width += charWidth(ch);
	return width;
}

/** Cuts the text to at most `width` cells, ending in `…` when something was cut. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (cellWidth(text) <= width) return text;
	let out = '';
	let used = 0;
	for (const ch of text) {
		const w = charWidth(ch);
		if (used + w > width - 1) break;
		out += ch;
		used += w;
	}
	return `${out}…`;
}

/** Exactly `width` cells: truncated, then padded on the right (or on the left with `align: 'right'`). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width);
	const pad = ' '.repeat(Math.max(0, width - cellWidth(cut)));
	return align === 'left' ? cut + pad : pad + cut;
}

/** Word-wraps to lines of at most `width` cells; a word longer than a line is cut into pieces. */
export function wrapText(text: string, width: number): string[] {
	if (width <= 0) return [];
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		let rest = word;
		while (cellWidth(rest) > width) {
			if (line) {
				lines.push(line);
				line = '';
			}
			const piece = sliceCells(rest, width);
			lines.push(piece);
			rest = rest.slice(piece.length);
		}
		if (!line) line = rest;
		else if (cellWidth(line) + 1 + cellWidth(rest) <= width) line += ` ${rest}`;
		else {
			lines.push(line);
			line = rest;
		}
	}
	if (line) lines.push(line);
	return lines.length ? lines : [''];
}

function sliceCells(text: string, width: number): string {
	let out = '';
	let used = 0;
	for (const ch of text) {
		const w = charWidth(ch);
		if (used + w > width) break;
		out += ch;
		used += w;
	}
	return out || [...text][0] || '';
}

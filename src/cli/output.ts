/** Plain-text tables and JSON for the headless commands; every data string is sanitized before it is printed. */
import {sanitize} from '../screens/sanitize.js';

export interface Out {
	log(line: string): void;
	error(line: string): void;
}

let stdoutClosed = false;
// `rim jobs | head` closes the pipe early: stop printing, but let the command finish and close the data directory.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
	if (e.code !== 'EPIPE') throw e;
	stdoutClosed = true;
});

export const consoleOut: Out = {
	log: line => {
		if (!stdoutClosed) process.stdout.write(`${line}\n`);
	},
	error: line => process.stderr.write(`${line}\n`),
};

export function json(out: Out, value: unknown): void {
	out.log(JSON.stringify(value, null, 2));
}

/** Display width of a string: wide (CJK, emoji) characters take two columns. */
export function width(text: string): number {
	let w = 0;
	for (const ch of text) {
		const cp = ch.codePointAt(0)!;
		if (cp >= 0x300 && cp <= 0x36f) continue;
		w += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
			(cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
			(cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd)) ? 2 : 1;
	}
	return w;
}

function fit(text: string, max: number): string {
	if (width(text) <= max) return text;
	let out = '';
	for (const ch of text) {
		if (width(out + ch) > max - 1) break;
		out += ch;
	}
	return `${out}…`;
}

/** Aligned columns; cells are sanitized and cut to `maxWidth` columns. */
export function table(out: Out, headers: string[], rows: (string | number)[][], maxWidth = 48): void {
	const cells = rows.map(r => r.map(c => fit(sanitize(String(c)), maxWidth)));
	const widths = headers.map((h, i) => Math.max(width(h), ...cells.map(r => width(r[i] ?? ''))));
	const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  ').trimEnd();
	out.log(line(headers));
	for (const r of cells) out.log(line(r));
}

export function humanSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
	if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
	return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

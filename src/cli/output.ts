/** Plain-text tables and JSON for the headless commands; every data string is sanitized before it is printed. */
import {sanitize} from '../output/sanitize.js';
import {cellWidth, truncate} from '../output/text-fit.js';

export interface Out {
	log(line: string): void;
	error(line: string): void;
	/** Progress for a person watching: one line rewritten in place ('' clears it); absent when nobody watches. */
	status?(line: string): void;
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
	// Only on a terminal: progress in a log file or a pipe would be noise.
	...(process.stderr.isTTY ? {status: (line: string) => process.stderr.write(`\r\x1b[2K${sanitize(line)}`)} : {}),
};

export function json(out: Out, value: unknown): void {
	out.log(JSON.stringify(value, null, 2));
}

/** Aligned columns; cells are sanitized and cut to `maxWidth` columns. */
export function table(out: Out, headers: string[], rows: (string | number)[][], maxWidth = 48): void {
	const cells = rows.map(r => r.map(c => truncate(sanitize(String(c)), maxWidth)));
	const widths = headers.map((h, i) => Math.max(cellWidth(h), ...cells.map(r => cellWidth(r[i] ?? ''))));
	const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - cellWidth(c)))).join('  ').trimEnd();
	out.log(line(headers));
	for (const r of cells) out.log(line(r));
}

/**
 * The one output layer: every line rim prints (CLI stdout and stderr, messages, tables, errors, `--wait` lines, JSON,
 * the TUI's messages before and after the full screen) goes through `Out`, which neutralises control and format
 * characters; JSON escapes them instead, so it stays valid JSON with the same values. Commands never get a raw stream.
 */
import {sanitize, sanitizeLines} from '../output/sanitize.js';
import {cellWidth, truncate} from '../output/text-fit.js';
import {csvLines, type CsvValue} from '../output/csv.js';
import {safeJson} from '../output/json.js';

export {safeJson};
import {UsageError} from './args.js';

export interface Out {
	/** A line (or lines separated by `\n`) for standard output. */
	log(text: string): void;
	/** A line (or lines) for standard error. */
	error(text: string): void;
	/** Progress for a person watching: one line rewritten in place ('' clears it); absent when nobody watches. */
	status?(line: string): void;
}

/** Where the bytes go; `safeOut` is the only caller. */
export interface Sink {
	log(text: string): void;
	error(text: string): void;
	status?(line: string): void;
}

/** Wraps a sink so that nothing unsafe reaches it. Sanitizing is idempotent, so wrapping twice changes nothing. */
export function safeOut(sink: Sink): Out {
	const status = sink.status?.bind(sink);
	return {
		log: text => sink.log(sanitizeLines(text)),
		error: text => sink.error(sanitizeLines(text)),
		// A status line is rewritten in place, so a line break in it is escaped too.
		...(status ? {status: (line: string) => status(sanitize(line))} : {}),
	};
}

const gone = new Set<NodeJS.WriteStream>();
const goneListeners = new Set<() => void>();

/**
 * `rim jobs | head` closes the pipe (EPIPE); an SSH hang-up makes every write to the pty fail (EIO). Both mean the
 * reader is gone: stop writing there, let the command or the TUI finish its work and close the data directory.
 */
export function isTerminalGone(e: unknown): boolean {
	const code = (e as NodeJS.ErrnoException | null)?.code;
	return code === 'EPIPE' || code === 'EIO' || code === 'ENXIO' || code === 'ERR_STREAM_DESTROYED';
}

function watch(stream: NodeJS.WriteStream): void {
	stream.on('error', (e: NodeJS.ErrnoException) => {
		if (!isTerminalGone(e)) throw e;
		if (gone.has(stream)) return;
		gone.add(stream);
		for (const listener of goneListeners) listener();
	});
}
watch(process.stdout);
watch(process.stderr);

/** Calls `listener` once stdout or stderr can no longer be written (hang-up, closed pipe); returns an unsubscribe. */
export function onTerminalGone(listener: () => void): () => void {
	goneListeners.add(listener);
	return () => goneListeners.delete(listener);
}

function write(stream: NodeJS.WriteStream, text: string, end = '\n'): void {
	if (gone.has(stream) || stream.destroyed) return;
	try {
		stream.write(text + end);
	} catch (e) {
		if (!isTerminalGone(e)) throw e;
		gone.add(stream);
	}
}

/**
 * rim's own terminal control: the alternate screen of the TUI, and the TUI's frames (drawn by Ink from text that
 * screens/text.tsx has sanitized, with rim's own escapes for colours and cursor moves). The only bytes written here
 * that are not sanitized text; a hang-up (EIO) while writing them ends the TUI like SIGHUP (see onTerminalGone).
 */
const ENTER_ALT = '\u001B[?1049h\u001B[H';
const LEAVE_ALT = '\u001B[?1049l';
export const fullScreen = {
	enter: () => write(process.stdout, ENTER_ALT, ''),
	leave: () => write(process.stdout, LEAVE_ALT, ''),
	/** Bytes of a frame, as they are. */
	write: (bytes: string) => write(process.stdout, bytes, ''),
};

/** Erases the terminal line the cursor is on, so a status line can be rewritten in place. */
const CLEAR_LINE = '\r\u001B[2K';

export const processSink: Sink = {
	log: text => write(process.stdout, text),
	error: text => write(process.stderr, text),
	// Only on a terminal: progress in a log file or a pipe would be noise.
	...(process.stderr.isTTY ? {status: (line: string) => write(process.stderr, CLEAR_LINE + line, '')} : {}),
};

export const consoleOut: Out = safeOut(processSink);

export function json(out: Out, value: unknown): void {
	out.log(safeJson(value));
}

/** An export as CSV (output/csv.ts): a header record, then one record per row, each one line. */
export function csv(out: Out, header: readonly string[], rows: readonly (readonly CsvValue[])[]): void {
	for (const line of csvLines(header, rows)) out.log(line);
}

/** `--csv` and `--json` are two formats of one output: one at a time. */
export function formatOf(values: {json?: unknown; csv?: unknown}): 'csv' | 'json' | 'text' {
	if (values.csv && values.json) throw new UsageError('--csv and --json are two formats of the same output: give one');
	return values.csv ? 'csv' : values.json ? 'json' : 'text';
}

/** Aligned columns; cells are sanitized and cut to `maxWidth` columns. */
export function table(out: Out, headers: string[], rows: (string | number)[][], maxWidth = 48): void {
	const cells = rows.map(r => r.map(c => truncate(String(c), maxWidth)));
	const widths = headers.map((h, i) => Math.max(cellWidth(h), ...cells.map(r => cellWidth(r[i] ?? ''))));
	const line = (r: string[]) =>
		r
			.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - cellWidth(c))))
			.join('  ')
			.trimEnd();
	out.log(line(headers));
	for (const r of cells) out.log(line(r));
}

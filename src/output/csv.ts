/**
 * CSV for exports (`--csv`): RFC 4180 fields — a field with a comma, a double quote, or a space at either end is quoted,
 * quotes doubled — after the output layer's own rule (control and format characters become visible escapes, so a
 * record is always one line). A text cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or
 * carriage return first) gets a leading `'`, so opening the export runs nothing. Numbers and booleans are written as
 * they are. Records end with a line feed, like every line rim prints.
 */
import {sanitize} from './sanitize.js';

export type CsvValue = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
	if (value === null) return '';
	if (typeof value !== 'string') return String(value);
	const text = sanitize(value);
	const safe = FORMULA_START.test(text) ? `'${text}` : text;
	return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvRecord(values: readonly CsvValue[]): string {
	return values.map(csvCell).join(',');
}

/** The header record, then one record per row. */
export function csvLines(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string[] {
	return [csvRecord(header), ...rows.map(csvRecord)];
}

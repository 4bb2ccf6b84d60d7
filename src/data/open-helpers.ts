/** Opening helpers of the store: replaying rim.journal onto the snapshot, and cleaning up after a crashed writer. */
import {readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {err, ok, type Result} from '../shared/result.js';
import {TMP_SUFFIX} from './atomic-file.js';
import {KEYS_DIR, PAYLOADS_DIR} from './blobs.js';
import {describe, oneLine, type StoreError} from './errors.js';
import {readJournal} from './journal.js';
import type {DocumentRules} from './load-document.js';

/** What replaying needs of the store's options. */
export interface JournalRules<T> extends DocumentRules<T> {
	applyRecord?: (doc: T, record: unknown) => T;
}

/**
 * Replays rim.journal (every complete line, in order) onto the document read from rim.json and validates the result.
 * Modifies nothing: on any failure both files are exactly as they were.
 */
export function replayJournal<T>(
	snapshot: T | null,
	file: string,
	journalFile: string,
	opts: JournalRules<T>,
): Result<{value: T | null; journalBytes: number}, StoreError> {
	const read = readJournal(journalFile);
	const hint = `it was left untouched. Move it aside to open ${path.basename(file)} without the changes recorded since it was written, or run \`rim demo reset\` to start a new demo fleet.`;
	if (!read.ok) {
		if (read.kind === 'io')
			return err({
				kind: 'io',
				file: journalFile,
				message: `could not read data journal ${journalFile} (${read.reason}); check its permissions and retry.`,
			});
		return err({kind: 'corrupt', file: journalFile, message: `data journal ${journalFile}: ${read.reason}; ${hint}`});
	}
	if (read.records.length === 0) return ok({value: snapshot, journalBytes: read.bytes});
	if (snapshot === null)
		return err({
			kind: 'corrupt',
			file: journalFile,
			message: `data journal ${journalFile} has records but there is no ${file} to apply them to; ${hint}`,
		});
	if (!opts.applyRecord)
		return err({
			kind: 'invalid',
			file: journalFile,
			message: `data journal ${journalFile} cannot be read by this program; ${hint}`,
		});
	let value: T = snapshot as T;
	for (let i = 0; i < read.records.length; i++) {
		try {
			value = opts.applyRecord(value, read.records[i]);
		} catch (e) {
			return err({
				kind: 'invalid',
				file: journalFile,
				message: `data journal ${journalFile}: line ${i + 1} cannot be applied (${describe(e)}); ${hint}`,
			});
		}
	}
	const checked = opts.validate(value);
	if (!checked.ok) {
		return err({
			kind: 'invalid',
			file: journalFile,
			message: `data file ${file} with its journal ${journalFile} does not match schema version ${opts.schemaVersion} (${oneLine(checked.reason)}); ${hint}`,
		});
	}
	return ok({value: checked.value, journalBytes: read.bytes});
}

// Temp files of a writer that crashed mid-write; we hold the lock, so no live writer owns them.
export function removeLeftoverTempFiles(dir: string): void {
	for (const sub of ['.', PAYLOADS_DIR, KEYS_DIR]) {
		try {
			for (const name of readdirSync(path.join(dir, sub))) {
				if (TMP_SUFFIX.test(name)) rmSync(path.join(dir, sub, name), {force: true});
			}
		} catch {
			// Best effort: a missing folder has no temp files, and one we cannot delete is never read.
		}
	}
}

import {existsSync} from 'node:fs';
import type {Low} from 'lowdb';
import {err, ok, type Result} from '../shared/result.js';
import {describe, oneLine, recoveryHint, type StoreError} from './errors.js';
import {DiskReadError, type DiskDoc} from './durable-json-file.js';

/** What the caller's document must satisfy; the subset of StoreOptions that reading needs. */
export interface DocumentRules<T> {
	schemaVersion: number;
	validate: (raw: unknown) => {ok: true; value: T} | {ok: false; reason: string};
	migrations?: Record<number, (raw: any) => any>;
}

/** A document read and brought to the current version; `migratedFrom` is the version on disk if it was older. */
export interface Loaded<T> {
	value: T | null;
	migratedFrom: number | null;
}

/**
 * Reads rim.json through lowdb, then checks the version, migrates and validates in memory. Writes nothing: on
 * any failure the file and its backups are exactly as they were.
 */
export async function loadDocument<T>(
	db: Low<DiskDoc>,
	file: string,
	backup: string,
	rules: DocumentRules<T>,
): Promise<Result<Loaded<T>, StoreError>> {
	const hint = () => recoveryHint(file, existsSync(backup) ? backup : null);
	const noFile = db.data;
	try {
		await db.read();
	} catch (e) {
		if (!(e instanceof DiskReadError)) throw e;
		if (e.kind === 'io') {
			return err({
				kind: 'io',
				file,
				message: `could not read data file ${file} (${e.reason}); check its permissions and retry.`,
			});
		}
		return err({kind: e.kind, file, message: `data file ${file} ${e.reason}; it was left untouched. ${hint()}`});
	}
	// lowdb keeps the default object when the adapter reports no file.
	if (db.data === noFile) return ok({value: null, migratedFrom: null});

	const {schemaVersion: version, state} = db.data;
	if (version > rules.schemaVersion) {
		return err({
			kind: 'newer-schema',
			file,
			version,
			message:
				`data file ${file} was written by a newer rim (schema version ${version}; this rim reads up to ` +
				`${rules.schemaVersion}); it was left untouched. Upgrade rim, or use another --data-dir.`,
		});
	}
	const migrated = migrate(state, version, rules);
	if (!migrated.ok) {
		return err({
			kind: 'invalid',
			file,
			message: `data file ${file} ${migrated.error}; it was left untouched. ${hint()}`,
		});
	}
	const checked = rules.validate(migrated.value);
	if (!checked.ok) {
		const from = version < rules.schemaVersion ? ` after migrating from version ${version}` : '';
		return err({
			kind: 'invalid',
			file,
			message: `data file ${file} does not match schema version ${rules.schemaVersion}${from} (${oneLine(checked.reason)}); it was left untouched. ${hint()}`,
		});
	}
	return ok({value: checked.value, migratedFrom: version < rules.schemaVersion ? version : null});
}

function migrate(state: unknown, from: number, rules: DocumentRules<unknown>): Result<unknown, string> {
	let raw = state;
	for (let v = from; v < rules.schemaVersion; v++) {
		const step = rules.migrations?.[v];
		if (!step) return err(`has schema version ${from}, and this rim has no migration from version ${v}`);
		try {
			raw = step(raw);
		} catch (e) {
			// Migrations run on raw, unvalidated JSON, so a malformed old file can make one throw.
			return err(`could not be migrated from version ${v} (${describe(e)})`);
		}
	}
	return ok(raw);
}

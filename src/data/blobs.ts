import {chmodSync, mkdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import path from 'node:path';
import {errno} from './errors.js';
import {writeFileDurableSync} from './atomic-file.js';

/** Subdirectories of the data directory that hold files rather than JSON. */
export const PAYLOADS_DIR = 'payloads';
export const KEYS_DIR = 'keys';

// Ids become file names: refuse anything that could climb out of the folder or hide as a dot file.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Where a payload or secret lives; throws on an unsafe name, which is a caller bug. */
export function blobPath(dir: string, sub: typeof PAYLOADS_DIR | typeof KEYS_DIR, name: string, ext: string): string {
	if (!SAFE_NAME.test(name)) throw new Error(`unsafe ${sub} name ${JSON.stringify(name)}`);
	return path.join(dir, sub, `${name}${ext}`);
}

/** Writes a package payload to `<dir>/payloads/<id>.bin` (owner-only, like the folder), atomically and durably. */
export function writePayloadFile(dir: string, id: string, bytes: Uint8Array): void {
	const file = blobPath(dir, PAYLOADS_DIR, id, '.bin');
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	writeFileDurableSync(file, bytes, 0o600);
}

/**
 * A secret's text, or null when it does not exist. A key file readable by others (mode loosened to 0644 by hand or by
 * a copy) is tightened back to 0600 before use, and `warn` says so.
 */
export function readSecretFile(file: string, warn: (message: string) => void): string | null {
	const text = readOptional(file);
	if (text === null) return null;
	const mode = statSync(file).mode & 0o777;
	if (mode & 0o077) {
		chmodSync(file, 0o600);
		warn(`key file ${file} was readable by others (mode ${mode.toString(8).padStart(4, '0')}); its mode is now 0600`);
	}
	return text.toString('utf8');
}

/** Deletes `<dir>/payloads/<id>.bin` (nothing when there is none). */
export function removePayloadFile(dir: string, id: string): void {
	rmSync(blobPath(dir, PAYLOADS_DIR, id, '.bin'), {force: true});
}

/** Writes a secret to `<dir>/keys/<name>.pem` with mode 0600 in a 0700 folder, atomically and durably. */
export function writeSecretFile(dir: string, name: string, text: string): void {
	const file = blobPath(dir, KEYS_DIR, name, '.pem');
	const keys = path.dirname(file);
	mkdirSync(keys, {recursive: true, mode: 0o700});
	// mkdir keeps the mode of a folder that already exists; a key folder must never be readable by others.
	chmodSync(keys, 0o700);
	writeFileDurableSync(file, Buffer.from(text, 'utf8'), 0o600);
}

/** The file's bytes, or null when it does not exist; other read errors throw. */
export function readOptional(file: string): Buffer | null {
	try {
		return readFileSync(file);
	} catch (e) {
		if (errno(e) === 'ENOENT') return null;
		throw e;
	}
}

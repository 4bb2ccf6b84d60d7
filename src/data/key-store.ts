import {err, ok, type Result} from '../shared/result.js';
import {blobPath, KEYS_DIR, readSecretFile, writeSecretFile} from './blobs.js';
import {ioError, type StoreError} from './errors.js';
import type {SecretStore} from './store-port.js';

/** Secrets as `<dir>/keys/<name>.pem`, mode 0600 in a 0700 folder (temp file, then rename). */
export class FileKeyStore implements SecretStore {
	constructor(
		private readonly dir: string,
		/** Told when a key file's mode was loosened and is tightened back. */
		private readonly warn: (message: string) => void,
	) {}

	writeSecret(name: string, text: string): Result<void, StoreError> {
		const file = blobPath(this.dir, KEYS_DIR, name, '.pem');
		try {
			writeSecretFile(this.dir, name, text);
			return ok(undefined);
		} catch (e) {
			return err(ioError(file, `write key file ${file}`, e, `check free space and permissions in ${this.dir}.`));
		}
	}

	readSecret(name: string): string | null {
		return readSecretFile(blobPath(this.dir, KEYS_DIR, name, '.pem'), this.warn);
	}
}

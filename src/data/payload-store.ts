import {err, ok, type Result} from '../shared/result.js';
import {blobPath, PAYLOADS_DIR, readOptional, writePayloadFile} from './blobs.js';
import {ioError, type StoreError} from './errors.js';
import {PayloadCache} from './payload-cache.js';
import type {PayloadStore} from './store-port.js';

/** Package payloads as `<dir>/payloads/<id>.bin` (temp file, then rename), read through a cache. */
export class FilePayloadStore implements PayloadStore {
	private readonly cache = new PayloadCache();

	constructor(private readonly dir: string) {}

	writePayload(id: string, bytes: Uint8Array): Result<void, StoreError> {
		this.cache.forget(id);
		const file = blobPath(this.dir, PAYLOADS_DIR, id, '.bin');
		try {
			writePayloadFile(this.dir, id, bytes);
			return ok(undefined);
		} catch (e) {
			return err(ioError(file, `write payload ${file}`, e, `check free space and permissions in ${this.dir}.`));
		}
	}

	readPayload(id: string): Uint8Array | null {
		// Every security PC of a job authenticates the same payload: read it from disk once (this process is the
		// directory's only writer, so the cache can only go stale through writePayload, which forgets the entry).
		return this.cache.get(id, () => readOptional(blobPath(this.dir, PAYLOADS_DIR, id, '.bin')));
	}
}

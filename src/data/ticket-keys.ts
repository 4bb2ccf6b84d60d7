/**
 * The agent port's TLS session ticket keys (docs/agent-protocol.md, Identity), kept in `DATA_DIR/agents/tls-ticket-keys`
 * (mode 0600) so that agents coming back after a manager restart resume their TLS sessions instead of each making a full
 * handshake with client-certificate signatures on both sides. New keys are made when there are none or when they are a
 * day old, so a stolen key file opens no session recorded long before.
 */
import {randomBytes} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {writeFileDurableSync} from './atomic-file.js';

/** Node's TLS servers take 48 bytes: a key name, an HMAC key and an AES key. */
const TICKET_KEY_BYTES = 48;
export const TICKET_KEYS_MAX_AGE_MS = 24 * 3600 * 1000;

export function ticketKeys(dataDir: string, now: number): Buffer {
	const file = path.join(dataDir, 'agents', 'tls-ticket-keys');
	if (existsSync(file)) {
		const keys = readFileSync(file);
		if (keys.length === TICKET_KEY_BYTES && now - statSync(file).mtimeMs < TICKET_KEYS_MAX_AGE_MS) return keys;
	}
	const keys = randomBytes(TICKET_KEY_BYTES);
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	writeFileDurableSync(file, keys, 0o600);
	return keys;
}

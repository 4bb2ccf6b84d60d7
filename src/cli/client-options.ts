/**
 * What `rim agent` and `rim relay` check alike before they start: the folder, the upstream URL, the host name, the OS
 * and whole-number options, each refused in one line (exit 2); and the signals that stop them.
 */
import os from 'node:os';
import {ID_RULES} from '../shared/ids.js';
import {UsageError} from './args.js';

export function wholeOption(value: unknown, flag: string, min: number, max: number, fallback: number): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isSafeInteger(n) || n < min || n > max)
		throw new UsageError(`--${flag} wants a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
	return n;
}

/** --dir, --server, --name and --os of a client; `what` names it in the messages ("agent", "relay"). */
export function clientIdentity(
	values: {dir?: unknown; server?: unknown; name?: unknown; os?: unknown},
	what: 'agent' | 'relay',
	serverMeaning: string,
): {dir: string; server: URL; name: string; os: string} {
	const letter = what === 'agent' ? 'A' : 'R';
	if (typeof values.dir !== 'string' || values.dir === '')
		throw new UsageError(`missing --dir ${letter} (the folder where the ${what} keeps everything)`);
	if (typeof values.server !== 'string')
		throw new UsageError(`missing --server URL (${serverMeaning}, https://HOST:PORT)`);
	let server: URL;
	try {
		server = new URL(values.server);
	} catch {
		throw new UsageError(`--server wants an https:// URL, not ${JSON.stringify(values.server)}`);
	}
	if (server.protocol !== 'https:')
		throw new UsageError(
			`--server wants an https:// URL (${what}s speak only TLS), not ${JSON.stringify(values.server)}`,
		);
	const name = typeof values.name === 'string' ? values.name : os.hostname().split('.')[0]!;
	if (!ID_RULES.host.pattern.test(name))
		throw new UsageError(`--name ${JSON.stringify(name)} is not a host name rim accepts: ${ID_RULES.host.words}`);
	const osName = String(values.os ?? (process.platform === 'linux' ? 'linux' : process.platform));
	if (!/^[a-z0-9][a-z0-9._-]{0,31}$/.test(osName))
		throw new UsageError(`--os wants 1–32 characters a-z 0-9 . _ -, not ${JSON.stringify(osName)}`);
	return {dir: values.dir, server, name, os: osName};
}

/** Runs `body` with an abort signal that SIGTERM or SIGINT fires, and lets go of the signals after it. */
export async function untilSignalled<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
	const stop = new AbortController();
	const onSignal = () => stop.abort();
	process.once('SIGTERM', onSignal);
	process.once('SIGINT', onSignal);
	try {
		return await body(stop.signal);
	} finally {
		process.off('SIGTERM', onSignal);
		process.off('SIGINT', onSignal);
	}
}

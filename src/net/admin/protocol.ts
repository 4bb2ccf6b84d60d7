/**
 * The admin protocol between a manager and the rim processes attached to it (docs/admin-protocol.md). Every request
 * carries an id; every answer names the id it answers. Messages are validated here, field by field: whatever arrives on
 * the socket is treated as hostile input.
 */

/** The socket's name inside the data directory. */
export const SOCKET_NAME = 'rim.sock';

/** Limits and deadlines, with their defaults; each is checked when a server or client is built. */
export const ADMIN_DEFAULTS = Object.freeze({
	/** Largest message a manager accepts from a client (a command line, an action's arguments). */
	maxRequestBytes: 1024 * 1024,
	/** Largest message a client accepts from the manager (a snapshot of a 10,000-host site with a large job). */
	maxReplyBytes: 256 * 1024 * 1024,
	/** Bytes queued to one client before its live view is dropped and resynchronised with a fresh snapshot. */
	maxQueuedBytes: 32 * 1024 * 1024,
	/** How long a client waits to connect before it takes the socket for a stale one and opens the data directory itself. */
	connectTimeoutMs: 2_000,
	/** Once connected, how long a client waits for the greeting: a manager busy with a large site can be slow to answer,
	 *  and it holds the data directory, so giving up early would only trade a wait for a refusal. */
	greetingTimeoutMs: 30_000,
	/** How long a manager waits for in-flight commands when it stops, before it ends them. */
	closeTimeoutMs: 10_000,
});

export type AdminLimits = {[K in keyof typeof ADMIN_DEFAULTS]: number};

export function checkLimits(limits: Partial<AdminLimits>): AdminLimits {
	const merged = {...ADMIN_DEFAULTS, ...limits};
	for (const [name, value] of Object.entries(merged)) {
		if (!Number.isSafeInteger(value) || value <= 0)
			throw new RangeError(`admin option ${name} must be a positive integer, not ${value}`);
	}
	return merged;
}

/**
 * Who a client acts for, for the manager's audit log: its Unix user and where the action comes from. The socket is
 * the owner's alone (mode 0600), so the user is the owner's own word about which login it is.
 */
export interface ActingAs {
	user: string;
	origin: 'tui' | 'cli' | 'agent';
}

/** What a client asks. */
export type AdminRequest =
	/** Run a headless command as `rim ARGV…` would; answered with output lines and an exit code. */
	| {id: number; op: 'command'; argv: string[]; as?: ActingAs}
	/** Live view: one snapshot, then deltas, until the connection closes. */
	| {id: number; op: 'watch'}
	/** One engine action of the TUI (define, execute, rerun, delete, lab actions). */
	| {id: number; op: 'call'; method: string; args: unknown[]; as?: ActingAs};

/** `as` as the manager reads it: absent, or a user name (1–64 characters) and a known origin. */
function actingAs(raw: unknown): {ok: true; value: ActingAs | undefined} | {ok: false; reason: string} {
	if (raw === undefined) return {ok: true, value: undefined};
	if (
		!isObject(raw) ||
		typeof raw.user !== 'string' ||
		raw.user.length < 1 ||
		raw.user.length > 64 ||
		(raw.origin !== 'tui' && raw.origin !== 'cli' && raw.origin !== 'agent')
	) {
		return {ok: false, reason: 'as needs user: string (1-64 characters) and origin: tui, cli or agent'};
	}
	return {ok: true, value: {user: raw.user, origin: raw.origin}};
}

/** What the manager sends. */
export type AdminReply =
	| {hello: {pid: number; dataDir: string}}
	| {id: number; out: string}
	| {id: number; err: string}
	| {id: number; exit: number}
	| {id: number; result: unknown}
	/** The `rim …` line of an action the call made (for the caller's hint line), before its result. */
	| {id: number; did: string}
	/** How far a long call has come (packing a package), before its result. */
	| {id: number; progress: {done: number; total: number}}
	| {id: number; snapshot: unknown}
	| {id: number; delta: unknown}
	/** A real site's agents waiting for the admin, whole: after the snapshot, and again whenever the list changes. */
	| {id: number; pending: unknown}
	| {bye: string};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** A request as the manager reads it, or why it is not one. */
export function parseRequest(raw: unknown): {ok: true; value: AdminRequest} | {ok: false; reason: string} {
	if (!isObject(raw)) return {ok: false, reason: 'a request must be a JSON object'};
	const {id, op} = raw;
	if (!Number.isSafeInteger(id) || (id as number) < 0)
		return {ok: false, reason: 'a request needs a non-negative integer id'};
	switch (op) {
		case 'command': {
			if (!Array.isArray(raw.argv) || !raw.argv.every(a => typeof a === 'string'))
				return {ok: false, reason: 'command needs argv: string[]'};
			const as = actingAs(raw.as);
			if (!as.ok) return as;
			return {ok: true, value: {id: id as number, op, argv: raw.argv as string[], ...(as.value ? {as: as.value} : {})}};
		}
		case 'watch':
			return {ok: true, value: {id: id as number, op}};
		case 'call': {
			if (typeof raw.method !== 'string' || !Array.isArray(raw.args))
				return {ok: false, reason: 'call needs method: string and args: []'};
			const as = actingAs(raw.as);
			if (!as.ok) return as;
			return {
				ok: true,
				value: {id: id as number, op, method: raw.method, args: raw.args, ...(as.value ? {as: as.value} : {})},
			};
		}
		default:
			return {ok: false, reason: `unknown op ${JSON.stringify(op)}`};
	}
}

/** A reply as a client reads it, or null when it is not one. */
export function parseReply(raw: unknown): AdminReply | null {
	if (!isObject(raw)) return null;
	if (isObject(raw.hello) && Number.isSafeInteger(raw.hello.pid) && typeof raw.hello.dataDir === 'string') {
		return {hello: {pid: raw.hello.pid as number, dataDir: raw.hello.dataDir}};
	}
	if (typeof raw.bye === 'string') return {bye: raw.bye};
	if (!Number.isSafeInteger(raw.id)) return null;
	const id = raw.id as number;
	if (typeof raw.out === 'string') return {id, out: raw.out};
	if (typeof raw.err === 'string') return {id, err: raw.err};
	if (Number.isSafeInteger(raw.exit)) return {id, exit: raw.exit as number};
	if ('result' in raw) return {id, result: raw.result};
	if (typeof raw.did === 'string') return {id, did: raw.did};
	if (isObject(raw.progress)) {
		const {done, total} = raw.progress;
		return Number.isSafeInteger(done) && Number.isSafeInteger(total)
			? {id, progress: {done: done as number, total: total as number}}
			: null;
	}
	if ('snapshot' in raw) return {id, snapshot: raw.snapshot};
	if ('delta' in raw) return {id, delta: raw.delta};
	if ('pending' in raw) return {id, pending: raw.pending};
	return null;
}

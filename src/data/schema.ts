/**
 * The shape of rim.json, checked on every load so a hand-edited or foreign file is refused with the path of the first
 * bad field instead of crashing later. Version 2 split the simulated PCs' truth out of the host records; version 3 keeps
 * each destination's earlier attempts and a scheduled destination's start time; version 4 added network sites (`rim
 * init`: a fleet section of kind `network`) and packages' install scripts; version 5 keeps saved definitions and their
 * folders apart from executions; version 6 lets rim.journal hold field-level records (a run's steps, one field of a
 * simulated PC), which an older rim cannot replay; version 7 keeps what a real relay last reported of itself (its
 * cache) on its host record; version 8 lets the journal record what changed together (a job's runs, a field of many
 * hosts) as one record. The store knows no engine type:
 * `SiteDocument` is what this schema accepts, and test/schema-model.test.ts proves at compile time that it is exactly
 * the engine's `EngineState` plus the simulated fleet's `SimulationState` (each assignable to the other), so a field
 * added on one side and not the other fails `tsc`.
 */
import {z} from 'zod';
import {BOUNDS, JS_TIME_LIMIT} from '../shared/bounds.js';
import {ID_RULES, type IdKind} from '../shared/ids.js';
import {isCanonicalMaintenanceCode, type MaintenanceCode} from '../shared/maintenance-code.js';

export const SCHEMA_VERSION = 8;

/** A time a JavaScript Date can hold: a file with another one is refused on load instead of breaking later. */
const time = z.number().finite().min(-JS_TIME_LIMIT).max(JS_TIME_LIMIT);
const nullableTime = time.nullable();

/** An id of this kind (or a reference to one): anything else is refused with the rule's words. */
const id = (kind: IdKind) =>
	z.string().regex(ID_RULES[kind].pattern, {message: `not a valid ${kind} id (${ID_RULES[kind].words})`});

const installed = z.object({packageId: id('package'), version: z.string(), installedAt: time});

const device = z.object({
	pkiOffice: z.string(),
	freeMemoryBytes: z.number().nonnegative(),
	deviceCertPem: z.string().nullable(),
	caCertPem: z.string().nullable(),
	corruptPayloadOffsets: z.array(z.number().int().nonnegative()),
});

const host = z.object({
	id: id('host'),
	name: z.string(),
	kind: z.enum(['standard-pc', 'security-pc', 'relay']),
	parent: id('host').nullable(),
	os: z.string(),
	started: z.boolean(),
	installed: z.array(installed),
	certificate: z.object({serial: z.string(), notBefore: time, notAfter: time}).nullable(),
	relay: z
		.object({
			reportedAt: time,
			cacheBytes: z.number().int().nonnegative(),
			capacityBytes: z.number().int().nonnegative(),
			packageCount: z.number().int().nonnegative(),
			packages: z.array(
				z.object({
					id: id('package').nullable(),
					version: z.string().nullable(),
					digest: z.string().regex(/^[0-9a-f]{64}$/),
					bytes: z.number().int().nonnegative(),
				}),
			),
			fetching: z.number().int().nonnegative(),
			waitingResults: z.number().int().nonnegative(),
		})
		.nullable(),
});

const simulatedPc = z.object({
	id: id('host'),
	started: z.boolean(),
	linkBytesPerSecond: z.number().positive(),
	freeDiskBytes: z.number().nonnegative(),
	installed: z.array(installed),
	relayStore: z.array(z.object({packageId: id('package'), version: z.string(), expiresAt: time})),
	user: z.discriminatedUnion('answer', [
		z.object({answer: z.literal('yes'), afterMs: z.number().nonnegative()}),
		z.object({answer: z.literal('later')}),
		z.object({answer: z.literal('cancel')}),
	]),
	device: device.nullable(),
});

const conditions = z.object({
	timing: z.enum(['normal', 'at-system-start', 'at-system-stop']),
	installAt: nullableTime,
	mode: z.enum(['background', 'gui']),
	replaceExisting: z.boolean(),
	relayExpiresAt: time,
});

const pkg = z.object({
	id: id('package'),
	name: z.string(),
	version: z.string(),
	generation: z.number().int(),
	cabinet: id('cabinet'),
	kind: z.enum(['standard', 'update-data']),
	size: z.number().int().nonnegative(),
	sha256: z.string().regex(/^[0-9a-f]{64}$/),
	platforms: z.array(z.string()),
	conditions,
	installScript: z.string().min(1).nullable(),
	auth: z.object({manifest: z.string(), signature: z.string(), signerCertPem: z.string()}).nullable(),
	createdAt: time,
});

const code = z.custom<MaintenanceCode>(isCanonicalMaintenanceCode, {
	message: 'not a maintenance code (12 upper-case hexadecimal digits)',
});

const runState = z.discriminatedUnion('state', [
	z.discriminatedUnion('reason', [
		z.object({state: z.literal('waiting'), reason: z.enum(['queued', 'not-started'])}),
		z.object({state: z.literal('waiting'), reason: z.literal('scheduled'), startAt: time}),
	]),
	z.object({state: z.literal('transferring')}),
	z.object({state: z.literal('at-relay'), relay: id('host')}),
	z.object({
		state: z.literal('waiting-at-client'),
		reason: z.enum([
			'awaiting-user',
			'answered-later',
			'restarting',
			'downloading',
			'authenticating',
			'install-timing',
			'client-date',
			'queued',
		]),
	}),
	z.object({state: z.literal('installing'), collecting: z.literal(true).optional()}),
	z.object({state: z.literal('finished'), code, note: z.string().nullable()}),
	z.object({state: z.literal('error'), code, detail: z.string()}),
	z.object({state: z.literal('rejected'), code, detail: z.string()}),
]);

const stateName = z.enum([
	'waiting',
	'transferring',
	'at-relay',
	'waiting-at-client',
	'installing',
	'finished',
	'error',
	'rejected',
]);

const history = z.array(z.object({at: time, state: stateName, text: z.string()}));

const attemptRecord = z.object({attempt: z.number().int().positive(), status: runState, lastHeard: time, history});

const run = z.object({
	host: id('host'),
	attempt: z.number().int().positive(),
	status: runState,
	lastHeard: time,
	history,
	collected: z.array(installed).nullable(),
	earlier: z.array(attemptRecord),
});

const destination = z.discriminatedUnion('kind', [
	z.object({kind: z.literal('host'), id: id('host')}),
	z.object({kind: z.literal('group'), id: id('group')}),
]);

const definitionContent = {
	name: z.string(),
	type: z.enum(['install', 'transfer-to-relay', 'get-software-info']),
	destinations: z.array(destination),
	packages: z.array(z.object({id: id('package'), conditions: conditions.partial()})),
	settings: z.object({
		distributeToSuspended: z.boolean(),
		method: z.enum(['unicast', 'multicast']),
		split: z
			.object({
				bytes: z.number().int().positive().max(BOUNDS.splitBytes.max),
				intervalSeconds: z.number().int().nonnegative().max(BOUNDS.splitIntervalSeconds.max),
			})
			.nullable(),
		startAt: nullableTime,
		timeLimit: nullableTime,
		clientAt: nullableTime,
		powerOn: z.boolean(),
		shutdownAfter: z.boolean(),
	}),
};

const job = z.object({
	id: id('job'),
	...definitionContent,
	createdAt: time,
	executedAt: time,
	definition: z.object({id: z.string().min(1), name: z.string()}).nullable(),
	runs: z.array(run),
});

const definition = z.object({
	id: z.string().min(1),
	...definitionContent,
	folder: z.string().nullable(),
	createdAt: time,
	modifiedAt: time,
});

const folder = z.object({id: z.string().min(1), name: z.string().min(1), parent: z.string().nullable()});

export const engineStateSchema = z.object({
	inventory: z.object({
		hosts: z.array(host),
		groups: z.array(z.object({id: id('group'), name: z.string(), members: z.array(id('host'))})),
		cabinets: z.array(z.object({id: id('cabinet'), name: z.string()})),
		packages: z.array(pkg),
	}),
	jobs: z.array(job),
	definitions: z.array(definition),
	folders: z.array(folder),
	office: z.object({caCertPem: z.string(), fingerprint: z.string(), signerCertPem: z.string()}),
	clockHighWater: time,
	nextJobNumber: z.number().int().positive(),
	nextDefinitionNumber: z.number().int().positive(),
	nextFolderNumber: z.number().int().positive(),
	seed: z.number().int(),
	fleet: z.discriminatedUnion('kind', [
		z.object({kind: z.literal('simulated'), pcs: z.array(simulatedPc)}),
		z.object({kind: z.literal('network')}),
	]),
});

/** The whole document: the managing server's state and the fleet's own section. */
export type SiteDocument = z.infer<typeof engineStateSchema>;

/** The value at a path of the raw document, for the message (cut short: it may be long or hostile). */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
	let at: unknown = raw;
	for (const key of path)
		at = at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined;
	return at;
}

/** ` in jobs.0 (id "J0001")`: the nearest enclosing entry that has an id, when the bad field is not that id. */
function entryOf(raw: unknown, path: readonly PropertyKey[]): string {
	for (let end = path.length - 1; end > 0; end--) {
		if (typeof path[end - 1] !== 'number') continue;
		const entry = valueAt(raw, path.slice(0, end));
		const entryId = entry !== null && typeof entry === 'object' ? (entry as {id?: unknown}).id : undefined;
		if (typeof entryId === 'string' && !(end === path.length - 1 && path[end] === 'id')) {
			return ` in ${path.slice(0, end).join('.')} (id ${JSON.stringify(entryId.slice(0, 64))})`;
		}
	}
	return '';
}

/**
 * Validates a raw document; the reason names the first bad field, the entry it belongs to and the value refused,
 * e.g. `inventory.hosts.3.id "SEC 05": not a valid host id (…)`.
 */
export function validateEngineState(raw: unknown): {ok: true; value: SiteDocument} | {ok: false; reason: string} {
	const parsed = engineStateSchema.safeParse(raw);
	if (parsed.success) return {ok: true, value: parsed.data};
	const issue = parsed.error.issues[0]!;
	const value = valueAt(raw, issue.path);
	const shown =
		typeof value === 'string' ? ` ${JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value)}` : '';
	return {
		ok: false,
		reason: `${issue.path.join('.') || '(root)'}${shown}${entryOf(raw, issue.path)}: ${issue.message}`,
	};
}

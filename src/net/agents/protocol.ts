/**
 * The agent protocol (docs/agent-protocol.md): HTTPS + JSON between `rim agent` and the manager's agent port. Every
 * message from the network is checked here with zod before anything else reads it; limits are named options with
 * defaults, checked when a server or an agent is built.
 */
import {z} from 'zod';
import {ID_RULES} from '../../shared/ids.js';
import {isCanonicalMaintenanceCode, type MaintenanceCode} from '../../shared/maintenance-code.js';

/** Every deadline and size limit of the agent port, with its default (one table; docs/agent-protocol.md, Limits). */
export const AGENT_PORT_DEFAULTS = {
	/** Largest request body the manager reads (a poll with its results, an enrolment); larger is refused (413). */
	maxBodyBytes: 1024 * 1024,
	/** How long the manager holds a poll that has nothing to hand out. Below the agent's response timeout. */
	holdMs: 20_000,
	/** An agent that has not polled for this long is reported not started. */
	graceMs: 90_000,
	/** Most tasks handed out in one poll answer. */
	maxTasksPerPoll: 32,
	/** Chunk size of payload downloads. */
	chunkBytes: 1024 * 1024,
	/** Result ids remembered per host to answer a repeated result with the same ack. */
	rememberedResults: 512,
	/** Pause the manager asks for after an answer with work (0: poll again at once). */
	busyPollMs: 0,
	/** Tasks kept per host; more are refused with a connection error on the run (the queue says it is full). */
	maxQueuedTasks: 256,
} as const;

export type AgentPortLimits = {-readonly [K in keyof typeof AGENT_PORT_DEFAULTS]: number};

/** Checks limits when a server is built: every one a positive whole number, the hold below the grace period. */
export function agentPortLimits(partial: Partial<AgentPortLimits> = {}): AgentPortLimits {
	const limits = {...AGENT_PORT_DEFAULTS, ...partial};
	for (const [name, value] of Object.entries(limits)) {
		if (!Number.isSafeInteger(value) || value < 0)
			throw new RangeError(`agent port limit ${name} must be a whole number ≥ 0, not ${value}`);
	}
	if (limits.holdMs >= limits.graceMs)
		throw new RangeError(`holdMs (${limits.holdMs}) must be below graceMs (${limits.graceMs})`);
	return limits;
}

/** Roles a join token can carry: the two kinds of PC `rim agent` runs as, and a relay system (`rim relay`). */
export const ROLES = ['pc', 'security-pc', 'relay'] as const;
export type AgentRole = (typeof ROLES)[number];
/** The roles `rim agent` runs as (a relay is `rim relay`). */
export const AGENT_ROLES = ['pc', 'security-pc'] as const satisfies readonly AgentRole[];

const hostId = z.string().regex(ID_RULES.host.pattern, {message: `not a valid host name (${ID_RULES.host.words})`});
const digest = z.string().regex(/^[0-9a-f]{64}$/);
const pem = z.string().max(16 * 1024);
const shortText = z.string().max(2000);
const time = z.number().finite().min(0).max(8.64e15);

export const enrolRequestSchema = z.object({
	name: hostId,
	token: z.string().max(300).nullable(),
	/** Without a token, the role the agent asks for (the admin sees it when accepting). */
	role: z.enum(ROLES),
	os: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,31}$/),
	csrPem: pem,
	/** Security PCs: the public key the device certificate is issued over (its private key stays on the agent). */
	devicePublicKeyPem: pem.nullable(),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

/** An enrolled agent asks for a new certificate before its own expires (over its current one). */
export const renewRequestSchema = z.object({csrPem: pem});
export const renewAnswerSchema = z.object({certPem: pem});

/** True once less than a third of a certificate's lifetime is left: the agent renews it. */
export function needsRenewal(notBefore: number, notAfter: number, now: number): boolean {
	return notAfter - now < (notAfter - notBefore) / 3;
}

export type EnrolAnswer =
	| {
			status: 'enrolled';
			certPem: string;
			caCertPem: string;
			device: {certPem: string; caCertPem: string; officeFingerprint: string} | null;
	  }
	| {status: 'pending'; retryAfterMs: number}
	| {status: 'refused'; reason: string};

export const enrolAnswerSchema: z.ZodType<EnrolAnswer> = z.discriminatedUnion('status', [
	z.object({
		status: z.literal('enrolled'),
		certPem: pem,
		caCertPem: pem,
		device: z.object({certPem: pem, caCertPem: pem, officeFingerprint: digest}).nullable(),
	}),
	z.object({status: z.literal('pending'), retryAfterMs: z.number().int().min(0).max(3_600_000)}),
	z.object({status: z.literal('refused'), reason: shortText}),
]);

const installed = z.object({
	packageId: z.string().regex(ID_RULES.package.pattern),
	version: z.string().max(6),
	installedAt: time,
});
const failure = z.object({
	code: z.custom<MaintenanceCode>(isCanonicalMaintenanceCode, {message: 'not a maintenance code'}),
	detail: shortText,
});

/** What the agent reports for one task (the manager adds the run key it keeps for the task). */
export const reportSchema = z.discriminatedUnion('kind', [
	z.object({kind: z.literal('reached-client')}),
	z.object({kind: z.literal('delivery-failed'), failure}),
	z.object({kind: z.literal('user-answered'), answer: z.enum(['yes', 'later', 'cancel'])}),
	z.object({kind: z.literal('restarted')}),
	z.object({kind: z.literal('downloaded')}),
	z.object({kind: z.literal('authenticated'), failure: failure.nullable()}),
	z.object({kind: z.literal('installed'), installed: z.array(installed).max(1000), failure: failure.nullable()}),
	z.object({kind: z.literal('collected'), packages: z.array(installed).max(10_000)}),
	z.object({kind: z.literal('done')}),
	/**
	 * A relay holds the packages of a deliver task: for its own task (Transfer package to relay system) the task is done;
	 * for a task of a host below it, the host's run is at the relay and the task stays queued for the host.
	 */
	z.object({kind: z.literal('reached-relay'), relay: hostId}),
]);
export type AgentReport = z.infer<typeof reportSchema>;

export const resultSchema = z.object({
	id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
	task: z.string().regex(/^T\d{1,12}$/),
	report: reportSchema,
});
export type AgentResult = z.infer<typeof resultSchema>;

/** Most cached packages a relay names in one report (the most recently used; the count says how many it holds). */
export const RELAY_REPORT_PACKAGES = 64;
const bytes = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const count = z.number().int().min(0).max(10_000_000);

/** A relay's report of itself, carried by each of its own polls (docs/relay.md, What a relay reports). */
export const relayStatusSchema = z.object({
	cacheBytes: bytes,
	capacityBytes: bytes,
	packageCount: count,
	packages: z
		.array(
			z.object({
				id: z.string().regex(ID_RULES.package.pattern).nullable(),
				version: z.string().max(6).nullable(),
				digest,
				bytes,
			}),
		)
		.max(RELAY_REPORT_PACKAGES),
	fetching: count,
	waitingResults: count,
});
export type RelayStatusReport = z.infer<typeof relayStatusSchema>;

export const pollRequestSchema = z.object({
	results: z.array(resultSchema).max(256),
	/** The agent's installed list and os, refreshed on every poll (small). */
	os: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,31}$/),
	/**
	 * Tasks the agent has taken and not yet seen acknowledged (being carried out, or their result not yet acked): the
	 * manager does not hand them out again, and holds a poll that would get only those. Absent (an older agent): every
	 * queued task is handed out, and any queued task answers the poll at once.
	 */
	taken: z
		.array(z.string().regex(/^T\d{1,12}$/))
		.max(256)
		.optional(),
	/** Only from a relay, about itself. */
	relay: relayStatusSchema.optional(),
});
export type PollRequest = z.infer<typeof pollRequestSchema>;

/** A package as the agent needs it: what to fetch (by digest), how to install it, and its authentication data. */
export const wirePackageSchema = z.object({
	id: z.string().regex(ID_RULES.package.pattern),
	version: z.string().max(6),
	digest,
	size: z.number().int().min(0),
	// A path inside the package: never absolute, never out of it.
	installScript: z
		.string()
		.max(1024)
		.refine(p => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), 'not a path inside the package')
		.nullable(),
	replaceExisting: z.boolean(),
	auth: z.object({manifest: z.string().max(4096), signature: z.string().max(4096), signerCertPem: pem}).nullable(),
	/** Expiration at the relay system (site clock, epoch ms): a relay keeps the payload until then and delivers nothing after. */
	relayExpiresAt: time.optional(),
});
export type WirePackage = z.infer<typeof wirePackageSchema>;

const runKey = z.object({
	job: z.string().regex(ID_RULES.job.pattern),
	host: hostId,
	attempt: z.number().int().positive(),
});

export const orderSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('deliver'),
		jobType: z.enum(['install', 'transfer-to-relay', 'get-software-info']),
		security: z.boolean(),
		packages: z.array(wirePackageSchema).max(64),
	}),
	z.object({kind: z.literal('ask-user')}),
	z.object({kind: z.literal('restart')}),
	z.object({kind: z.literal('download'), packages: z.array(wirePackageSchema).max(64)}),
	z.object({kind: z.literal('authenticate'), packages: z.array(wirePackageSchema).max(64)}),
	z.object({kind: z.literal('install'), packages: z.array(wirePackageSchema).max(64)}),
	z.object({kind: z.literal('collect')}),
	z.object({kind: z.literal('device-certificate'), certPem: pem, caCertPem: pem, officeFingerprint: digest}),
]);
export type TaskOrder = z.infer<typeof orderSchema>;

export const taskSchema = z.object({id: z.string().regex(/^T\d{1,12}$/), key: runKey.nullable(), order: orderSchema});
export type Task = z.infer<typeof taskSchema>;

export const pollAnswerSchema = z.object({
	acks: z.array(z.string().max(64)).max(256),
	tasks: z.array(taskSchema).max(256),
	nextPollMs: z.number().int().min(0).max(3_600_000),
	/** The site clock (the engine's, which a lab may run faster than the wall): relays judge expirations by it. */
	siteNow: time.optional(),
});
export type PollAnswer = z.infer<typeof pollAnswerSchema>;

export const chunkListSchema = z.object({
	digest,
	size: z.number().int().min(0),
	chunkBytes: z.number().int().positive(),
	chunks: z.array(digest).max(1_000_000),
});
export type ChunkList = z.infer<typeof chunkListSchema>;

/** Which reports answer which task: anything else is refused as hostile (one table, read by the manager). */
export const REPORTS_FOR: Record<TaskOrder['kind'], readonly AgentReport['kind'][]> = {
	deliver: ['reached-client', 'delivery-failed', 'reached-relay'],
	'ask-user': ['user-answered'],
	restart: ['restarted', 'delivery-failed'],
	download: ['downloaded', 'delivery-failed'],
	authenticate: ['authenticated'],
	install: ['installed'],
	collect: ['collected'],
	'device-certificate': ['done'],
};

// ── Relay envelopes (docs/relay.md) ──────────────────────────────────────────────────────────────────────────────────
// A relay speaks for the hosts below it. Each request it forwards names the chain it came through, from the host it is
// about up to the relay just below the sender, each with the serial of the certificate it presented; the manager
// checks every link against the tree it keeps and every serial against the office's records.

const serial = z.string().regex(/^[0-9A-Fa-f]{1,64}$/);
export const hopSchema = z.object({id: hostId, serial});
export type Hop = z.infer<typeof hopSchema>;
/** Stacking deeper than this is refused. */
export const MAX_HOPS = 8;
const hops = z.array(hopSchema).max(MAX_HOPS);

/** Enrolment of a host below a relay: `hops` are the relays between it and the sender (none when directly below). */
export const relayEnrolSchema = z.object({hops, request: enrolRequestSchema});
/** A poll for the host `hops[0]`, through the relays `hops[1…]` and the sender. */
export const relayPollSchema = pollRequestSchema.extend({hops: hops.min(1)});
export type RelayPoll = z.infer<typeof relayPollSchema>;
export const relayRenewSchema = renewRequestSchema.extend({hops: hops.min(1)});
/** A relay's TLS server certificate for the names its children dial (`hops` empty: the sender's own). */
export const relayCertificateSchema = z.object({
	hops,
	csrPem: pem,
	names: z
		.array(z.string().regex(/^[A-Za-z0-9.:-]{1,253}$/))
		.min(1)
		.max(32),
});
export const relayCertificateAnswerSchema = z.object({certPem: pem});

/** The token as pasted: `rim1.<id>.<secret>.<ca sha256>`. */
export const TOKEN_PATTERN = /^rim1\.([0-9a-f]{16})\.([A-Za-z0-9_-]{43})\.([0-9a-f]{64})$/;

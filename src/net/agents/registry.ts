/**
 * The certification office's desk for agents (docs/agent-protocol.md, Enrolment): join tokens (only a hash of each
 * secret is kept), enrolled and pending agents, and the serials it revoked. Kept in `DATA_DIR/agents/registry.json`
 * (mode 0600), written durably before any answer leaves the manager: changes are group commits, and whoever answers
 * an agent or an admin awaits {@link AgentRegistry.durable} first.
 */
import {createHash, randomBytes, timingSafeEqual, X509Certificate} from 'node:crypto';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import {z} from 'zod';
import {GroupCommit} from '../../data/group-commit.js';
import {
	AGENT_CERT_VALIDITY_MS,
	csrPublicKey,
	signAgentCertificate,
	signServerCertificate,
} from '../../engine/pki/agent-certs.js';
import {BoundedCache} from '../../engine/pki/certs.js';
import {issueDeviceCertificate, type Office} from '../../engine/pki/index.js';
import {DEVICE_CERT_VALIDITY_MS} from '../../engine/certificates.js';
import type {Rng} from '../../engine/rng.js';
import {err, ok, type Result} from '../../shared/result.js';
import {ROLES, TOKEN_PATTERN, type AgentRole, type EnrolRequest} from './protocol.js';

const tokenRecord = z.object({
	id: z.string(),
	secretSha256: z.string(),
	role: z.enum(ROLES),
	usesLeft: z.number().int().min(0),
	expiresAt: z.number(),
	createdAt: z.number(),
});
const agentRecord = z.object({
	id: z.string(),
	role: z.enum(ROLES),
	os: z.string(),
	status: z.enum(['pending', 'enrolled']),
	csrPem: z.string(),
	devicePublicKeyPem: z.string().nullable(),
	certPem: z.string().nullable(),
	serial: z.string().nullable(),
	deviceCertPem: z.string().nullable(),
	requestedAt: z.number(),
	/** The relay it enrolled through (null: directly under the manager); records from before relays have none. */
	parent: z.string().nullable().default(null),
	/**
	 * The certificate a renewal replaces, still accepted until the agent first shows the new one (it may crash before it
	 * stores it); then revoked. Its request, for a relay that asks for a server certificate over that key meanwhile.
	 */
	previousSerial: z.string().nullable().default(null),
	previousCsrPem: z.string().nullable().default(null),
});
const registryFile = z.object({version: z.literal(1), tokens: z.array(tokenRecord), revoked: z.array(z.string())});

export type AgentRecord = z.infer<typeof agentRecord>;
type RegistryData = z.infer<typeof registryFile> & {agents: AgentRecord[]};

/** What enrolment decided: the agent's certificate (and device files), a wait for the admin, or a refusal. */
export type Enrolment =
	| {status: 'enrolled'; agent: AgentRecord; fresh: boolean}
	| {status: 'pending'; agent: AgentRecord; fresh: boolean};

/** The group-commit key of registry.json (no agent id can be empty). */
const ROOT = '';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
// Checking a request's signature takes forge ~10 ms; one enrolment looks at the same request several times.
const checkedKeys = new BoundedCache<forge.pki.PublicKey | null>(64);
const keyOf = (csrPem: string) =>
	checkedKeys.get(csrPem, () => {
		const key = csrPublicKey(csrPem);
		return key.ok ? key.value : null;
	});
/** Two requests carry the same key pair (an agent asking again) when their public keys match. */
const sameKey = (a: string, b: string) => {
	const ka = keyOf(a);
	const kb = keyOf(b);
	return ka !== null && kb !== null && forge.pki.publicKeyToPem(ka) === forge.pki.publicKeyToPem(kb);
};

/** SHA-256 (hex) of the DER of the public key a signing request carries; null when it does not verify. */
export function requestKeySha256(csrPem: string): string | null {
	const key = keyOf(csrPem);
	if (!key) return null;
	const der = forge.asn1.toDer(forge.pki.publicKeyToAsn1(key)).getBytes();
	return createHash('sha256').update(Buffer.from(der, 'binary')).digest('hex');
}

export class AgentRegistry {
	private data: RegistryData;
	private readonly file: string;
	/** One small file per agent, so an enrolment writes its own record and not every agent's. */
	private readonly hostsDir: string;
	/** Agent ids whose record changed, and ROOT for the tokens and revoked serials. */
	private readonly writes = new GroupCommit<string>(keys =>
		keys.map(key => {
			if (key === ROOT) {
				const {agents: _agents, ...rest} = this.data;
				return {file: this.file, bytes: Buffer.from(JSON.stringify(rest)), mode: 0o600};
			}
			const agent = this.data.agents.find(a => a.id === key);
			const file = path.join(this.hostsDir, `${key}.json`);
			return {file, bytes: agent ? Buffer.from(JSON.stringify(agent)) : null, mode: 0o600};
		}),
	);
	private caHashMemo: string | null = null;

	/** How long the certificates it signs for agents and relays are valid (`rim server --agent-cert-validity`). */
	certValidityMs: number = AGENT_CERT_VALIDITY_MS;

	constructor(
		dataDir: string,
		private readonly office: Office,
		private readonly rng: Rng,
	) {
		this.file = path.join(dataDir, 'agents', 'registry.json');
		this.hostsDir = path.join(dataDir, 'agents', 'hosts');
		this.data = this.read();
	}

	private read(): RegistryData {
		let data: RegistryData = {version: 1, tokens: [], revoked: [], agents: []};
		if (existsSync(this.file)) {
			const parsed = registryFile.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
			if (!parsed.success)
				throw new Error(`${this.file} is not an agent registry: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
			data = {...parsed.data, agents: []};
		}
		if (existsSync(this.hostsDir)) {
			for (const name of readdirSync(this.hostsDir).filter(n => n.endsWith('.json'))) {
				const parsed = agentRecord.safeParse(JSON.parse(readFileSync(path.join(this.hostsDir, name), 'utf8')));
				if (!parsed.success)
					throw new Error(
						`${path.join(this.hostsDir, name)} is not an agent record: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
					);
				data.agents.push(parsed.data);
			}
		}
		return data;
	}

	/** Marks the tokens and revoked serials, and the one agent record that changed (or its removal), for writing. */
	private save(agent: AgentRecord | {removed: string} | null = null): void {
		if (agent) this.writes.mark('removed' in agent ? agent.removed : agent.id);
		this.writes.mark(ROOT);
	}

	/** Resolves once every change made before the call is on disk (before an answer leaves the manager). */
	durable(): Promise<void> {
		return this.writes.durable();
	}

	/** The CA hash a join token carries: SHA-256 of the CA certificate's DER. */
	caHash(): string {
		this.caHashMemo ??= createHash('sha256')
			.update(new X509Certificate(this.office.public.caCertPem).raw)
			.digest('hex');
		return this.caHashMemo;
	}

	createToken(opts: {role: AgentRole; uses: number; expiresAt: number; now: number}): string {
		const id = randomBytes(8).toString('hex');
		const secret = randomBytes(32).toString('base64url');
		this.data.tokens.push({
			id,
			secretSha256: sha256(secret),
			role: opts.role,
			usesLeft: opts.uses,
			expiresAt: opts.expiresAt,
			createdAt: opts.now,
		});
		this.save();
		return `rim1.${id}.${secret}.${this.caHash()}`;
	}

	/** Checks a pasted token; the refusal is one line that names no secret. */
	private useToken(token: string, now: number): Result<AgentRole, string> {
		const m = TOKEN_PATTERN.exec(token);
		if (!m) return err('the join token is not a rim token (expected rim1.<id>.<secret>.<ca hash>)');
		const [, id, secret, ca] = m as unknown as [string, string, string, string];
		if (ca !== this.caHash()) return err('the join token was made by another certification office');
		const record = this.data.tokens.find(t => t.id === id);
		const given = Buffer.from(sha256(secret), 'hex');
		if (!record || !timingSafeEqual(given, Buffer.from(record.secretSha256, 'hex')))
			return err('the join token is not known to this manager');
		if (record.expiresAt <= now)
			return err('the join token has expired; ask the admin for a new one (rim token create)');
		if (record.usesLeft <= 0)
			return err('the join token has been used already; ask the admin for a new one (rim token create)');
		record.usesLeft -= 1;
		return ok(record.role);
	}

	/** Enrols (with a token), admits again (same name, same key: the same answer), or records a pending agent. */
	enrol(
		request: EnrolRequest,
		now: number,
		hostTaken: (id: string) => boolean,
		parent: string | null = null,
	): Result<Enrolment, string> {
		if (!keyOf(request.csrPem)) {
			const checked = csrPublicKey(request.csrPem);
			return err(checked.ok ? 'the certificate signing request does not verify' : checked.error.reason);
		}
		const known = this.data.agents.find(a => a.id.toLowerCase() === request.name.toLowerCase());
		if (known) {
			if (!sameKey(known.csrPem, request.csrPem))
				return err(`the name ${request.name} is taken by another agent; start this one with another --name`);
			if (known.parent !== parent)
				return err(
					`${request.name} enrolled ${known.parent ? `through relay ${known.parent}` : 'directly with the manager'}; start it with that --server`,
				);
			if (known.status === 'enrolled') return ok({status: 'enrolled', agent: known, fresh: false});
			if (request.token === null) return ok({status: 'pending', agent: known, fresh: false});
		} else if (hostTaken(request.name)) {
			return err(`the name ${request.name} is taken by another host; start this agent with another --name`);
		}
		if (request.token === null) {
			const agent: AgentRecord = {
				id: request.name,
				role: request.role,
				os: request.os,
				status: 'pending',
				csrPem: request.csrPem,
				devicePublicKeyPem: request.devicePublicKeyPem,
				certPem: null,
				serial: null,
				deviceCertPem: null,
				requestedAt: now,
				parent,
				previousSerial: null,
				previousCsrPem: null,
			};
			this.data.agents.push(agent);
			this.save(agent);
			return ok({status: 'pending', agent, fresh: true});
		}
		const role = this.useToken(request.token, now);
		if (!role.ok) return role;
		const agent: AgentRecord = {
			id: request.name,
			role: role.value,
			os: request.os,
			status: 'pending',
			csrPem: request.csrPem,
			devicePublicKeyPem: request.devicePublicKeyPem,
			certPem: null,
			serial: null,
			deviceCertPem: null,
			requestedAt: now,
			parent,
			previousSerial: null,
			previousCsrPem: null,
		};
		this.data.agents = [...this.data.agents.filter(a => a !== known), agent];
		return ok(this.sign(agent, now));
	}

	/** `rim host accept`: the office signs a pending agent's request. */
	accept(id: string, now: number): Result<Enrolment, string> {
		const agent = this.data.agents.find(a => a.id === id);
		if (!agent) return err(`no pending agent "${id}"`);
		if (agent.status === 'enrolled') return err(`${id} is enrolled already`);
		return ok(this.sign(agent, now));
	}

	private sign(agent: AgentRecord, now: number): Enrolment {
		const publicKey = keyOf(agent.csrPem)!;
		agent.certPem = this.signAgent(publicKey, agent.id, now);
		agent.serial = new X509Certificate(agent.certPem).serialNumber.toUpperCase();
		agent.status = 'enrolled';
		if (agent.role === 'security-pc') {
			agent.deviceCertPem = issueDeviceCertificate(this.office, {
				hostId: agent.id,
				notBefore: now - 60_000,
				notAfter: now + DEVICE_CERT_VALIDITY_MS,
				rng: this.rng,
				publicKeyPem: agent.devicePublicKeyPem ?? undefined,
			});
		}
		this.save(agent);
		return {status: 'enrolled', agent, fresh: true};
	}

	private signAgent(publicKey: forge.pki.PublicKey, agentId: string, now: number): string {
		return signAgentCertificate(this.office, {publicKey, agentId, now, validityMs: this.certValidityMs, rng: this.rng});
	}

	/**
	 * An enrolled agent's new certificate over the (new) key of `csrPem`. The one in use stays valid until the agent
	 * shows the new one ({@link present}), so an agent killed before it stored the answer still gets in and asks again.
	 * Asked again over the same key, the answer is the same certificate; over another key, the unused one is revoked.
	 */
	renew(id: string, csrPem: string, now: number): Result<string, string> {
		const agent = this.data.agents.find(a => a.id === id && a.status === 'enrolled');
		if (!agent) return err(`${id} is not an enrolled agent`);
		const publicKey = keyOf(csrPem);
		if (!publicKey) return err('the certificate signing request does not verify');
		const pending = agent.previousSerial !== null;
		if (pending && agent.certPem && sameKey(agent.csrPem, csrPem)) return ok(agent.certPem);
		if (pending && agent.serial) this.data.revoked.push(agent.serial);
		else {
			agent.previousSerial = agent.serial;
			agent.previousCsrPem = agent.csrPem;
		}
		agent.csrPem = csrPem;
		agent.certPem = this.signAgent(publicKey, agent.id, now);
		agent.serial = new X509Certificate(agent.certPem).serialNumber.toUpperCase();
		this.save(agent);
		return ok(agent.certPem);
	}

	/**
	 * The agent a verified client certificate (or a relay's hop) belongs to, as it connects: the first time an agent
	 * shows its renewed certificate, the one it replaced is revoked. Null when revoked or unknown (refused).
	 */
	present(serial: string): AgentRecord | null {
		const agent = this.agentBySerial(serial);
		if (agent?.previousSerial && agent.serial === serial.toUpperCase()) {
			this.data.revoked.push(agent.previousSerial);
			agent.previousSerial = null;
			agent.previousCsrPem = null;
			this.save(agent);
		}
		return agent;
	}

	/** A relay's TLS server certificate over the key of `csrPem`, for the names its children dial. */
	signRelayServer(id: string, csrPem: string, names: string[], now: number): Result<string, string> {
		const agent = this.data.agents.find(a => a.id === id && a.status === 'enrolled');
		if (!agent || agent.role !== 'relay') return err(`${id} is not an enrolled relay`);
		const publicKey = keyOf(csrPem);
		if (!publicKey) return err('the certificate signing request does not verify');
		if (!sameKey(agent.csrPem, csrPem) && !(agent.previousCsrPem && sameKey(agent.previousCsrPem, csrPem)))
			return err("a relay's server certificate is issued over its own key only");
		return ok(
			signServerCertificate(this.office, {
				publicKey,
				subject: `rim relay ${id}`,
				names,
				now,
				validityMs: this.certValidityMs,
				rng: this.rng,
			}),
		);
	}

	/** `rim host remove`: the agent's certificate is revoked; its next handshake is refused. Returns whether it was an agent. */
	revoke(id: string): boolean {
		const agent = this.data.agents.find(a => a.id === id);
		if (!agent) return false;
		if (agent.serial) this.data.revoked.push(agent.serial);
		if (agent.previousSerial) this.data.revoked.push(agent.previousSerial);
		this.data.agents = this.data.agents.filter(a => a !== agent);
		this.save({removed: agent.id});
		return true;
	}

	/** The enrolled agent a verified client certificate belongs to; null when revoked or unknown (refused). */
	agentBySerial(serial: string): AgentRecord | null {
		const s = serial.toUpperCase();
		if (this.data.revoked.includes(s)) return null;
		return this.data.agents.find(a => a.status === 'enrolled' && (a.serial === s || a.previousSerial === s)) ?? null;
	}

	pending(): AgentRecord[] {
		return this.data.agents.filter(a => a.status === 'pending');
	}

	agent(id: string): AgentRecord | undefined {
		return this.data.agents.find(a => a.id === id);
	}
}

/**
 * Enrolment as the site sees it: the registry decides (token, pending, accept, revoke); an admitted agent becomes a host
 * of the engine's inventory (kind from its role, under the server, not started until it polls).
 */
import {actingAs} from '../../actor.js';
import {certificateRecord} from '../../engine/certificates.js';
import type {Host, HostKind} from '../../engine/model.js';
import type {SiteAction} from '../../engine/site-actions.js';
import {err, ok, type Result} from '../../shared/result.js';
import type {NetworkFleet} from './network-fleet.js';
import type {AgentRole, EnrolAnswer, EnrolRequest, Hop} from './protocol.js';
import type {PendingAgent} from './pending-view.js';
import {requestKeySha256, type AgentRecord, type AgentRegistry, type Enrolment} from './registry.js';

/** What the desk needs of the engine. */
export interface AgentSite {
	host(id: string): Host | undefined;
	addHost(host: Host): Promise<Result<Host, {message: string}>>;
	/** Tells the audit log (as the actor of the work under way). */
	noteAction(action: SiteAction): void;
	/** Wall-clock time: tokens and certificates are about real time, whatever speed the lab clock runs at. */
	now(): number;
	/** The site clock (the engine's): relays judge a package's expiration by it. */
	siteNow(): number;
	caCertPem: string;
	officeFingerprint: string;
}

const KIND_OF_ROLE: Record<AgentRole, HostKind> = {pc: 'standard-pc', 'security-pc': 'security-pc', relay: 'relay'};

/** How often a pending agent asks again. */
export const PENDING_RETRY_MS = 2_000;

export class AgentDesk {
	/** Called after an agent is revoked (the agent port cuts its open connections). */
	onRevoke: (id: string) => void = () => {};

	/** The agents waiting for the admin, oldest first; a new array only when the list changed. */
	private pending: readonly PendingAgent[];
	private readonly pendingListeners = new Set<() => void>();

	constructor(
		readonly registry: AgentRegistry,
		readonly fleet: NetworkFleet,
		private readonly site: AgentSite,
	) {
		this.pending = this.readPending();
		// However the host is removed (CLI, TUI, attached or not), its agent is revoked with it.
		fleet.onHostRemoved = id => this.revoke(id);
		// A new device certificate goes over the key the PC made for its device; its private key stays there.
		fleet.devicePublicKey = id => this.registry.agent(id)?.devicePublicKeyPem ?? null;
	}

	/**
	 * An agent asks to enrol; a first request (not one asked again) is in the audit log as the agent's own action.
	 * `parent`: the relay the request came through (checked by the caller), null for the manager itself.
	 */
	async enrol(request: EnrolRequest, parent: string | null = null): Promise<EnrolAnswer> {
		const decided = this.registry.enrol(request, this.site.now(), id => this.site.host(id) !== undefined, parent);
		if (!decided.ok) return {status: 'refused', reason: decided.error};
		// The token's use and the agent's record are on disk before its certificate leaves (with every enrolment of the
		// same moment: one batch of writes).
		await this.registry.durable();
		if (decided.value.fresh) this.pendingMayHaveChanged();
		const answer = await this.answer(decided.value);
		const {agent, fresh} = decided.value;
		if (fresh && answer.status !== 'refused') {
			actingAs({user: agent.id, origin: 'agent'}, () =>
				this.site.noteAction({
					kind: answer.status === 'pending' ? 'agent-pending' : 'agent-enrolled',
					host: agent.id,
					role: agent.role,
				}),
			);
		}
		return answer;
	}

	/** Who waits for `rim host accept`, oldest first (the same array until the list changes). */
	pendingAgents(): readonly PendingAgent[] {
		return this.pending;
	}

	/** Hears every change of the pending list (an agent asked, was accepted, enrolled with a token, was removed). */
	onPendingChange(listener: () => void): () => void {
		this.pendingListeners.add(listener);
		return () => this.pendingListeners.delete(listener);
	}

	private readPending(): PendingAgent[] {
		return this.registry
			.pending()
			.map(a => ({
				id: a.id,
				role: a.role,
				os: a.os,
				parent: a.parent,
				requestedAt: a.requestedAt,
				keySha256: requestKeySha256(a.csrPem) ?? '0'.repeat(64),
			}))
			.sort((a, b) => a.requestedAt - b.requestedAt || a.id.localeCompare(b.id));
	}

	/** Reads the registry's pending list again; tells the listeners when it is not the one they have. */
	private pendingMayHaveChanged(): void {
		const next = this.readPending();
		const same =
			next.length === this.pending.length &&
			next.every((a, i) => a.id === this.pending[i]!.id && a.keySha256 === this.pending[i]!.keySha256);
		if (same) return;
		this.pending = next;
		for (const listener of this.pendingListeners) listener();
	}

	siteNow(): number {
		return this.site.siteNow();
	}

	/** `rim host accept HOST`, as whoever runs it. */
	async accept(id: string): Promise<Result<AgentRecord, string>> {
		const accepted = this.registry.accept(id, this.site.now());
		if (!accepted.ok) return accepted;
		await this.registry.durable();
		this.pendingMayHaveChanged();
		const answer = await this.answer(accepted.value);
		if (answer.status === 'refused') return err(answer.reason);
		this.site.noteAction({kind: 'accept-agent', host: id, role: accepted.value.agent.role});
		return ok(accepted.value.agent);
	}

	/** `rim host remove HOST` on an agent: revoked, and its queue forgotten. */
	revoke(id: string): boolean {
		this.fleet.forget(id);
		const revoked = this.registry.revoke(id);
		if (revoked) {
			this.onRevoke(id);
			this.pendingMayHaveChanged();
		}
		return revoked;
	}

	/**
	 * The TUI's accept: `accept`, except that an agent enrolled already (another admin accepted it first, or this is
	 * the same request sent again) is the outcome asked for, not an error; nothing is signed twice.
	 */
	async admit(id: string): Promise<Result<{agent: AgentRecord; already: boolean}, string>> {
		const known = this.registry.agent(id);
		if (known?.status === 'enrolled') return ok({agent: known, already: true});
		const accepted = await this.accept(id);
		return accepted.ok ? ok({agent: accepted.value, already: false}) : accepted;
	}

	private async answer(enrolment: Enrolment): Promise<EnrolAnswer> {
		if (enrolment.status === 'pending') return {status: 'pending', retryAfterMs: PENDING_RETRY_MS};
		const {agent} = enrolment;
		if (!this.site.host(agent.id)) {
			const added = await this.site.addHost({
				id: agent.id,
				name: agent.id,
				kind: KIND_OF_ROLE[agent.role],
				parent: agent.parent,
				os: agent.os,
				started: false,
				installed: [],
				certificate: agent.deviceCertPem ? certificateRecord(agent.deviceCertPem) : null,
				relay: null,
			});
			if (!added.ok) return {status: 'refused', reason: added.error.message};
		}
		const {caCertPem, officeFingerprint} = this.site;
		return {
			status: 'enrolled',
			certPem: agent.certPem!,
			caCertPem,
			device: agent.deviceCertPem ? {certPem: agent.deviceCertPem, caCertPem, officeFingerprint} : null,
		};
	}

	/**
	 * Checks a relay's envelope (docs/relay.md): `sender` is the relay on the connection; `hops` name the hosts below it,
	 * the first the one the request is about, each the child of the next, the last the sender's child. Every hop must
	 * hold the certificate it names (not revoked), and every link must be a parent the site records. Everything else is
	 * refused: a relay speaks only for the hosts below it.
	 */
	vouch(
		sender: string,
		hops: Hop[],
		purpose: 'enrol' | 'host',
	): Result<{origin: AgentRecord | null; chain: string[]}, string> {
		const relay = this.registry.agent(sender);
		if (!relay || relay.role !== 'relay' || relay.status !== 'enrolled')
			return err(`${sender} is not an enrolled relay; only relays forward for other hosts`);
		const records: AgentRecord[] = [];
		for (const hop of hops) {
			const record = this.registry.agentBySerial(hop.serial);
			if (!record || record.id !== hop.id)
				return err(`${hop.id} does not hold an enrolled, unrevoked certificate with serial ${hop.serial}`);
			records.push(record);
		}
		const chain = [...records, relay];
		for (let i = 0; i + 1 < chain.length; i++) {
			const below = chain[i]!;
			const above = chain[i + 1]!;
			const parent = this.site.host(below.id)?.parent ?? null;
			if (parent !== above.id)
				return err(`${below.id} is not below ${above.id}; a relay speaks only for the hosts below it`);
			if (above.role !== 'relay') return err(`${above.id} is not a relay`);
		}
		// A host below a relay showing its renewed certificate there: the one it replaced is revoked now.
		for (const hop of hops) this.registry.present(hop.serial);
		// For an enrolment the hops are the relays above the newcomer; otherwise the first hop is the host itself.
		if (purpose === 'enrol') {
			if (records.some(r => r.role !== 'relay')) return err('only relays can forward an enrolment');
			return ok({origin: null, chain: chain.map(r => r.id)});
		}
		return ok({origin: records[0] ?? null, chain: chain.map(r => r.id)});
	}
}

/** Why there is nothing to accept on the demo (the CLI says the same). */
export const NO_AGENTS = 'this data directory holds the simulated demo; agents enrol only on a real site (rim init)';

/** The TUI's accept on a desk (in this process, or the manager's for an attached TUI): errors as values, idempotent. */
export async function acceptOnDesk(
	desk: AgentDesk | undefined,
	id: string,
): Promise<Result<{id: string; role: AgentRole; os: string; already: boolean}, {message: string}>> {
	if (!desk) return err({message: NO_AGENTS});
	const admitted = await desk.admit(id);
	if (!admitted.ok) return err({message: admitted.error});
	const {agent, already} = admitted.value;
	return ok({id: agent.id, role: agent.role, os: agent.os, already});
}

/**
 * Enrolment as the site sees it: the registry decides (token, pending, accept, revoke); an admitted agent becomes a host
 * of the engine's inventory (kind from its role, under the server, not started until it polls).
 */
import {certificateRecord} from '../../engine/certificates.js';
import type {Host} from '../../engine/model.js';
import {err, ok, type Result} from '../../shared/result.js';
import type {NetworkFleet} from './network-fleet.js';
import type {EnrolAnswer, EnrolRequest} from './protocol.js';
import type {AgentRecord, AgentRegistry, Enrolment} from './registry.js';

/** What the desk needs of the engine. */
export interface AgentSite {
	host(id: string): Host | undefined;
	addHost(host: Host): Promise<Result<Host, {message: string}>>;
	/** Wall-clock time: tokens and certificates are about real time, whatever speed the lab clock runs at. */
	now(): number;
	caCertPem: string;
	officeFingerprint: string;
}

/** How often a pending agent asks again. */
export const PENDING_RETRY_MS = 2_000;

export class AgentDesk {
	/** Called after an agent is revoked (the agent port cuts its open connections). */
	onRevoke: (id: string) => void = () => {};

	constructor(readonly registry: AgentRegistry, readonly fleet: NetworkFleet, private readonly site: AgentSite) {
		// However the host is removed (CLI, TUI, attached or not), its agent is revoked with it.
		fleet.onHostRemoved = id => this.revoke(id);
	}

	async enrol(request: EnrolRequest): Promise<EnrolAnswer> {
		const decided = this.registry.enrol(request, this.site.now(), id => this.site.host(id) !== undefined);
		if (!decided.ok) return {status: 'refused', reason: decided.error};
		return this.answer(decided.value);
	}

	/** `rim host accept HOST`. */
	async accept(id: string): Promise<Result<AgentRecord, string>> {
		const accepted = this.registry.accept(id, this.site.now());
		if (!accepted.ok) return accepted;
		const answer = await this.answer(accepted.value);
		return answer.status === 'refused' ? err(answer.reason) : ok(accepted.value.agent);
	}

	/** `rim host remove HOST` on an agent: revoked, and its queue forgotten. */
	revoke(id: string): boolean {
		this.fleet.forget(id);
		const revoked = this.registry.revoke(id);
		if (revoked) this.onRevoke(id);
		return revoked;
	}

	private async answer(enrolment: Enrolment): Promise<EnrolAnswer> {
		if (enrolment.status === 'pending') return {status: 'pending', retryAfterMs: PENDING_RETRY_MS};
		const {agent} = enrolment;
		if (!this.site.host(agent.id)) {
			const added = await this.site.addHost({id: agent.id, name: agent.id, kind: agent.role === 'security-pc' ? 'security-pc' : 'standard-pc',
				parent: null, os: agent.os, started: false, installed: [],
				certificate: agent.deviceCertPem ? certificateRecord(agent.deviceCertPem) : null});
			if (!added.ok) return {status: 'refused', reason: added.error.message};
		}
		const {caCertPem, officeFingerprint} = this.site;
		return {status: 'enrolled', certPem: agent.certPem!, caCertPem,
			device: agent.deviceCertPem ? {certPem: agent.deviceCertPem, caCertPem, officeFingerprint} : null};
	}
}

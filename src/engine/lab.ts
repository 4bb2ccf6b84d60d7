/** Training-lab actions (domain.md §8): faults on security PCs, answers for PC users, power, new certificates. */
import type {Engine} from './engine.js';
import type {Host} from './model.js';
import {applyDeviceFault, DEVICE_FAULTS, issueDeviceCertificate, type DeviceFault} from './pki/index.js';
import {err, ok, type Result} from './result.js';
import {YEAR_MS} from './durations.js';
import {seededRng} from './rng.js';
import {SimulatedFleet} from './sim/sim-fleet.js';

/** Device certificates rim issues are valid for one year. */
export const DEVICE_CERT_VALIDITY_MS = YEAR_MS;

export type LabError = {kind: 'not-found' | 'input' | 'state'; message: string};

function securityPc(engine: Engine, hostId: string): Result<Host & {device: NonNullable<Host['device']>}, LabError> {
	const host = engine.host(hostId);
	if (!host) return err({kind: 'not-found', message: `no host "${hostId}"`});
	if (host.kind !== 'security-pc' || !host.device) {
		return err({kind: 'input', message: `${hostId} is a ${host.kind}; only security PCs have an authentication device`});
	}
	return ok(host as Host & {device: NonNullable<Host['device']>});
}

const rngFor = (engine: Engine, hostId: string, what: string) =>
	seededRng((engine.state.seed ^ [...`${hostId}:${what}:${engine.now()}`].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261)) >>> 0);

export function parseFault(text: string): DeviceFault | null {
	return (DEVICE_FAULTS as readonly string[]).includes(text) ? (text as DeviceFault) : null;
}

/** Makes a fault of domain.md §6 real on a security PC's authentication device (or clears every fault). */
export async function labFault(engine: Engine, hostId: string, fault: DeviceFault): Promise<Result<Host, LabError>> {
	const found = securityPc(engine, hostId);
	if (!found.ok) return found;
	const device = applyDeviceFault(found.value.device, fault, engine.office, {hostId, now: engine.now(), rng: rngFor(engine, hostId, fault)});
	const host = engine.updateHost(hostId, h => ({...h, device}))!;
	await engine.persistNow();
	return ok(host);
}

/** "Issue a new certification": the certification office issues a fresh device certificate and CA copy. */
export async function issueCertificate(engine: Engine, hostId: string): Promise<Result<Host, LabError>> {
	const found = securityPc(engine, hostId);
	if (!found.ok) return found;
	const now = engine.now();
	const deviceCertPem = issueDeviceCertificate(engine.office, {hostId, notBefore: now - 60_000, notAfter: now + DEVICE_CERT_VALIDITY_MS,
		rng: rngFor(engine, hostId, 'issue')});
	const host = engine.updateHost(hostId, h => ({...h, device: {...h.device!, deviceCertPem, caCertPem: engine.office.public.caCertPem,
		pkiOffice: engine.office.public.fingerprint}}))!;
	await engine.persistNow();
	return ok(host);
}

/** The trainer answers the confirmation dialog on a security PC for its user. */
export async function labAnswer(engine: Engine, hostId: string, answer: 'yes' | 'later' | 'cancel'): Promise<Result<number, LabError>> {
	const host = engine.host(hostId);
	if (!host) return err({kind: 'not-found', message: `no host "${hostId}"`});
	if (!(engine.fleet instanceof SimulatedFleet)) return err({kind: 'state', message: 'only the simulated fleet has users to answer for'});
	const answered = engine.fleet.answerFor(hostId, answer);
	if (answered === 0) {
		return err({kind: 'state', message: host.started
			? `no confirmation dialog is open on ${hostId}`
			: `${hostId} is not started: its user sees the dialog at the next start (rim lab power ${hostId} on)`});
	}
	await engine.persistNow();
	return ok(answered);
}

/** Starts or stops a PC; a start takes the PC's boot time before it can receive jobs. */
export async function labPower(engine: Engine, hostId: string, on: boolean): Promise<Result<Host, LabError>> {
	const host = engine.host(hostId);
	if (!host) return err({kind: 'not-found', message: `no host "${hostId}"`});
	if (host.kind === 'relay') return err({kind: 'input', message: `${hostId} is a relay system; relays are always started`});
	if (host.started === on) return err({kind: 'state', message: `${hostId} is already ${on ? 'started' : 'stopped'}`});
	engine.fleet.request({kind: 'power', host: hostId, on});
	await engine.persistNow();
	return ok(host);
}

/**
 * Training-lab actions (docs/rules.md, Training lab and demo fleet): faults on security PCs, answers for PC users, power, new certificates. The
 * ones only a simulated PC allows reach it through the fleet's lab capability; power and certificates are requests
 * any fleet carries out.
 */
import type {Engine} from './engine.js';
import type {LabControls, LabError} from './fleet.js';
import type {Host} from './model.js';
import {DEVICE_FAULTS, type DeviceFault} from './pki/index.js';
import {err, ok, type Result} from '../shared/result.js';

export type {LabError} from './fleet.js';

function knownHost(engine: Engine, hostId: string): Result<Host, LabError> {
	const host = engine.host(hostId);
	return host ? ok(host) : err({kind: 'not-found', message: `no host "${hostId}"`});
}

function labOf(engine: Engine): Result<LabControls, LabError> {
	return engine.fleet.lab
		? ok(engine.fleet.lab)
		: err({kind: 'state', message: 'this site has no simulated PCs: the training lab is not available'});
}

export function parseFault(text: string): DeviceFault | null {
	return (DEVICE_FAULTS as readonly string[]).includes(text) ? (text as DeviceFault) : null;
}

/** Makes a lab fault (docs/pki.md) real on a security PC's authentication device (or clears every fault). */
export async function labFault(engine: Engine, hostId: string, fault: DeviceFault): Promise<Result<Host, LabError>> {
	const host = knownHost(engine, hostId);
	if (!host.ok) return host;
	const lab = labOf(engine);
	if (!lab.ok) return lab;
	const done = lab.value.fault(hostId, fault);
	if (!done.ok) return done;
	engine.noteAction({kind: 'lab-fault', host: hostId, fault});
	const saved = await engine.persistNow(`${hostId}: the fault was made`);
	return saved.ok ? host : saved;
}

/** "Issue a new certification": the certification office issues a fresh device certificate and CA copy. */
export async function issueCertificate(engine: Engine, hostId: string): Promise<Result<Host, LabError>> {
	const host = knownHost(engine, hostId);
	if (!host.ok) return host;
	if (host.value.kind !== 'security-pc') {
		return err({
			kind: 'input',
			message: `${hostId} is a ${host.value.kind}; only security PCs have an authentication device`,
		});
	}
	const issued = engine.issueDeviceCertificate(hostId);
	engine.noteAction({kind: 'cert-issue', host: hostId});
	const saved = await engine.persistNow(`${hostId}: a new device certificate was issued`);
	return saved.ok ? ok(issued ?? host.value) : saved;
}

/** The trainer answers the confirmation dialog on a security PC for its user. */
export async function labAnswer(
	engine: Engine,
	hostId: string,
	answer: 'yes' | 'later' | 'cancel',
): Promise<Result<number, LabError>> {
	const host = knownHost(engine, hostId);
	if (!host.ok) return host;
	const lab = labOf(engine);
	if (!lab.ok) return lab;
	const answered = lab.value.answer(hostId, answer);
	if (answered === 0) {
		return err({
			kind: 'state',
			message: host.value.started
				? `no confirmation dialog is open on ${hostId}`
				: `${hostId} is not started: its user sees the dialog at the next start (rim lab power ${hostId} on)`,
		});
	}
	engine.noteAction({kind: 'lab-answer', host: hostId, answer});
	const saved = await engine.persistNow(`${hostId}: the dialog was answered`);
	return saved.ok ? ok(answered) : saved;
}

/** Starts or stops a PC; a start takes the PC's boot time before it can receive jobs. */
export async function labPower(engine: Engine, hostId: string, on: boolean): Promise<Result<Host, LabError>> {
	const found = knownHost(engine, hostId);
	if (!found.ok) return found;
	const host = found.value;
	if (host.kind === 'relay')
		return err({kind: 'input', message: `${hostId} is a relay system; relays are always started`});
	if (host.started === on) return err({kind: 'state', message: `${hostId} is already ${on ? 'started' : 'stopped'}`});
	engine.fleet.request({kind: 'power', host: hostId, on});
	engine.noteAction({kind: 'lab-power', host: hostId, on});
	const saved = await engine.persistNow(`${hostId} was ${on ? 'started' : 'stopped'}`);
	return saved.ok ? ok(host) : saved;
}

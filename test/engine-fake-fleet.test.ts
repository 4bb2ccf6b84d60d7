/**
 * The engine runs against a fleet it knows nothing about: a tiny fake that answers every request at once and keeps
 * no state of any PC. Nothing in the engine may reach past the Fleet port (no simulated PC's truth, no lab).
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../src/engine/clock.js';
import {createDemoFleet} from '../src/engine/demo/demo-fleet.js';
import {Engine} from '../src/engine/engine.js';
import type {Fleet, FleetReport, FleetRequest} from '../src/engine/fleet.js';
import {issueCertificate, labAnswer, labFault} from '../src/engine/lab.js';
import {ok} from '../src/shared/result.js';
import {T0, testOffice} from './support/engine.js';
import {counts, runJob, shown} from './support/jobs.js';

/** Every PC installs whatever it is asked to, on the spot; relays pass everything on. */
class InstantFleet implements Fleet {
	readonly requests: FleetRequest[] = [];
	private listener: (report: FleetReport) => void = () => {};

	constructor(private readonly clock: VirtualClock) {}

	onReport(listener: (report: FleetReport) => void): void {
		this.listener = listener;
	}

	/** A report the fleet sends of its own accord (a relay reporting itself). */
	send(report: FleetReport): void {
		this.listener(report);
	}

	reset(): void {}

	request(request: FleetRequest): void {
		this.requests.push(request);
		const later = (report: FleetReport) => this.clock.schedule(this.clock.now() + 1_000, () => this.listener(report));
		switch (request.kind) {
			case 'deliver':
				return void later({kind: 'reached-client', key: request.key});
			case 'ask-user':
				return void later({kind: 'user-answered', key: request.key, answer: 'yes'});
			case 'restart':
				return void later({kind: 'restarted', key: request.key});
			case 'download':
				return void later({kind: 'downloaded', key: request.key});
			case 'authenticate':
				return void later({kind: 'authenticated', key: request.key, result: ok(null)});
			case 'install':
				return void later({
					kind: 'installed',
					key: request.key,
					result: ok(request.packages.map(p => ({packageId: p.id, version: p.version, installedAt: this.clock.now()}))),
				});
			case 'collect':
				return void later({kind: 'collected', key: request.key, packages: []});
			case 'power':
				return void later({kind: 'host-power', host: request.host, started: request.on});
			case 'device-certificate':
				return;
		}
	}
}

function fakeSite() {
	const demo = createDemoFleet({now: T0, seed: 1, office: testOffice()});
	const clock = new VirtualClock(T0);
	const fleet = new InstantFleet(clock);
	const engine = new Engine(demo.state, {clock, office: demo.office, fleet});
	return {engine, clock, fleet};
}

describe('the engine on a fleet it knows nothing about', () => {
	it("runs a security-PC install to the end from the fleet's reports alone, and records what the PCs reported", async () => {
		const {engine, clock, fleet} = fakeSite();
		// SEC-05's certificate expired in the demo's simulated truth; this fleet authenticates it anyway: the engine
		// does not know better, because it never reads a PC's device.
		const job = await runJob(engine, clock, {to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611']});
		expect(counts(job)).toEqual({finished: 8, error: 0, rejected: 0, total: 8});
		expect(shown(job, 'SEC-05').state).toBe('finished');
		expect(engine.host('SEC-05')!.installed.map(p => p.packageId)).toEqual(['SEC-PATCH-2611']);
		expect(fleet.requests.map(r => r.kind)).toEqual(
			expect.arrayContaining(['deliver', 'ask-user', 'restart', 'download', 'authenticate', 'install']),
		);
	});

	it('issues a certificate through the port and refuses lab actions the fleet does not offer, with a reason', async () => {
		const {engine, fleet} = fakeSite();
		expect(fleet).not.toHaveProperty('lab');
		const issued = await issueCertificate(engine, 'SEC-05');
		expect(issued.ok).toBe(true);
		expect(engine.host('SEC-05')!.certificate!.notAfter).toBeGreaterThan(T0);
		expect(fleet.requests.at(-1)).toMatchObject({
			kind: 'device-certificate',
			host: 'SEC-05',
			caCertPem: engine.office.public.caCertPem,
		});
		const fault = await labFault(engine, 'SEC-01', 'no-cert');
		expect(fault.ok ? '' : fault.error.message).toBe(
			'this site has no simulated PCs: the training lab is not available',
		);
		const answer = await labAnswer(engine, 'SEC-01', 'yes');
		expect(answer.ok ? '' : answer.error.message).toBe(
			'this site has no simulated PCs: the training lab is not available',
		);
	});

	it("records a relay's report of itself on its host record, stamped with the site clock; a PC's is ignored", () => {
		const {engine, clock, fleet} = fakeSite();
		const status = {
			cacheBytes: 42,
			capacityBytes: 1024,
			packageCount: 1,
			packages: [{id: 'TOOL', version: '7', digest: 'ab'.repeat(32), bytes: 42}],
			fetching: 1,
			waitingResults: 0,
		};
		clock.advanceTo(T0 + 5_000);
		fleet.send({kind: 'relay-status', host: 'RLY-TOKYO', status});
		expect(engine.host('RLY-TOKYO')!.relay).toEqual({...status, reportedAt: T0 + 5_000});
		fleet.send({kind: 'relay-status', host: 'SEC-05', status});
		expect(engine.host('SEC-05')!.relay).toBeNull();
	});
});

/**
 * Engines for tests: the demo fleet on a virtual clock, in memory. One certification office per test file (RSA key
 * generation costs ~150 ms), so every engine of a file trusts the same CA.
 */
import {VirtualClock, type Clock} from '../../src/engine/clock.js';
import {createDemoFleet, type DemoFleet, type DemoOptions} from '../../src/engine/demo/demo-fleet.js';
import {Engine, type EngineDeps} from '../../src/engine/engine.js';
import {createOffice, type Office} from '../../src/engine/pki/index.js';
import {seededRng} from '../../src/engine/rng.js';
import type {UserPolicy} from '../../src/engine/sim/pc.js';
import {SimulatedFleet, siteWorld} from '../../src/engine/sim/sim-fleet.js';

/** 2026-11-24 09:00 UTC: the lab's fixed "now" in tests. */
export const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

let office: Office | undefined;
export function testOffice(): Office {
	office ??= createOffice({now: T0 - 86_400_000, rng: seededRng(42)});
	return office;
}

/** An engine on a demo site with its simulated fleet injected, as the composition root builds it (in memory). */
export function simulatedEngine(
	demo: DemoFleet,
	clock: Clock,
	extra: Partial<EngineDeps> = {},
): {engine: Engine; fleet: SimulatedFleet} {
	let engine: Engine | undefined;
	const fleet = new SimulatedFleet(
		siteWorld(
			() => engine!,
			demo.office,
			id => demo.payloads.get(id) ?? null,
		),
		clock,
		demo.state.seed,
		demo.simulation,
	);
	engine = new Engine(demo.state, {clock, office: demo.office, fleet, ...extra});
	return {engine, fleet};
}

const demos = new Map<string, DemoFleet>();

/**
 * The demo fleet for these options, built once per test file (its security PCs' device certificates cost as much as
 * the rest of a test) and handed out as a fresh copy each time: state and simulation through JSON, as the store
 * would give them back, and a payload map of its own; the office and the payload bytes are never changed in place.
 */
export function testDemo(opts: Partial<DemoOptions> = {}): DemoFleet {
	const key = JSON.stringify({...opts, office: opts.office?.public.fingerprint ?? null});
	let demo = demos.get(key);
	if (!demo) {
		demo = createDemoFleet({now: T0, seed: 1, office: testOffice(), ...opts});
		demos.set(key, demo);
	}
	return {
		state: structuredClone(demo.state),
		simulation: structuredClone(demo.simulation),
		office: demo.office,
		payloads: new Map(demo.payloads),
	};
}

export function testEngine(opts: Partial<DemoOptions> = {}) {
	const demo = testDemo(opts);
	const clock = new VirtualClock(T0);
	const {engine, fleet} = simulatedEngine(demo, clock);
	return {engine, clock, demo, fleet};
}

/**
 * rim stops and starts again at `at`: the server's state and the simulated PCs' truth go through JSON (as the store
 * writes them), and a new engine with a new fleet on a new clock resumes.
 */
export function restartedEngine(
	{engine, fleet, demo}: {engine: Engine; fleet: SimulatedFleet; demo: DemoFleet},
	at: number,
) {
	const state = JSON.parse(JSON.stringify(engine.state)) as DemoFleet['state'];
	const simulation = JSON.parse(JSON.stringify(fleet.simulation)) as DemoFleet['simulation'];
	const clock = new VirtualClock(at);
	const next = simulatedEngine({...demo, state, simulation, office: engine.office}, clock);
	next.engine.resume();
	return {engine: next.engine, fleet: next.fleet, clock, demo: {...demo, state, simulation}};
}

/** The trainer changes how a simulated PC's user answers (the PC's own truth, not the server's record). */
export function setUserPolicy(fleet: SimulatedFleet, hostId: string, user: UserPolicy): void {
	const pcs = fleet.simulation.pcs;
	const i = pcs.findIndex(pc => pc.id === hostId);
	if (i < 0) throw new Error(`no simulated PC ${hostId}`);
	pcs[i] = {...pcs[i]!, user};
}

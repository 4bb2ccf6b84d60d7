/**
 * Engines for tests: the demo fleet on a virtual clock, in memory. One certification office per test file (RSA key
 * generation costs ~150 ms), so every engine of a file trusts the same CA.
 */
import {VirtualClock} from '../../src/engine/clock.js';
import {createDemoFleet, type DemoOptions} from '../../src/engine/demo/demo-fleet.js';
import {Engine} from '../../src/engine/engine.js';
import {createOffice, type Office} from '../../src/engine/pki/index.js';
import {seededRng} from '../../src/engine/rng.js';

/** 2026-11-24 09:00 UTC: the lab's fixed "now" in tests. */
export const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

let office: Office | undefined;
export function testOffice(): Office {
	office ??= createOffice({now: T0 - 86_400_000, rng: seededRng(42)});
	return office;
}

export function testEngine(opts: Partial<DemoOptions> = {}) {
	const demo = createDemoFleet({now: T0, seed: 1, office: testOffice(), ...opts});
	const clock = new VirtualClock(T0);
	const engine = new Engine(demo.state, {clock, office: demo.office, payload: id => demo.payloads.get(id) ?? null});
	return {engine, clock, demo};
}

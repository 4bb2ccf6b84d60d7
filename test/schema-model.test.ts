/**
 * The stored document (data/schema.ts) and the engine's state with the simulated fleet's (engine/model.ts,
 * engine/sim/pc.ts) are one model: the store may not
 * import engine types, so their agreement is proved here, at compile time in both directions (`tsc --noEmit` is part of
 * `npm test`), and at run time on a real demo fleet.
 */
import {describe, expect, it} from 'vitest';
import {validateEngineState, type SiteDocument} from '../src/data/schema.js';
import {createDemoFleet} from '../src/engine/demo/demo-fleet.js';
import type {EngineState, NetworkFleetState} from '../src/engine/model.js';
import type {SimulationState} from '../src/engine/sim/pc.js';
import {testEngine, testOffice} from './support/engine.js';
import {runJob} from './support/jobs.js';

/** `true` only when A and B are each assignable to the other. */
type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type EngineDocument = EngineState & {fleet: SimulationState | NetworkFleetState};

const storedIsEngineState: Agree<SiteDocument, EngineDocument> = true;
const engineStateIsStored: Agree<EngineDocument, SiteDocument> = true;

describe('the stored document and the engine state', () => {
	it('are the same type both ways', () => {
		expect([storedIsEngineState, engineStateIsStored]).toEqual([true, true]);
	});

	it('validates a demo fleet as it is and returns it unchanged', () => {
		const demo = createDemoFleet({now: Date.UTC(2026, 0, 5), seed: 7, office: testOffice()});
		const doc: EngineDocument = {...demo.state, fleet: demo.simulation};
		const checked = validateEngineState(JSON.parse(JSON.stringify(doc)));
		expect(checked.ok && checked.value).toEqual(doc);
	});

	it('reads maintenance codes only as rim writes them: a stored code is parsed, never trusted', async () => {
		const {engine, clock, fleet} = testEngine();
		await runJob(engine, clock, {to: ['SEC-05'], packages: ['AV-DEFS-0482']});
		const stored = JSON.parse(JSON.stringify({...engine.state, fleet: fleet.simulation}));
		expect(validateEngineState(stored).ok).toBe(true);
		const status = stored.jobs[0].runs[0].status;
		expect(status.code).toMatch(/^[0-9A-F]{12}$/);
		for (const bad of ['30009707ff00', ` ${status.code}`, '3000970785', 'failed']) {
			status.code = bad;
			const checked = validateEngineState(stored);
			expect(checked.ok, bad).toBe(false);
			expect(!checked.ok && checked.reason).toContain('jobs.0.runs.0.status.code');
			expect(!checked.ok && checked.reason).toContain('not a maintenance code');
		}
	});
});

/**
 * The journal's replay onto the site document, and the sliced serialisation the store folds it with: the same text as
 * JSON.stringify, and records about objects the snapshot no longer has (a crash while the journal was being folded
 * into it) skipped rather than refused.
 */
import {describe, expect, it} from 'vitest';
import type {SiteDocument} from '../src/data/schema.js';
import {jsonPieces} from '../src/data/json-slices.js';
import {createDemoFleet} from '../src/engine/demo/demo-fleet.js';
import {applyRecord} from '../src/persistence-replay.js';

const NOW = Date.UTC(2026, 10, 24, 9);
const demo = createDemoFleet({now: NOW, seed: 7, hosts: 300});
const site = (): SiteDocument => structuredClone({...demo.state, fleet: demo.simulation});

describe('sliced serialisation', () => {
	it('gives exactly JSON.stringify of a site document, in pieces, none of them a large part of it', () => {
		const doc = {schemaVersion: 9, state: site()};
		const pieces = [...jsonPieces(doc)];
		expect(pieces.join('')).toBe(JSON.stringify(doc));
		expect(pieces.length).toBeGreaterThan(300);
		expect(Math.max(...pieces.map(p => p.length))).toBeLessThan(JSON.stringify(doc).length / 10);
	});

	it('leaves out what JSON.stringify leaves out, and writes null where it does', () => {
		const awkward = {
			gone: undefined,
			fn: () => 1,
			when: new Date(0),
			big: Array.from({length: 100}, (_, i) =>
				i % 3 === 0 ? undefined : i % 3 === 1 ? {i, skip: undefined, s: 'é\n"\u0007'} : NaN,
			),
			nested: [{runs: Array.from({length: 70}, (_, j) => ({j}))}, []],
			empty: {},
		};
		expect([...jsonPieces(awkward)].join('')).toBe(JSON.stringify(awkward));
	});
});

describe('replaying records over a snapshot', () => {
	it('adds a host the snapshot does not have (an agent enrolled since), and replaces one it has', () => {
		const doc = site();
		const known = doc.inventory.hosts[5]!;
		const fresh = {...known, id: 'NEW-AGENT-01', name: 'new agent'};
		applyRecord(doc, {t: 'host', host: fresh});
		applyRecord(doc, {t: 'host', host: {...known, started: !known.started}});
		applyRecord(doc, {t: 'host-field', id: 'NEW-AGENT-01', field: 'started', value: false});
		expect(doc.inventory.hosts.at(-1)).toEqual({...fresh, started: false});
		expect(doc.inventory.hosts[5]!.started).toBe(!known.started);
	});

	it('skips a change of a host or simulated PC the snapshot no longer has, and still refuses a record that is not one', () => {
		const doc = site();
		const before = structuredClone(doc);
		applyRecord(doc, {t: 'host-field', id: 'REMOVED-LATER', field: 'started', value: true});
		const pc = doc.fleet.kind === 'simulated' ? doc.fleet.pcs[0]! : null;
		applyRecord(doc, {t: 'sim-pc', pc: {...pc, id: 'REMOVED-LATER'}});
		expect(doc).toEqual(before);
		expect(() =>
			applyRecord(doc, {t: 'host-field', id: doc.inventory.hosts[0]!.id, field: 'no-such-field', value: 1}),
		).toThrow(/has no field/);
		expect(() => applyRecord(doc, {t: 'nonsense'})).toThrow(/unknown record type "nonsense"/);
		expect(() => applyRecord(doc, {t: 'job'})).toThrow(/job record without a job/);
	});
});

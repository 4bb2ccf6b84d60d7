/**
 * The journal's replay onto the site document, and the sliced serialisation the store folds it with: the same text as
 * JSON.stringify, records about objects the snapshot no longer has (a crash while the journal was being folded
 * into it) skipped rather than refused, and the field-level records (a run's steps, a simulated PC's field).
 */
import {describe, expect, it} from 'vitest';
import type {SiteDocument} from '../src/data/schema.js';
import {jsonPieces} from '../src/data/json-slices.js';
import {createDemoFleet} from '../src/engine/demo/demo-fleet.js';
import {defaultSettings} from '../src/engine/define.js';
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

describe('field-level records', () => {
	// A job of three destinations, each queued: the whole record the steps continue.
	const job = (doc: SiteDocument): SiteDocument['jobs'][number] => ({
		id: 'J0042',
		name: 'STEPS',
		type: 'install',
		destinations: [],
		packages: [],
		settings: defaultSettings(),
		createdAt: NOW,
		executedAt: NOW,
		definition: null,
		runs: doc.inventory.hosts
			.filter(h => h.kind !== 'relay')
			.slice(0, 3)
			.map(h => ({
				host: h.id,
				attempt: 1,
				status: {state: 'waiting', reason: 'queued'},
				lastHeard: NOW,
				collected: null,
				earlier: [],
				history: [{at: NOW, state: 'waiting', text: 'queued'}],
			})),
	});
	const entry = (at: number, state: 'transferring' | 'at-relay' | 'finished', text: string) => ({at, state, text});
	const step = (host: string, from: number, history: ReturnType<typeof entry>[], attempt = 1) => ({
		t: 'run-step',
		job: 'J0042',
		host,
		attempt,
		status: {state: history.at(-1)!.state === 'finished' ? 'finished' : 'transferring'},
		lastHeard: history.at(-1)!.at,
		from,
		history,
	});

	it('a chain of run steps replays to the run they describe, and replaying it again changes nothing', () => {
		const doc = site();
		doc.jobs.push(job(doc));
		const host = doc.jobs.at(-1)!.runs[0]!.host;
		const records = [
			step(host, 1, [entry(NOW + 1, 'transferring', 'the server is sending')]),
			step(host, 2, [entry(NOW + 2, 'at-relay', 'reached relay'), entry(NOW + 3, 'finished', 'finished')]),
		];
		for (const r of records) applyRecord(doc, r);
		const once = structuredClone(doc);
		const run = once.jobs.at(-1)!.runs[0]!;
		expect(run.history.map(h => h.state)).toEqual(['waiting', 'transferring', 'at-relay', 'finished']);
		expect(run.status).toEqual({state: 'finished'});
		expect(run.lastHeard).toBe(NOW + 3);
		expect(once.jobs.at(-1)!.runs.slice(1)).toEqual(doc.jobs.at(-1)!.runs.slice(1));
		// The whole chain again (a crash between a fold's snapshot and its truncate), or its last record alone.
		for (const r of records) applyRecord(doc, r);
		applyRecord(doc, records[1]);
		expect(doc).toEqual(once);
	});

	it('a runs record puts its whole runs in place and applies its steps, and replaying it again changes nothing', () => {
		const doc = site();
		doc.jobs.push(job(doc));
		const [first, second] = doc.jobs.at(-1)!.runs;
		const {t: _t, job: _job, ...stepOfFirst} = step(first!.host, 1, [entry(NOW + 1, 'transferring', 'sending')]);
		const secondWhole = {...second!, status: {state: 'error' as const, code: '300097078500', detail: 'expired'}};
		const record = {t: 'runs', job: 'J0042', runs: [secondWhole], steps: [stepOfFirst]};
		applyRecord(doc, record);
		const once = structuredClone(doc);
		const runs = once.jobs.at(-1)!.runs;
		expect(runs[0]!.history.map(h => h.state)).toEqual(['waiting', 'transferring']);
		expect(runs[1]).toEqual(secondWhole);
		applyRecord(doc, record);
		expect(doc).toEqual(once);
		// Of a job the document does not have: skipped, as a run's own record is.
		applyRecord(doc, {...record, job: 'J9999'});
		expect(doc).toEqual(once);
		expect(() => applyRecord(doc, {t: 'runs', job: 'J0042', runs: []})).toThrow(/runs record without/);
		expect(() => applyRecord(doc, {t: 'runs', job: 'J0042', runs: [], steps: ['x']})).toThrow(/not an object/);
		expect(() => applyRecord(doc, {...record, steps: [{...stepOfFirst, from: 9}]})).toThrow(/continues its history/);
	});

	it('skips a step of another attempt or of a run the document does not have, and refuses a gap in the history', () => {
		const doc = site();
		doc.jobs.push(job(doc));
		const host = doc.jobs.at(-1)!.runs[0]!.host;
		const before = structuredClone(doc);
		applyRecord(doc, step(host, 1, [entry(NOW + 1, 'transferring', 'sending')], 2));
		applyRecord(doc, {...step(host, 1, [entry(NOW + 1, 'transferring', 'sending')]), job: 'J9999'});
		applyRecord(doc, step('NO-SUCH-HOST', 1, [entry(NOW + 1, 'transferring', 'sending')]));
		expect(doc).toEqual(before);
		expect(() => applyRecord(doc, step(host, 3, [entry(NOW + 1, 'transferring', 'sending')]))).toThrow(
			/continues its history at entry 4, but it has 1/,
		);
		expect(() => applyRecord(doc, {t: 'run-step', job: 'J0042', host})).toThrow(/run-step record without/);
		// Refused even when the document lacks the job: a malformed record is never skipped as gone.
		expect(() => applyRecord(doc, {t: 'run-step', job: 'J9999', host})).toThrow(/run-step record without/);
		expect(() => applyRecord(doc, {t: 'runs', job: 'J9999', runs: [], steps: [{host}]})).toThrow(
			/run-step record without/,
		);
		expect(() => applyRecord(doc, {t: 'runs', job: 'J9999', runs: [7], steps: []})).toThrow(/not an object/);
	});

	it("replaces one field of a simulated PC's truth, skips a PC the document no longer has, refuses another field", () => {
		const doc = site();
		if (doc.fleet.kind !== 'simulated') throw new Error('the demo is simulated');
		const pc = doc.fleet.pcs.find(p => p.device)!;
		applyRecord(doc, {t: 'sim-pc-field', id: pc.id, field: 'started', value: !pc.started});
		applyRecord(doc, {t: 'sim-pc-field', id: 'REMOVED-LATER', field: 'started', value: true});
		expect(doc.fleet.pcs.find(p => p.id === pc.id)).toEqual({...pc, started: !pc.started});
		expect(() => applyRecord(doc, {t: 'sim-pc-field', id: pc.id, field: 'wings', value: 2})).toThrow(
			/simulated PC "[^"]+" has no field "wings"/,
		);
	});

	it('sets one field of many hosts or PCs from one record, skipping those gone, and refuses a malformed one', () => {
		const doc = site();
		if (doc.fleet.kind !== 'simulated') throw new Error('the demo is simulated');
		const [a, b] = doc.inventory.hosts;
		const [p, q] = doc.fleet.pcs;
		const hosts = {
			t: 'host-fields',
			field: 'started',
			values: [
				{id: a!.id, value: !a!.started},
				{id: 'REMOVED-LATER', value: true},
				{id: b!.id, value: !b!.started},
			],
		};
		const pcs = {
			t: 'sim-pc-fields',
			field: 'started',
			values: [
				{id: p!.id, value: !p!.started},
				{id: q!.id, value: !q!.started},
			],
		};
		applyRecord(doc, hosts);
		applyRecord(doc, pcs);
		const once = structuredClone(doc);
		expect(once.inventory.hosts.slice(0, 2)).toEqual([
			{...a, started: !a!.started},
			{...b, started: !b!.started},
		]);
		if (once.fleet.kind !== 'simulated') throw new Error('the demo is simulated');
		expect(once.fleet.pcs.slice(0, 2)).toEqual([
			{...p, started: !p!.started},
			{...q, started: !q!.started},
		]);
		applyRecord(doc, hosts);
		expect(doc).toEqual(once);
		expect(() => applyRecord(doc, {t: 'host-fields', field: 'started'})).toThrow(
			/host-fields record without its values/,
		);
		expect(() => applyRecord(doc, {...pcs, values: [3]})).toThrow(/sim-pc-fields record with a value that is not/);
		expect(() => applyRecord(doc, {...hosts, field: 'wings'})).toThrow(/host "[^"]+" has no field "wings"/);
		expect(() => applyRecord(doc, {...pcs, values: [{id: p!.id}]})).toThrow(/has no field "started"/);
	});
});

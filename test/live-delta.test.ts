/**
 * Live views attached to a manager rebuild the engine's snapshot from one snapshot and then deltas. After every
 * publication of a running job (and a re-execute, a delete, lab actions), the mirror equals the engine's own
 * snapshot, and a delta for one destination's change carries that run, not the whole state.
 */
import {describe, expect, it} from 'vitest';
import type {EngineSnapshot} from '../src/engine/snapshot.js';
import {issueCertificate, labPower} from '../src/engine/lab.js';
import {applyDelta, buildDelta, type Delta} from '../src/live/delta.js';
import {testEngine} from './support/engine.js';
import {jobDef, startJob} from './support/jobs.js';

/** JSON, as the socket carries it. */
const wire = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('snapshot + deltas', () => {
	it("carry the admin's site edits: groups made, changed and deleted, packages and hosts removed", async () => {
		const {engine} = testEngine();
		let mirror = wire(engine.snapshotNow());
		engine.subscribeChanges((changes, snapshot) => {
			const delta = wire(buildDelta(changes, engine, snapshot));
			expect(delta.site).toBeDefined();
			mirror = applyDelta(mirror, delta);
			expect(mirror).toEqual(wire(snapshot));
		});
		expect((await engine.createGroup('PAIR', 'Two PCs')).ok).toBe(true);
		expect((await engine.changeGroup('PAIR', 'add', ['ACC-01', 'ACC-02'])).ok).toBe(true);
		expect((await engine.removeHost('ACC-01')).ok).toBe(true);
		expect((await engine.removePackage('BROWSER')).ok).toBe(true);
		expect((await engine.deleteGroup('FLOOR-3')).ok).toBe(true);
		expect(mirror.inventory.groups.find(g => g.id === 'PAIR')?.members).toEqual(['ACC-02']);
		expect(mirror.inventory.hosts.some(h => h.id === 'ACC-01')).toBe(false);
		expect(mirror.inventory.packages.some(p => p.id === 'BROWSER')).toBe(false);
	});

	it('keep a mirror equal to the engine through a job, a re-execute, lab actions and a delete', async () => {
		const {engine, clock} = testEngine();
		let mirror = wire(engine.snapshotNow());
		const deltas: Delta[] = [];
		engine.subscribeChanges((changes, snapshot) => {
			const delta = wire(buildDelta(changes, engine, snapshot));
			deltas.push(delta);
			mirror = applyDelta(mirror, delta);
			expect(mirror).toEqual(wire(snapshot));
		});
		const job = await startJob(engine, {to: ['SECURITY-PCS', 'SALES'], packages: ['SEC-PATCH-2611']}).catch(() => null);
		expect(job).toBeNull(); // a security package to a mixed set is refused: nothing published
		const security = await startJob(engine, {to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611']});
		clock.runUntilIdle();
		await issueCertificate(engine, 'SEC-05');
		await engine.rerun(security.id);
		clock.runUntilIdle();
		await labPower(engine, 'SAL-09', true);
		clock.runUntilIdle();
		const other = await startJob(engine, {to: ['SALES'], packages: ['PDF-READER']});
		clock.runUntilIdle();
		expect((await engine.deleteJob(other.id)).ok).toBe(true);
		expect(mirror).toEqual({...wire(engine.snapshotNow()), at: mirror.at} as EngineSnapshot);
		expect(mirror.jobs.map(j => j.id)).toEqual([security.id]);
		expect(mirror.jobs[0]!.summary).toMatchObject({finished: 8, total: 8});
		// After the job's creation and execution, each destination's change travels as that run alone.
		const runDeltas = deltas.filter(d => d.runs.length > 0 && d.jobs.length === 0);
		expect(runDeltas.length).toBeGreaterThan(8);
		for (const d of runDeltas) expect(d.hosts.length + d.runs.length).toBeLessThanOrEqual(2);
	});

	it('keep the Job Definition window equal through definitions and folders made, changed, moved and deleted', async () => {
		const {engine, clock} = testEngine();
		let mirror = wire(engine.snapshotNow());
		engine.subscribeChanges((changes, snapshot) => {
			mirror = applyDelta(mirror, wire(buildDelta(changes, engine, snapshot)));
			expect(mirror).toEqual(wire(snapshot));
		});
		const must = <T>(r: {ok: true; value: T} | {ok: false; error: {message: string}}): T => {
			if (!r.ok) throw new Error(r.error.message);
			return r.value;
		};
		const monthly = must(await engine.createFolder(null, 'Monthly'));
		const def = {...jobDef({name: 'Patch', to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611']})};
		const saved = must(await engine.saveDefinition({def, folder: monthly.id}));
		must(await engine.executeDefinition(saved.id));
		clock.runUntilIdle();
		must(await engine.saveDefinition({def: {...def, name: 'Patch-Dec'}, id: saved.id}));
		must(await engine.renameFolder(monthly.id, 'Every-Month'));
		must(await engine.moveDefinition(saved.id, null));
		const other = must(await engine.saveDefinition({def: {...def, name: 'Other'}}));
		must(await engine.deleteDefinition(other.id));
		must(await engine.deleteFolder(monthly.id, false));
		expect(mirror).toEqual({...wire(engine.snapshotNow()), at: mirror.at} as EngineSnapshot);
		expect(mirror.definitions.map(d => d.name)).toEqual(['Patch-Dec']);
		expect(mirror.folders).toEqual([]);
	});
});

/**
 * A write that fails (a full disk) is an error value that every engine action returns, and a state the snapshot
 * carries: the change stays live, the jobs it touched are listed as not saved, and the state clears once a write lands.
 */
import {describe, expect, it} from 'vitest';
import {VirtualClock} from '../src/engine/clock.js';
import {createDemoFleet} from '../src/engine/demo/demo-fleet.js';
import type {EnginePersistence} from '../src/engine/engine.js';
import {issueCertificate, labPower} from '../src/engine/lab.js';
import {err, ok, type Result} from '../src/shared/result.js';
import {simulatedEngine, T0, testOffice} from './support/engine.js';
import {jobDef} from './support/jobs.js';

const FULL = 'could not write data file /d/rim.json (ENOSPC: no space left on device); the disk holding /d is full';

/** Persistence whose writes fail while `failing` is set, and report every outcome to the engine, as the store does. */
function flakyDisk() {
	const listeners: ((failure: string | null) => void)[] = [];
	const disk = {
		failing: true,
		writes: 0,
		persistence: {
			save: () => {},
			saveNow: async (): Promise<Result<void, string>> => {
				disk.writes++;
				const outcome = disk.failing ? FULL : null;
				for (const listener of listeners) listener(outcome);
				return outcome === null ? ok(undefined) : err(outcome);
			},
			watch: listener => listeners.push(listener),
		} satisfies EnginePersistence,
		/** A background write (the store's own retry) succeeds. */
		retried(): void {
			for (const listener of listeners) listener(null);
		},
	};
	return disk;
}

function engineOn(disk: ReturnType<typeof flakyDisk>) {
	const demo = createDemoFleet({now: T0, seed: 1, office: testOffice()});
	return simulatedEngine(demo, new VirtualClock(T0), {persistence: disk.persistence}).engine;
}

describe('a write that fails', () => {
	it('makes executeJob return not-saved naming the job, and the snapshot list it until a write lands', async () => {
		const disk = flakyDisk();
		const engine = engineOn(disk);
		expect(engine.snapshotNow().saving).toEqual({kind: 'saved'});

		const executed = await engine.executeJob({def: jobDef({to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611']})});
		expect(executed).toEqual({
			ok: false,
			error: {
				kind: 'not-saved',
				jobId: 'J0001',
				reason: FULL,
				message: `job J0001 was executed but is not saved: ${FULL}`,
			},
		});
		expect(engine.snapshotNow().saving).toEqual({
			kind: 'not-saved',
			reason: FULL,
			since: T0,
			jobs: ['J0001'],
			definitions: [],
		});
		// The change is live (the store keeps retrying it); it is only shown as not saved.
		expect(engine.job('J0001')?.runs.length).toBeGreaterThan(0);

		const saved = await engine.saveDefinition({
			def: jobDef({name: 'Weekly', to: ['SEC-01'], packages: ['SEC-PATCH-2611']}),
		});
		expect(saved.ok || saved.error).toMatchObject({
			kind: 'not-saved',
			message: `definition Weekly was made but is not saved: ${FULL}`,
		});
		const definitionId = saved.ok ? '' : (saved.error as {definitionId?: string}).definitionId;
		expect(engine.snapshotNow().saving).toMatchObject({kind: 'not-saved', definitions: [definitionId]});

		disk.retried();
		expect(engine.snapshotNow().saving).toEqual({kind: 'saved'});
	});

	it('is returned by every action that writes: execute, delete, site edits and the lab', async () => {
		const disk = flakyDisk();
		disk.failing = false;
		const engine = engineOn(disk);
		// A job whose only PC is not started can be deleted (one in progress cannot).
		const executed = await engine.executeJob({def: jobDef({to: ['SAL-10'], packages: ['PDF-READER']})});
		expect(executed.ok).toBe(true);
		disk.failing = true;
		const kinds = [
			await engine.executeJob({def: jobDef({name: 'Second', to: ['SEC-02'], packages: ['SEC-PATCH-2611']})}),
			await engine.deleteJob('J0001'),
			await engine.createGroup('NEW-GROUP'),
			await issueCertificate(engine, 'SEC-05'),
			await labPower(engine, 'SAL-09', true),
		].map(r => (r.ok ? 'ok' : r.error.kind));
		expect(kinds).toEqual(['not-saved', 'not-saved', 'not-saved', 'not-saved', 'not-saved']);
		const saving = engine.snapshotNow().saving;
		expect(saving.kind === 'not-saved' && [...saving.jobs].sort()).toEqual(['J0001', 'J0002']);
	});

	it('is published to live views (a listener hears the change of state, and of its end)', async () => {
		const disk = flakyDisk();
		const engine = engineOn(disk);
		const seen: string[] = [];
		engine.subscribeChanges((_changes, snapshot) => seen.push(snapshot.saving.kind));
		await engine.executeJob({def: jobDef({to: ['SEC-01'], packages: ['SEC-PATCH-2611']})});
		disk.retried();
		expect(seen).toContain('not-saved');
		expect(seen.at(-1)).toBe('saved');
	});
});

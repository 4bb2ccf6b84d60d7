/**
 * Schema version 1 → 2: the simulated PCs' truth (user, device, disks, link, relay store) moves out of the server's
 * host records into the fleet's own section; the records keep what a manager knows, plus the issued certificate.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {SCHEMA_VERSION, type SiteDocument} from '../src/data/schema.js';
import {simulationOf} from '../src/engine/sim/pc.js';
import {openSession, resetDemo} from '../src/session.js';
import {T0} from './support/engine.js';
import {runJob, shown} from './support/jobs.js';
import type {VirtualClock} from '../src/engine/clock.js';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

/** The same site as a version 1 file wrote it: each host record carried its PC's truth, and there was no fleet section. */
function asVersion1(doc: SiteDocument): unknown {
	const pcs = new Map(simulationOf(doc.fleet).pcs.map(pc => [pc.id, pc]));
	const hosts = doc.inventory.hosts.map(({certificate: _c, relay: _r, ...h}) => {
		const {id: _id, started: _s, installed: _i, ...truth} = pcs.get(h.id)!;
		return {...h, ...truth};
	});
	const {fleet: _fleet, definitions: _d, folders: _f, nextDefinitionNumber: _nd, nextFolderNumber: _nf, ...rest} = doc;
	return {...rest, inventory: {...doc.inventory, hosts}};
}

describe('migrating rim.json from schema version 1', () => {
	it("splits each host into the server's record and the simulated PC, keeps v1 as a backup, and runs jobs as before", async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-migrate-'));
		dirs.push(dir);
		const reset = await resetDemo({dataDir: dir, now: T0, seed: 1});
		if (!reset.ok) throw new Error(reset.error);
		const file = path.join(dir, 'rim.json');
		const current = JSON.parse(readFileSync(file, 'utf8')) as {schemaVersion: number; state: SiteDocument};
		expect(current.schemaVersion).toBe(SCHEMA_VERSION);
		const v1 = asVersion1(current.state) as {inventory: {hosts: Record<string, unknown>[]}};
		expect(Object.keys(v1.inventory.hosts[0]!).sort()).toEqual([
			'device',
			'freeDiskBytes',
			'id',
			'installed',
			'kind',
			'linkBytesPerSecond',
			'name',
			'os',
			'parent',
			'relayStore',
			'started',
			'user',
		]);
		writeFileSync(file, JSON.stringify({schemaVersion: 1, state: v1}));

		const opened = await openSession({dataDir: dir, now: T0, clock: {kind: 'virtual'}});
		if (!opened.ok) throw new Error(opened.error);
		const {engine, store} = opened.value;
		try {
			expect(existsSync(path.join(dir, 'rim.json.v1.bak'))).toBe(true);
			expect(Object.keys(engine.host('SEC-05')!).sort()).toEqual([
				'certificate',
				'id',
				'installed',
				'kind',
				'name',
				'os',
				'parent',
				'relay',
				'started',
			]);
			expect(engine.host('SEC-05')!.certificate).toEqual(
				current.state.inventory.hosts.find(h => h.id === 'SEC-05')!.certificate,
			);
			expect(engine.host('ACC-01')!.certificate).toBeNull();
			expect(engine.fleet.lab!.device('SEC-05')).toEqual(
				simulationOf(current.state.fleet).pcs.find(p => p.id === 'SEC-05')!.device,
			);
			// The simulated truth still decides: SEC-05's device certificate expired.
			const job = await runJob(engine, engine.clock as VirtualClock, {
				to: ['SEC-05', 'SEC-06'],
				packages: ['SEC-PATCH-2611'],
			});
			expect(shown(job, 'SEC-05')).toMatchObject({state: 'error', code: '300097078500'});
			expect(shown(job, 'SEC-06').state).toBe('finished');
		} finally {
			await opened.value.close();
		}
		expect(path.join(store.dir, 'rim.json')).toBe(file);
		expect((JSON.parse(readFileSync(file, 'utf8')) as {schemaVersion: number}).schemaVersion).toBe(SCHEMA_VERSION);
	});
});

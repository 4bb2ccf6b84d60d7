/**
 * Live views on the admin socket at 10,000 hosts: a manager runs a 2,000-destination security-PC job on the virtual
 * clock while a client watches over a real Unix socket. Prints the bytes of the first snapshot, and per change the
 * bytes the socket carried (deltas only) beside what shipping the whole state each time would have cost.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {VirtualClock} from '../src/engine/clock.js';
import {createDemoFleet} from '../src/engine/demo/demo-fleet.js';
import {defaultSettings} from '../src/engine/define.js';
import type {Engine} from '../src/engine/engine.js';
import {serveWatch} from '../src/live/serve.js';
import {attach} from '../src/net/admin/client.js';
import {AdminServer} from '../src/net/admin/server.js';
import {simulatedEngine} from '../test/support/engine.js';
import {benchOffice, fmt, goalOfRuns, printTable, T0} from './support.js';

export async function managerBenchmark(): Promise<void> {
	const big = createDemoFleet({now: T0, seed: 1, hosts: 10_000, office: benchOffice()});
	const clock = new VirtualClock(T0);
	const ticker = {
		schedule: (fn: () => void, ms: number) => {
			const t = setTimeout(fn, ms);
			return () => clearTimeout(t);
		},
	};
	const {engine} = simulatedEngine(big, clock, {ticker, publishIntervalMs: 100});
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-bench-mgr-'));
	const server = new AdminServer(
		{
			request: async (request, connection) => {
				if (request.op === 'watch') return serveWatch(engine as Engine, request.id, connection);
			},
		},
		{pid: process.pid, dataDir: dir},
	);
	const socket = path.join(dir, 'rim.sock');
	const listening = await server.listen(socket);
	if (!listening.ok) throw new Error(listening.error.message);
	const attached = await attach(socket);
	if (attached.kind !== 'attached') throw new Error('could not attach');
	let snapshotBytes = 0;
	let deltaBytes = 0;
	let deltas = 0;
	let changes = 0;
	const first = new Promise<void>(resolve =>
		attached.client.watch({
			snapshot: raw => {
				snapshotBytes = Buffer.byteLength(JSON.stringify(raw));
				resolve();
			},
			delta: raw => {
				deltas++;
				deltaBytes += Buffer.byteLength(JSON.stringify(raw));
				const d = raw as {hosts: unknown[]; runs: unknown[]; jobs: unknown[]; deleted: unknown[]};
				changes += d.hosts.length + d.runs.length + d.jobs.length + d.deleted.length;
			},
		}),
	);
	await first;
	const defined = await engine.executeJob({
		def: {
			name: 'BENCH-LIVE',
			type: 'install',
			destinations: [{kind: 'group', id: 'SECURITY-PCS'}],
			packages: [{id: 'SEC-PATCH-2611', conditions: {}}],
			settings: defaultSettings(),
		},
	});
	if (!defined.ok) throw new Error(defined.error.message);
	// Advance the lab in steps of 2 s so that publications happen while destinations move.
	while (engine.unsettled(defined.value.id).length > 0 && clock.nextAt() !== undefined) {
		clock.advance(2_000);
		await new Promise(r => setTimeout(r, 105));
	}
	await new Promise(r => setTimeout(r, 300));
	attached.client.close();
	await server.close();
	rmSync(dir, {recursive: true, force: true});
	const destinations = engine.job(defined.value.id)!.runs.length;
	const perChange = deltaBytes / Math.max(1, changes);
	printTable(
		`admin socket live view, ${big.state.inventory.hosts.length} hosts, a ${destinations}-destination job`,
		['figure', 'value'],
		[
			['first snapshot, bytes', snapshotBytes],
			['deltas sent', deltas],
			['objects changed (hosts, runs, jobs)', changes],
			['delta bytes in all', deltaBytes],
			['bytes per changed object', fmt(perChange, 0)],
			['whole state per publication would be, bytes', snapshotBytes * deltas],
		],
	);
	console.log(goalOfRuns('bytes per change ÷ snapshot bytes', [perChange / snapshotBytes], '<', 0.01, 5));
}

if (process.argv[1]?.endsWith('manager.ts')) await managerBenchmark();

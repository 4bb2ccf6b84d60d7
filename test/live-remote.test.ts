/**
 * Two TUIs' engines attached to one manager over a real Unix socket (in one process): actions travel as calls, both
 * mirrors follow the manager, conflicting actions (a name taken twice, deleting a job the other re-executes) are refused
 * for the second with the rule's words, and when the manager goes away actions are refused with the reason until it is
 * back.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {ReattachingApi} from '../src/live/remote-api.js';
import {err} from '../src/shared/result.js';
import {serveCall, serveWatch} from '../src/live/serve.js';
import {attach} from '../src/net/admin/client.js';
import {AdminServer} from '../src/net/admin/server.js';
import {RealClock} from '../src/engine/clock.js';
import {createDemoFleet} from '../src/engine/demo/demo-fleet.js';
import {simulatedEngine, T0, testEngine, testOffice} from './support/engine.js';
import {HandWall} from './support/hand-wall.js';
import {jobDef} from './support/jobs.js';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const until = async (check: () => boolean) => {
	while (!check()) await new Promise(r => setImmediate(r));
};

describe('engines attached to a manager', () => {
	it("act through the manager, follow it, refuse a conflict with the rule's words, and say when it is gone", async () => {
		const {engine, clock} = testEngine();
		const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-remote-'));
		dirs.push(dir);
		const server = new AdminServer(
			{
				request: async (request, connection) => {
					if (request.op === 'watch') return serveWatch(engine, request.id, connection);
					if (request.op === 'call') return serveCall(engine, request, connection);
				},
			},
			{pid: process.pid, dataDir: dir},
		);
		const socket = path.join(dir, 'rim.sock');
		expect((await server.listen(socket)).ok).toBe(true);
		const notices: string[] = [];
		const open = async () => {
			const attached = await attach(socket);
			if (attached.kind !== 'attached') throw new Error('no manager');
			const remote = new ReattachingApi(() => attach(socket), {notice: text => notices.push(text)}, 60_000);
			await remote.start(attached.client);
			return remote;
		};
		const [a, b] = [await open(), await open()];

		const saved = await a.api.saveDefinition({
			def: jobDef({name: 'SHARED', to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611']}),
		});
		expect(saved.ok).toBe(true);
		const definition = saved.ok ? saved.value.id : '';
		const twice = await b.api.saveDefinition({
			def: jobDef({name: 'shared', to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611']}),
		});
		expect(twice.ok ? '' : twice.error.message).toMatch(/shared/);
		// Folders and definitions travel in the deltas: one TUI files the definition, the other sees it there.
		const folder = await b.api.createFolder(null, 'Monthly');
		expect(folder.ok).toBe(true);
		expect((await b.api.moveDefinition(definition, folder.ok ? folder.value.id : null)).ok).toBe(true);
		await until(() => a.api.getSnapshot().folders.length === 1 && a.api.getSnapshot().definitions[0]?.folder !== null);
		expect(a.api.getSnapshot().definitions.map(d => d.name)).toEqual(['SHARED']);
		const executed = await b.api.executeDefinition(definition);
		expect(executed.ok).toBe(true);
		const id = executed.ok ? executed.value.id : '';
		clock.runUntilIdle();
		await until(
			() => b.api.getSnapshot().jobs[0]?.summary.total === 8 && a.api.getSnapshot().jobs[0]?.summary.result === 'error',
		);
		expect(a.api.getSnapshot().jobs[0]!.summary).toMatchObject({finished: 7, error: 1});
		expect(a.api.getSnapshot().jobs[0]!.definition).toEqual({id: definition, name: 'SHARED'});
		expect(a.api.rerunCandidates(id)).toEqual(['SEC-05']);
		// One re-executes the job while the other deletes it: the delete, second, is refused with the rule's words (a's
		// view may still show the job ended; the manager decides on its own state).
		expect((await b.api.rerun(id)).ok).toBe(true);
		const deleting = await a.api.deleteJob(id);
		expect(deleting.ok ? '' : deleting.error.message).toBe(
			`job ${id} is being re-executed: SEC-05 is in progress (SEC-05); ` +
				'deleting it would not stop them, only lose their results. Delete it once they have ended',
		);
		clock.runUntilIdle();
		await until(
			() =>
				a.api.getSnapshot().jobs[0]?.summary.result === 'error' &&
				b.api.getSnapshot().jobs[0]?.summary.result === 'error',
		);
		// The other way round: the delete comes first, and the re-execute, second, finds no job.
		expect((await a.api.deleteJob(id)).ok).toBe(true);
		const rerun = await b.api.rerun(id);
		expect(rerun.ok ? '' : rerun.error.message).toBe(`no job "${id}"`);
		await until(() => a.api.getSnapshot().jobs.length === 0 && b.api.getSnapshot().jobs.length === 0);
		// Lab actions travel too: the fault is real on the manager's simulated PC.
		expect((await a.api.labFault('SEC-01', 'no-cert')).ok).toBe(true);
		expect(engine.fleet.lab!.device('SEC-01')!.deviceCertPem).toBeNull();
		// The host view reads through the manager: nothing until its answer arrives, then the fault in effect there.
		expect(a.api.hostDetail('SEC-01')).toBeUndefined();
		await until(() => a.api.hostDetail('SEC-01') !== undefined);
		expect(a.api.hostDetail('SEC-01')!.device!.findings.map(f => f.fault)).toContain('no-cert');
		expect(a.api.hostDetail('NOPE')).toBeUndefined();
		await until(() => a.api.hostDetail('NOPE') !== undefined);
		expect(a.api.hostDetail('NOPE')).toBeNull();

		await server.close('stopping for the test');
		await until(() => notices.length === 2);
		expect(notices[0]).toBe(
			'the manager went away (stopping for the test); showing its last state, re-attaching when it is back',
		);
		const after = await a.api.executeDefinition(definition);
		expect(after.ok ? '' : after.error.message).toBe(
			'no manager is running on this data directory; waiting for one to come back',
		);
		await a.stop();
		await b.stop();
	});

	it('becomes the manager only while none is attached; a failed open leaves it re-attaching, and it attaches again', async () => {
		const {engine} = testEngine();
		const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-remote-'));
		dirs.push(dir);
		const serve = () =>
			new AdminServer(
				{
					request: async (request, connection) => {
						if (request.op === 'watch') return serveWatch(engine, request.id, connection);
						if (request.op === 'call') return serveCall(engine, request, connection);
					},
				},
				{pid: process.pid, dataDir: dir},
			);
		const socket = path.join(dir, 'rim.sock');
		const first = serve();
		expect((await first.listen(socket)).ok).toBe(true);
		const notices: string[] = [];
		const remote = new ReattachingApi(
			() => attach(socket),
			{notice: text => notices.push(text)},
			20,
			async () => err(`the data directory ${dir} is in use by another rim (pid 1)`),
		);
		const attached = await attach(socket);
		if (attached.kind !== 'attached') throw new Error('no manager');
		await remote.start(attached.client);
		const refused = await remote.becomeManager();
		expect(refused.ok ? '' : refused.error.message).toBe(
			`a manager is running (pid ${process.pid}); this rim is attached to it`,
		);

		await first.close('stopping for the test');
		await until(() => remote.link().kind === 'lost');
		const failed = await remote.becomeManager();
		expect(failed.ok ? '' : failed.error.message).toBe(
			`could not become the manager: the data directory ${dir} is in use by another rim (pid 1); re-attaching when a manager is back`,
		);
		const second = serve();
		expect((await second.listen(socket)).ok).toBe(true);
		await until(() => notices.length === 2);
		expect(notices.at(-1)).toBe(`attached again to the manager (pid ${process.pid})`);
		expect(remote.link()).toEqual({kind: 'attached', pid: process.pid});
		await remote.stop();
		await second.close();
	});

	it("act on the manager's lab clock, and keep lab time by its rate", async () => {
		const wall = new HandWall(T0);
		const clock = new RealClock(20, T0, wall);
		const {engine} = simulatedEngine(createDemoFleet({now: T0, seed: 1, office: testOffice()}), clock);
		const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-remote-'));
		dirs.push(dir);
		const server = new AdminServer(
			{
				request: async (request, connection) => {
					if (request.op === 'watch') return serveWatch(engine, request.id, connection);
					if (request.op === 'call') return serveCall(engine, request, connection);
				},
			},
			{pid: process.pid, dataDir: dir},
		);
		const socket = path.join(dir, 'rim.sock');
		expect((await server.listen(socket)).ok).toBe(true);
		const attached = await attach(socket);
		if (attached.kind !== 'attached') throw new Error('no manager');
		const remote = new ReattachingApi(() => attach(socket), {notice: () => {}}, 60_000);
		await remote.start(attached.client);
		expect(remote.api.getSnapshot().clock).toEqual({speed: 20, paused: false});

		const paused = await remote.api.controlClock('pause');
		expect(paused).toMatchObject({ok: true, value: {rate: {speed: 20, paused: true}}});
		expect(clock.rate().paused).toBe(true);
		await until(() => remote.api.getSnapshot().clock?.paused === true);
		// Paused, the attached view's lab time is the manager's, however long the wall clock runs.
		expect(remote.api.now()).toBe(clock.now());
		expect(await remote.api.controlClock({speed: 5})).toMatchObject({
			ok: true,
			value: {message: 'Lab clock paused (5× when resumed)'},
		});
		await until(() => remote.api.getSnapshot().clock?.speed === 5);
		const refused = await remote.api.controlClock('sideways' as never);
		expect(refused.ok ? '' : refused.error.message).toMatch(
			/clock control must be one of toggle, pause, resume, step, faster, slower/,
		);
		await remote.stop();
		await server.close();
		clock.cancelAll();
	});
});

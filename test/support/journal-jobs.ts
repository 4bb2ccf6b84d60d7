/**
 * A session on a data directory with the journal forced on (journalFromBytes 0) that runs jobs touching every kind of
 * journal record: a job executed and run to its end, a job executed and deleted, a re-execute, a host powered, and
 * the Job Definition window's: folders created and renamed, definitions saved, changed, moved, executed and deleted.
 * Used in-process by test/journal.test.ts and, through run(), by its child process that is SIGKILLed.
 */
import {writeFileSync} from 'node:fs';
import type {VirtualClock} from '../../src/engine/clock.js';
import {defaultSettings} from '../../src/engine/define.js';
import {labPower} from '../../src/engine/lab.js';
import {openSession, type Session} from '../../src/session.js';

function must<T>(r: {ok: true; value: T} | {ok: false; error: {message: string}}): T {
	if (!r.ok) throw new Error(r.error.message);
	return r.value;
}

export async function runJobs(dataDir: string): Promise<Session> {
	const opened = await openSession({
		dataDir,
		now: Date.UTC(2026, 10, 24, 9),
		clock: {kind: 'virtual'},
		journalFromBytes: 0,
	});
	if (!opened.ok) throw new Error(opened.error);
	const session = opened.value;
	const {engine} = session;
	const clock = engine.clock as VirtualClock;
	const def = (name: string) => ({
		name,
		type: 'install' as const,
		destinations: [{kind: 'group' as const, id: 'SECURITY-PCS'}],
		packages: [{id: 'SEC-PATCH-2611', conditions: {}}],
		settings: defaultSettings(),
	});
	const sec = must(await engine.executeJob({def: def('JOURNAL-SEC')}));
	clock.runUntilIdle();
	const gone = must(await engine.executeJob({def: def('JOURNAL-GONE')}));
	clock.runUntilIdle();
	must(await engine.deleteJob(gone.id));
	const monthly = must(await engine.createFolder(null, 'Monthly'));
	const patches = must(await engine.createFolder(monthly.id, 'Patches'));
	must(await engine.renameFolder(monthly.id, 'Every-Month'));
	const saved = must(await engine.saveDefinition({def: def('JOURNAL-DEF'), folder: patches.id}));
	must(await engine.executeDefinition(saved.id));
	must(
		await engine.saveDefinition({
			def: {...def('JOURNAL-DEF'), settings: {...defaultSettings(), timeLimit: engine.now() + 3_600_000}},
			id: saved.id,
		}),
	);
	must(await engine.moveDefinition(saved.id, monthly.id));
	const dropped = must(await engine.saveDefinition({def: def('JOURNAL-DROPPED')}));
	must(await engine.deleteDefinition(dropped.id));
	if (engine.rerunCandidates(sec.id).length) must(await engine.rerun(sec.id));
	clock.runUntilIdle();
	const first = engine.state.inventory.hosts.find(h => h.kind !== 'relay')!;
	must(await labPower(engine, first.id, !first.started));
	clock.runUntilIdle();
	must(await session.store.flush());
	return session;
}

/** Child mode: run the jobs, flush, write the live state to `out`, say "ready" and wait to be killed. */
export async function run(dataDir: string, out: string): Promise<void> {
	const session = await runJobs(dataDir);
	writeFileSync(out, JSON.stringify(session.engine.state));
	console.log('ready');
	setInterval(() => {}, 1000);
}

/**
 * rim.json written by an older rim opens in this one: each migration brings the document to SCHEMA_VERSION, keeps the
 * original beside it, and the engine carries on from it.
 */
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {SCHEMA_VERSION} from '../src/data/schema.js';
import {openSession} from '../src/session.js';
import {withoutDefinitions, withoutRelayReports} from './support/older-documents.js';

const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});
const quiet = {log: () => {}, error: () => {}};

/** A data directory holding a version 2 document: a failed SEC-05 and an ACC-01 scheduled for later. */
async function versionTwoDir(): Promise<{dir: string; startAt: number}> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-migrate-'));
	dirs.push(dir);
	expect(await main(['demo', 'reset', '--data-dir', dir], quiet, {})).toBe(0);
	expect(
		await main(
			[
				'job',
				'create',
				'--type',
				'install',
				'--package',
				'SEC-PATCH-2611',
				'--destination',
				'SEC-05',
				'--wait',
				'--data-dir',
				dir,
			],
			quiet,
			{},
		),
	).toBe(1);
	expect(
		await main(
			[
				'job',
				'create',
				'--type',
				'install',
				'--package',
				'PDF-READER',
				'--destination',
				'ACC-01',
				'--at',
				'2099-01-01 10:00',
				'--data-dir',
				dir,
			],
			quiet,
			{},
		),
	).toBe(0);
	// Written back the way version 2 kept it: no earlier attempts, no start time on a scheduled destination.
	const file = path.join(dir, 'rim.json');
	const doc = JSON.parse(readFileSync(file, 'utf8'));
	withoutDefinitions(doc.state);
	for (const job of doc.state.jobs) {
		for (const run of job.runs) {
			delete run.earlier;
			delete run.status.startAt;
		}
	}
	writeFileSync(file, JSON.stringify({...doc, schemaVersion: 2}));
	return {dir, startAt: Date.parse('2099-01-01T10:00:00Z')};
}

describe('schema version 2 → 3', () => {
	it("opens a version 2 document: no earlier attempts, the job's start date on a scheduled destination, the original kept", async () => {
		const {dir, startAt} = await versionTwoDir();
		const opened = await openSession({dataDir: dir, now: Date.now(), clock: {kind: 'virtual'}});
		if (!opened.ok) throw new Error(opened.error);
		const {engine} = opened.value;
		try {
			const sec05 = engine.run('J0001', 'SEC-05')!;
			expect(sec05.earlier).toEqual([]);
			expect(sec05.status).toMatchObject({state: 'error', code: '300097078500'});
			expect(engine.run('J0002', 'ACC-01')!.status).toEqual({state: 'waiting', reason: 'scheduled', startAt});
			// A re-execute on the migrated document keeps the failed attempt.
			expect((await engine.rerun('J0001')).ok).toBe(true);
			expect(engine.run('J0001', 'SEC-05')!.earlier).toMatchObject([{attempt: 1, status: {code: '300097078500'}}]);
		} finally {
			await opened.value.close();
		}
		expect(JSON.parse(readFileSync(path.join(dir, 'rim.json'), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
		expect(existsSync(path.join(dir, 'rim.json.v2.bak'))).toBe(true);
		expect(JSON.parse(readFileSync(path.join(dir, 'rim.json.v2.bak'), 'utf8')).schemaVersion).toBe(2);
	});
});

describe('schema version 6 → 7', () => {
	it('opens a version 6 document: no relay has reported yet; a report is kept on the relay’s host record', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-migrate-'));
		dirs.push(dir);
		expect(await main(['demo', 'reset', '--data-dir', dir], quiet, {})).toBe(0);
		const file = path.join(dir, 'rim.json');
		const doc = JSON.parse(readFileSync(file, 'utf8'));
		withoutRelayReports(doc.state);
		writeFileSync(file, JSON.stringify({...doc, schemaVersion: 6}));

		const open = async () => {
			const opened = await openSession({dataDir: dir, now: Date.now(), clock: {kind: 'virtual'}});
			if (!opened.ok) throw new Error(opened.error);
			return opened.value;
		};
		const first = await open();
		const status = {
			reportedAt: Date.UTC(2026, 10, 30),
			cacheBytes: 42,
			capacityBytes: 1024,
			packageCount: 1,
			packages: [{id: 'TOOL', version: '7', digest: 'ab'.repeat(32), bytes: 42}],
			fetching: 0,
			waitingResults: 3,
		};
		try {
			const hosts = first.engine.state.inventory.hosts;
			expect(hosts.length).toBeGreaterThan(0);
			expect(hosts.every(h => h.relay === null)).toBe(true);
			first.engine.updateHost('RLY-TOKYO', h => ({...h, relay: status}));
		} finally {
			await first.close();
		}
		expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
		expect(JSON.parse(readFileSync(path.join(dir, 'rim.json.v6.bak'), 'utf8')).schemaVersion).toBe(6);
		const second = await open();
		try {
			expect(second.engine.state.inventory.hosts.find(h => h.id === 'RLY-TOKYO')!.relay).toEqual(status);
		} finally {
			await second.close();
		}
	});
});

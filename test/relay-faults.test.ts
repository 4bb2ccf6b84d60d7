/**
 * Relays under faults, as real processes on loopback: a relay killed in the middle of a transfer resumes at the first
 * unverified chunk (the manager serves the package once, plus at most the chunk in flight); a manager that is down
 * while the PCs below a relay finish gets every result from the relay when it is back, none twice; a package whose
 * expiration at the relay passed before it reached the PCs ends their runs with 3000E0020000.
 */
import {randomBytes} from 'node:crypto';
import {chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {endAll, rim, start} from './support/processes.js';
import {
	json,
	siteWorkspace,
	restartRelay,
	sha256Of,
	startAgent,
	startRelay,
	startServer,
	stopServer,
} from './support/real-site.js';

const dirs: string[] = [];
afterEach(endAll);
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const CHUNK = 1024 * 1024;

/** Reads the job's status until every destination is final (the job's own end, however long it takes). */
async function settled(site: string, job: string): Promise<{state: string; code: string; host: string}[]> {
	for (;;) {
		const status = json(await rim(site, 'job', 'status', job, '--json'));
		if (status.counts.finished + status.counts.error + status.counts.rejected === status.counts.total)
			return status.destinations;
		await sleep(250);
	}
}

describe('relays under faults', () => {
	it('a relay killed in the middle of a transfer resumes at the first unverified chunk', {
		timeout: 300_000,
	}, async () => {
		const {base, site, shown} = siteWorkspace('rim-relay-kill-', dirs);
		const src = path.join(base, 'src');
		mkdirSync(src);
		// Random bytes: gzip cannot shrink them, so the payload really is 24 chunks.
		writeFileSync(path.join(src, 'big.bin'), randomBytes(24 * CHUNK));
		expect((await rim(site, 'init')).code).toBe(0);
		expect((await rim(site, 'package', 'add', src, '--id', 'BIG', '--version', '1', '--kind', 'standard')).code).toBe(
			0,
		);
		const pkg = json(await rim(site, 'packages', '--json')).find((p: {id: string}) => p.id === 'BIG');
		const server = await startServer(site);
		shown.push(['server', server.running]);
		const relay = await startRelay(site, base, 'R-1', server.url);
		shown.push(['R-1', relay.running]);

		const transfer = rim(
			site,
			'job',
			'create',
			'--type',
			'transfer-to-relay',
			'--package',
			'BIG',
			'--destination',
			'R-1',
			'--wait',
			'--json',
		);
		await relay.running.see(/fetched chunk 2\/\d+ of /);
		relay.running.child.kill('SIGKILL');
		await relay.running.exited;
		const again = await restartRelay(relay.dir, 'R-1', server.url);
		shown.push(['R-1 again', again.running]);
		const resumed = /resuming \w+ at chunk (\d+) of (\d+)/.exec(
			await again.running.see(/resuming \w+ at chunk \d+ of \d+/),
		)!;
		expect(Number(resumed[1])).toBeGreaterThan(2);
		const done = await transfer;
		expect(done.code).toBe(0);
		expect(json(done).destinations[0]).toMatchObject({host: 'R-1', state: 'finished'});
		expect(sha256Of(path.join(relay.dir, 'downloads', `${pkg.digest}.tar.gz`))).toBe(pkg.digest);
		// Once, plus at most the chunk that was in flight when the relay died.
		const served = await stopServer(server.running);
		expect(served).toBeGreaterThanOrEqual(pkg.size);
		expect(served).toBeLessThanOrEqual(pkg.size + CHUNK);
	});

	it('keeps the results of a manager that is down at the relay, and delivers each once when it is back', {
		timeout: 300_000,
	}, async () => {
		const {base, site, shown} = siteWorkspace('rim-relay-down-', dirs);
		const src = path.join(base, 'src');
		mkdirSync(path.join(src, 'bin'), {recursive: true});
		const gate = path.join(base, 'gate');
		// The install waits for the test's gate, so the manager can be stopped while both PCs are installing.
		writeFileSync(
			path.join(src, 'bin', 'install.sh'),
			`#!/bin/sh\nwhile [ ! -e '${gate}' ]; do sleep 0.1; done\necho ran >> ../../installs.txt\n`,
		);
		chmodSync(path.join(src, 'bin', 'install.sh'), 0o755);
		expect((await rim(site, 'init')).code).toBe(0);
		expect(
			(
				await rim(
					site,
					'package',
					'add',
					src,
					'--id',
					'GATED',
					'--version',
					'1',
					'--kind',
					'standard',
					'--install-script',
					'bin/install.sh',
				)
			).code,
		).toBe(0);
		const server = await startServer(site);
		shown.push(['server', server.running]);
		const port = new URL(server.url).port;
		const relay = await startRelay(site, base, 'R-1', server.url);
		shown.push(['R-1', relay.running]);
		const pcs = [await startAgent(site, base, 'PC-1', relay.url), await startAgent(site, base, 'PC-2', relay.url)];
		for (const [i, pc] of pcs.entries()) shown.push([`PC-${i + 1}`, pc.running]);
		expect((await rim(site, 'group', 'create', 'BRANCH')).code).toBe(0);
		expect((await rim(site, 'group', 'add', 'BRANCH', 'PC-1', 'PC-2')).code).toBe(0);
		const created = await rim(
			site,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'GATED',
			'--destination',
			'BRANCH',
			'--json',
		);
		expect(created.code).toBe(0);
		const job = json(created).id;
		for (const pc of pcs) await pc.running.see(`carrying out install for ${job}`);

		await stopServer(server.running);
		writeFileSync(gate, '');
		for (const pc of pcs) await pc.running.see('install: installed GATED');
		await relay.running.see('cannot forward results upstream');
		// Both PCs' results wait on the relay's disk. (A PC does not write its state for an ack alone, so its state file
		// is no sign of the ack; if a PC sends a result again, the relay and the manager know it by its id.)
		const kept = () =>
			JSON.parse(readFileSync(path.join(relay.dir, 'forward.json'), 'utf8')).entries as {
				hops: {id: string}[];
				result: {report: {kind: string}};
			}[];
		while (
			new Set(
				kept()
					.filter(e => e.result.report.kind === 'installed')
					.map(e => e.hops[0]!.id),
			).size < 2
		)
			await sleep(100);

		const back = start(['server', '--listen', `127.0.0.1:${port}`, '--data-dir', site]);
		shown.push(['server again', back]);
		await back.see('agents on');
		const destinations = await settled(site, job);
		expect(destinations.map(d => [d.host, d.state])).toEqual([
			['PC-1', 'finished'],
			['PC-2', 'finished'],
		]);
		// Each PC installed once, each result was recorded once, and the relay keeps nothing.
		for (const pc of pcs) expect(readFileSync(path.join(pc.dir, 'installs.txt'), 'utf8')).toBe('ran\n');
		expect(back.output()).not.toMatch(/refused/);
		for (;;) {
			if (JSON.parse(readFileSync(path.join(relay.dir, 'forward.json'), 'utf8')).entries.length === 0) break;
			await sleep(100);
		}
	});

	it('ends the runs of a package that expired at the relay before delivery with 3000E0020000', {
		timeout: 300_000,
	}, async () => {
		const {base, site, shown} = siteWorkspace('rim-relay-expired-', dirs);
		const src = path.join(base, 'src');
		mkdirSync(src);
		writeFileSync(path.join(src, 'tool.txt'), 'a tool\n');
		expect((await rim(site, 'init')).code).toBe(0);
		expect((await rim(site, 'package', 'add', src, '--id', 'TOOL', '--version', '1', '--kind', 'standard')).code).toBe(
			0,
		);
		const server = await startServer(site);
		shown.push(['server', server.running]);
		const relay = await startRelay(site, base, 'R-1', server.url);
		shown.push(['R-1', relay.running]);
		const pc = await startAgent(site, base, 'PC-1', relay.url);
		shown.push(['PC-1', pc.running]);
		// Expires at the relay the day after tomorrow; the job starts a day later. The lab clock jumps to the start.
		const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
		const created = await rim(
			site,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'TOOL',
			'--destination',
			'PC-1',
			'--relay-expiry',
			day(2),
			'--at',
			`${day(3)} 12:00`,
			'--json',
		);
		expect(created.code).toBe(0);
		const job = json(created).id;
		expect((await rim(site, 'lab', 'clock', 'step')).code).toBe(0);
		const [run] = await settled(site, job);
		expect(run).toMatchObject({host: 'PC-1', state: 'error', code: '3000E0020000'});
		await relay.running.see(`TOOL expired at this relay before it reached PC-1: reported 3000E0020000`);
		expect(existsSync(path.join(pc.dir, 'root', 'TOOL'))).toBe(false);
	});
});

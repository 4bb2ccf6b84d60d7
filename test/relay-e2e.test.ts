/**
 * A site with relays, as real processes on loopback: a manager, relay R-1, two agents enrolled through it (their parent
 * is R-1). Transfer package to relay system leaves one copy at R-1, found by its SHA-256; an install to the two agents
 * finishes from that copy, and the manager serves the package's bytes once. Stacked: relay R-2 below R-1 and an agent
 * below R-2; a transfer to R-2 and an install below it take nothing more from the manager.
 */
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {endAll, rim} from './support/processes.js';
import {json, siteWorkspace, sha256Of, startAgent, startRelay, startServer, stopServer} from './support/real-site.js';

const dirs: string[] = [];
const relayReport = (destinations: Parameters<typeof json>[0], id: string) =>
	json(destinations).hosts.find((h: {id: string}) => h.id === id)?.relay;
afterEach(endAll);
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

describe('relay systems as real processes', () => {
	it('keeps one copy at the relay, installs below it from that copy, and stacks', {timeout: 300_000}, async () => {
		const {base, site, shown} = siteWorkspace('rim-relay-', dirs);
		const src = path.join(base, 'src');
		mkdirSync(src);
		// Three chunks and a bit, so every copy really goes chunk by chunk.
		writeFileSync(path.join(src, 'tool.bin'), Buffer.from(Array.from({length: 3_300_000}, (_, i) => (i * 7919) % 253)));
		expect((await rim(site, 'init')).code).toBe(0);
		expect((await rim(site, 'package', 'add', src, '--id', 'TOOL', '--version', '7', '--kind', 'standard')).code).toBe(
			0,
		);
		const pkg = json(await rim(site, 'packages', '--json')).find((p: {id: string}) => p.id === 'TOOL');

		const server = await startServer(site);
		shown.push(['server', server.running]);
		const r1 = await startRelay(site, base, 'R-1', server.url);
		shown.push(['R-1', r1.running]);
		const pc1 = await startAgent(site, base, 'PC-1', r1.url);
		const pc2 = await startAgent(site, base, 'PC-2', r1.url);
		shown.push(['PC-1', pc1.running], ['PC-2', pc2.running]);
		const hosts = json(await rim(site, 'destinations', '--json')).hosts.map(
			(h: {id: string; kind: string; parent: string | null}) => [h.id, h.kind, h.parent],
		);
		expect(hosts).toEqual([
			['R-1', 'relay', null],
			['PC-1', 'standard-pc', 'R-1'],
			['PC-2', 'standard-pc', 'R-1'],
		]);

		const transfer = await rim(
			site,
			'job',
			'create',
			'--type',
			'transfer-to-relay',
			'--package',
			'TOOL',
			'--destination',
			'R-1',
			'--wait',
			'--json',
		);
		expect(transfer.code).toBe(0);
		expect(json(transfer).destinations[0]).toMatchObject({
			host: 'R-1',
			state: 'finished',
			detail: 'stored at the relay until its expiration',
		});
		const copy = path.join(r1.dir, 'downloads', `${pkg.digest}.tar.gz`);
		expect(sha256Of(copy)).toBe(pkg.digest);
		// The relay reported its cache with the result that finished the transfer: the manager shows the package in it.
		expect(relayReport(await rim(site, 'destinations', '--json'), 'R-1')).toMatchObject({
			cacheBytes: pkg.size,
			packageCount: 1,
			packages: [{id: 'TOOL', version: '7', digest: pkg.digest, bytes: pkg.size}],
		});

		expect((await rim(site, 'group', 'create', 'OFFICE')).code).toBe(0);
		expect((await rim(site, 'group', 'add', 'OFFICE', 'PC-1', 'PC-2')).code).toBe(0);
		const install = await rim(
			site,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'TOOL',
			'--destination',
			'OFFICE',
			'--wait',
			'--json',
		);
		expect(install.code).toBe(0);
		expect(json(install).counts).toEqual({finished: 2, error: 0, rejected: 0, total: 2});
		for (const pc of [pc1, pc2]) {
			expect(
				readFileSync(path.join(pc.dir, 'root', 'TOOL', 'tool.bin')).equals(readFileSync(path.join(src, 'tool.bin'))),
			).toBe(true);
			// The agents fetched from the relay; they never held a connection to the manager.
			expect(pc.running.output()).not.toContain(server.url);
		}
		await r1.running.see(`${json(install).id} for PC-1: its packages are at this relay`);
		expect(r1.running.output().match(/fetched \w+ from upstream/g)).toHaveLength(1);

		// Stacked: R-2 enrols through R-1, PC-3 through R-2.
		const r2 = await startRelay(site, base, 'R-2', r1.url);
		shown.push(['R-2', r2.running]);
		const pc3 = await startAgent(site, base, 'PC-3', r2.url);
		shown.push(['PC-3', pc3.running]);
		const parents = Object.fromEntries(
			json(await rim(site, 'destinations', '--json')).hosts.map((h: {id: string; parent: string | null}) => [
				h.id,
				h.parent,
			]),
		);
		expect(parents).toMatchObject({'R-2': 'R-1', 'PC-3': 'R-2'});
		const stacked = await rim(
			site,
			'job',
			'create',
			'--type',
			'transfer-to-relay',
			'--package',
			'TOOL',
			'--destination',
			'R-2',
			'--wait',
			'--json',
		);
		expect(stacked.code).toBe(0);
		expect(sha256Of(path.join(r2.dir, 'downloads', `${pkg.digest}.tar.gz`))).toBe(pkg.digest);
		// R-2's report of itself came up through R-1.
		expect(relayReport(await rim(site, 'destinations', '--json'), 'R-2')).toMatchObject({
			packages: [{id: 'TOOL', version: '7', digest: pkg.digest}],
		});
		const below = await rim(
			site,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'TOOL',
			'--destination',
			'PC-3',
			'--wait',
			'--json',
		);
		expect(below.code).toBe(0);
		expect(json(below).destinations[0]).toMatchObject({host: 'PC-3', state: 'finished'});
		expect(existsSync(path.join(pc3.dir, 'root', 'TOOL', 'tool.bin'))).toBe(true);
		await r2.running.see(`${json(below).id} for PC-3: its packages are at this relay`);

		// One copy left the manager in all: to R-1. R-2 and the three PCs were served below it.
		expect(await stopServer(server.running)).toBe(pkg.size);
	});
});

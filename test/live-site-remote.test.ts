/**
 * A TUI attached to a manager does the site's admin work through it: the fleet kind comes with the attachment, packing
 * happens on the manager (into its data directory, with progress messages on the way), groups and hosts change there,
 * and refusals come back with the rule's words.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {readBlob} from '../src/data/package-blobs.js';
import {ReattachingApi} from '../src/live/remote-api.js';
import {serveCall, serveWatch} from '../src/live/serve.js';
import {attach} from '../src/net/admin/client.js';
import {AdminServer} from '../src/net/admin/server.js';
import type {PackProgress} from '../src/engine/site.js';
import {initSite, openSession} from '../src/session.js';
import {userPath} from '../src/site-packages.js';
import {withLocalPaths} from '../src/cli/attached.js';
import {T0} from './support/engine.js';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

const temp = (prefix: string) => {
	const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
	dirs.push(dir);
	return dir;
};

const until = async (check: () => boolean) => {
	while (!check()) await new Promise(r => setImmediate(r));
};

describe('site actions of an attached TUI', () => {
	it('travel to the manager, which packs into its own data directory and reports progress', async () => {
		const dataDir = temp('rim-site-remote-');
		expect((await initSite({dataDir, now: T0, seed: 3})).ok).toBe(true);
		const opened = await openSession({dataDir, now: T0, clock: {kind: 'virtual'}});
		if (!opened.ok) throw new Error(opened.error);
		const session = opened.value;
		const {engine} = session;
		const server = new AdminServer(
			{
				request: async (request, connection) => {
					if (request.op === 'watch') return serveWatch(engine, request.id, connection);
					if (request.op === 'call')
						return serveCall(engine, request, connection, {dataDir, fleetKind: session.fleetKind});
				},
			},
			{pid: process.pid, dataDir},
		);
		const socket = path.join(dataDir, 'rim.sock');
		expect((await server.listen(socket)).ok).toBe(true);
		const attached = await attach(socket);
		if (attached.kind !== 'attached') throw new Error('no manager');
		const remote = new ReattachingApi(() => attach(socket), {notice: () => {}}, 60_000);
		await remote.start(attached.client);
		const {api} = remote;
		expect(api.fleetKind()).toBe('network');

		// Three files of 3 MiB: packing reports progress (at most once per percent) before the result.
		const src = temp('rim-site-remote-src-');
		mkdirSync(path.join(src, 'data'));
		for (const name of ['a', 'b', 'c'])
			writeFileSync(path.join(src, 'data', name), Buffer.alloc(3 * 1024 * 1024, name));
		const progress: PackProgress[] = [];
		const added = await api.addPackage({path: src, id: 'BIG', version: '1', kind: 'update-data'}, p =>
			progress.push(p),
		);
		if (!added.ok) throw new Error(added.error.message);
		expect(added.value.package).toMatchObject({id: 'BIG', kind: 'update-data', cabinet: 'UD'});
		expect(progress.length).toBeGreaterThan(1);
		expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
		expect(readBlob(dataDir, added.value.package.sha256!)?.length).toBe(added.value.package.size);
		await until(() => api.getSnapshot().inventory.packages.some(p => p.id === 'BIG'));

		const again = await api.addPackage({path: src, id: 'BIG', version: '2', kind: 'standard'});
		expect(again.ok ? '' : again.error.message).toBe('a package with id BIG exists already');
		const missing = await api.addPackage({path: path.join(src, 'none'), id: 'NONE', version: '1', kind: 'standard'});
		expect(missing.ok ? '' : missing.error.message).toMatch(/does not exist/);

		const group = await api.createGroup('OFFICE', 'Office PCs');
		expect(group.ok && group.value).toEqual({id: 'OFFICE', name: 'Office PCs', members: []});
		const bad = await api.createGroup('office');
		expect(bad.ok ? '' : bad.error.message).toMatch(/^group id "office" is not allowed/);
		const unknown = await api.changeGroup('OFFICE', 'add', ['PC-1']);
		expect(unknown.ok ? '' : unknown.error.message).toBe('no host "PC-1"');
		const noHost = await api.removeHost('PC-1');
		expect(noHost.ok ? '' : noHost.error.message).toBe('no host "PC-1"');
		expect((await api.deleteGroup('OFFICE')).ok).toBe(true);

		const removed = await api.removePackage('BIG');
		expect(removed.ok).toBe(true);
		expect(readBlob(dataDir, added.value.package.sha256!)).toBeNull();
		await until(
			() => api.getSnapshot().inventory.packages.length === 0 && api.getSnapshot().inventory.groups.length === 0,
		);

		await remote.stop();
		await server.close('done');
		await session.close();
	});
});

describe('a path typed in the TUI', () => {
	it("travels resolved: ~ is the home folder, a relative path starts at the TUI's working folder", () => {
		expect(userPath('~/src/editor', '/work', '/home/me')).toBe('/home/me/src/editor');
		expect(userPath('~', '/work', '/home/me')).toBe('/home/me');
		expect(userPath('src/editor', '/work', '/home/me')).toBe('/work/src/editor');
		expect(userPath('/abs/x', '/work', '/home/me')).toBe('/abs/x');
	});

	it("and a shell's `rim package add PATH` sent to a manager: PATH absolute, nothing else touched", () => {
		expect(withLocalPaths(['package', 'add', '--id', 'X', 'src', '--version', '1'], '/work')).toEqual([
			'package',
			'add',
			'--id',
			'X',
			'/work/src',
			'--version',
			'1',
		]);
		expect(withLocalPaths(['package', 'add', '--name=a b', '/abs', '--json'], '/work')).toEqual([
			'package',
			'add',
			'--name=a b',
			'/abs',
			'--json',
		]);
		expect(withLocalPaths(['--data-dir', 'd', 'package', 'add', 'src'], '/work')).toEqual([
			'--data-dir',
			'd',
			'package',
			'add',
			'/work/src',
		]);
		expect(withLocalPaths(['group', 'add', 'G', 'host'], '/work')).toEqual(['group', 'add', 'G', 'host']);
	});
});

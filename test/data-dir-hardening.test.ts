/**
 * The data directory's smaller hazards, through the real bin/rim: a read-only rim.json, lock files rim did not make
 * (a dangling symlink, a pid that belongs to another program), key files loosened to 0644, payload modes.
 */
import {spawn, spawnSync} from 'node:child_process';
import {chmodSync, chownSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';

const RIM = path.resolve('bin/rim');
const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

async function demoDir(): Promise<string> {
	const root = mkdtempSync(path.join(os.tmpdir(), 'rim-dd-'));
	dirs.push(root);
	const dir = path.join(root, 'data');
	expect(await main(['demo', 'reset', '--data-dir', dir], {log: () => {}, error: () => {}}, {})).toBe(0);
	return dir;
}

/** Runs bin/rim; as root, as an unprivileged user (root ignores file modes, an admin's account does not). */
function rimAs(dir: string, ...argv: string[]) {
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		for (const entry of [dir, ...readdirSync(dir, {recursive: true}).map(f => path.join(dir, String(f)))])
			chownSync(entry, 65534, 65534);
		chownSync(path.dirname(dir), 65534, 65534);
	}
	return spawnSync(RIM, [...argv, '--data-dir', dir], {
		encoding: 'utf8',
		cwd: '/',
		...(asRoot ? {uid: 65534, gid: 65534} : {}),
	});
}

describe('a read-only rim.json', () => {
	it('is read and replaced as a whole; no error blames a temporary file', async () => {
		const dir = await demoDir();
		chmodSync(path.join(dir, 'rim.json'), 0o400);
		const run = rimAs(dir, 'job', 'create', '--type', 'get-software-info', '--destination', 'ACC-01');
		expect(run.stderr).not.toMatch(/\.tmp-\d+/);
		expect(run.stderr).toBe('');
		expect(run.status).toBe(0);
		expect(readdirSync(dir).filter(f => /\.tmp-\d+$/.test(f))).toEqual([]);
	}, 60_000);
});

describe('lock files rim did not make', () => {
	it('names a dangling symbolic link as such', async () => {
		const dir = await demoDir();
		symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'rim.lock'));
		const lines: string[] = [];
		expect(await main(['jobs', '--data-dir', dir], {log: l => lines.push(l), error: l => lines.push(l)}, {})).toBe(2);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('is a symbolic link');
		expect(lines[0]).not.toContain('keeps changing');
	});

	it('says a live pid that is not rim is not rim', async () => {
		const dir = await demoDir();
		const other = spawn('sleep', ['300'], {stdio: 'ignore'});
		try {
			writeFileSync(path.join(dir, 'rim.lock'), `${other.pid}\n`);
			const lines: string[] = [];
			expect(await main(['jobs', '--data-dir', dir], {log: l => lines.push(l), error: l => lines.push(l)}, {})).toBe(2);
			expect(lines).toHaveLength(1);
			expect(lines[0]).toContain(`names process ${other.pid}, but that process is not rim (sleep 300)`);
			expect(lines[0]).not.toContain('in use by rim process');
		} finally {
			other.kill('SIGKILL');
		}
	});
});

describe('file modes', () => {
	it('tightens a key file loosened to 0644 back to 0600, and says so', async () => {
		const dir = await demoDir();
		const key = path.join(dir, 'keys', 'ca-key.pem');
		chmodSync(key, 0o644);
		const lines: string[] = [];
		expect(
			await main(
				['lab', 'fault', 'SEC-01', 'clear', '--data-dir', dir],
				{log: () => {}, error: l => lines.push(l)},
				{},
			),
		).toBe(0);
		expect(statSync(key).mode & 0o777).toBe(0o600);
		expect(lines).toEqual([`rim: warning: key file ${key} was readable by others (mode 0644); its mode is now 0600`]);
	});

	it('writes payloads for the owner only', async () => {
		const dir = await demoDir();
		const payloads = readdirSync(path.join(dir, 'payloads'));
		expect(payloads.length).toBeGreaterThan(0);
		for (const f of payloads) expect(statSync(path.join(dir, 'payloads', f)).mode & 0o077, f).toBe(0);
	});
});

/**
 * A real full disk (a small tmpfs in a user + mount namespace, see support/full-disk.ts): every command that cannot
 * write says so in one line and exits 2, nothing half-created is left behind, and the TUI never shows as saved what is
 * not on disk — it says so, retries by itself, and shows the job saved once the disk has room again.
 */
import {afterAll, describe, expect, it} from 'vitest';
import {canMountTmpfs, smallDisk, type Ran, type SmallDisk} from './support/full-disk.js';
import {hasTmux, killSessions, tmux, waitForScreen} from './support/tmux.js';

const disks: SmallDisk[] = [];
afterAll(async () => {
	await killSessions();
	for (const disk of disks) await disk.close();
});

async function disk(sizeKb: number): Promise<SmallDisk> {
	const d = await smallDisk(sizeKb);
	disks.push(d);
	return d;
}

/** One line on stderr, no stack trace, exit 2. */
function oneLineRefusal(ran: Ran): string {
	expect(ran.code, ran.stderr).toBe(2);
	const lines = ran.stderr.trimEnd().split('\n');
	expect(lines, ran.stderr).toHaveLength(1);
	expect(ran.stderr).not.toMatch(/^\s+at /m);
	expect(ran.stderr).not.toContain('internal error');
	return lines[0]!;
}

/** Every file under the data directory (temp files included), as `find` sees it inside the namespace. */
async function files(d: SmallDisk, data: string): Promise<string[]> {
	const found = await d.sh(`cd ${data} 2>/dev/null && find . -type f | sort`);
	return found.stdout.split('\n').filter(Boolean);
}

/** Fills the disk so that the lock and a backup copy of rim.json still fit, but not a second copy of rim.json. */
async function fillBelowOneSave(d: SmallDisk, data: string): Promise<string> {
	const size = Number((await d.sh(`stat -c %s ${data}/rim.json`)).stdout.trim());
	return d.fill(Math.ceil(size / 4096) * 4 + 8);
}

describe.skipIf(!canMountTmpfs)('a full disk (real ENOSPC on a small tmpfs)', () => {
	it('demo reset --hosts 10000 is refused in one line before anything is deleted; the site before it stays whole', async () => {
		const d = await disk(2048);
		const data = `${d.dir}/site`;
		expect((await d.rim(['demo', 'reset', '--data-dir', data])).code).toBe(0);
		const before = await files(d, data);

		const line = oneLineRefusal(await d.rim(['demo', 'reset', '--hosts', '10000', '--data-dir', data]));
		expect(line).toMatch(
			/^rim: the new site needs about \d+ MB in .*site, and its disk has [\d.]+ MB free .*\(nothing was changed\)$/,
		);
		expect(await files(d, data)).toEqual(before);
		const hosts = await d.rim(['destinations', '--json', '--data-dir', data]);
		expect(hosts.code).toBe(0);
		expect(JSON.parse(hosts.stdout).hosts).toHaveLength(40);
	}, 120_000);

	it('a first run that cannot write the demo fleet leaves no file behind, and works once there is room', async () => {
		const d = await disk(2048);
		const data = `${d.dir}/site`;
		const filler = await d.fill(600);
		const line = oneLineRefusal(await d.rim(['jobs', '--data-dir', data]));
		expect(line).toMatch(
			/^rim: could not create the demo fleet in .*: could not write .*ENOSPC.*\(nothing was kept\)$/,
		);
		expect(await files(d, data)).toEqual([]);

		await d.run('rm', [filler]);
		const jobs = await d.rim(['jobs', '--data-dir', data]);
		expect(jobs.code, jobs.stderr).toBe(0);
		expect(jobs.stdout).toContain('no jobs yet');
	}, 120_000);

	it('job create on a full disk: one line (not three, no trace), exit 2, no job half-kept; later commands work', async () => {
		const d = await disk(2048);
		const data = `${d.dir}/site`;
		expect((await d.rim(['demo', 'reset', '--data-dir', data])).code).toBe(0);
		const filler = await fillBelowOneSave(d, data);

		const line = oneLineRefusal(
			await d.rim([
				'job',
				'create',
				'--type',
				'install',
				'--package',
				'SEC-PATCH-2611',
				'--destination',
				'SECURITY-PCS',
				'--data-dir',
				data,
			]),
		);
		expect(line).toMatch(
			/^rim: job J0001 was executed but is not saved: could not write data file .*rim\.json \(ENOSPC.*is full/,
		);
		expect((await files(d, data)).filter(f => /\.tmp-\d+$/.test(f))).toEqual([]);
		const jobs = await d.rim(['jobs', '--data-dir', data]);
		expect(jobs.code, jobs.stderr).toBe(0);
		expect(jobs.stdout).toContain('no jobs yet');

		await d.run('rm', [filler]);
		const created = await d.rim([
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'SEC-PATCH-2611',
			'--destination',
			'SECURITY-PCS',
			'--data-dir',
			data,
		]);
		expect(created.code, created.stderr).toBe(0);
		expect(created.stdout.trim()).toBe('J0001');
	}, 120_000);

	it.skipIf(!hasTmux)(
		'the TUI shows a job that could not be written as NOT SAVED, retries, and shows it saved once there is room',
		async () => {
			const d = await disk(2048);
			const data = `${d.dir}/site`;
			expect((await d.rim(['demo', 'reset', '--data-dir', data])).code).toBe(0);
			const filler = await fillBelowOneSave(d, data);
			const session = `rim-full-${process.pid}`;
			const command = d.argv(
				['env', '-u', 'CI', 'TERM=xterm-256color', 'bin/rim', '--data-dir', data].map(a =>
					a === 'bin/rim' ? `${process.cwd()}/bin/rim` : a,
				),
			);
			tmux('new-session', '-d', '-s', session, '-x', '110', '-y', '30', `${command.join(' ')}; echo EXIT:$?; sleep 60`);
			const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);
			await waitForScreen(session, s => s.includes('Packages (7)'), 60_000);
			keys('Space', 'Tab', '/');
			tmux('send-keys', '-t', session, '-l', 'SEC-01');
			await waitForScreen(session, s => s.includes('/SEC-01'));
			keys('Enter', 'Enter');
			await waitForScreen(session, s => s.includes('Define New Job'));
			keys('Enter');
			await waitForScreen(session, s => s.includes('Create Job'));
			keys('e');

			const unsaved = await waitForScreen(session, s => /J0001.*! unsaved/.test(s));
			expect(unsaved).toContain('NOT SAVED');
			expect(unsaved).toMatch(/J0001 was executed but is not saved: could not write data file/);

			await d.run('rm', [filler]);
			// The store retries by itself (after 1 s, then doubling): no key is needed.
			const saved = await waitForScreen(
				session,
				s => /J0001 /.test(s) && !s.includes('unsaved') && !s.includes('NOT SAVED'),
				60_000,
			);
			expect(saved).toMatch(/J0001 .*(running|finished|error)/);
			keys('q');
			await waitForScreen(session, s => s.includes('Quit rim?') || s.includes('EXIT:0'));
			keys('y');
			await waitForScreen(session, s => s.includes('EXIT:0'));
			const status = await d.rim(['job', 'status', 'J0001', '--json', '--data-dir', data]);
			expect(status.code, status.stderr).toBe(0);
			expect(JSON.parse(status.stdout).destinations.map((r: {host: string}) => r.host)).toEqual(['SEC-01']);
		},
		180_000,
	);
});

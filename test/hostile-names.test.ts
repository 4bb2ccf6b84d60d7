/**
 * A hostile data file: every name, version, OS, detail and history text holds terminal escapes (retitle, clear
 * screen, CSI), C1 controls, DEL, bidi overrides and isolates, invisible marks and line separators. Every headless
 * command — stdout and stderr, tables, messages, errors, `--wait` and `--wait --realtime` lines, `--json` — must print
 * none of them raw; JSON must still carry the exact values (escaped). The TUI side is in test/tui/hostile-names.test.tsx.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {COMMANDS} from '../src/cli/commands.js';
import {hasUnsafeChar} from '../src/output/sanitize.js';
import {HOSTILE} from './support/hostile.js';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

interface Printed {
	code: number;
	stdout: string;
	stderr: string;
}

const seen: {argv: string[]; printed: Printed}[] = [];

async function run(dir: string, ...argv: string[]): Promise<Printed> {
	const stdout: string[] = [];
	const stderr: string[] = [];
	const code = await main([...argv, '--data-dir', dir], {log: l => stdout.push(l), error: l => stderr.push(l)}, {});
	const printed = {code, stdout: stdout.join('\n'), stderr: stderr.join('\n')};
	seen.push({argv, printed});
	return printed;
}

/** Every character printed is safe: only line breaks between lines, no other control or format character. */
function expectInert(p: Printed) {
	for (const text of [p.stdout, p.stderr]) {
		for (const line of text.split('\n')) expect(hasUnsafeChar(line), JSON.stringify(line)).toBe(false);
	}
}

function poison(dir: string) {
	const file = join(dir, 'rim.json');
	const doc = JSON.parse(readFileSync(file, 'utf8'));
	const inv = doc.state.inventory;
	for (const h of inv.hosts)
		Object.assign(h, {name: `${h.id} ${HOSTILE}`, os: h.os === 'ubuntu' ? h.os : `${h.os}${HOSTILE}`});
	for (const g of inv.groups) g.name = HOSTILE;
	for (const c of inv.cabinets) c.name = HOSTILE;
	for (const p of inv.packages) Object.assign(p, {name: HOSTILE, platforms: p.platforms});
	doc.state.jobs.forEach(
		(job: {name: string; runs: {history: {text: string}[]; status: {detail?: string}}[]}, i: number) => {
			job.name = `${HOSTILE}${i}`;
			for (const r of job.runs) {
				for (const h of r.history) h.text = HOSTILE;
				if (r.status.detail !== undefined) r.status.detail = HOSTILE;
			}
		},
	);
	writeFileSync(file, JSON.stringify(doc));
	rmSync(`${file}.bak`, {force: true});
}

describe('a data file full of hostile names', () => {
	let dir: string;
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'rim-hostile-'));
		dirs.push(dir);
		expect((await run(dir, 'demo', 'reset')).code).toBe(0);
		// J0001 ends with SEC-05 in error (expired certificate); J0002 is saved for later.
		expect(
			(
				await run(
					dir,
					'job',
					'create',
					'--type',
					'install',
					'--package',
					'SEC-PATCH-2611',
					'--destination',
					'SECURITY-PCS',
					'--wait',
				)
			).code,
		).toBe(1);
		expect(
			(
				await run(
					dir,
					'job',
					'create',
					'--type',
					'install',
					'--package',
					'BROWSER',
					'--destination',
					'DEV-01',
					'--save-only',
					'--name',
					'Later',
				)
			).code,
		).toBe(0);
		expect(
			(
				await run(
					dir,
					'job',
					'create',
					'--type',
					'get-software-info',
					'--destination',
					'ACCOUNTING',
					'--save-only',
					'--name',
					'Inventory',
				)
			).code,
		).toBe(0);
		poison(dir);
		seen.length = 0;
	});

	it('prints none of them from any command, in text or JSON, on stdout or stderr', async () => {
		const calls: string[][] = [
			['packages'],
			['packages', '--json'],
			['destinations'],
			['destinations', '--json'],
			['jobs'],
			['jobs', '--json'],
			['job', 'status', 'J0001'],
			['job', 'status', 'J0001', '--json'],
			['job', 'run', 'J0002', '--wait'],
			['job', 'run', 'J0003', '--wait', '--realtime', '--speed', '1000'],
			['job', 'run', 'J0002', '--json'],
			['cert', 'issue', 'SEC-05'],
			['cert', 'issue', 'SEC-05', '--json'],
			['job', 'rerun', 'J0001', '--wait'],
			['job', 'rerun', 'J0001', '--json'],
			['job', 'create', '--type', 'install', '--package', 'PDF-READER', '--destination', 'FLOOR-3', '--wait'],
			['job', 'create', '--type', 'install', '--package', 'PDF-READER', '--destination', 'SAL-09', '--wait', '--json'],
			[
				'job',
				'create',
				'--type',
				'install',
				'--package',
				'PDF-READER',
				'--destination',
				'SAL-10',
				'--wait',
				'--realtime',
				'--speed',
				'1000',
			],
			['lab', 'fault', 'SEC-01', 'expired-cert'],
			['lab', 'fault', 'SEC-01', 'clear', '--json'],
			['lab', 'answer', 'SEC-02', 'later'],
			['lab', 'answer', 'SEC-02', 'yes', '--json'],
			['lab', 'power', 'SAL-09', 'on'],
			['lab', 'power', 'SAL-09', 'off', '--json'],
			// Refused without a running TUI or rim server, with the reason.
			['lab', 'clock'],
			['lab', 'clock', 'step', '--json'],
			['code', '300097078500'],
			['code', '300097078500', '--json'],
			['code', '--all'],
			['job', 'delete', 'J0002', '--yes'],
			['job', 'delete', 'J0003', '--yes', '--json'],
			// Input quoted back in refusals.
			['job', 'create', '--type', 'install', '--package', HOSTILE, '--destination', 'DEV-01'],
			['job', 'create', '--type', 'install', '--package', 'BROWSER', '--destination', HOSTILE],
			['job', 'create', '--type', HOSTILE, '--destination', 'DEV-01'],
			['job', 'create', '--type', 'install', '--package', 'BROWSER', '--destination', 'DEV-01', '--name', HOSTILE],
			['job', 'create', '--type', 'install', '--package', 'BROWSER', '--destination', 'DEV-01', '--at', HOSTILE],
			['job', 'create', '--type', 'install', '--package', 'OFFICE-SUITE', '--destination', 'FLOOR-3'],
			['job', 'status', HOSTILE],
			['job', 'run', HOSTILE],
			['job', 'rerun', HOSTILE],
			['job', 'delete', HOSTILE, '--yes'],
			['lab', 'fault', HOSTILE, 'clear'],
			['lab', HOSTILE, 'SEC-01', 'x'],
			['lab', 'answer', 'SEC-01', HOSTILE],
			['cert', 'issue', HOSTILE],
			['cert', HOSTILE],
			['code', HOSTILE],
			['demo', HOSTILE],
			['jobs', HOSTILE],
			['packages', `--${HOSTILE}`],
			[HOSTILE],
			['job', HOSTILE],
			// The site commands: hostile names shown back, and hostile input quoted in refusals.
			['host', 'show', 'DEV-01'],
			['host', 'show', 'DEV-01', '--json'],
			['host', 'show', HOSTILE],
			['group', 'create', 'G-NEW', '--name', HOSTILE],
			['group', 'create', 'G-NEW2', '--json'],
			['group', 'create', HOSTILE],
			['group', 'add', 'G-NEW2', 'DEV-01'],
			['group', 'add', HOSTILE, 'DEV-01'],
			['group', 'add', 'G-NEW2', HOSTILE],
			['group', 'remove', 'G-NEW2', 'DEV-01', '--json'],
			['group', 'remove', 'G-NEW2', HOSTILE],
			['group', 'delete', 'G-NEW2', '--json'],
			['group', 'delete', HOSTILE],
			['host', 'remove', HOSTILE],
			['host', 'remove', 'SEC-01', '--json'],
			['package', 'add', join(dir, HOSTILE), '--id', 'NEW-PKG', '--version', '1', '--kind', 'standard'],
			['package', 'remove', HOSTILE],
			['package', 'remove', 'BROWSER', '--json'],
			['init', HOSTILE],
			['init'],
			// The Job Definition window: saved definitions and folders, hostile names shown back and quoted in refusals.
			['definitions'],
			['definitions', '--json'],
			['definition', 'show', 'Later'],
			['definition', 'show', 'Later', '--json'],
			['definition', 'show', HOSTILE],
			['definition', 'run', 'Inventory', '--wait'],
			['definition', 'run', HOSTILE],
			['folders'],
			['folders', '--json'],
			['folder', 'create', 'Monthly'],
			['folder', 'create', HOSTILE],
			['folder', 'rename', 'Monthly', 'Weekly'],
			['folder', 'rename', HOSTILE, 'X'],
			['definition', 'move', 'Later', 'Weekly'],
			['definition', 'move', HOSTILE, 'Weekly'],
			['folder', 'delete', 'Weekly', '--force'],
			['folder', 'delete', HOSTILE],
			['definition', 'delete', 'Inventory', '--yes'],
			['definition', 'delete', HOSTILE, '--yes'],
			// The audit log holds the hostile names the commands above were given (group names, the package path).
			['log'],
			['log', '--json'],
			['log', '--since', HOSTILE],
			// Exports: CSV cells pass the same layer.
			['jobs', '--csv'],
			['job', 'status', 'J0001', '--csv'],
			['destinations', '--csv'],
			// rim server runs until stopped; its refusals here, its log lines go through the same ctx.out.
			['server', HOSTILE],
			['server', '--listen', HOSTILE],
			// Agents and enrolment: refused on the demo, hostile input quoted back inert; no agent is left running.
			['token', 'create', '--role', 'pc'],
			['token', 'create', '--role', HOSTILE],
			['host', 'pending'],
			['host', 'accept', HOSTILE],
			['agent', '--dir', join(dir, 'agent'), '--server', HOSTILE],
			['agent', '--dir', join(dir, 'agent'), '--server', 'https://127.0.0.1:1', '--name', HOSTILE],
			['agent', 'answer', HOSTILE, '--dir', dir],
			['agent', 'answer', 'yes', '--dir', join(dir, HOSTILE)],
			// A relay: every bad option is refused before any connection is made.
			['relay', '--dir', join(dir, 'relay'), '--server', HOSTILE, '--listen', '127.0.0.1:0'],
			['relay', '--dir', join(dir, 'relay'), '--server', 'https://127.0.0.1:1', '--listen', HOSTILE],
			[
				'relay',
				'--dir',
				join(dir, 'relay'),
				'--server',
				'https://127.0.0.1:1',
				'--listen',
				'127.0.0.1:0',
				'--name',
				HOSTILE,
			],
			[
				'relay',
				'--dir',
				join(dir, 'relay'),
				'--server',
				'https://127.0.0.1:1',
				'--listen',
				'127.0.0.1:0',
				'--cache-bytes',
				HOSTILE,
			],
		];
		for (const argv of calls) expectInert(await run(dir, ...argv));
		expect(seen.filter(s => s.printed.code === 70)).toEqual([]);
		// The hostile text really went through: the names are in the output, escaped.
		const all = seen.map(s => s.printed.stdout + s.printed.stderr).join('\n');
		expect(all).toContain(
			'EVIL\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\x7f\\x85\\u202e\\u2066\\u200e\\u200f\\u061c\\ufeff\\u2028\\u2029\\u200b\\xad⚡',
		);
		// Every command of the table was exercised (a new command must be added above).
		const names = new Set(
			seen.map(s => COMMANDS.find(c => c.name === s.argv.slice(0, 2).join(' ') || c.name === s.argv[0])?.name),
		);
		for (const c of COMMANDS) if (c.name !== 'demo reset') expect(names, c.name).toContain(c.name);
	});

	it('keeps the exact values in --json, as escapes a parser reads back', async () => {
		const printed = await run(dir, 'packages', '--json');
		expectInert(printed);
		expect(printed.stdout).toContain('\\u001b]0;pwned\\u0007');
		expect(JSON.parse(printed.stdout)[0].name).toBe(HOSTILE);
		const jobs = await run(dir, 'jobs', '--json');
		expect(JSON.parse(jobs.stdout)[0].name).toBe(`${HOSTILE}0`);
	});

	it('prints a hostile data directory path inert (demo reset, errors)', async () => {
		const parent = mkdtempSync(join(tmpdir(), 'rim-hostile-dir-'));
		dirs.push(parent);
		const evil = join(parent, `d${HOSTILE}`);
		mkdirSync(evil);
		for (const argv of [['demo', 'reset'], ['demo', 'reset', '--json'], ['jobs']]) {
			const printed = await run(evil, ...argv);
			expect(printed.code).toBe(0);
			expectInert(printed);
		}
	});

	it("prints a corrupt or refused data file's reason inert", async () => {
		const bad = mkdtempSync(join(tmpdir(), 'rim-hostile-bad-'));
		dirs.push(bad);
		expect((await run(bad, 'demo', 'reset')).code).toBe(0);
		const file = join(bad, 'rim.json');
		const good = readFileSync(file, 'utf8');
		writeFileSync(file, `${good.slice(0, 200)}${HOSTILE}`);
		const corrupt = await run(bad, 'jobs');
		expect(corrupt.code).toBe(2);
		expectInert(corrupt);
		writeFileSync(file, good.replace('"RLY-TOKYO"', JSON.stringify(`RLY${HOSTILE}`)));
		const refused = await run(bad, 'jobs');
		expect(refused.code).toBe(2);
		expectInert(refused);
		expect(refused.stderr).toContain('inventory.hosts.0.id "RLYEVIL\\u001b]0;pwned');
		expect(refused.stderr).toContain('not a valid host id');
	});
});

/**
 * The CLI under hostile input (issue #4), in-process through main():
 * - hostile package, host, group and job names (ANSI escapes, control characters, bidi overrides, very long, CJK and
 *   emoji) print inert and aligned in `rim packages`, `rim destinations`, `rim jobs` and `rim job status`;
 * - fuzzed arguments of `rim job create`: every rejection is exit 2 with exactly one line on stderr and rim.json is not
 *   written; every acceptance is exit 0.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {humanSize} from '../src/output/format.js';
import {cellWidth as width} from '../src/output/text-fit.js';

const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

async function cli(argv: string[]): Promise<{code: number; out: string[]; err: string[]}> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await main(argv, {log: l => out.push(...l.split('\n')), error: l => err.push(...l.split('\n'))}, {});
	return {code, out, err};
}

async function demoDir(): Promise<string> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-cli-'));
	dirs.push(dir);
	expect((await cli(['demo', 'reset', '--data-dir', dir])).code).toBe(0);
	return dir;
}

const HOSTILE = [
	'\x1b[31mRED\x1b[0m alert',
	'\x1b]0;owned\x07title',
	'tab\tand\nnewline\r\x00nul',
	'\x9b31mC1 CSI \x7f DEL \x1b[2J\x1b[H',
	'\u202eevil\u2066bidi\u2069',
	'W'.repeat(300),
	'漢字テスト'.repeat(15),
	'🚀🔥'.repeat(40),
	'mixed 漢🚀\x1b[5m wide e\u0301',
];

/** Any byte a terminal would act on: C0 and C1 controls, DEL, bidi overrides and isolates. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** The rest of `line` from display column `col`, or null when a wide character straddles it. */
function fromColumn(line: string, col: number): string | null {
	let at = 0;
	let index = 0;
	for (const ch of line) {
		if (at === col) return line.slice(index);
		if (at > col) return null;
		at += width(ch);
		index += ch.length;
	}
	return at === col ? '' : null;
}

/** Checks that in each row the given columns start exactly under their header, with the expected cell text. */
function expectAligned(lines: string[], columns: string[], expected: (row: number, column: string) => string): void {
	const [header, ...rows] = lines;
	for (const [r, line] of rows.entries()) {
		for (const column of columns) {
			const col = header!.indexOf(column);
			expect(col, column).toBeGreaterThan(0);
			const rest = fromColumn(line, col);
			expect(rest, `row ${r} column ${column}: ${line}`).not.toBeNull();
			expect(
				rest!.startsWith(expected(r, column)),
				`row ${r} column ${column} starts with ${expected(r, column)}: ${line}`,
			).toBe(true);
		}
	}
}

describe('hostile names in the CLI tables', () => {
	let dir: string;
	let jobId: string;

	beforeAll(async () => {
		dir = await demoDir();
		const created = await cli([
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'SEC-PATCH-2611',
			'--destination',
			'SECURITY-PCS',
			'--name',
			'PLAIN',
			'--wait',
			'--data-dir',
			dir,
		]);
		expect(created.code).toBe(1); // SEC-05's certificate expired
		jobId = 'J0001';
		// Names come from data (an import, an older rim, a hand edit): the rules that guard the wizard never saw them.
		const file = path.join(dir, 'rim.json');
		const doc = JSON.parse(readFileSync(file, 'utf8'));
		const {inventory, jobs} = doc.state;
		HOSTILE.forEach((name, i) => {
			inventory.hosts[i].name = name;
			inventory.packages[i % inventory.packages.length].name = name;
			inventory.groups[i % inventory.groups.length].name = name;
		});
		jobs[0].name = `${HOSTILE[0]}${HOSTILE[6]}`;
		writeFileSync(file, JSON.stringify(doc));
	});

	const inert = (lines: string[]) => {
		for (const line of lines) expect(CONTROL.test(line), JSON.stringify(line)).toBe(false);
	};

	it('rim packages', async () => {
		const {code, out} = await cli(['packages', '--data-dir', dir]);
		expect(code).toBe(0);
		inert(out);
		const list = JSON.parse((await cli(['packages', '--json', '--data-dir', dir])).out.join('\n'));
		expectAligned(
			out,
			['VERSION', 'KIND', 'CABINET', 'SIZE'],
			(r, c) =>
				({VERSION: list[r].version, KIND: list[r].kind, CABINET: list[r].cabinet, SIZE: humanSize(list[r].size)})[c]!,
		);
		expect(out.join('\n')).toMatch(/\\x1b/); // shown, as visible text
	});

	it('rim destinations', async () => {
		const {code, out} = await cli(['destinations', '--data-dir', dir]);
		expect(code).toBe(0);
		inert(out);
		const {hosts, groups} = JSON.parse((await cli(['destinations', '--json', '--data-dir', dir])).out.join('\n'));
		const blank = out.indexOf('');
		expectAligned(
			out.slice(0, blank),
			['KIND', 'STARTED', 'PARENT'],
			(r, c) =>
				({KIND: hosts[r].kind, STARTED: hosts[r].started ? 'yes' : 'no', PARENT: hosts[r].parent ?? '(server)'})[c]!,
		);
		expectAligned(
			out.slice(blank + 1),
			['MEMBERS', 'SECURITY-PC-ONLY'],
			(r, c) =>
				({MEMBERS: String(groups[r].members.length), 'SECURITY-PC-ONLY': groups[r].securityOnly ? 'yes' : 'no'})[c]!,
		);
	});

	it('rim jobs', async () => {
		const {code, out} = await cli(['jobs', '--data-dir', dir]);
		expect(code).toBe(0);
		inert(out);
		expectAligned(out, ['TYPE', '%', 'RESULT'], (_r, c) => ({TYPE: 'install', '%': '100', RESULT: 'error'})[c]!);
	});

	it('rim job status', async () => {
		const {code, out} = await cli(['job', 'status', jobId, '--data-dir', dir]);
		expect(code).toBe(0);
		inert(out);
		const status = JSON.parse((await cli(['job', 'status', jobId, '--json', '--data-dir', dir])).out.join('\n'));
		const tableStart = out.findIndex(l => l.startsWith('HOST'));
		const tableEnd = out.indexOf('', tableStart);
		expectAligned(
			out.slice(tableStart, tableEnd === -1 ? undefined : tableEnd),
			['STATE', '%', 'CODE'],
			(r, c) =>
				({
					STATE: status.destinations[r].state,
					'%': String(status.destinations[r].progress),
					CODE: status.destinations[r].code ?? '',
				})[c]!,
		);
	});
});

describe('fuzzed arguments of rim job create', () => {
	const pick = <T>(...values: T[]) => fc.constantFrom(...values);
	const dates = [
		'2030-01-01',
		'2030-01-01 10:00',
		'2030-01-01T10:00:00+09:00',
		'2001-01-01',
		'yesterday',
		'2030-13-45',
		'',
		'0',
	];
	const flag = fc.oneof(
		pick('install', 'transfer-to-relay', 'get-software-info', 'bogus', '', 'INSTALL').map(t => ['--type', t]),
		pick('SEC-PATCH-2611', 'AV-DEFS-0482', 'OFFICE-SUITE', 'PDF-READER', 'NOPE', '', 'sec-patch-2611').map(p => [
			'--package',
			p,
		]),
		pick(
			'SECURITY-PCS',
			'ACCOUNTING',
			'FLOOR-3',
			'RLY-TOKYO',
			'RLY-OSAKA',
			'ACC-01',
			'SEC-01',
			'SAL-09',
			'NOPE',
			'',
		).map(d => ['--destination', d]),
		fc
			.oneof(
				fc.string({maxLength: 40}),
				pick('ok_name', 'bad name', 'a/b', 'x'.repeat(33), 'x'.repeat(32), 'Dup', 'dup', '\x1b[31m'),
			)
			.map(n => ['--name', n]),
		fc.tuple(pick('--at', '--time-limit', '--client-at', '--relay-expiry'), pick(...dates)).map(([f, d]) => [f, d]),
		pick('1048576:5', '0:5', '1024:0', 'abc', '1:', '-5:3', '99999999999999999999:1').map(s => ['--split', s]),
		pick(
			'--replace-existing',
			'--distribute-to-suspended',
			'--multicast',
			'--power-on',
			'--shutdown-after',
			'--save-only',
			'--json',
			'--bogus',
			'stray',
			'--type',
			'--package',
			'-x',
			'--',
		).map(x => [x]),
	);

	it('rejects with exit 2 and one line, writing nothing; accepts with exit 0', async () => {
		const dir = await demoDir();
		const file = path.join(dir, 'rim.json');
		let accepted = 0;
		let rejected = 0;
		// Two cases in three start from a valid definition and add a few flags, so acceptances are common too.
		const base = pick(
			[
				['--type', 'install'],
				['--package', 'SEC-PATCH-2611'],
				['--destination', 'SECURITY-PCS'],
			],
			[
				['--type', 'install'],
				['--package', 'PDF-READER'],
				['--destination', 'ACCOUNTING'],
			],
			[
				['--type', 'get-software-info'],
				['--destination', 'DEVELOPMENT'],
			],
			[
				['--type', 'transfer-to-relay'],
				['--package', 'BROWSER'],
				['--destination', 'RLY-OSAKA'],
			],
		);
		// Default names (RemoteInstall_YYMMDDhhmmss) collide within a second, so valid cases mostly carry a unique name.
		const named = fc
			.tuple(base, fc.option(fc.integer({min: 0, max: 1e9}), {freq: 4}))
			.map(([b, n]) => (n === null ? b : [...b, ['--name', `FUZZ_${n}`]]));
		const argvs = fc.oneof(
			{arbitrary: fc.array(flag, {maxLength: 8}), weight: 1},
			{arbitrary: fc.tuple(named, fc.array(flag, {maxLength: 2})).map(([b, extra]) => [...b, ...extra]), weight: 2},
		);
		await fc.assert(
			fc.asyncProperty(argvs, async flags => {
				const argv = ['job', 'create', ...flags.flat(), '--data-dir', dir];
				const before = readFileSync(file);
				const {code, err} = await cli(argv);
				expect([0, 2], `${JSON.stringify(argv)} → ${code}: ${err.join(' | ')}`).toContain(code);
				if (code === 2) {
					rejected++;
					expect(err, JSON.stringify(argv)).toHaveLength(1);
					expect(err[0]).toMatch(/^rim: \S/);
					expect(readFileSync(file).equals(before), `${JSON.stringify(argv)} wrote rim.json`).toBe(true);
				} else {
					accepted++;
					expect(err).toEqual([]);
				}
			}),
			{numRuns: 250},
		);
		// The generator must reach both outcomes, or the property says little.
		expect(rejected).toBeGreaterThan(50);
		expect(accepted).toBeGreaterThan(5);
	}, 60_000);
});

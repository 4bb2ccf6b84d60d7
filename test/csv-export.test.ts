/**
 * CSV exports (`rim jobs --csv`, `rim job status ID --csv`, `rim destinations --csv`) read back through an RFC 4180
 * parser with hostile names in the data file: every record is one line with the header's field count, formulas are
 * neutralised, quotes and commas survive, and control characters arrive as the output layer's visible escapes.
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {csvCell} from '../src/output/csv.js';
import {hasUnsafeChar, sanitize} from '../src/output/sanitize.js';
import {HOSTILE} from './support/hostile.js';
import {parseCsv} from './support/csv.js';

/** What a spreadsheet cell shows for a text value: the output layer's escapes, and a `'` before a formula. */
const shown = (text: string) => (/^[=+\-@\t\r]/.test(sanitize(text)) ? `'${sanitize(text)}` : sanitize(text));

const FORMULA = `=HYPERLINK("http://x.invalid","click"), "quoted" ${HOSTILE}`;
const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

async function rim(dir: string, ...argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await main([...argv, '--data-dir', dir], {log: l => out.push(l), error: l => err.push(l)}, {});
	return {code, out: out.join('\n'), err: err.join('\n')};
}

describe('CSV exports with hostile names', () => {
	let dir: string;
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'rim-csv-'));
		dirs.push(dir);
		expect((await rim(dir, 'demo', 'reset')).code).toBe(0);
		expect(
			(
				await rim(
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
		const file = join(dir, 'rim.json');
		const doc = JSON.parse(readFileSync(file, 'utf8'));
		doc.state.inventory.hosts[0].name = FORMULA;
		doc.state.inventory.hosts[1].name = `+SUM(A1:A9) ${HOSTILE}`;
		doc.state.inventory.groups[0].name = `@cmd,"x"`;
		doc.state.jobs[0].name = `-2+3 ${HOSTILE}`;
		doc.state.jobs[0].runs[0].history.at(-1).text = HOSTILE;
		writeFileSync(file, JSON.stringify(doc));
		rmSync(`${file}.bak`, {force: true});
	});

	it('rim destinations --csv reads back record by record, every value as the terminal shows it', async () => {
		const {code, out} = await rim(dir, 'destinations', '--csv');
		expect(code).toBe(0);
		for (const line of out.split('\n')) expect(hasUnsafeChar(line)).toBe(false);
		const [header, ...records] = parseCsv(`${out}\n`);
		expect(header).toEqual(['record', 'id', 'name', 'kind', 'started', 'parent', 'members', 'securityOnly']);
		for (const r of records) expect(r).toHaveLength(header!.length);
		const json = JSON.parse((await rim(dir, 'destinations', '--json')).out) as {
			hosts: {id: string; name: string}[];
			groups: {id: string; name: string; members: string[]}[];
		};
		expect(records.filter(r => r[0] === 'host').map(r => [r[1], r[2]])).toEqual(
			json.hosts.map(h => [h.id, shown(h.name)]),
		);
		expect(records.filter(r => r[0] === 'group').map(r => [r[1], r[2], r[6]])).toEqual(
			json.groups.map(g => [g.id, shown(g.name), g.members.join(' ')]),
		);
		expect(records[0]![2]!.startsWith(`'=HYPERLINK("http://x.invalid","click"), "quoted" EVIL\\x1b]0;pwned`)).toBe(
			true,
		);
		expect(records[1]![2]!.startsWith("'+SUM(A1:A9)")).toBe(true);
	});

	it('rim jobs --csv and rim job status ID --csv read back with the same values as --json', async () => {
		const jobs = await rim(dir, 'jobs', '--csv');
		const [header, ...records] = parseCsv(`${jobs.out}\n`);
		expect(header).toEqual([
			'id',
			'name',
			'type',
			'definition',
			'progress',
			'result',
			'finished',
			'error',
			'rejected',
			'total',
			'createdAt',
			'executedAt',
		]);
		const asJson = JSON.parse((await rim(dir, 'jobs', '--json')).out) as {
			id: string;
			name: string;
			counts: {error: number};
		}[];
		expect(records.map(r => [r[0], r[1], r[7]])).toEqual(
			asJson.map(j => [j.id, shown(j.name), String(j.counts.error)]),
		);
		expect(records[0]![1]!.startsWith("'-2+3 EVIL")).toBe(true);

		const status = await rim(dir, 'job', 'status', 'J0001', '--csv');
		for (const line of status.out.split('\n')) expect(hasUnsafeChar(line)).toBe(false);
		const [statusHeader, ...rows] = parseCsv(`${status.out}\n`);
		expect(statusHeader).toEqual([
			'job',
			'host',
			'state',
			'progress',
			'code',
			'title',
			'cause',
			'action',
			'attempt',
			'lastHeard',
			'detail',
		]);
		const statusJson = JSON.parse((await rim(dir, 'job', 'status', 'J0001', '--json')).out) as {
			destinations: {host: string; code: string | null; cause: string | null; detail: string}[];
		};
		expect(rows.map(r => [r[1], r[4], r[6], r[10]])).toEqual(
			statusJson.destinations.map(d => [d.host, d.code ?? '', shown(d.cause ?? ''), shown(d.detail)]),
		);
		expect(rows.find(r => r[1] === 'SEC-05')?.[4]).toBe('300097078500');
	});

	it('quotes what RFC 4180 says to quote, and refuses --csv with --json', async () => {
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell(' padded')).toBe('" padded"');
		expect(csvCell('=1+1')).toBe("'=1+1");
		expect(csvCell(-5)).toBe('-5');
		expect(csvCell(null)).toBe('');
		const both = await rim(dir, 'jobs', '--csv', '--json');
		expect(both.code).toBe(2);
		expect(both.err).toBe('rim: --csv and --json are two formats of the same output: give one');
	});
});

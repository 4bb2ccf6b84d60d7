/** The maintenance-code catalogue (docs/rules.md, Maintenance codes): every code the engine can emit is described, in one table. */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {CODE_CATALOGUE, CODES, describeCode, installerFailedCode} from '../src/engine/codes.js';
import {reportSchema} from '../src/net/agents/protocol.js';
import {parseMaintenanceCode} from '../src/shared/maintenance-code.js';
import {maintenanceCode as mc} from './support/codes.js';
import {issueCertificate, labFault} from '../src/engine/lab.js';
import {DEVICE_FAULTS} from '../src/engine/pki/index.js';
import {checkJob} from '../src/engine/rules/job-rules.js';
import {setUserPolicy, testEngine} from './support/engine.js';
import {jobDef, runJob} from './support/jobs.js';

const expectDescribed = (code: string) => {
	const entry = describeCode(mc(code));
	expect(entry, `${code} is not in the catalogue`).not.toBeNull();
	expect(entry!.code).toBe(code);
	for (const field of ['title', 'cause', 'action'] as const)
		expect(entry![field].length, `${code} ${field}`).toBeGreaterThan(0);
	expect(['jp1', 'rim']).toContain(entry!.source);
};

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap(name => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
	});
}

describe('the catalogue', () => {
	it('describes every named code and every installer status, each with title, cause, action and source', () => {
		for (const code of Object.values(CODES)) expectDescribed(code);
		for (let status = 0; status < 256; status++) expectDescribed(installerFailedCode(status));
		expect(installerFailedCode(0x0b)).toBe('30009F070B00');
	});

	it("describes every 12-digit code written anywhere in the engine's source", () => {
		const literals = new Set<string>();
		for (const file of sourceFiles('src/engine')) {
			for (const m of readFileSync(file, 'utf8').matchAll(/'([0-9A-F]{12})'/g)) literals.add(m[1]!);
		}
		expect(literals.size).toBeGreaterThanOrEqual(Object.keys(CODES).length);
		for (const code of literals) expectDescribed(code);
	});

	it('holds each code once, all 12 hexadecimal digits: 9… for success, 3… for errors', () => {
		const codes = CODE_CATALOGUE.map(e => e.code);
		expect(new Set(codes).size).toBe(codes.length);
		for (const entry of CODE_CATALOGUE) {
			expect(parseMaintenanceCode(entry.code)).toBe(entry.code);
			expect(entry.code[0]).toBe(entry.severity === 'success' ? '9' : '3');
		}
	});

	it("has one success code, the reference's 900000000000, which the finished destinations carry", () => {
		const success = CODE_CATALOGUE.filter(e => e.severity === 'success');
		expect(success.map(e => e.code)).toEqual(['900000000000']);
		expect(describeCode(mc('900000000000'))).toMatchObject({title: 'Finished', source: 'jp1', severity: 'success'});
	});

	it("keeps rim's own codes in 3000E0xxxx00, a range the reference does not use, and marks them rim", () => {
		const rim = CODE_CATALOGUE.filter(e => e.source === 'rim').map(e => e.code);
		expect(rim.sort()).toEqual([CODES.connection, CODES.expiredAtRelay, CODES.diskSpace, CODES.userCancelled].sort());
		for (const code of rim) expect(code).toMatch(/^3000E0[0-9A-F]{4}00$/);
		for (const entry of CODE_CATALOGUE.filter(e => e.source === 'jp1'))
			expect(entry.code.startsWith('3000E0')).toBe(false);
		// No installer status lands in rim's range either.
		for (let status = 0; status < 256; status++) expect(installerFailedCode(status).startsWith('3000E0')).toBe(false);
	});

	it("shows the reference's Cause and Action of the nine security-PC codes word for word, with rim's title beside them", () => {
		// The reference's own wording, copied from its manual's table of maintenance codes.
		const reference: [string, string, string][] = [
			[
				'300097078100',
				'Authentication could not be performed. The authentication data has been altered.',
				'Contact the system administrator.',
			],
			['300097078200', 'A memory shortage occurred.', 'Stop unnecessary applications.'],
			['300097078300', 'The authentication device does not have a certification.', 'Issue a new certification.'],
			['300097078400', 'The authentication device does not have a valid certification.', 'Issue a new certification.'],
			['300097078500', 'The certification of the authentication device has expired.', 'Issue a new certification.'],
			['300097078600', 'There is no certification from the certification office.', 'Contact the system administrator.'],
			['300097078700', 'An internal error occurred.', 'Contact the system administrator.'],
			[
				'300097079100',
				'The environment for executing PKI authentication is unauthorized.',
				'Contact the system administrator.',
			],
			['30009707FF00', 'Other error occurred.', 'Contact the system administrator.'],
		];
		for (const [code, cause, action] of reference) {
			expect(describeCode(mc(code)), code).toMatchObject({code, cause, action, source: 'jp1'});
			expect(describeCode(mc(code))!.title.length, code).toBeGreaterThan(0);
		}
		expect(describeCode(mc('300097078500'))!.title).toBe('Device certificate expired');
	});

	it('offers the certificate key only where the action is a new certification, and a lab repair where a rerun alone fails', () => {
		for (const entry of CODE_CATALOGUE) {
			const offersCertificate = entry.remedies.includes('issue-certificate');
			expect(offersCertificate, entry.code).toBe(entry.action === 'Issue a new certification.');
			if (entry.action === 'Contact the system administrator.') {
				expect(entry.check, entry.code).toMatch(/^The administrator would check /);
			}
		}
		// Altered data and a memory shortage stay on the device: a rerun alone fails again, the lab repair clears them.
		for (const code of ['300097078100', '300097078200']) {
			expect(describeCode(mc(code))!.remedies, code).toEqual(['clear-fault', 'rerun-host']);
			expect(describeCode(mc(code))!.check, code).toMatch(/a re-execute alone fails again/);
		}
	});

	it('reads a code typed by a person case-insensitively, refuses what is not one, and knows nothing of an unknown code', () => {
		expect(parseMaintenanceCode('30009707ff00')).toBe('30009707FF00');
		expect(describeCode(parseMaintenanceCode(' 300097078500 ')!)!.title).toBe('Device certificate expired');
		for (const text of ['3000970785', '30009707FG00', '3000970785000', '', 'SEC-01'])
			expect(parseMaintenanceCode(text), text).toBeNull();
		expect(describeCode(mc('300012345600'))).toBeNull();
		// @ts-expect-error a plain string cannot pass for a maintenance code: it is parsed first
		expect(describeCode('300097078500')).not.toBeNull();
	});

	it('refuses an agent report whose code is not one exactly as rim writes it', () => {
		const report = (code: string) =>
			reportSchema.safeParse({kind: 'delivery-failed', failure: {code, detail: 'no room'}});
		expect(report('3000E0030000').success).toBe(true);
		for (const code of ['3000e0030000', ' 3000E0030000', 'not a code', '3000E003'])
			expect(report(code).success, code).toBe(false);
	});
});

describe('every code the engine emits in real runs is in the catalogue', () => {
	it("covers the codes of a sweep over the demo fleet's failures", async () => {
		const emitted = new Set<string>();
		const collect = (engine: ReturnType<typeof testEngine>['engine']) => {
			for (const job of engine.state.jobs) {
				for (const run of job.runs) if ('code' in run.status) emitted.add(run.status.code);
			}
		};

		const {engine, clock, fleet} = testEngine();
		setUserPolicy(fleet, 'SEC-06', {answer: 'cancel'});
		await runJob(engine, clock, {to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611']});
		await runJob(engine, clock, {to: ['DEVELOPMENT'], packages: ['OFFICE-SUITE']});
		await runJob(engine, clock, {
			to: ['SALES'],
			packages: ['PDF-READER'],
			settings: {timeLimit: clock.now() + 3_600_000},
			conditions: {relayExpiresAt: clock.now() + 100},
		});
		await runJob(engine, clock, {type: 'get-software-info', to: ['ACCOUNTING']});
		await runJob(engine, clock, {type: 'transfer-to-relay', to: ['RLY-TOKYO'], packages: ['BROWSER']});
		for (const fault of DEVICE_FAULTS.filter(f => f !== 'clear')) {
			await labFault(engine, 'SEC-01', fault);
			await runJob(engine, clock, {to: ['SEC-01'], packages: ['AV-DEFS-0482'], conditions: {replaceExisting: true}});
			await issueCertificate(engine, 'SEC-01');
			await labFault(engine, 'SEC-01', 'clear');
		}
		collect(engine);

		// Refusals at definition carry a code too.
		const {inventory} = engine.state;
		for (const v of checkJob({
			def: jobDef({type: 'get-software-info', to: ['SECURITY-PCS']}),
			inventory,
			now: clock.now(),
			existingNames: [],
		})) {
			if (v.code) emitted.add(v.code);
		}

		expect([...emitted].sort()).toEqual(
			[
				'300093010000',
				'300097078100',
				'300097078200',
				'300097078300',
				'300097078400',
				'300097078500',
				'300097078600',
				'300097078700',
				'30009707FF00',
				'300097079100',
				'30009F070B00',
				'3000E0010000',
				'3000E0020000',
				'3000E0030000',
				'3000E0040000',
				'900000000000',
			].sort(),
		);
		for (const code of emitted) expectDescribed(code);
	});
});

/** The rules of docs/rules.md (job types, definition rules, the Create Job wizard), through the one rule table. */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {CODES} from '../src/engine/codes.js';
import {createDemoFleet} from '../src/engine/demo/demo-fleet.js';
import {defaultSettings, draftJob, jobTypeChoices} from '../src/engine/define.js';
import {takenNames} from '../src/engine/definitions.js';
import type {DestinationRef, JobDefinition, JobSettings, JobType} from '../src/engine/model.js';
import {
	defaultJobName,
	parseDate,
	readDate,
	validateJobName,
	validateSchedule,
	validateSplit,
} from '../src/engine/rules/fields.js';
import {checkJob, type RuleId} from '../src/engine/rules/job-rules.js';
import {JOB_TYPE_ORDER} from '../src/engine/rules/job-types.js';
import {
	applyForced,
	EDITABLE_CONDITIONS,
	isSecurityJob,
	jobProfile,
	PAGE_LOCKS,
	WIZARD_PAGES,
	type WizardPage,
} from '../src/engine/rules/page-locks.js';
import {T0, testEngine, testOffice} from './support/engine.js';
import {group, host, jobDef} from './support/jobs.js';

const {inventory} = createDemoFleet({now: T0, seed: 1, office: testOffice()}).state;

const check = (def: JobDefinition, existingNames: string[] = []) => checkJob({def, inventory, now: T0, existingNames});
const messages = (def: JobDefinition) => check(def).map(v => v.message);
const choices = (destination: DestinationRef, packageIds: string[]) =>
	Object.fromEntries(jobTypeChoices({destination, packageIds, inventory, now: T0}).map(c => [c.type, c]));

const SECURITY_REASON = PAGE_LOCKS['security-install'];
const HOUR = 3_600_000;

describe('Define New Job lists every job type and disables the ones the destination cannot run, with the reason', () => {
	it('offers only Install package on the security-PC-only group; the other types are shown disabled with why', () => {
		const c = choices(group('SECURITY-PCS'), ['SEC-PATCH-2611']);
		expect(Object.keys(c)).toEqual(['install', 'transfer-to-relay', 'get-software-info']);
		expect(c.install).toMatchObject({enabled: true, reasons: []});
		expect(c['transfer-to-relay']!.enabled).toBe(false);
		expect(c['transfer-to-relay']!.reasons).toContain(
			'Security PCs accept only Install package jobs; Transfer package to relay system cannot run on SEC-01, SEC-02, SEC-03, SEC-04, SEC-05 and 3 more',
		);
		expect(c['get-software-info']!.enabled).toBe(false);
		expect(c['get-software-info']!.reasons.join('\n')).toContain(
			'Security PCs accept only Install package jobs; Get software information from client cannot run on SEC-01',
		);
	});

	it('disables Install package of a standard package on the security-PC-only group, naming the security PCs', () => {
		const c = choices(group('SECURITY-PCS'), ['OFFICE-SUITE']);
		expect(c.install!.enabled).toBe(false);
		expect(c.install!.reasons).toEqual([
			'Security PCs accept only update data packages; OFFICE-SUITE is a standard package and the destinations include ' +
				'security PCs SEC-01, SEC-02, SEC-03, SEC-04, SEC-05 and 3 more',
		]);
	});

	it('offers only Transfer package to relay system on a relay', () => {
		const c = choices(host('RLY-OSAKA'), ['PDF-READER']);
		expect(c['transfer-to-relay']).toMatchObject({enabled: true, reasons: []});
		expect(c.install!.reasons).toEqual([
			'Install package is aimed at clients; to store a package at a relay system use Transfer package to relay system (RLY-OSAKA)',
		]);
		expect(c['get-software-info']!.reasons).toEqual([
			'Get software information from client is aimed at clients, not relay systems (RLY-OSAKA)',
		]);
	});

	it('offers Install package and Get software information on a standard-PC group, and refuses Transfer naming the PCs', () => {
		const c = choices(group('ACCOUNTING'), ['PDF-READER']);
		expect(c.install!.enabled).toBe(true);
		expect(c['get-software-info']!.enabled).toBe(true);
		expect(c['transfer-to-relay']!.reasons).toEqual([
			'Transfer package to relay system accepts only relay systems as destinations (ACC-01, ACC-02, ACC-03, ACC-04, ACC-05 and 5 more)',
		]);
	});

	it('disables package job types when no package was picked', () => {
		const c = choices(group('ACCOUNTING'), []);
		expect(c.install!.reasons).toEqual(['Install package needs at least one package']);
		expect(c['get-software-info']!.enabled).toBe(true);
	});

	it('opens the wizard of a security-PC job with the locked settings already forced', () => {
		const draft = draftJob({
			type: 'install',
			destinations: [group('SECURITY-PCS')],
			packageIds: ['SEC-PATCH-2611'],
			inventory,
			now: T0,
			taken: [],
		});
		expect(draft.name).toBe('RemoteInstall_261124090000');
		expect(draft.settings).toMatchObject({
			method: 'unicast',
			split: null,
			distributeToSuspended: false,
			powerOn: false,
			shutdownAfter: false,
		});
		expect(check(draft)).toEqual([]);
	});
});

describe('the rule table refuses a job with the same words the wizard shows', () => {
	it('installs update data to a security-PC-only group, to a single security PC, or to a list of security PCs', () => {
		for (const to of [[group('SECURITY-PCS')], [host('SEC-03')], [host('SEC-01'), host('SEC-02')]]) {
			expect(check(jobDef({to, packages: ['SEC-PATCH-2611']}))).toEqual([]);
		}
	});

	it('refuses update data to a standard-PC group with code 300093010000', () => {
		const v = check(jobDef({to: ['ACCOUNTING'], packages: ['SEC-PATCH-2611']}));
		expect(v).toEqual([
			{
				rule: 'update-data-to-security-only',
				page: 'package',
				code: CODES.jobTypeNotSupported,
				message:
					'Update data packages (SEC-PATCH-2611) can be installed only to security-PC-only groups or single security PCs; Accounting is not one',
			},
		]);
	});

	it('refuses update data to a mixed group and to a standard PC', () => {
		expect(messages(jobDef({to: ['FLOOR-3'], packages: ['AV-DEFS-0482']})).join('\n')).toContain(
			'can be installed only to security-PC-only groups or single security PCs; Floor 3 (mixed) is not one',
		);
		expect(messages(jobDef({to: ['ACC-01'], packages: ['AV-DEFS-0482']})).join('\n')).toContain(
			'Accounting 01 is not one',
		);
	});

	it('refuses a standard package to the mixed group FLOOR-3, naming only its security PCs', () => {
		expect(messages(jobDef({to: ['FLOOR-3'], packages: ['PDF-READER']}))).toEqual([
			'Security PCs accept only update data packages; PDF-READER is a standard package and the destinations include security PCs SEC-01, SEC-02',
		]);
	});

	it('refuses a job mixing a standard package and update data to security PCs', () => {
		const v = check(jobDef({to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611', 'BROWSER']}));
		expect(v.map(x => x.rule)).toEqual(['security-pc-update-data-only']);
		expect(v[0]!.message).toContain('BROWSER is a standard package');
	});

	it('transfers to relays only', () => {
		expect(
			check(jobDef({type: 'transfer-to-relay', to: ['RLY-TOKYO', 'RLY-OSAKA'], packages: ['PDF-READER']})),
		).toEqual([]);
		expect(
			messages(jobDef({type: 'transfer-to-relay', to: ['RLY-TOKYO', 'ACC-01'], packages: ['PDF-READER']})),
		).toEqual(['Transfer package to relay system accepts only relay systems as destinations (ACC-01)']);
	});

	it('refuses every job type but Install package on security PCs', () => {
		const v = check(jobDef({type: 'get-software-info', to: ['FLOOR-3']}));
		expect(v.map(x => [x.rule, x.code])).toEqual([['security-only-install', CODES.jobTypeNotSupported]]);
		expect(v[0]!.message).toBe(
			'Security PCs accept only Install package jobs; Get software information from client cannot run on SEC-01, SEC-02',
		);
	});

	it('collects software information without a package, and refuses one with a package', () => {
		expect(check(jobDef({type: 'get-software-info', to: ['ACCOUNTING']}))).toEqual([]);
		expect(messages(jobDef({type: 'get-software-info', to: ['ACCOUNTING'], packages: ['PDF-READER']}))).toEqual([
			'Get software information from client takes no package',
		]);
	});

	it('needs a package for Install and Transfer, and a destination for every job', () => {
		expect(messages(jobDef({to: ['ACCOUNTING']}))).toEqual(['Install package needs at least one package']);
		expect(messages(jobDef({type: 'transfer-to-relay', to: ['RLY-TOKYO']}))).toEqual([
			'Transfer package to relay system needs at least one package',
		]);
		expect(messages(jobDef({to: [], packages: ['PDF-READER']}))).toEqual(['A job needs at least one destination']);
	});

	it('names an unknown package and an unknown destination', () => {
		expect(messages(jobDef({to: [group('NOPE'), host('PC-404')], packages: ['GHOST']}))).toEqual([
			'Unknown destination group "NOPE"',
			'Unknown destination host "PC-404"',
			'Unknown package "GHOST"',
		]);
	});

	it('returns every violation at once, each on its wizard page', () => {
		const v = check(
			jobDef({
				type: 'transfer-to-relay',
				name: 'bad name',
				to: ['ACCOUNTING'],
				settings: {method: 'multicast', split: {bytes: 0, intervalSeconds: 1}, startAt: T0 - HOUR},
			}),
		);
		expect(v.map(x => [x.rule, x.page])).toEqual([
			['job-name', 'job'],
			['destination-kind', 'destination'],
			['package-count', 'package'],
			['locked-setting', 'distribution'],
			['split', 'distribution'],
			['schedule', 'schedule'],
		]);
	});
});

describe('a security-PC install job has its distribution and client-control pages locked', () => {
	const securityJob = (settings: Partial<JobSettings>) =>
		jobDef({to: ['SECURITY-PCS'], packages: ['SEC-PATCH-2611'], settings});
	const distribution = SECURITY_REASON.distribution!.reason;
	const clientControl = SECURITY_REASON['client-control']!.reason;

	it.each<[string, Partial<JobSettings>, WizardPage, string]>([
		['multicast', {method: 'multicast'}, 'distribution', `Distribution method is locked for this job: ${distribution}`],
		[
			'a split package',
			{split: {bytes: 4096, intervalSeconds: 1}},
			'distribution',
			`Split package is locked for this job: ${distribution}`,
		],
		[
			'distribute to suspended',
			{distributeToSuspended: true},
			'distribution',
			`Suspended destinations is locked for this job: ${distribution}`,
		],
		[
			'power on before the job',
			{powerOn: true},
			'client-control',
			`Power on the client before the job is locked for this job: ${clientControl}`,
		],
		[
			'shut down after the job',
			{shutdownAfter: true},
			'client-control',
			`Shut down the client after the job is locked for this job: ${clientControl}`,
		],
	])('refuses %s with the lock reason, on the page that shows the setting', (_what, settings, page, message) => {
		const v = check(securityJob(settings));
		expect(v.find(x => x.rule === 'locked-setting')).toEqual({rule: 'locked-setting', page, code: null, message});
	});

	it('accepts the same settings on a standard-PC install', () => {
		expect(
			check(
				jobDef({
					to: ['ACCOUNTING'],
					packages: ['PDF-READER'],
					settings: {method: 'multicast', powerOn: true, shutdownAfter: true, split: {bytes: 4096, intervalSeconds: 1}},
				}),
			),
		).toEqual([]);
	});

	it('accepts a client execution date on a security job and says it is ignored', () => {
		expect(check(securityJob({clientAt: T0 + HOUR}))).toEqual([]);
		expect(SECURITY_REASON.schedule).toMatchObject({status: 'limited'});
		expect(SECURITY_REASON.schedule!.reason).toContain('an execution date at the client is ignored by security PCs');
	});

	it('shows the distribution and client-control pages locked with their forced values', () => {
		expect(SECURITY_REASON.distribution!.status).toBe('locked');
		expect(SECURITY_REASON.distribution!.forced.map(f => `${f.label}: ${f.value}`)).toEqual([
			'Suspended destinations: do not distribute',
			'Distribution method: unicast',
			'Split package: do not split',
		]);
		expect(SECURITY_REASON['client-control']!.status).toBe('locked');
		expect(SECURITY_REASON['client-control']!.forced.map(f => f.value)).toEqual(['no', 'no']);
		expect(EDITABLE_CONDITIONS.security).toEqual(['replaceExisting', 'relayExpiresAt']);
	});

	it('uses the security profile only when every destination is a security PC', () => {
		expect(jobProfile('install', [group('SECURITY-PCS')], inventory)).toBe('security-install');
		expect(jobProfile('install', [host('SEC-02')], inventory)).toBe('security-install');
		expect(jobProfile('install', [group('FLOOR-3')], inventory)).toBe('install');
		expect(jobProfile('get-software-info', [group('ACCOUNTING')], inventory)).toBe('get-software-info');
	});

	it('forces every locked value when the profile is applied', () => {
		const everything: JobSettings = {
			...defaultSettings(),
			method: 'multicast',
			split: {bytes: 1, intervalSeconds: 1},
			distributeToSuspended: true,
			powerOn: true,
			shutdownAfter: true,
			clientAt: T0 + HOUR,
		};
		expect(applyForced('security-install', everything)).toEqual({
			...everything,
			method: 'unicast',
			split: null,
			distributeToSuspended: false,
			powerOn: false,
			shutdownAfter: false,
		});
		expect(applyForced('transfer-to-relay', everything)).toMatchObject({
			method: 'unicast',
			clientAt: null,
			powerOn: false,
			shutdownAfter: false,
		});
		expect(applyForced('install', everything)).toEqual(everything);
	});
});

describe('distribution attributes', () => {
	it('allows multicast only for Install package, refusing it with the lock of the job type', () => {
		const multicast = {method: 'multicast' as const};
		expect(
			messages(jobDef({type: 'transfer-to-relay', to: ['RLY-TOKYO'], packages: ['BROWSER'], settings: multicast})),
		).toEqual([
			'Distribution method is locked for this job: Multicast distribution is available only for Install package jobs',
		]);
		expect(messages(jobDef({type: 'get-software-info', to: ['ACCOUNTING'], settings: multicast}))).toEqual([
			'Distribution method is locked for this job: Get software information carries no package: always unicast, nothing to split',
		]);
	});

	it("enforces every lock of a job type, not only the security PCs' ones", () => {
		expect(
			messages(
				jobDef({type: 'get-software-info', to: ['ACCOUNTING'], settings: {split: {bytes: 4096, intervalSeconds: 1}}}),
			),
		).toEqual([
			'Split package is locked for this job: Get software information carries no package: always unicast, nothing to split',
		]);
		expect(
			messages(
				jobDef({type: 'transfer-to-relay', to: ['RLY-TOKYO'], packages: ['BROWSER'], settings: {powerOn: true}}),
			),
		).toEqual([
			'Power on the client before the job is locked for this job: Client control applies to clients; ' +
				'Transfer package to relay system stops at the relay',
		]);
	});

	it('refuses a split size or interval beyond the safe integers, which the data file could not store', () => {
		const s = {...defaultSettings(), split: {bytes: 1e20, intervalSeconds: 2 ** 60}};
		expect(validateSplit(s)).toEqual([
			'Split size must be a whole number of bytes from 1 to 1099511627776',
			'Split interval must be a whole number of seconds from 0 to 86400',
		]);
		expect(validateSplit({...defaultSettings(), split: {bytes: 1, intervalSeconds: 86_401}})).toEqual([
			'Split interval must be a whole number of seconds from 0 to 86400',
		]);
	});

	it('refuses a split size of 0 and a split package sent to suspended destinations', () => {
		const s = (split: JobSettings['split'], distributeToSuspended = false) => ({
			...defaultSettings(),
			split,
			distributeToSuspended,
		});
		expect(validateSplit(s({bytes: 0, intervalSeconds: 5}))).toEqual([
			'Split size must be a whole number of bytes from 1 to 1099511627776',
		]);
		expect(validateSplit(s({bytes: 1024, intervalSeconds: 5}, true))).toEqual([
			'A split package cannot be distributed to suspended destinations',
		]);
		expect(validateSplit(s({bytes: 1024, intervalSeconds: -1}))).toEqual([
			'Split interval must be a whole number of seconds from 0 to 86400',
		]);
		expect(validateSplit(s({bytes: 1024, intervalSeconds: 0}))).toEqual([]);
		expect(validateSplit(s(null, true))).toEqual([]);
	});
});

describe('job names', () => {
	it('accepts 32 characters and refuses 33', () => {
		expect(validateJobName('A'.repeat(32), [])).toEqual([]);
		expect(validateJobName('A'.repeat(33), [])).toEqual(['Job name is 33 characters; at most 32 are allowed']);
	});

	it.each([
		['\\', '\\'],
		['/', '/'],
		['*', '*'],
		['"', '"'],
		[':', ':'],
		["'", "'"],
		['!', '!'],
		['|', '|'],
		['.', '.'],
		['<', '<'],
		['>', '>'],
		['?', '?'],
		[' ', 'space'],
	])('refuses the character %j', (ch, shown) => {
		expect(validateJobName(`Patch${ch}Nov`, [])).toEqual([`Job name cannot contain ${shown}`]);
	});

	it('refuses control characters and an empty name', () => {
		expect(validateJobName('Patch\x1b[31m', [])).toEqual(['Job name cannot contain control or invisible characters']);
		expect(validateJobName('', [])).toEqual(['Job name is required']);
	});

	it('refuses zero-width, bidi and other invisible characters, so two names never look alike', () => {
		for (const ch of [
			'\u200b',
			'\u200d',
			'\u200e',
			'\u200f',
			'\u061c',
			'\ufeff',
			'\u202a',
			'\u202e',
			'\u2066',
			'\u2069',
			'\u2028',
			'\u00ad',
			'\x85',
		]) {
			expect(validateJobName(`Patch${ch}Nov`, []), JSON.stringify(ch)).toEqual([
				'Job name cannot contain control or invisible characters',
			]);
		}
	});

	it('refuses a name that exists already in another case', () => {
		expect(validateJobName('PATCH-NOV', ['Patch-Nov'])).toEqual(['A job named "PATCH-NOV" exists already']);
		expect(validateJobName('Patch-Dec', ['Patch-Nov'])).toEqual([]);
	});

	it('refuses, in the engine, a second definition, or an execution without one, whose name differs only in case', async () => {
		const {engine} = testEngine();
		expect(
			(await engine.saveDefinition({def: jobDef({name: 'Patch-Nov', to: ['ACCOUNTING'], packages: ['PDF-READER']})}))
				.ok,
		).toBe(true);
		const second = await engine.saveDefinition({
			def: jobDef({name: 'patch-NOV', to: ['DEVELOPMENT'], packages: ['PDF-READER']}),
		});
		expect(second.ok ? null : second.error.message).toBe('A job named "patch-NOV" exists already');
		const executed = await engine.executeJob({
			def: jobDef({name: 'PATCH-nov', to: ['DEVELOPMENT'], packages: ['PDF-READER']}),
		});
		expect(executed.ok ? null : executed.error.message).toBe('A job named "PATCH-nov" exists already');
		expect(engine.state.definitions).toHaveLength(1);
		expect(engine.state.jobs).toHaveLength(0);
	});

	it('lets the executions of one definition share its name; a second plain Execute of a name is refused', async () => {
		const {engine} = testEngine();
		const saved = await engine.saveDefinition({
			def: jobDef({name: 'Monthly', to: ['ACCOUNTING'], packages: ['PDF-READER']}),
		});
		if (!saved.ok) expect.fail(saved.error.message);
		for (let i = 0; i < 2; i++) expect((await engine.executeDefinition(saved.value.id)).ok).toBe(true);
		expect((await engine.executeJob({def: jobDef({name: 'Adhoc', to: ['SALES'], packages: ['BROWSER']})})).ok).toBe(
			true,
		);
		const again = await engine.executeJob({def: jobDef({name: 'ADHOC', to: ['SALES'], packages: ['BROWSER']})});
		expect(again.ok ? null : again.error.message).toBe('A job named "ADHOC" exists already');
		expect(engine.state.jobs.map(j => [j.id, j.name, j.definition?.name ?? null])).toEqual([
			['J0001', 'Monthly', 'Monthly'],
			['J0002', 'Monthly', 'Monthly'],
			['J0003', 'Adhoc', null],
		]);
	});

	it('defaults to RemoteInstall_YYMMDDhhmmss, which is itself a valid name', () => {
		expect(defaultJobName(Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('RemoteInstall_260102030405');
		expect(validateJobName(defaultJobName(T0), [])).toEqual([]);
	});

	it('gives a job created in the same second as another a free default name (names are unique)', () => {
		const at = Date.UTC(2026, 0, 2, 3, 4, 5);
		expect(defaultJobName(at, ['remoteinstall_260102030405'])).toBe('RemoteInstall_260102030405_2');
		expect(defaultJobName(at, ['RemoteInstall_260102030405', 'RemoteInstall_260102030405_2'])).toBe(
			'RemoteInstall_260102030405_3',
		);
		const taken = ['RemoteInstall_260102030405', 'RemoteInstall_260102030405_2'];
		expect(validateJobName(defaultJobName(at, taken), taken)).toEqual([]);
	});

	it("drafts the wizard's job with the first name the engine would accept (takenNames, one rule for both)", async () => {
		const {engine} = testEngine();
		const draft = () =>
			draftJob({
				type: 'install',
				destinations: [group('ACCOUNTING')],
				packageIds: ['PDF-READER'],
				inventory: engine.state.inventory,
				now: engine.now(),
				taken: takenNames(engine.state, null),
			});
		const first = draft();
		expect(first.name).toBe(defaultJobName(engine.now()));
		expect((await engine.executeJob({def: first})).ok).toBe(true);
		const second = draft();
		expect(second.name).toBe(`${first.name}_2`);
		expect((await engine.executeJob({def: second})).ok).toBe(true);
		expect(draft().name).toBe(`${first.name}_3`);
	});
});

describe('dates', () => {
	it('reads a date, a date and time, and ISO 8601 with a zone, all as UTC instants', () => {
		expect(parseDate('2026-11-24')).toBe(Date.UTC(2026, 10, 24));
		expect(parseDate('2026-11-24 14:05')).toBe(Date.UTC(2026, 10, 24, 14, 5));
		expect(parseDate('2026-11-24T14:05:30Z')).toBe(Date.UTC(2026, 10, 24, 14, 5, 30));
		expect(parseDate('2026-11-24T23:05+09:00')).toBe(Date.UTC(2026, 10, 24, 14, 5));
		expect(parseDate('2028-02-29')).toBe(Date.UTC(2028, 1, 29));
		expect(parseDate('2026-11-24T10:00+14:00')).toBe(Date.UTC(2026, 10, 23, 20, 0));
		expect(parseDate('2026-11-24T10:00-12:00')).toBe(Date.UTC(2026, 10, 24, 22, 0));
		expect(parseDate('2026-11-24T10:00+05:45')).toBe(Date.UTC(2026, 10, 24, 4, 15));
		expect(parseDate('9999-12-31 23:59')).toBe(Date.UTC(9999, 11, 31, 23, 59));
	});

	it('says why a date is refused', () => {
		expect(readDate('2026-11-24T10:00+99:00')).toEqual({
			ok: false,
			reason: 'has zone offset +99:00, which does not exist (offsets run from -12:00 to +14:00)',
		});
		expect(readDate('1999-12-31')).toEqual({
			ok: false,
			reason: 'is outside the dates rim accepts (2000-01-01 to 9999-12-31)',
		});
		expect(readDate('2026-02-30')).toEqual({ok: false, reason: 'is not a real calendar date and time'});
	});

	it.each([
		'2026-02-30',
		'2027-02-29',
		'2026-13-01',
		'2026-11-24 24:00',
		'2026-11-24 12:60',
		'tomorrow',
		'24/11/2026',
		'',
		'2026-11-24T10:00+99:00',
		'2026-11-24T10:00+14:30',
		'2026-11-24T10:00-13:00',
		'2026-11-24T10:00+05:17',
		'1999-12-31',
		'0000-01-01',
		'9999-12-31T23:00-12:00',
	])('refuses %j as not a real date', text => {
		expect(parseDate(text)).toBeNull();
	});

	it('refuses a start in the past, a time limit not after the start, and a client date in the past', () => {
		const s = (over: Partial<JobSettings>) => validateSchedule({...defaultSettings(), ...over}, T0);
		expect(s({})).toEqual([]);
		expect(s({startAt: T0 - 60_000})).toEqual(['Start date 2026-11-24 08:59 UTC is in the past']);
		expect(s({startAt: T0 + 2 * HOUR, timeLimit: T0 + HOUR})).toEqual([
			'Execution time limit 2026-11-24 10:00 UTC must be after the start',
		]);
		expect(s({startAt: T0 + HOUR, timeLimit: T0 + HOUR})).toHaveLength(1);
		expect(s({timeLimit: T0 - 1})).toEqual(['Execution time limit 2026-11-24 08:59 UTC must be after the start']);
		expect(s({clientAt: T0 - HOUR})).toEqual(['Client execution date 2026-11-24 08:00 UTC is in the past']);
		expect(s({startAt: T0 + HOUR, timeLimit: T0 + 2 * HOUR, clientAt: T0 + 3 * HOUR})).toEqual([]);
	});

	it('refuses a job scheduled in the past on the Schedule page', () => {
		expect(check(jobDef({to: ['ACCOUNTING'], packages: ['PDF-READER'], settings: {startAt: T0 - HOUR}}))).toEqual([
			{rule: 'schedule', page: 'schedule', code: null, message: 'Start date 2026-11-24 08:00 UTC is in the past'},
		]);
	});
});

// ── properties over random job definitions on the demo inventory ─────────────────────────────────────────────

const hostIds = inventory.hosts.map(h => h.id);
const groupIds = inventory.groups.map(g => g.id);
const packageIds = inventory.packages.map(p => p.id);

const destinationArb: fc.Arbitrary<DestinationRef> = fc.oneof(
	fc.constantFrom(...hostIds).map(host),
	fc.constantFrom(...groupIds).map(group),
	fc.constantFrom('NOPE', 'PC-404').map(id => ({kind: 'host' as const, id})),
);
const typeArb = fc.constantFrom<JobType>(...JOB_TYPE_ORDER);
const dateArb = fc.option(
	fc.integer({min: -48, max: 48}).map(h => T0 + h * HOUR),
	{nil: null},
);
const settingsArb: fc.Arbitrary<JobSettings> = fc.record({
	distributeToSuspended: fc.boolean(),
	method: fc.constantFrom('unicast' as const, 'multicast' as const),
	split: fc.option(
		fc.record({bytes: fc.integer({min: -1, max: 1 << 20}), intervalSeconds: fc.integer({min: -1, max: 60})}),
		{nil: null},
	),
	startAt: dateArb,
	timeLimit: dateArb,
	clientAt: dateArb,
	powerOn: fc.boolean(),
	shutdownAfter: fc.boolean(),
});
const defArb: fc.Arbitrary<JobDefinition> = fc.record({
	name: fc.oneof(fc.constant('Nightly'), fc.string({maxLength: 40})),
	type: typeArb,
	destinations: fc.array(destinationArb, {maxLength: 4}),
	packages: fc.array(
		fc.constantFrom(...packageIds, 'GHOST').map(id => ({id, conditions: {}})),
		{maxLength: 3},
	),
	settings: settingsArb,
});

/** The rules that say whether a job type can run on a destination with these packages. */
const TYPE_RULES: RuleId[] = [
	'destination-kind',
	'security-only-install',
	'update-data-to-security-only',
	'security-pc-update-data-only',
	'package-count',
	'unknown-package',
];

describe('properties of the rule table', () => {
	it('never throws, and every violation names a wizard page and says something', () => {
		const pages = WIZARD_PAGES.map(p => p.page);
		fc.assert(
			fc.property(defArb, def => {
				for (const v of check(def, ['Nightly'])) {
					expect(pages).toContain(v.page);
					expect(v.message.length).toBeGreaterThan(0);
					expect(v.message).not.toContain('\n');
				}
			}),
			{numRuns: 400},
		);
	});

	it('lets a security-PC install pass only unicast, unsplit, not to suspended, without client control', () => {
		fc.assert(
			fc.property(defArb, def => {
				if (check(def).length > 0 || !isSecurityJob(def.type, def.destinations, inventory)) return;
				expect(def.settings).toMatchObject({
					method: 'unicast',
					split: null,
					distributeToSuspended: false,
					powerOn: false,
					shutdownAfter: false,
				});
				expect(def.packages.every(p => inventory.packages.find(x => x.id === p.id)?.kind === 'update-data')).toBe(true);
			}),
			{numRuns: 1000},
		);
	});

	it('enables a job type exactly when the rule table finds no destination or package-type violation, with those words', () => {
		const pickArb = fc.record({
			destination: destinationArb.filter(d => hostIds.includes(d.id) || groupIds.includes(d.id)),
			packageIds: fc.uniqueArray(fc.constantFrom(...packageIds), {maxLength: 3}),
		});
		fc.assert(
			fc.property(pickArb, ({destination, packageIds: picked}) => {
				for (const choice of jobTypeChoices({destination, packageIds: picked, inventory, now: T0})) {
					const def = jobDef({
						type: choice.type,
						to: [destination],
						packages: choice.type === 'get-software-info' ? [] : picked,
					});
					const typeViolations = check(def).filter(v => TYPE_RULES.includes(v.rule));
					expect(choice.enabled).toBe(typeViolations.length === 0);
					expect(choice.reasons).toEqual(typeViolations.map(v => v.message));
					// An enabled type never fails later: the wizard's draft passes the whole table.
					if (choice.enabled) {
						expect(
							check(
								draftJob({
									type: choice.type,
									destinations: [destination],
									packageIds: picked,
									inventory,
									now: T0,
									taken: [],
								}),
							),
						).toEqual([]);
					}
				}
			}),
			{numRuns: 300},
		);
	});
});

describe('installation conditions changed for a job', () => {
	it('refuses a package expiration at the relay that is already past, naming the package', () => {
		expect(
			messages(jobDef({to: ['SALES'], packages: ['PDF-READER'], conditions: {relayExpiresAt: T0 - HOUR}})),
		).toEqual(['Package expiration at the relay system for PDF-READER (2026-11-24 08:00 UTC) is in the past']);
	});

	it('refuses an installation date-time in the past and accepts one in the future', () => {
		expect(messages(jobDef({to: ['SALES'], packages: ['PDF-READER'], conditions: {installAt: T0 - HOUR}}))).toEqual([
			'Installation date-time for PDF-READER (2026-11-24 08:00 UTC) is in the past',
		]);
		expect(messages(jobDef({to: ['SALES'], packages: ['PDF-READER'], conditions: {installAt: T0 + HOUR}}))).toEqual([]);
	});
});

describe('destinations that resolve to no host', () => {
	it('refuses a job whose only destination is an empty group', () => {
		const empty = {...inventory, groups: [...inventory.groups, {id: 'EMPTY', name: 'Empty', members: []}]};
		const def = jobDef({to: ['EMPTY'], packages: ['PDF-READER']});
		expect(
			checkJob({
				def: {...def, destinations: [{kind: 'group', id: 'EMPTY'}]},
				inventory: empty,
				now: T0,
				existingNames: [],
			}).map(v => v.message),
		).toContain('The destinations contain no host');
	});
});

describe('installation conditions of a job to security PCs', () => {
	it('lets only Replace existing package and the expiration at the relay change, as the Change dialog does', () => {
		expect(
			messages(
				jobDef({
					to: ['SECURITY-PCS'],
					packages: ['SEC-PATCH-2611'],
					conditions: {replaceExisting: true, relayExpiresAt: T0 + HOUR},
				}),
			),
		).toEqual([]);
		expect(
			messages(
				jobDef({
					to: ['SECURITY-PCS'],
					packages: ['SEC-PATCH-2611'],
					conditions: {timing: 'at-system-start', mode: 'gui'},
				}),
			),
		).toEqual([
			'For security PCs only Replace existing package and the expiration at the relay can be changed, not timing, mode',
		]);
	});
});

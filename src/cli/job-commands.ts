/** `rim job …` and `rim jobs`: the same engine calls the Create Job wizard and the status pane make. */
import {defaultSettings} from '../engine/define.js';
import {takenNames} from '../engine/definitions.js';
import type {Engine} from '../engine/engine.js';
import {findDestination} from '../engine/inventory.js';
import {
	INSTALL_TIMINGS,
	type ConditionOverrides,
	type DestinationRef,
	type InstallTiming,
	type Job,
	type JobDefinition,
} from '../engine/model.js';
import {defaultJobName, formatUtc} from '../engine/rules/fields.js';
import {jobJson, jobStatusTable, jobsTable, statusJson} from '../engine/exports.js';
import {JOB_TYPE_ORDER, JOB_TYPES, parseJobType} from '../engine/rules/job-types.js';
import {BOUNDS, checkWhole} from '../shared/bounds.js';
import {describeCode} from '../engine/codes.js';
import {remedyCommands} from './remedy-commands.js';
import {destinationStatus, summarize} from '../engine/snapshot.js';
import {dateOption, intOption, noExtra, parse, positional, strings, UsageError} from './args.js';
import {InputError, readSession, withSession, type CommandContext} from './context.js';
import {csv, formatOf, json, table, type Out} from './output.js';
import {waitForJobs} from './wait.js';
import {CLIENT_WAIT_TEXT} from '../engine/job-machine.js';
import {plural} from '../engine/plural.js';
import {definitionJson, folderArg} from './definition-lookup.js';

export const WAIT_OPTIONS = {
	wait: {type: 'boolean'},
	realtime: {type: 'boolean'},
	speed: {type: 'string'},
	'stop-at-dialogs': {type: 'boolean'},
} as const;

/** --stop-at-dialogs: the simulated users leave their confirmation dialogs open, so --wait stops there (exit 3). */
export function holdDialogs(engine: Engine, values: {'stop-at-dialogs'?: boolean}): void {
	if (!values['stop-at-dialogs']) return;
	if (!engine.fleet.lab)
		throw new InputError('--stop-at-dialogs needs the training lab: only simulated PCs have users rim answers for');
	engine.fleet.lab.holdDialogs(true);
}

const CREATE_OPTIONS = {
	...WAIT_OPTIONS,
	type: {type: 'string'},
	package: {type: 'string', multiple: true},
	destination: {type: 'string', multiple: true},
	name: {type: 'string'},
	'replace-existing': {type: 'boolean'},
	'relay-expiry': {type: 'string'},
	timing: {type: 'string'},
	'install-at': {type: 'string'},
	'install-mode': {type: 'string'},
	at: {type: 'string'},
	'time-limit': {type: 'string'},
	'client-at': {type: 'string'},
	'distribute-to-suspended': {type: 'boolean'},
	multicast: {type: 'boolean'},
	split: {type: 'string'},
	'power-on': {type: 'boolean'},
	'shutdown-after': {type: 'boolean'},
	save: {type: 'boolean'},
	'save-only': {type: 'boolean'},
	folder: {type: 'string'},
} as const;

export function clockOf(ctx: CommandContext, values: {realtime?: boolean; speed?: string}) {
	// Inside a manager the command runs on the manager's clock, which every attached view shares: changing its speed is
	// `rim lab clock speed N`, said so rather than done behind the other views' backs.
	if (ctx.manager && values.speed !== undefined) {
		const rate = ctx.manager.engine.clock.controls?.rate();
		throw new InputError(
			`--speed: a manager runs this site's lab clock${rate ? ` (at ${rate.speed}×)` : ''} for every view; ` +
				'change it with `rim lab clock speed N`',
		);
	}
	if (!values.realtime) return {kind: 'virtual'} as const;
	return {kind: 'real', speed: intOption(values.speed, 'speed', BOUNDS.clockSpeed) ?? 10} as const;
}

function splitOption(value: unknown): JobDefinition['settings']['split'] {
	if (value === undefined) return null;
	const m = /^([^:]*):([^:]*)$/.exec(String(value));
	if (!m) throw new UsageError(`--split "${value}" must be BYTES:SECONDS, e.g. 1048576:5`);
	const bytes = checkWhole(m[1]!, BOUNDS.splitBytes);
	if (!bytes.ok) throw new UsageError(`--split size ${bytes.reason}`);
	const interval = checkWhole(m[2]!, BOUNDS.splitIntervalSeconds);
	if (!interval.ok) throw new UsageError(`--split interval ${interval.reason}`);
	return {bytes: bytes.value, intervalSeconds: interval.value};
}

function buildDefinition(values: Record<string, unknown>, engine: Engine): JobDefinition {
	const typeText = values.type === undefined ? undefined : String(values.type);
	if (!typeText) throw new UsageError(`--type is required: one of ${JOB_TYPE_ORDER.join(', ')}`);
	const type = parseJobType(typeText);
	if (!type) throw new UsageError(`unknown job type "${typeText}": use one of ${JOB_TYPE_ORDER.join(', ')}`);
	const inventory = engine.snapshotNow().inventory;
	const destinations: DestinationRef[] = strings(values.destination).map(id => {
		const ref = findDestination(id, inventory);
		if (!ref) throw new UsageError(`unknown destination "${id}" (see rim destinations)`);
		return ref;
	});
	const overrides: ConditionOverrides = {};
	if (values['replace-existing']) overrides.replaceExisting = true;
	const expiry = dateOption(values['relay-expiry'], 'relay-expiry');
	if (expiry !== null) {
		if (expiry < engine.now()) throw new UsageError(`--relay-expiry ${formatUtc(expiry)} is in the past`);
		overrides.relayExpiresAt = expiry;
	}
	if (values.timing !== undefined) {
		const timing = String(values.timing);
		if (!(INSTALL_TIMINGS as readonly string[]).includes(timing))
			throw new UsageError(`--timing must be one of ${INSTALL_TIMINGS.join(', ')}, not "${timing}"`);
		overrides.timing = timing as InstallTiming;
	}
	const installAt = dateOption(values['install-at'], 'install-at');
	if (installAt !== null) overrides.installAt = installAt;
	if (values['install-mode'] !== undefined) {
		const mode = String(values['install-mode']);
		if (mode !== 'background' && mode !== 'gui')
			throw new UsageError(`--install-mode must be background or gui, not "${mode}"`);
		overrides.mode = mode;
	}
	const unknown = strings(values.package).filter(id => !engine.pkg(id));
	if (unknown.length) throw new UsageError(`unknown package "${unknown[0]}" (see rim packages)`);
	return {
		name:
			values.name === undefined
				? defaultJobName(engine.now(), takenNames(engine.getSnapshot(), null))
				: String(values.name),
		type,
		destinations,
		packages: strings(values.package).map(id => ({id, conditions: {...overrides}})),
		settings: {
			...defaultSettings(),
			distributeToSuspended: Boolean(values['distribute-to-suspended']),
			method: values.multicast ? 'multicast' : 'unicast',
			split: splitOption(values.split),
			startAt: dateOption(values.at, 'at'),
			timeLimit: dateOption(values['time-limit'], 'time-limit'),
			clientAt: dateOption(values['client-at'], 'client-at'),
			powerOn: Boolean(values['power-on']),
			shutdownAfter: Boolean(values['shutdown-after']),
		},
	};
}

function printStatus(out: Out, job: Job): void {
	const s = summarize(job);
	const origin = job.definition ? `  from definition ${job.definition.name}` : '';
	out.log(`${job.id}  ${job.name}  ${JOB_TYPES[job.type].label}  ${s.progress}%  ${s.result}${origin}`);
	out.log(`Finished ${s.finished}  Error ${s.error}  Rejected ${s.rejected}  Total ${s.total}`);
	if (!job.runs.length) return;
	table(
		out,
		['HOST', 'STATE', '%', 'CODE', 'DETAIL'],
		job.runs.map(run => {
			const d = destinationStatus(run);
			return [d.host, d.state, d.progress, d.code ?? '', d.detail];
		}),
		60,
	);
	for (const run of job.runs) {
		const d = destinationStatus(run);
		if (d.state !== 'error' && d.state !== 'rejected') continue;
		out.log('');
		out.log(`${d.host}  ${d.code}  ${d.title}`);
		out.log(`  Cause:  ${d.cause}`);
		out.log(`  Action: ${d.action}`);
		if (d.check) out.log(`  Note:   ${d.check}`);
		const remedies = remedyCommands(d.code ? (describeCode(d.code)?.remedies ?? []) : [], {host: d.host, job: job.id});
		if (remedies.length) out.log(`  In rim: ${remedies.join('; then ')}`);
	}
}

/** Prints the outcome of a --wait and returns the exit code: 3 waiting on outside events, 1 errors, else 0. */
export async function finishWait(
	engine: Engine,
	jobIds: string[],
	out: Out,
	asJson: boolean,
	progress: boolean,
): Promise<number> {
	const {unsettled} = await waitForJobs(engine, jobIds, out, progress);
	const jobs = jobIds.map(id => engine.job(id)!);
	const {inventory} = engine.state;
	if (asJson)
		json(out, jobs.length === 1 ? statusJson(jobs[0]!, inventory) : jobs.map(job => statusJson(job, inventory)));
	else {
		for (const job of jobs) printStatus(out, job);
		for (const u of unsettled) {
			const answer =
				u.waitingFor === CLIENT_WAIT_TEXT['awaiting-user']
					? ` (answer for the user: rim lab answer ${u.host} yes|later|cancel)`
					: '';
			// A start scheduled far ahead is not waited for in real time (wait.ts): say when it comes instead.
			if (u.waitingFor.startsWith('scheduled for later'))
				out.log(
					`not waiting that long: ${u.host}: ${u.waitingFor} (the rim that owns the data directory starts it then)`,
				);
			else out.log(`waiting on an outside event: ${u.host}: ${u.waitingFor}${answer}`);
		}
	}
	if (unsettled.length) return 3;
	return jobs.some(j => summarize(j).error + summarize(j).rejected > 0) ? 1 : 0;
}

function requireJob(engine: Engine, id: string): Job {
	const job = engine.job(id);
	if (!job) throw new UsageError(`no job "${id}" (see rim jobs; saved jobs are definitions: rim definitions)`);
	return job;
}

/**
 * Execute (no option), Save and Execute (--save) or Save (--save-only): the wizard's three buttons. A saved definition
 * goes to --folder (default the top of the Job Definition window).
 */
export async function jobCreate(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, CREATE_OPTIONS);
	noExtra(positionals, 0);
	if (values.save && values['save-only'])
		throw new UsageError('--save (Save and Execute) and --save-only (Save) exclude each other');
	const saving = Boolean(values.save || values['save-only']);
	if (values.folder !== undefined && !saving)
		throw new UsageError('--folder places a saved definition: add --save or --save-only');
	if (values['save-only'] && values.wait)
		throw new UsageError(
			'--save-only keeps the definition without executing it; --wait needs an execution (use --save)',
		);
	return withSession(ctx, values['data-dir'], clockOf(ctx, values), async ({engine}) => {
		holdDialogs(engine, values);
		const def = buildDefinition(values, engine);
		if (!saving) {
			const executed = await engine.executeJob({def});
			if (!executed.ok) throw new InputError(executed.error.message);
			return reportExecution(ctx, engine, executed.value, values);
		}
		const folder = values.folder === undefined ? null : folderArg(engine, String(values.folder));
		const saved = await engine.saveDefinition({def, folder});
		if (!saved.ok) throw new InputError(saved.error.message);
		if (values['save-only']) {
			if (values.json) json(ctx.out, definitionJson(engine, saved.value));
			else ctx.out.log(saved.value.name);
			return 0;
		}
		const executed = await engine.executeDefinition(saved.value.id);
		if (!executed.ok)
			throw new InputError(`saved definition ${saved.value.name}, but it did not execute: ${executed.error.message}`);
		return reportExecution(ctx, engine, executed.value, values);
	});
}

/** A new execution: its job id (or the job with --json), or with --wait its end. */
export async function reportExecution(
	ctx: CommandContext,
	engine: Engine,
	job: Job,
	values: {wait?: boolean; json?: boolean; realtime?: boolean},
): Promise<number> {
	if (values.wait) return finishWait(engine, [job.id], ctx.out, Boolean(values.json), Boolean(values.realtime));
	if (values.json) json(ctx.out, jobJson(job));
	else ctx.out.log(job.id);
	return 0;
}

export async function jobRun(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, WAIT_OPTIONS);
	const id = positional(positionals, 0, 'job id');
	noExtra(positionals, 1);
	return withSession(ctx, values['data-dir'], clockOf(ctx, values), async ({engine}) => {
		holdDialogs(engine, values);
		requireJob(engine, id);
		if (!values.wait) {
			throw new InputError(
				`job ${id} was executed already: \`rim job run ${id} --wait\` drives it while it runs, \`rim job rerun ${id}\` re-executes its failed destinations, \`rim definition run NAME\` executes a saved definition again`,
			);
		}
		return finishWait(engine, [id], ctx.out, Boolean(values.json), Boolean(values.realtime));
	});
}

export async function jobRerun(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {...WAIT_OPTIONS, host: {type: 'string', multiple: true}});
	const id = positional(positionals, 0, 'job id');
	noExtra(positionals, 1);
	return withSession(ctx, values['data-dir'], clockOf(ctx, values), async ({engine}) => {
		holdDialogs(engine, values);
		requireJob(engine, id);
		const hosts = strings(values.host);
		const rerun = await engine.rerun(id, hosts.length ? hosts : undefined);
		if (!rerun.ok) throw new InputError(rerun.error.message);
		if (!values.json)
			ctx.out.log(`re-executing ${plural(rerun.value.length, 'destination')} of ${id}: ${rerun.value.join(', ')}`);
		if (values.wait) return finishWait(engine, [id], ctx.out, Boolean(values.json), Boolean(values.realtime));
		if (values.json) json(ctx.out, statusJson(engine.job(id)!, engine.state.inventory));
		return 0;
	});
}

export async function jobStatus(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {csv: {type: 'boolean'}});
	const id = positional(positionals, 0, 'job id');
	noExtra(positionals, 1);
	const format = formatOf(values);
	return readSession(ctx, values['data-dir'], async ({engine}) => {
		const job = requireJob(engine, id);
		if (format === 'json') json(ctx.out, statusJson(job, engine.state.inventory));
		else if (format === 'csv') {
			const table = jobStatusTable(job, engine.state.inventory);
			csv(ctx.out, table.header, table.rows);
		} else printStatus(ctx.out, job);
		return 0;
	});
}

export async function jobDelete(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {yes: {type: 'boolean', short: 'y'}});
	const id = positional(positionals, 0, 'job id');
	noExtra(positionals, 1);
	if (!values.yes) throw new UsageError(`deleting job ${id} cannot be undone: add --yes to confirm`);
	return withSession(ctx, values['data-dir'], {kind: 'virtual'}, async ({engine}) => {
		requireJob(engine, id);
		const deleted = await engine.deleteJob(id);
		if (!deleted.ok) throw new InputError(deleted.error.message);
		if (values.json) json(ctx.out, {deleted: id});
		else ctx.out.log(`deleted ${id} ${deleted.value.name}`);
		return 0;
	});
}

export async function jobsList(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {csv: {type: 'boolean'}});
	noExtra(positionals, 0);
	const format = formatOf(values);
	return readSession(ctx, values['data-dir'], async ({engine}) => {
		const jobs = engine.state.jobs;
		if (format === 'json') return (json(ctx.out, jobs.map(jobJson)), 0);
		if (format === 'csv') {
			const table = jobsTable(jobs);
			return (csv(ctx.out, table.header, table.rows), 0);
		}
		if (!jobs.length) return (ctx.out.log('no jobs yet: rim job create --help'), 0);
		table(
			ctx.out,
			['ID', 'NAME', 'TYPE', '%', 'RESULT', 'FIN', 'ERR', 'REJ', 'TOTAL', 'DEFINITION'],
			jobs.map(job => {
				const s = summarize(job);
				return [
					job.id,
					job.name,
					job.type,
					s.progress,
					s.result,
					s.finished,
					s.error,
					s.rejected,
					s.total,
					job.definition?.name ?? '-',
				];
			}),
		);
		return 0;
	});
}

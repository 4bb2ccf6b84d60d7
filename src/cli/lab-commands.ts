/** `rim lab …`, `rim cert issue`, `rim code` and `rim demo reset`: the training lab from the shell. */
import {VirtualClock} from '../engine/clock.js';
import {CODE_CATALOGUE, describeCode} from '../engine/codes.js';
import {parseMaintenanceCode} from '../shared/maintenance-code.js';
import {issueCertificate, labAnswer, labFault, labPower, parseFault} from '../engine/lab.js';
import {CLOCK_OPS, controlClock, isClockOp, rateText, type ClockOp} from '../engine/lab-clock.js';
import {formatUtc} from '../engine/rules/fields.js';
import {DEVICE_FAULTS} from '../engine/pki/index.js';
import {BOUNDS} from '../shared/bounds.js';
import type {Result} from '../shared/result.js';
import {DEMO_SEED, resetDemo} from '../session.js';
import {intOption, noExtra, parse, positional, UsageError} from './args.js';
import {dataDirOf, InputError, withSession, type CommandContext} from './context.js';
import {json, table} from './output.js';
import {remedyCommands} from './remedy-commands.js';
import {plural} from '../engine/plural.js';

function check<T>(result: Result<T, {message: string}>): T {
	if (!result.ok) throw new InputError(result.error.message);
	return result.value;
}

/**
 * `rim lab clock [OP]`: the lab clock of the rim that runs this site (the TUI or `rim server`, through the admin
 * socket). A command on its own has a virtual clock that moves only while it waits, so it is refused with that reason.
 */
async function labClock(ctx: CommandContext, values: Record<string, unknown>, positionals: string[]): Promise<number> {
	const word = positionals[1];
	let op: ClockOp | null = null;
	if (word === 'speed') {
		const speed = intOption(positional(positionals, 2, 'speed (1 to 1000)'), 'speed', BOUNDS.clockSpeed);
		op = {speed: speed!};
		noExtra(positionals, 3);
	} else if (word !== undefined) {
		if (!isClockOp(word))
			throw new UsageError(`unknown clock action "${word}": use ${CLOCK_OPS.join(', ')} or speed N`);
		op = word;
		noExtra(positionals, 2);
	}
	return withSession(ctx, values['data-dir'], {kind: 'virtual'}, async ({engine}) => {
		if (!engine.clock.controls) {
			throw new InputError(
				"no rim is running this site's lab clock: it runs inside the TUI or `rim server`; start one and run this again",
			);
		}
		const outcome =
			op === null ? {rate: engine.clock.controls.rate(), message: ''} : check(controlClock(engine.clock, op));
		const now = engine.now();
		if (values.json)
			json(ctx.out, {
				speed: outcome.rate.speed,
				paused: outcome.rate.paused,
				now: new Date(now).toISOString(),
				message: outcome.message,
			});
		else {
			if (outcome.message) ctx.out.log(outcome.message);
			ctx.out.log(`lab clock ${rateText(outcome.rate)} · ${formatUtc(now, {seconds: true})}`);
		}
		return 0;
	});
}

export async function lab(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {});
	const verb = positional(positionals, 0, 'lab action (fault, answer, power or clock)');
	if (verb === 'clock') return labClock(ctx, values, positionals);
	const host = positional(positionals, 1, 'host id');
	const arg = positional(
		positionals,
		2,
		verb === 'fault'
			? `fault (${DEVICE_FAULTS.join(', ')})`
			: verb === 'answer'
				? 'answer (yes, later or cancel)'
				: 'on or off',
	);
	noExtra(positionals, 3);
	return withSession(ctx, values['data-dir'], {kind: 'virtual'}, async ({engine}) => {
		let message: string;
		if (verb === 'fault') {
			const fault = parseFault(arg);
			if (!fault) throw new UsageError(`unknown fault "${arg}": use one of ${DEVICE_FAULTS.join(', ')}`);
			check(await labFault(engine, host, fault));
			message =
				fault === 'clear'
					? `${host}: every fault cleared (new device certificate)`
					: `${host}: ${fault} is now real on the device`;
		} else if (verb === 'answer') {
			if (arg !== 'yes' && arg !== 'later' && arg !== 'cancel')
				throw new UsageError(`answer must be yes, later or cancel, not "${arg}"`);
			const count = check(await labAnswer(engine, host, arg));
			message = `${host}: answered ${arg} for ${plural(count, 'confirmation dialog')}`;
		} else if (verb === 'power') {
			if (arg !== 'on' && arg !== 'off') throw new UsageError(`power takes on or off, not "${arg}"`);
			check(await labPower(engine, host, arg === 'on'));
			// The lab clock runs only inside a rim process: let the PC finish booting before this one exits.
			if (engine.clock instanceof VirtualClock)
				engine.clock.runUntilIdle(() => engine.host(host)?.started === (arg === 'on'));
			check(await engine.persistNow(`${host} was ${arg === 'on' ? 'started' : 'stopped'}`));
			message = `${host}: ${arg === 'on' ? 'started' : 'stopped'}`;
		} else {
			throw new UsageError(`unknown lab action "${verb}": use fault, answer, power or clock`);
		}
		if (values.json) json(ctx.out, {host, action: verb, value: arg, message});
		else ctx.out.log(message);
		return 0;
	});
}

export async function cert(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {});
	const verb = positional(positionals, 0, 'cert action (issue)');
	if (verb !== 'issue') throw new UsageError(`unknown cert action "${verb}": use issue`);
	const host = positional(positionals, 1, 'host id');
	noExtra(positionals, 2);
	return withSession(ctx, values['data-dir'], {kind: 'virtual'}, async ({engine}) => {
		check(await issueCertificate(engine, host));
		if (values.json) json(ctx.out, {host, issued: true});
		else ctx.out.log(`${host}: the certification office issued a new device certificate`);
		return 0;
	});
}

export async function code(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {all: {type: 'boolean'}});
	if (values.all) {
		if (values.json) json(ctx.out, CODE_CATALOGUE);
		else
			table(
				ctx.out,
				['CODE', 'SOURCE', 'TITLE'],
				CODE_CATALOGUE.map(e => [e.code, e.source, e.title]),
				60,
			);
		return 0;
	}
	const text = positional(positionals, 0, 'maintenance code (12 hex digits) or --all');
	noExtra(positionals, 1);
	const code = parseMaintenanceCode(text);
	if (code === null)
		throw new UsageError(`"${text}" is not a maintenance code: 12 hexadecimal digits, e.g. 300097078500`);
	const entry = describeCode(code);
	if (!entry) throw new UsageError(`${code} is not in rim's catalogue (rim code --all lists it)`);
	if (values.json) json(ctx.out, entry);
	else {
		ctx.out.log(`${entry.code}  ${entry.title}  (${entry.source === 'jp1' ? 'JP1/Software Distribution' : 'rim'})`);
		ctx.out.log(`Cause:  ${entry.cause}`);
		ctx.out.log(`Action: ${entry.action}`);
		if (entry.check) ctx.out.log(`Note:   ${entry.check}`);
		const remedies = remedyCommands(entry.remedies, {host: 'HOST', job: 'JOB'});
		if (remedies.length) ctx.out.log(`In rim: ${remedies.join('; then ')}`);
	}
	return 0;
}

export async function demo(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {hosts: {type: 'string'}, seed: {type: 'string'}});
	const verb = positional(positionals, 0, 'demo action (reset)');
	if (verb !== 'reset') throw new UsageError(`unknown demo action "${verb}": use reset`);
	noExtra(positionals, 1);
	const hosts = intOption(values.hosts, 'hosts', BOUNDS.demoHosts);
	const seed = intOption(values.seed, 'seed', BOUNDS.demoSeed) ?? DEMO_SEED;
	const dataDir = dataDirOf(ctx, values['data-dir']);
	const reset = await resetDemo({dataDir, now: ctx.wallNow(), seed, hosts});
	if (!reset.ok) throw new InputError(reset.error);
	const {inventory} = reset.value;
	const summary = {
		dataDir,
		seed,
		hosts: inventory.hosts.length,
		groups: inventory.groups.length,
		packages: inventory.packages.length,
	};
	if (values.json) json(ctx.out, summary);
	else
		ctx.out.log(
			`demo fleet ready in ${dataDir}: ${plural(summary.hosts, 'host')}, ${plural(summary.groups, 'group')}, ${plural(summary.packages, 'package')} (seed ${seed})`,
		);
	return 0;
}

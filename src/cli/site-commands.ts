/**
 * `rim init`, `rim package add|remove`, `rim group create|add|remove|delete`, `rim host remove|show`: the admin fills
 * and tends a real site. Every refusal is one line on stderr with exit 2, and leaves the site as it was.
 */
import type {Package, PackageKind} from '../engine/model.js';
import type {Result} from '../shared/result.js';
import type {HostInfo} from '../engine/site.js';
import {formatUtc} from '../engine/rules/fields.js';
import {humanSize} from '../output/format.js';
import {initSite} from '../session.js';
import {addPackageFromPath, removePackageAndPayload, type PackProgress} from '../site-packages.js';
import {noExtra, parse, positional, strings, UsageError} from './args.js';
import {dataDirOf, InputError, readSession, withSession, type CommandContext} from './context.js';
import {json, table, type Out} from './output.js';
import {hostAccept, hostPending} from './agent-admin-commands.js';

function check<T>(result: Result<T, {message: string} | string>): T {
	if (!result.ok) throw new InputError(typeof result.error === 'string' ? result.error : result.error.message);
	return result.value;
}

/** One package as `rim packages --json` and `rim package add --json` print it. */
export function packageJson(p: Package) {
	return {
		id: p.id,
		name: p.name,
		version: p.version,
		kind: p.kind,
		cabinet: p.cabinet,
		size: p.size,
		digest: p.sha256,
		os: p.platforms,
		installScript: p.installScript,
	};
}

export async function init(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {});
	noExtra(positionals, 0);
	const dataDir = dataDirOf(ctx, values['data-dir']);
	const now = ctx.wallNow();
	const state = check(await initSite({dataDir, now, seed: now % 2 ** 31}));
	if (values.json) json(ctx.out, {dataDir, fleet: state.fleet.kind, office: state.office.fingerprint});
	else
		ctx.out.log(
			`empty network site ready in ${dataDir}: certification office ${state.office.fingerprint.slice(0, 23)}…, no hosts, no packages`,
		);
	return 0;
}

const KINDS: readonly PackageKind[] = ['standard', 'update-data'];

/** Progress on a terminal: one line rewritten in place, at most every 1 % (nothing when stderr is not a terminal). */
function progressLine(out: Out, label: string): ((p: PackProgress) => void) | undefined {
	const status = out.status;
	if (!status) return undefined;
	let shownPercent = -1;
	return ({done, total}) => {
		const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
		if (percent === shownPercent) return;
		shownPercent = percent;
		status(`packing ${label}: ${percent}% (${humanSize(done)} of ${humanSize(total)})`);
	};
}

export async function packageCmd(ctx: CommandContext): Promise<number> {
	const verb = ctx.argv[0];
	if (verb === 'add') return packageAdd({...ctx, argv: ctx.argv.slice(1)});
	if (verb === 'remove') return packageRemove({...ctx, argv: ctx.argv.slice(1)});
	throw new UsageError(`unknown package action "${verb ?? ''}": use add or remove`);
}

async function packageAdd(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {
		id: {type: 'string'},
		version: {type: 'string'},
		kind: {type: 'string'},
		name: {type: 'string'},
		cabinet: {type: 'string'},
		os: {type: 'string'},
		'install-script': {type: 'string'},
	});
	const path = positional(positionals, 0, 'PATH (a file or a folder to pack)');
	noExtra(positionals, 1);
	const id = required(values.id, 'id', 'ID');
	const version = required(values.version, 'version', 'V');
	const kind = required(values.kind, 'kind', 'standard|update-data');
	if (!KINDS.includes(kind as PackageKind))
		throw new UsageError(`--kind must be standard or update-data, not "${kind}"`);
	const os =
		values.os === undefined
			? undefined
			: strings(values.os)
					.flatMap(list => list.split(','))
					.map(s => s.trim())
					.filter(Boolean);
	return withSession(ctx, values['data-dir'], {kind: 'virtual'}, async ({engine, store}) => {
		const progress = progressLine(ctx.out, path);
		const added = await addPackageFromPath(
			engine,
			store.dir,
			{
				path,
				id,
				version,
				kind: kind as PackageKind,
				name: values.name as string | undefined,
				cabinet: values.cabinet as string | undefined,
				os,
				installScript: values['install-script'] as string | undefined,
			},
			progress,
		);
		if (progress) ctx.out.status?.('');
		const {package: pkg, shared} = check(added);
		if (values.json) json(ctx.out, {...packageJson(pkg), shared});
		else
			ctx.out.log(
				`added ${pkg.kind === 'update-data' ? 'update data' : 'standard'} package ${pkg.id} ${pkg.version} in cabinet ` +
					`${pkg.cabinet}: ${humanSize(pkg.size)}, sha256 ${pkg.sha256}${shared ? ' (same bytes as a stored package: payload shared)' : ''}` +
					`${pkg.auth ? '; manifest signed by the certification office' : ''}`,
			);
		return 0;
	});
}

function required(value: unknown, flag: string, what: string): string {
	if (typeof value !== 'string' || value === '') throw new UsageError(`missing --${flag} ${what}`);
	return value;
}

async function packageRemove(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {});
	const id = positional(positionals, 0, 'package id');
	noExtra(positionals, 1);
	return withSession(ctx, values['data-dir'], {kind: 'virtual'}, async ({engine, store}) => {
		const removed = check(await removePackageAndPayload(engine, store.dir, id));
		if (values.json) json(ctx.out, {removed: packageJson(removed)});
		else ctx.out.log(`removed package ${removed.id} ${removed.version}`);
		return 0;
	});
}

export async function groupCmd(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {name: {type: 'string'}});
	const verb = positional(positionals, 0, 'group action (create, add, remove or delete)');
	const id = positional(positionals, 1, 'group id');
	const hosts = positionals.slice(2);
	if (verb === 'create' || verb === 'delete') noExtra(positionals, 2);
	else if (verb !== 'add' && verb !== 'remove')
		throw new UsageError(`unknown group action "${verb}": use create, add, remove or delete`);
	if (values.name !== undefined && verb !== 'create') throw new UsageError('--name goes with rim group create');
	return withSession(ctx, values['data-dir'], {kind: 'virtual'}, async ({engine}) => {
		const group = check(
			verb === 'create'
				? await engine.createGroup(id, values.name as string | undefined)
				: verb === 'delete'
					? await engine.deleteGroup(id)
					: await engine.changeGroup(id, verb, hosts),
		);
		if (values.json) json(ctx.out, {action: verb, group});
		else if (verb === 'create') ctx.out.log(`created group ${group.id} "${group.name}" (no members)`);
		else if (verb === 'delete') ctx.out.log(`deleted group ${group.id}`);
		else
			ctx.out.log(
				`${verb === 'add' ? 'added' : 'removed'} ${hosts.join(', ')}; group ${group.id} has ${group.members.length} member(s)`,
			);
		return 0;
	});
}

export async function hostCmd(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {});
	const verb = positional(positionals, 0, 'host action (show, remove, accept or pending)');
	if (verb === 'pending') {
		noExtra(positionals, 1);
		return hostPending(ctx, values.json === true, values['data-dir']);
	}
	const id = positional(positionals, 1, 'host id');
	noExtra(positionals, 2);
	if (verb === 'accept') return hostAccept(ctx, id, values.json === true, values['data-dir']);
	if (verb !== 'show' && verb !== 'remove')
		throw new UsageError(`unknown host action "${verb}": use show, remove, accept or pending`);
	if (verb === 'show') {
		return readSession(ctx, values['data-dir'], async ({engine}) => {
			const info = check(engine.hostInfo(id));
			if (values.json) json(ctx.out, info);
			else printHost(ctx.out, info);
			return 0;
		});
	}
	return withSession(ctx, values['data-dir'], {kind: 'virtual'}, async ({engine, agents}) => {
		const wasAgent = agents?.registry.agent(id) !== undefined;
		// An agent's certificate is revoked with its host (the network fleet sees the removal): its connections end.
		const host = check(await engine.removeHost(id));
		const revoked = wasAgent && agents?.registry.agent(id) === undefined;
		if (revoked) await agents?.registry.durable(); // the revocation is on disk before we say so
		if (values.json) json(ctx.out, {removed: {id: host.id, name: host.name, kind: host.kind}, revoked});
		else
			ctx.out.log(
				`removed host ${host.id} (${host.kind}) from the site and its groups${revoked ? '; its agent certificate is revoked' : ''}`,
			);
		return 0;
	});
}

function printHost(out: Out, info: HostInfo): void {
	const rows: [string, string][] = [
		['Host', `${info.id}  ${info.name}`],
		['Kind', info.kind],
		['Parent', info.parent ?? '(server)'],
		['OS', info.os],
		['Started', info.started ? 'yes' : 'no'],
		['Groups', info.groups.map(g => g.id).join(', ') || '(none)'],
	];
	const cert = info.certificate;
	if (info.kind === 'security-pc') {
		rows.push([
			'Certificate',
			cert ? `serial ${cert.serial}, valid ${formatUtc(cert.notBefore)} to ${formatUtc(cert.notAfter)}` : '(none)',
		]);
	}
	table(out, ['FIELD', 'VALUE'], rows, 100);
	out.log('');
	if (!info.software) {
		out.log('Software: never collected (run a Get software information job)');
		return;
	}
	out.log(`Software collected by ${info.software.job} at ${formatUtc(info.software.collectedAt)}:`);
	table(
		out,
		['PACKAGE', 'VERSION', 'INSTALLED'],
		info.software.packages.map(p => [p.id, p.version, formatUtc(p.installedAt)]),
	);
}

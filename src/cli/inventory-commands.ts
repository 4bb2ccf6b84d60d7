/** `rim packages` and `rim destinations`: the inventory as tables or as the JSON other tools script against. */
import {destinationsJson, destinationsTable} from '../engine/exports.js';
import {noExtra, parse} from './args.js';
import {readSession, type CommandContext} from './context.js';
import {humanSize} from '../output/format.js';
import {csv, formatOf, json, table} from './output.js';
import {packageJson} from './site-commands.js';

export async function packages(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {});
	noExtra(positionals, 0);
	return readSession(ctx, values['data-dir'], async ({engine}) => {
		const list = engine.state.inventory.packages.map(packageJson);
		if (values.json) json(ctx.out, list);
		else
			table(
				ctx.out,
				['ID', 'NAME', 'VERSION', 'KIND', 'CABINET', 'SIZE', 'DIGEST'],
				list.map(p => [p.id, p.name, p.version, p.kind, p.cabinet, humanSize(p.size), `${p.digest.slice(0, 12)}…`]),
			);
		return 0;
	});
}

export async function destinations(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {csv: {type: 'boolean'}});
	noExtra(positionals, 0);
	const format = formatOf(values);
	return readSession(ctx, values['data-dir'], async ({engine, fleetKind}) => {
		const inventory = engine.snapshotNow().inventory;
		const {hosts, groups} = destinationsJson(inventory, fleetKind);
		if (format === 'json') return (json(ctx.out, {fleet: fleetKind, hosts, groups}), 0);
		if (format === 'csv') {
			const table = destinationsTable(inventory);
			return (csv(ctx.out, table.header, table.rows), 0);
		}
		table(
			ctx.out,
			['HOST', 'NAME', 'KIND', 'STARTED', 'PARENT'],
			hosts.map(h => [h.id, h.name, h.kind, h.started ? 'yes' : 'no', h.parent ?? '(server)']),
		);
		ctx.out.log('');
		table(
			ctx.out,
			['GROUP', 'NAME', 'MEMBERS', 'SECURITY-PC-ONLY'],
			groups.map(g => [g.id, g.name, g.members.length, g.securityOnly ? 'yes' : 'no']),
		);
		return 0;
	});
}

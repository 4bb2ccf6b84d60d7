/** `rim definitions`, `rim definition …`, `rim folders`, `rim folder …`: the Job Definition window, headless. */
import {folderPath} from '../engine/definitions.js';
import {plural} from '../engine/plural.js';
import type {Engine} from '../engine/engine.js';
import {destinationName} from '../engine/inventory.js';
import type {Definition} from '../engine/model.js';
import {formatUtc} from '../engine/rules/fields.js';
import {folderSubtree} from '../engine/rules/folder-rules.js';
import {JOB_TYPES} from '../engine/rules/job-types.js';
import {sanitize} from '../output/sanitize.js';
import {noExtra, parse, positional, UsageError} from './args.js';
import {InputError, readSession, withSession, type CommandContext} from './context.js';
import {definitionJson, folderArg, requireDefinition, requireFolder} from './definition-lookup.js';
import {clockOf, holdDialogs, reportExecution, WAIT_OPTIONS} from './job-commands.js';
import {json, table, type Out} from './output.js';

const virtual = {kind: 'virtual'} as const;

function executionsOf(engine: Engine, def: Definition): string[] {
	return engine.state.jobs.filter(j => j.definition?.id === def.id).map(j => j.id);
}

export async function definitionsList(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {folder: {type: 'string'}});
	noExtra(positionals, 0);
	return readSession(ctx, values['data-dir'], async ({engine}) => {
		let list = engine.state.definitions;
		if (values.folder !== undefined) {
			const top = folderArg(engine, String(values.folder));
			const inside = top === null ? null : new Set(folderSubtree(engine.state, top).map(f => f.id));
			list = inside === null ? list : list.filter(d => d.folder !== null && inside.has(d.folder));
		}
		if (values.json)
			return (
				json(
					ctx.out,
					list.map(d => definitionJson(engine, d)),
				),
				0
			);
		if (!list.length) return (ctx.out.log('no definitions: rim job create … --save or --save-only keeps one'), 0);
		table(
			ctx.out,
			['NAME', 'FOLDER', 'TYPE', 'DESTINATIONS', 'EXECUTIONS', 'LAST'],
			list.map(d => {
				const runs = executionsOf(engine, d);
				return [
					d.name,
					d.folder === null ? '/' : folderPath(engine.state, d.folder),
					d.type,
					d.destinations.map(ref => ref.id).join(','),
					runs.length,
					runs.at(-1) ?? '-',
				];
			}),
		);
		return 0;
	});
}

function printDefinition(out: Out, engine: Engine, def: Definition): void {
	const s = def.settings;
	const inventory = engine.state.inventory;
	const dates = (ms: number | null, none: string) => (ms === null ? none : formatUtc(ms));
	const lines: [string, string][] = [
		['Folder', def.folder === null ? '/' : folderPath(engine.state, def.folder)],
		['Type', JOB_TYPES[def.type].label],
		['Destinations', def.destinations.map(ref => `${ref.id} (${destinationName(ref, inventory)})`).join(', ')],
		[
			'Packages',
			def.packages
				.map(
					p => p.id + (Object.keys(p.conditions).length ? ` (changed: ${Object.keys(p.conditions).join(', ')})` : ''),
				)
				.join(', ') || '-',
		],
		[
			'Distribution',
			`${s.method}; suspended destinations: ${s.distributeToSuspended ? 'distribute' : 'do not distribute'}; split: ${s.split ? `${s.split.bytes} bytes every ${s.split.intervalSeconds} s` : 'off'}`,
		],
		[
			'Schedule',
			`start ${dates(s.startAt, 'when executed')}; time limit ${dates(s.timeLimit, 'none')}; client date ${dates(s.clientAt, 'none')}`,
		],
		[
			'Client Control',
			`power on before: ${s.powerOn ? 'yes' : 'no'}; shut down after: ${s.shutdownAfter ? 'yes' : 'no'}`,
		],
		['Saved', `${formatUtc(def.createdAt)}; changed ${formatUtc(def.modifiedAt)}`],
		['Executions', executionsOf(engine, def).join(', ') || 'none yet'],
	];
	out.log(`${sanitize(def.name)}  (${def.id})`);
	for (const [label, value] of lines) out.log(`  ${`${label}:`.padEnd(16)}${sanitize(value)}`);
}

export async function definitionShow(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {});
	const name = positional(positionals, 0, 'definition name');
	noExtra(positionals, 1);
	return readSession(ctx, values['data-dir'], async ({engine}) => {
		const def = requireDefinition(engine, name);
		if (values.json) json(ctx.out, definitionJson(engine, def));
		else printDefinition(ctx.out, engine, def);
		return 0;
	});
}

/** A new execution of the definition; prints its job id (with --wait, drives it to the end like job create). */
export async function definitionRun(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, WAIT_OPTIONS);
	const name = positional(positionals, 0, 'definition name');
	noExtra(positionals, 1);
	return withSession(ctx, values['data-dir'], clockOf(ctx, values), async ({engine}) => {
		holdDialogs(engine, values);
		const def = requireDefinition(engine, name);
		const executed = await engine.executeDefinition(def.id);
		if (!executed.ok) throw new InputError(`definition ${def.name} cannot be executed now: ${executed.error.message}`);
		return reportExecution(ctx, engine, executed.value, values);
	});
}

export async function definitionDelete(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {yes: {type: 'boolean', short: 'y'}});
	const name = positional(positionals, 0, 'definition name');
	noExtra(positionals, 1);
	if (!values.yes)
		throw new UsageError(
			`deleting definition ${name} cannot be undone (its executions stay in rim jobs): add --yes to confirm`,
		);
	return withSession(ctx, values['data-dir'], virtual, async ({engine}) => {
		const deleted = await engine.deleteDefinition(requireDefinition(engine, name).id);
		if (!deleted.ok) throw new InputError(deleted.error.message);
		if (values.json) json(ctx.out, {deleted: deleted.value.name});
		else ctx.out.log(`deleted definition ${sanitize(deleted.value.name)}`);
		return 0;
	});
}

export async function definitionMove(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {});
	const name = positional(positionals, 0, 'definition name');
	const to = positional(positionals, 1, 'folder (/ for the top)');
	noExtra(positionals, 2);
	return withSession(ctx, values['data-dir'], virtual, async ({engine}) => {
		const moved = await engine.moveDefinition(requireDefinition(engine, name).id, folderArg(engine, to));
		if (!moved.ok) throw new InputError(moved.error.message);
		const where = moved.value.folder === null ? '/' : folderPath(engine.state, moved.value.folder);
		if (values.json) json(ctx.out, definitionJson(engine, moved.value));
		else ctx.out.log(`moved definition ${sanitize(moved.value.name)} to ${sanitize(where)}`);
		return 0;
	});
}

export async function foldersList(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {});
	noExtra(positionals, 0);
	return readSession(ctx, values['data-dir'], async ({engine}) => {
		const rows = engine.state.folders
			.map(f => ({
				path: folderPath(engine.state, f.id),
				id: f.id,
				definitions: engine.state.definitions.filter(d => d.folder === f.id).length,
			}))
			.sort((a, b) => a.path.localeCompare(b.path));
		if (values.json) return (json(ctx.out, rows), 0);
		if (!rows.length) return (ctx.out.log('no folders: rim folder create NAME'), 0);
		table(
			ctx.out,
			['FOLDER', 'DEFINITIONS'],
			rows.map(r => [r.path, r.definitions]),
			140,
		);
		return 0;
	});
}

/** `Monthly/Security` → the parent `Monthly` and the new name `Security`. */
function splitPath(path: string): {parent: string; name: string} {
	const parts = path.split('/').filter(Boolean);
	if (!parts.length) throw new UsageError('missing folder name');
	return {parent: parts.slice(0, -1).join('/'), name: parts.at(-1)!};
}

export async function folderCreate(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {});
	const path = positional(positionals, 0, 'folder path (e.g. Monthly or Monthly/Security)');
	noExtra(positionals, 1);
	const {parent, name} = splitPath(path);
	return withSession(ctx, values['data-dir'], virtual, async ({engine}) => {
		const created = await engine.createFolder(parent === '' ? null : requireFolder(engine, parent).id, name);
		if (!created.ok) throw new InputError(created.error.message);
		ctx.out.log(`created folder ${sanitize(folderPath(engine.state, created.value.id))}`);
		return 0;
	});
}

export async function folderRename(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {});
	const path = positional(positionals, 0, 'folder path');
	const name = positional(positionals, 1, 'new name');
	noExtra(positionals, 2);
	return withSession(ctx, values['data-dir'], virtual, async ({engine}) => {
		const renamed = await engine.renameFolder(requireFolder(engine, path).id, name);
		if (!renamed.ok) throw new InputError(renamed.error.message);
		ctx.out.log(`renamed folder ${sanitize(path)} to ${sanitize(folderPath(engine.state, renamed.value.id))}`);
		return 0;
	});
}

export async function folderDelete(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {force: {type: 'boolean'}});
	const path = positional(positionals, 0, 'folder path');
	noExtra(positionals, 1);
	return withSession(ctx, values['data-dir'], virtual, async ({engine}) => {
		const deleted = await engine.deleteFolder(requireFolder(engine, path).id, Boolean(values.force));
		if (!deleted.ok) {
			const forcible = deleted.error.kind === 'state' && !values.force;
			throw new InputError(
				deleted.error.message + (forcible ? ': add --force to delete it with everything in it' : ''),
			);
		}
		const {path: gone, folders, definitions} = deleted.value;
		const also =
			folders + definitions.length
				? ` with ${plural(folders, 'folder')} and ${plural(definitions.length, 'definition')}`
				: '';
		ctx.out.log(`deleted folder ${sanitize(gone)}${also}`);
		return 0;
	});
}

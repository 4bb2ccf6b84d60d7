/**
 * The Job Definition window's rows (pure): folders as a tree, each folder's subfolders first, then its definitions,
 * both by name; definitions at the top level after the top folders. Each definition carries its executions.
 */
import type {Definition, Folder} from '../../engine/model.js';
import type {EngineSnapshot, JobView} from '../../engine/snapshot.js';
import {folderPath} from '../../engine/rules/folder-rules.js';
import {cellWidth, fit, truncate} from '../../output/text-fit.js';
import {sanitize} from '../../output/sanitize.js';
import {JOB_TYPES} from '../../engine/rules/job-types.js';
import {UNSAVED_GLYPH} from '../lines/symbols.js';

export type TreeRow =
	| {kind: 'folder'; key: string; folder: Folder; path: string; depth: number; definitions: number}
	/** `unsaved`: the definition has changes a failed write did not put on disk yet. */
	| {kind: 'definition'; key: string; def: Definition; depth: number; executions: JobView[]; unsaved?: boolean};

const byName = (a: {name: string}, b: {name: string}) => a.name.toLowerCase().localeCompare(b.name.toLowerCase());

export function definitionTree(
	snapshot: Pick<EngineSnapshot, 'definitions' | 'folders' | 'jobs'> & Partial<Pick<EngineSnapshot, 'saving'>>,
): TreeRow[] {
	const unsaved = new Set(snapshot.saving?.kind === 'not-saved' ? snapshot.saving.definitions : []);
	const runs = new Map<string, JobView[]>();
	for (const job of snapshot.jobs) {
		if (!job.definition) continue;
		const list = runs.get(job.definition.id) ?? [];
		list.push(job);
		runs.set(job.definition.id, list);
	}
	const rows: TreeRow[] = [];
	const walk = (parent: string | null, depth: number) => {
		for (const folder of snapshot.folders.filter(f => f.parent === parent).sort(byName)) {
			rows.push({
				kind: 'folder',
				key: `f:${folder.id}`,
				folder,
				path: folderPath(snapshot, folder.id),
				depth,
				definitions: snapshot.definitions.filter(d => d.folder === folder.id).length,
			});
			walk(folder.id, depth + 1);
		}
		for (const def of snapshot.definitions.filter(d => d.folder === parent).sort(byName)) {
			rows.push({
				kind: 'definition',
				key: `d:${def.id}`,
				def,
				depth,
				executions: runs.get(def.id) ?? [],
				unsaved: unsaved.has(def.id),
			});
		}
	};
	walk(null, 0);
	return rows;
}

/** The folder a new folder or a move goes into from this row: the folder itself, or the definition's folder. */
export function folderOfRow(row: TreeRow | undefined): string | null {
	if (!row) return null;
	return row.kind === 'folder' ? row.folder.id : row.def.folder;
}

/** One line of the tree, fitted to `width` cells. */
export function treeRowText(row: TreeRow, width: number): string {
	const indent = '  '.repeat(row.depth);
	if (row.kind === 'folder') {
		const count = row.definitions ? `  (${row.definitions})` : '';
		return truncate(`${indent}▸ ${sanitize(row.folder.name)}/${count}`, width);
	}
	const last = row.executions.at(-1);
	const runs =
		row.executions.length === 0
			? 'not executed yet'
			: `${row.executions.length} run${row.executions.length === 1 ? '' : 's'} · last ${last!.id} ${last!.summary.result}`;
	const name = `${indent}◆ ${sanitize(row.def.name)}`;
	// Names are at most 32 cells: the column never needs more, and leaves the rest to what the job does.
	const nameWidth = Math.min(cellWidth(indent) + 35, Math.max(16, Math.floor(width * 0.35)), width);
	const rest = `${row.unsaved ? `${UNSAVED_GLYPH.symbol} ${UNSAVED_GLYPH.word} · ` : ''}${row.def.destinations.map(d => sanitize(d.id)).join(', ')} · ${runs} · ${JOB_TYPES[row.def.type].label}`;
	return truncate(`${fit(name, nameWidth)} ${rest}`, width);
}

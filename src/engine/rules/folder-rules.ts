/**
 * The rules of the Job Definition window's folders, as one table: each rule names the operations it applies to and
 * returns the messages it refuses with. The CLI and the TUI reach them through the engine, so a refusal reads the same.
 */
import type {Definition, Folder} from '../model.js';
import {validateFolderName} from './fields.js';

/** Folders nest up to this many levels (a folder at the top is level 1). */
export const MAX_FOLDER_DEPTH = 4;

export type FolderOp =
	| {op: 'create'; parent: string | null; name: string}
	| {op: 'rename'; folder: string; name: string}
	| {op: 'delete'; folder: string; force: boolean}
	| {op: 'move-definition'; definition: string; folder: string | null};

export interface FolderTree {
	folders: readonly Folder[];
	definitions: readonly Definition[];
}

export type FolderRuleId = 'folder-exists' | 'definition-exists' | 'folder-name' | 'folder-depth' | 'folder-empty';

export interface FolderViolation {
	rule: FolderRuleId;
	message: string;
}

interface FolderRule {
	id: FolderRuleId;
	ops: readonly FolderOp['op'][];
	check(op: FolderOp, tree: FolderTree): string[];
}

const byId = (tree: Pick<FolderTree, 'folders'>, id: string | null) =>
	id === null ? undefined : tree.folders.find(f => f.id === id);

/** `Monthly/Security`: the folder's names from the top, joined by `/` (which no name may contain). */
export function folderPath(tree: Pick<FolderTree, 'folders'>, id: string | null): string {
	const names: string[] = [];
	for (let f = byId(tree, id); f; f = byId(tree, f.parent)) names.unshift(f.name);
	return names.join('/');
}

/** Level of a folder: 1 at the top; 0 for the top itself (null). */
export function folderDepth(tree: Pick<FolderTree, 'folders'>, id: string | null): number {
	let depth = 0;
	for (let f = byId(tree, id); f; f = byId(tree, f.parent)) depth++;
	return depth;
}

/** The folder and every folder below it. */
export function folderSubtree(tree: Pick<FolderTree, 'folders'>, id: string): Folder[] {
	const out: Folder[] = [];
	const walk = (parent: string) => {
		for (const f of tree.folders)
			if (f.parent === parent) {
				out.push(f);
				walk(f.id);
			}
	};
	const self = tree.folders.find(f => f.id === id);
	if (self) {
		out.push(self);
		walk(id);
	}
	return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function nameCheck(tree: FolderTree, parent: string | null, name: string, self: string | null): string[] {
	const siblings = tree.folders.filter(f => f.parent === parent && f.id !== self).map(f => f.name);
	return validateFolderName(name, siblings);
}

const missing = (id: string | null) => [`No folder "${id}"`];

const RULES: readonly FolderRule[] = [
	{
		id: 'folder-exists',
		ops: ['create', 'rename', 'delete', 'move-definition'],
		check: (op, tree) => {
			const id = op.op === 'create' ? op.parent : op.op === 'move-definition' ? op.folder : op.folder;
			return id === null || byId(tree, id) ? [] : missing(id);
		},
	},
	{
		id: 'definition-exists',
		ops: ['move-definition'],
		check: (op, tree) =>
			op.op === 'move-definition' && !tree.definitions.some(d => d.id === op.definition)
				? [`No definition "${op.definition}"`]
				: [],
	},
	{
		id: 'folder-name',
		ops: ['create', 'rename'],
		check: (op, tree) => {
			if (op.op === 'create') return nameCheck(tree, op.parent, op.name, null);
			if (op.op !== 'rename') return [];
			const folder = byId(tree, op.folder);
			return folder ? nameCheck(tree, folder.parent, op.name, folder.id) : [];
		},
	},
	{
		id: 'folder-depth',
		ops: ['create'],
		check: (op, tree) => {
			if (op.op !== 'create' || folderDepth(tree, op.parent) < MAX_FOLDER_DEPTH) return [];
			return [
				`Folders nest at most ${MAX_FOLDER_DEPTH} levels; "${folderPath(tree, op.parent)}" is at level ${MAX_FOLDER_DEPTH}`,
			];
		},
	},
	{
		id: 'folder-empty',
		ops: ['delete'],
		check: (op, tree) => {
			if (op.op !== 'delete' || op.force || !byId(tree, op.folder)) return [];
			const below = folderSubtree(tree, op.folder);
			const ids = new Set(below.map(f => f.id));
			const definitions = tree.definitions.filter(d => d.folder !== null && ids.has(d.folder)).length;
			const folders = below.length - 1;
			if (definitions + folders === 0) return [];
			const what = [definitions ? plural(definitions, 'definition') : '', folders ? plural(folders, 'folder') : '']
				.filter(Boolean)
				.join(' and ');
			return [`Folder "${folderPath(tree, op.folder)}" is not empty (${what})`];
		},
	},
];

/** Every folder rule the operation breaks, in rule order; empty when it may be carried out. */
export function checkFolderOp(op: FolderOp, tree: FolderTree): FolderViolation[] {
	return RULES.filter(rule => rule.ops.includes(op.op)).flatMap(rule =>
		rule.check(op, tree).map(message => ({rule: rule.id, message})),
	);
}

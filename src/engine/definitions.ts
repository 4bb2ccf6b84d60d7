/**
 * The Job Definition window's book-keeping: saved definitions and their folders, on the engine's state. Every
 * function here is pure apart from mutating the state it is given; the Engine calls them, reports the changes to
 * persistence and publishes. Names: job names are unique (ignoring case) except that each execution of a definition
 * takes the definition's name (takenNames).
 */
import type {EngineError, StateChange} from './engine-ports.js';
import type {Definition, EngineState, Folder, Job, JobDefinition} from './model.js';
import {err, ok, type Result} from '../shared/result.js';
import {checkFolderOp, folderPath, folderSubtree, type FolderOp} from './rules/folder-rules.js';

export interface Changed<T> {
	value: T;
	changes: StateChange[];
}

const lower = (s: string) => s.toLowerCase();

/** The definition with this name (ignoring case), else the one with this id. */
export function findDefinition(state: {definitions: readonly Definition[]}, nameOrId: string): Definition | undefined {
	return (
		state.definitions.find(d => lower(d.name) === lower(nameOrId)) ?? state.definitions.find(d => d.id === nameOrId)
	);
}

/** The folder at `Monthly/Security` (names compared ignoring case; leading and trailing `/` ignored). */
export function findFolder(state: {folders: readonly Folder[]}, path: string): Folder | undefined {
	const names = path.split('/').filter(Boolean);
	let parent: string | null = null;
	let found: Folder | undefined;
	for (const name of names) {
		found = state.folders.find(f => f.parent === parent && lower(f.name) === lower(name));
		if (!found) return undefined;
		parent = found.id;
	}
	return found;
}

export {folderPath};

/**
 * Names a job must not take (job names are unique, ignoring case): the names of the definitions other than
 * `definition` (the one it is saved as or executed from), and of the executions not made from it. The executions of
 * one definition share its name; their job ids tell them apart.
 */
export function takenNames(
	state: {definitions: readonly Definition[]; jobs: readonly Job[]},
	definition: string | null,
): string[] {
	const others = state.definitions.filter(d => d.id !== definition).map(d => d.name);
	const executions = state.jobs.filter(j => definition === null || j.definition?.id !== definition).map(j => j.name);
	return [...others, ...executions];
}

const notFound = (what: string, id: string): EngineError => ({kind: 'not-found', message: `no ${what} "${id}"`});

function folderRefusal(op: FolderOp, state: EngineState): EngineError | null {
	const violations = checkFolderOp(op, state);
	if (!violations.length) return null;
	const notFoundRule = violations.find(v => v.rule === 'folder-exists' || v.rule === 'definition-exists');
	if (notFoundRule) return {kind: 'not-found', message: notFoundRule.message};
	return {kind: 'state', message: violations.map(v => v.message).join('; ')};
}

/** Stores `def` as a new definition in `folder`, or as the new content of definition `id` (checked by the caller). */
export function putDefinition(
	state: EngineState,
	input: {def: JobDefinition; id: string | null; folder?: string | null; now: number},
): Result<Changed<Definition>, EngineError> {
	const {def, now} = input;
	const content: JobDefinition = structuredClone({
		name: def.name,
		type: def.type,
		destinations: def.destinations,
		packages: def.packages,
		settings: def.settings,
	});
	if (input.folder !== undefined && input.folder !== null && !state.folders.some(f => f.id === input.folder)) {
		return err(notFound('folder', input.folder));
	}
	if (input.id !== null) {
		const i = state.definitions.findIndex(d => d.id === input.id);
		if (i < 0) return err(notFound('definition', input.id));
		const prev = state.definitions[i]!;
		const next: Definition = {
			...content,
			id: prev.id,
			folder: input.folder === undefined ? prev.folder : input.folder,
			createdAt: prev.createdAt,
			modifiedAt: now,
		};
		state.definitions[i] = next;
		return ok({value: next, changes: [{kind: 'definition', id: next.id}]});
	}
	const id = `D${String(state.nextDefinitionNumber).padStart(4, '0')}`;
	state.nextDefinitionNumber++;
	const created: Definition = {...content, id, folder: input.folder ?? null, createdAt: now, modifiedAt: now};
	state.definitions.push(created);
	return ok({value: created, changes: [{kind: 'definition', id}, {kind: 'meta'}]});
}

export function removeDefinition(state: EngineState, id: string): Result<Changed<Definition>, EngineError> {
	const found = state.definitions.find(d => d.id === id);
	if (!found) return err(notFound('definition', id));
	state.definitions = state.definitions.filter(d => d.id !== id);
	return ok({value: found, changes: [{kind: 'definition-deleted', id}]});
}

export function moveDefinition(
	state: EngineState,
	id: string,
	folder: string | null,
	now: number,
): Result<Changed<Definition>, EngineError> {
	const refused = folderRefusal({op: 'move-definition', definition: id, folder}, state);
	if (refused) return err(refused);
	const i = state.definitions.findIndex(d => d.id === id);
	const next: Definition = {...state.definitions[i]!, folder, modifiedAt: now};
	state.definitions[i] = next;
	return ok({value: next, changes: [{kind: 'definition', id}]});
}

export function createFolder(
	state: EngineState,
	parent: string | null,
	name: string,
): Result<Changed<Folder>, EngineError> {
	const refused = folderRefusal({op: 'create', parent, name}, state);
	if (refused) return err(refused);
	const folder: Folder = {id: `F${String(state.nextFolderNumber).padStart(4, '0')}`, name, parent};
	state.nextFolderNumber++;
	state.folders = [...state.folders, folder];
	return ok({value: folder, changes: [{kind: 'folders'}, {kind: 'meta'}]});
}

export function renameFolder(state: EngineState, id: string, name: string): Result<Changed<Folder>, EngineError> {
	const refused = folderRefusal({op: 'rename', folder: id, name}, state);
	if (refused) return err(refused);
	const next: Folder = {...state.folders.find(f => f.id === id)!, name};
	state.folders = state.folders.map(f => (f.id === id ? next : f));
	return ok({value: next, changes: [{kind: 'folders'}]});
}

/** What deleting a folder took with it. */
export interface FolderDeletion {
	folder: Folder;
	path: string;
	folders: number;
	definitions: string[];
}

/** Deletes a folder; one that is not empty only with `force` (its folders and definitions go with it). */
export function deleteFolder(
	state: EngineState,
	id: string,
	force: boolean,
): Result<Changed<FolderDeletion>, EngineError> {
	const refused = folderRefusal({op: 'delete', folder: id, force}, state);
	if (refused) return err(refused);
	const folder = state.folders.find(f => f.id === id)!;
	const path = folderPath(state, id);
	const gone = new Set(folderSubtree(state, id).map(f => f.id));
	const definitions = state.definitions.filter(d => d.folder !== null && gone.has(d.folder));
	state.folders = state.folders.filter(f => !gone.has(f.id));
	state.definitions = state.definitions.filter(d => !definitions.includes(d));
	return ok({
		value: {folder, path, folders: gone.size - 1, definitions: definitions.map(d => d.name)},
		changes: [{kind: 'folders'}, ...definitions.map(d => ({kind: 'definition-deleted', id: d.id}) as const)],
	});
}

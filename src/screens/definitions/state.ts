/**
 * The Job Definition view of pane 3: the tree's cursor (the selected row's key wins while it is listed), and the
 * dialogs it opens (they cover the panes like every rim dialog, so they live in the UI's one Modal union).
 */
import type {ListMove} from '../list-nav.js';
import type {TextEdit} from '../text-edit.js';

export interface DefinitionsState {
	cursor: {index: number; key: string | null};
}

export function initialDefinitions(): DefinitionsState {
	return {cursor: {index: 0, key: null}};
}

/** Selects a definition (after the wizard saved it); it may not be in the snapshot yet. */
export function focusDefinition(state: DefinitionsState, definitionId: string): DefinitionsState {
	return {cursor: {index: state.cursor.index, key: `d:${definitionId}`}};
}

/** The index the cursor selects among the rows' keys (-1 when there are none). */
export function selectedIndex(keys: readonly string[], state: DefinitionsState): number {
	if (keys.length === 0) return -1;
	const {index, key} = state.cursor;
	if (key !== null) {
		const found = keys.indexOf(key);
		if (found >= 0) return found;
	}
	return Math.max(0, Math.min(index, keys.length - 1));
}

export function cursorTo(keys: readonly string[], index: number): DefinitionsState {
	if (keys.length === 0) return initialDefinitions();
	const clamped = Math.max(0, Math.min(index, keys.length - 1));
	return {cursor: {index: clamped, key: keys[clamped] ?? null}};
}

export type FolderNameTarget =
	| {op: 'create'; parent: string | null; parentPath: string}
	| {op: 'rename'; folderId: string; path: string};

/** The dialogs of the Job Definition view. */
export type DefinitionsModal =
	| {kind: 'confirm-delete-definition'; definitionId: string; name: string; executions: number}
	/** `contents`: what goes with a folder that is not empty, e.g. "2 definitions and 1 folder"; null when empty. */
	| {kind: 'confirm-delete-folder'; folderId: string; path: string; contents: string | null}
	| {kind: 'folder-name'; target: FolderNameTarget; edit: TextEdit; errors: string[]}
	| {kind: 'move-definition'; definitionId: string; name: string; cursor: number};

export type DefinitionsAction =
	| {type: 'move'; move: ListMove}
	| {type: 'open'}
	| {type: 'execute'}
	| {type: 'delete'}
	| {type: 'new-folder'; at: 'here' | 'top'}
	| {type: 'rename-folder'}
	| {type: 'move-definition'};

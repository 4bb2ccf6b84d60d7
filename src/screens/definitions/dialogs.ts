/** The Job Definition view's dialogs in the UI reducer: delete questions, the folder-name field, the move menu. Pure. */
import {checkFolderOp, type FolderOp} from '../../engine/rules/folder-rules.js';
import {flashOf, type Flash} from '../screen.js';
import {sanitize} from '../../output/sanitize.js';
import {applyTextOp} from '../text-edit.js';
import type {UiAction, UiContext, UiEffect, UiState, UiUpdate} from '../ui-state.js';
import type {DefinitionsModal, FolderNameTarget} from './state.js';
import {definitionTree} from './tree-rows.js';

const close = (state: UiState): UiUpdate => ({state: {...state, modal: null}});
const flashEffect =
	(run: (api: Parameters<UiEffect>[0]) => Promise<Flash>): UiEffect =>
	async api => ({type: 'flash', flash: await run(api)});

/** Where the move menu can put a definition: the top, then every folder in tree order. */
export function moveChoices(snapshot: UiContext['snapshot']): {folder: string | null; label: string}[] {
	const folders = definitionTree(snapshot).flatMap(row =>
		row.kind === 'folder' ? [{folder: row.folder.id, label: row.path}] : [],
	);
	return [{folder: null, label: '/ (top)'}, ...folders];
}

function folderOp(target: FolderNameTarget, name: string): FolderOp {
	return target.op === 'create'
		? {op: 'create', parent: target.parent, name}
		: {op: 'rename', folder: target.folderId, name};
}

export function reduceDefinitionDialog(
	state: UiState,
	modal: DefinitionsModal,
	action: UiAction,
	ctx: UiContext,
): UiUpdate {
	switch (modal.kind) {
		case 'confirm-delete-definition': {
			if (action.type !== 'confirm') return {state};
			if (!action.yes) return close(state);
			const {definitionId} = modal;
			return {
				...close(state),
				effect: flashEffect(async api =>
					flashOf(
						await api.deleteDefinition(definitionId),
						def => `Deleted definition ${sanitize(def.name)}; its executions stay in Job Execution Status`,
					),
				),
			};
		}
		case 'confirm-delete-folder': {
			if (action.type !== 'confirm') return {state};
			if (!action.yes) return close(state);
			const {folderId} = modal;
			return {
				...close(state),
				effect: flashEffect(async api =>
					flashOf(
						await api.deleteFolder(folderId, true),
						gone =>
							`Deleted folder ${sanitize(gone.path)}${gone.definitions.length + gone.folders ? ` with everything in it` : ''}`,
					),
				),
			};
		}
		case 'folder-name': {
			if (action.type === 'text-cancel') return close(state);
			if (action.type === 'text') {
				const edit = applyTextOp(modal.edit, action.op);
				const errors = checkFolderOp(folderOp(modal.target, edit.value), ctx.snapshot).map(v => v.message);
				return {state: {...state, modal: {...modal, edit, errors}}};
			}
			if (action.type !== 'text-commit') return {state};
			const errors = checkFolderOp(folderOp(modal.target, modal.edit.value), ctx.snapshot).map(v => v.message);
			if (errors.length) return {state: {...state, modal: {...modal, errors}}};
			const name = modal.edit.value;
			const target = modal.target;
			if (target.op === 'create') {
				const {parent} = target;
				return {
					...close(state),
					effect: flashEffect(async api =>
						flashOf(await api.createFolder(parent, name), () => `Created folder ${sanitize(name)}`),
					),
				};
			}
			const {folderId} = target;
			return {
				...close(state),
				effect: flashEffect(async api =>
					flashOf(await api.renameFolder(folderId, name), () => `Renamed the folder to ${sanitize(name)}`),
				),
			};
		}
		case 'move-definition': {
			const choices = moveChoices(ctx.snapshot);
			if (action.type === 'modal-close') return close(state);
			if (action.type === 'menu') {
				const by = action.move === 'up' || action.move === 'page-up' ? -1 : 1;
				const cursor = action.move === 'home' ? 0 : action.move === 'end' ? choices.length - 1 : modal.cursor + by;
				return {state: {...state, modal: {...modal, cursor: Math.max(0, Math.min(choices.length - 1, cursor))}}};
			}
			if (action.type !== 'menu-choose') return {state};
			const choice = choices[modal.cursor];
			if (!choice) return close(state);
			const {definitionId} = modal;
			return {
				...close(state),
				effect: flashEffect(async api =>
					flashOf(
						await api.moveDefinition(definitionId, choice.folder),
						def => `Moved ${sanitize(def.name)} to ${sanitize(choice.label)}`,
					),
				),
			};
		}
	}
}

/**
 * The Job Definition view's reducer (pure): moves over the tree, opens a definition in the Create Job wizard, asks the
 * engine to execute one, and opens the delete / folder-name / move dialogs. Engine calls come back as effects.
 */
import {folderSubtree} from '../../engine/rules/folder-rules.js';
import {openWizard} from '../create-job/wizard-state.js';
import type {Flash} from '../screen.js';
import {sanitize} from '../../output/sanitize.js';
import {textEdit} from '../text-edit.js';
import type {UiContext, UiState, UiUpdate} from '../ui-state.js';
import {cursorTo, selectedIndex, type DefinitionsAction} from './state.js';
import {definitionTree, folderOfRow, type TreeRow} from './tree-rows.js';

const error = (text: string): Flash => ({kind: 'error', text});
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function selectedRow(state: UiState, ctx: UiContext): TreeRow | undefined {
	const rows = definitionTree(ctx.snapshot);
	return rows[
		selectedIndex(
			rows.map(r => r.key),
			state.definitions,
		)
	];
}

export function updateDefinitionsPane(state: UiState, action: DefinitionsAction, ctx: UiContext): UiUpdate {
	const rows = definitionTree(ctx.snapshot);
	const keys = rows.map(r => r.key);
	const index = selectedIndex(keys, state.definitions);
	const row = rows[index];
	const withFlash = (text: string): UiUpdate => ({state: {...state, flash: error(text)}});
	switch (action.type) {
		case 'move': {
			const {move} = action;
			const to =
				move === 'home'
					? 0
					: move === 'end'
						? keys.length - 1
						: Math.max(0, index) + (move === 'up' || move === 'page-up' ? -1 : 1);
			return {state: {...state, definitions: cursorTo(keys, to)}};
		}
		case 'open': {
			if (row?.kind !== 'definition')
				return withFlash(
					row ? 'Highlight a definition to open it: n adds a folder here, r renames this one' : noDefinitions,
				);
			const {name, type, destinations, packages, settings} = row.def;
			return {
				state: {
					...state,
					modal: {
						kind: 'wizard',
						wizard: openWizard(structuredClone({name, type, destinations, packages, settings}), row.def.id),
					},
				},
			};
		}
		case 'execute': {
			if (row?.kind !== 'definition') return withFlash(row ? 'Highlight a definition to execute it' : noDefinitions);
			const id = row.def.id;
			return {
				state,
				effect: async api => {
					const executed = await api.executeDefinition(id);
					if (!executed.ok) return {type: 'flash', flash: error(sanitize(executed.error.message))};
					const job = executed.value;
					return {
						type: 'job-created',
						jobId: job.id,
						flash: {
							kind: 'info',
							text: `Executed job ${job.id} ${sanitize(job.name)} on ${plural(job.runs.length, 'destination')}`,
						},
					};
				},
			};
		}
		case 'delete': {
			if (!row) return withFlash(noDefinitions);
			if (row.kind === 'definition') {
				return {
					state: {
						...state,
						modal: {
							kind: 'confirm-delete-definition',
							definitionId: row.def.id,
							name: row.def.name,
							executions: row.executions.length,
						},
					},
				};
			}
			const below = folderSubtree(ctx.snapshot, row.folder.id);
			const ids = new Set(below.map(f => f.id));
			const definitions = ctx.snapshot.definitions.filter(d => d.folder !== null && ids.has(d.folder)).length;
			const parts = [
				definitions ? plural(definitions, 'definition') : '',
				below.length > 1 ? plural(below.length - 1, 'folder') : '',
			].filter(Boolean);
			return {
				state: {
					...state,
					modal: {
						kind: 'confirm-delete-folder',
						folderId: row.folder.id,
						path: row.path,
						contents: parts.length ? parts.join(' and ') : null,
					},
				},
			};
		}
		case 'new-folder': {
			const parent = action.at === 'top' ? null : folderOfRow(row);
			const parentPath = parent === null ? '' : folderPathOf(rows, parent);
			return {
				state: {
					...state,
					modal: {kind: 'folder-name', target: {op: 'create', parent, parentPath}, edit: textEdit(''), errors: []},
				},
			};
		}
		case 'rename-folder': {
			if (row?.kind !== 'folder') return withFlash('Highlight a folder to rename it');
			return {
				state: {
					...state,
					modal: {
						kind: 'folder-name',
						target: {op: 'rename', folderId: row.folder.id, path: row.path},
						edit: textEdit(row.folder.name),
						errors: [],
					},
				},
			};
		}
		case 'move-definition': {
			if (row?.kind !== 'definition') return withFlash('Highlight a definition to move it');
			return {
				state: {...state, modal: {kind: 'move-definition', definitionId: row.def.id, name: row.def.name, cursor: 0}},
			};
		}
	}
}

const noDefinitions = 'No definitions yet: Save or Save and Execute in the Create Job wizard keeps one';

function folderPathOf(rows: readonly TreeRow[], folderId: string): string {
	const row = rows.find(r => r.kind === 'folder' && r.folder.id === folderId);
	return row?.kind === 'folder' ? row.path : '';
}

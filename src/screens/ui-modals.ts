/** The dialogs' part of the UI reducer: Define New Job, the Create Job wizard and its overlays, help, quit, lab menus. Pure. */
import {draftJob, jobTypeChoices} from '../engine/define.js';
import {takenNames} from '../engine/definitions.js';
import type {Inventory} from '../engine/model.js';
import {
	activateCondition,
	commitCondition,
	CONDITIONS,
	conditionText,
	openConditions,
} from './create-job/conditions.js';
import {
	canAddPackages,
	updateWizard,
	wizardCancelEdit,
	wizardCommit,
	wizardText,
	type WizardContext,
	type WizardOutcome,
} from './create-job/wizard-update.js';
import {openWizard, withDefinition, type WizardState} from './create-job/wizard-state.js';
import {detailScroll} from './detail/detail-lines.js';
import {helpLineCount} from './help.js';
import {hostDetailLines} from './host-detail/host-detail-lines.js';
import {hostDetailGeometry} from './host-detail/keymap.js';
import {focusJob} from './job-status/index.js';
import {focusDefinition, reduceDefinitionDialog} from './definitions/index.js';
import {ANSWER_CHOICES, FAULT_CHOICES} from './lab-menus.js';
import {LIST_TOP, moveCursor} from './list-nav.js';
import {pickerItems} from './picker.js';
import {textEdit, applyTextOp} from './text-edit.js';
import {copyEffect, labEffect, submitEffect} from './ui-effects.js';
import {reduceDialog} from './site/site-reduce.js';
import {defineJobOn, hostDetailModal, labOn} from './ui-host-actions.js';
import type {MenuMove, Modal, UiAction, UiContext, UiState, UiUpdate} from './ui-state.js';

type Open<K extends NonNullable<Modal>['kind']> = Extract<NonNullable<Modal>, {kind: K}>;

function wizardContext(ctx: UiContext, wizard: WizardState): WizardContext {
	return {inventory: ctx.snapshot.inventory, now: ctx.now, existingNames: takenNames(ctx.snapshot, wizard.definition)};
}

function menuStep(cursor: number, move: MenuMove, count: number, page: number): number {
	const target = {
		up: cursor - 1,
		down: cursor + 1,
		'page-up': cursor - page,
		'page-down': cursor + page,
		home: 0,
		end: count - 1,
	}[move];
	return Math.max(0, Math.min(Math.max(0, count - 1), target));
}

const withModal = (state: UiState, modal: Modal, flash = state.flash): UiUpdate => ({state: {...state, modal, flash}});

/** The engine's answer to Execute/Save: the new job gets the focus, or the wizard stays open with the refusal. */
export function reduceSubmitResult(
	state: UiState,
	action: Extract<UiAction, {type: 'job-created' | 'definition-saved' | 'submit-failed'}>,
): UiUpdate {
	if (action.type === 'job-created') {
		return {
			state: {
				...state,
				modal: null,
				focus: 'jobs',
				jobsView: 'status',
				picked: null,
				flash: action.flash,
				jobStatus: focusJob(state.jobStatus, action.jobId),
			},
		};
	}
	if (action.type === 'definition-saved') {
		return {
			state: {
				...state,
				modal: null,
				focus: 'jobs',
				jobsView: 'definitions',
				picked: null,
				flash: action.flash,
				definitions: focusDefinition(state.definitions, action.definitionId),
			},
		};
	}
	const modal = state.modal;
	return modal?.kind === 'wizard'
		? withModal(state, {...modal, wizard: {...modal.wizard, busy: false}}, action.flash)
		: withModal(state, modal, action.flash);
}

export function reduceModals(state: UiState, action: UiAction, ctx: UiContext): UiUpdate {
	const modal = state.modal!;
	switch (modal.kind) {
		case 'define-job':
			return defineJob(state, modal, action, ctx);
		case 'wizard':
			return wizard(state, modal.wizard, action, ctx);
		case 'wizard-picker':
			return picker(state, modal, action, ctx);
		case 'change-conditions':
			return conditions(state, modal, action, ctx);
		case 'confirm-discard':
			if (action.type === 'confirm')
				return withModal(state, action.yes ? null : {kind: 'wizard', wizard: modal.wizard});
			return {state};
		case 'help':
			return help(state, modal, action, ctx);
		case 'session-log':
			return sessionLog(state, modal, action, ctx);
		case 'confirm-quit':
			if (action.type === 'confirm') return action.yes ? {state, quit: true} : withModal(state, null);
			return {state};
		case 'host-detail':
			return hostDetail(state, modal, action, ctx);
		case 'lab-fault':
		case 'lab-answer':
			return labMenu(state, modal, action);
		case 'confirm-delete-definition':
		case 'confirm-delete-folder':
		case 'folder-name':
		case 'move-definition':
			return reduceDefinitionDialog(state, modal, action, ctx);
		case 'site':
			return reduceDialog(state, modal.dialog, action, ctx);
	}
}

function sessionLog(state: UiState, modal: Open<'session-log'>, action: UiAction, ctx: UiContext): UiUpdate {
	// Shown plainly, any key goes back to the log (esc included).
	if (modal.plain !== undefined && action.type !== 'copy-failed')
		return withModal(state, {kind: 'session-log', scroll: modal.scroll});
	switch (action.type) {
		case 'menu':
			return withModal(state, {
				...modal,
				scroll: menuStep(modal.scroll, action.move, state.commands.length, ctx.heights.modal),
			});
		case 'modal-close':
			return withModal(state, null);
		case 'copy-line': {
			const line = state.commands[modal.scroll]?.line;
			if (line === undefined)
				return {
					state: {...state, flash: {kind: 'error', text: 'Nothing to copy yet: each action you make shows here first'}},
				};
			return {state, effect: copyEffect(line, ctx.clipboard)};
		}
		case 'copy-failed':
			return withModal(state, {...modal, plain: action.why});
		default:
			return {state};
	}
}

function hostDetail(state: UiState, modal: Open<'host-detail'>, action: UiAction, ctx: UiContext): UiUpdate {
	const host = ctx.snapshot.inventory.hosts.find(h => h.id === modal.hostId);
	switch (action.type) {
		case 'menu': {
			const detail = ctx.room?.hostDetail?.(modal.hostId);
			if (!detail || !ctx.room) return {state};
			const room = hostDetailGeometry(ctx.room.width, ctx.room.height);
			return withModal(state, {
				...modal,
				scroll: detailScroll(modal.scroll, action.move, hostDetailLines(detail, room.width).length, room.rows),
			});
		}
		case 'modal-close':
			return withModal(state, null);
		case 'drop':
			return host ? defineJobOn(state, {kind: 'host', id: host.id}, ctx) : {state};
		case 'lab':
			return host ? labOn(state, host, action.what, true) : {state};
		default:
			return {state};
	}
}

function help(state: UiState, modal: Open<'help'>, action: UiAction, ctx: UiContext): UiUpdate {
	switch (action.type) {
		case 'menu':
			return withModal(state, {
				...modal,
				scroll: menuStep(modal.scroll, action.move, helpLineCount(modal.search?.value), ctx.heights.modal),
			});
		case 'modal-close':
			return withModal(state, modal.search ? {...modal, search: null, scroll: 0} : null);
		case 'filter-start':
			return withModal(state, {...modal, search: modal.search ?? textEdit(''), searching: true});
		case 'text':
			return withModal(state, {...modal, search: applyTextOp(modal.search ?? textEdit(''), action.op), scroll: 0});
		case 'text-commit':
			return withModal(state, {...modal, searching: false, search: modal.search?.value ? modal.search : null});
		case 'text-cancel':
			return withModal(state, {...modal, searching: false, search: null, scroll: 0});
		default:
			return {state};
	}
}

function defineJob(state: UiState, modal: Open<'define-job'>, action: UiAction, ctx: UiContext): UiUpdate {
	const choices = jobTypeChoices({
		packageIds: modal.packageIds,
		destination: modal.destination,
		inventory: ctx.snapshot.inventory,
		now: ctx.now,
	});
	if (action.type === 'menu')
		return withModal(state, {...modal, cursor: menuStep(modal.cursor, action.move, choices.length, choices.length)});
	if (action.type === 'modal-close') return withModal(state, null);
	if (action.type !== 'menu-choose') return {state};
	const choice = choices[modal.cursor];
	if (!choice) return {state};
	if (!choice.enabled)
		return withModal(state, modal, {
			kind: 'error',
			text: `${choice.label} is not available: ${choice.reasons.join('; ')}`,
		});
	const def = draftJob({
		type: choice.type,
		destinations: [modal.destination],
		packageIds: modal.packageIds,
		inventory: ctx.snapshot.inventory,
		now: ctx.now,
		taken: takenNames(ctx.snapshot, null),
	});
	return withModal(state, {kind: 'wizard', wizard: openWizard(def)});
}

function fromOutcome(state: UiState, outcome: WizardOutcome, inventory: Inventory): UiUpdate {
	switch (outcome.kind) {
		case 'stay':
			return withModal(state, {kind: 'wizard', wizard: outcome.wizard}, outcome.flash ?? state.flash);
		case 'close':
			return withModal(state, null);
		case 'confirm-discard':
			return withModal(state, {kind: 'confirm-discard', wizard: outcome.wizard});
		case 'open-picker':
			return withModal(state, {
				kind: 'wizard-picker',
				wizard: outcome.wizard,
				what: outcome.what,
				list: LIST_TOP,
				filter: textEdit(''),
			});
		case 'open-conditions':
			return withModal(state, {
				kind: 'change-conditions',
				wizard: outcome.wizard,
				dialog: openConditions(outcome.wizard.def, outcome.packageId, inventory),
			});
		case 'submit':
			return {
				...withModal(state, {kind: 'wizard', wizard: outcome.wizard}, {kind: 'info', text: 'Saving the job…'}),
				effect: submitEffect(outcome.wizard, outcome.mode),
			};
	}
}

function wizard(state: UiState, current: WizardState, action: UiAction, ctx: UiContext): UiUpdate {
	const wctx = wizardContext(ctx, current);
	const stay = (next: WizardState) => withModal(state, {kind: 'wizard', wizard: next});
	switch (action.type) {
		case 'wizard':
			return fromOutcome(state, updateWizard(current, action.action, wctx), ctx.snapshot.inventory);
		case 'text':
			return stay(wizardText(current, action.op, wctx));
		case 'text-commit':
			return stay(wizardCommit(current, wctx));
		case 'text-cancel':
			return stay(wizardCancelEdit(current));
		default:
			return {state};
	}
}

function picker(state: UiState, modal: Open<'wizard-picker'>, action: UiAction, ctx: UiContext): UiUpdate {
	const items = pickerItems(modal.what, ctx.snapshot.inventory, modal.filter.value);
	const back = (wizard: WizardState, flash = state.flash) => withModal(state, {kind: 'wizard', wizard}, flash);
	switch (action.type) {
		case 'menu':
			return withModal(state, {...modal, list: moveCursor(modal.list, action.move, items.length, ctx.heights.modal)});
		case 'text':
			return withModal(state, {...modal, filter: applyTextOp(modal.filter, action.op), list: LIST_TOP});
		case 'text-cancel':
		case 'modal-close':
			return back(modal.wizard);
		case 'text-commit':
		case 'menu-choose': {
			const item = items[modal.list.cursor];
			if (!item) return {state};
			const {def} = modal.wizard;
			if (item.destination) {
				const ref = item.destination;
				if (def.destinations.some(d => d.kind === ref.kind && d.id === ref.id))
					return withModal(state, modal, {kind: 'error', text: `${ref.id} is a destination already`});
				return back(
					withDefinition(modal.wizard, {...def, destinations: [...def.destinations, ref]}, ctx.snapshot.inventory),
					{kind: 'info', text: `Added ${ref.kind} ${ref.id}`},
				);
			}
			const id = item.packageId!;
			if (!canAddPackages(modal.wizard)) return back(modal.wizard);
			if (def.packages.some(p => p.id === id))
				return withModal(state, modal, {kind: 'error', text: `${id} is in the job already`});
			return back(
				withDefinition(
					modal.wizard,
					{...def, packages: [...def.packages, {id, conditions: {}}]},
					ctx.snapshot.inventory,
				),
				{kind: 'info', text: `Added package ${id}`},
			);
		}
		default:
			return {state};
	}
}

function conditions(state: UiState, modal: Open<'change-conditions'>, action: UiAction, ctx: UiContext): UiUpdate {
	const {wizard, dialog} = modal;
	const inventory = ctx.snapshot.inventory;
	const to = (outcome: {def: WizardState['def']; dialog: typeof dialog; error?: string}) =>
		withModal(
			state,
			{kind: 'change-conditions', wizard: withDefinition(wizard, outcome.def, inventory), dialog: outcome.dialog},
			outcome.error ? {kind: 'error', text: outcome.error} : state.flash,
		);
	switch (action.type) {
		case 'menu':
			return to({
				def: wizard.def,
				dialog: {...dialog, row: menuStep(dialog.row, action.move, CONDITIONS.length, CONDITIONS.length)},
			});
		case 'menu-choose':
			return to(activateCondition(wizard.def, dialog, inventory));
		case 'text':
			return to({def: wizard.def, dialog: conditionText(dialog, action.op)});
		case 'text-commit':
			return to(commitCondition(wizard.def, dialog, ctx.now));
		case 'text-cancel':
			return to({def: wizard.def, dialog: {...dialog, edit: null}});
		case 'confirm':
			return withModal(state, {kind: 'wizard', wizard});
		case 'modal-close': {
			const changed = JSON.stringify(wizard.def) !== JSON.stringify(dialog.initial);
			return withModal(
				state,
				{kind: 'wizard', wizard: {...wizard, def: dialog.initial}},
				changed ? {kind: 'info', text: 'Installation conditions left as they were'} : state.flash,
			);
		}
		default:
			return {state};
	}
}

function labMenu(state: UiState, modal: Open<'lab-fault' | 'lab-answer'>, action: UiAction): UiUpdate {
	const count = modal.kind === 'lab-fault' ? FAULT_CHOICES.length : ANSWER_CHOICES.length;
	const back = modal.fromHost ? hostDetailModal(modal.hostId) : null;
	if (action.type === 'menu')
		return withModal(state, {...modal, cursor: menuStep(modal.cursor, action.move, count, count)});
	if (action.type === 'modal-close') return withModal(state, back);
	if (action.type !== 'menu-choose') return {state};
	const effect =
		modal.kind === 'lab-fault'
			? labEffect({kind: 'fault', hostId: modal.hostId, fault: FAULT_CHOICES[modal.cursor]!.fault})
			: labEffect({kind: 'answer', hostId: modal.hostId, answer: ANSWER_CHOICES[modal.cursor]!.answer});
	return {state: {...state, modal: back}, effect};
}

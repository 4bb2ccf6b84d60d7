/**
 * The site dialogs' part of the UI reducer: the panes' add/remove keys, the Add package, New group and members
 * dialogs, the removal confirmations, and the results the engine sends back. Pure: engine calls come back as effects.
 * A removal is asked of the rules first (on the snapshot), so a refusal shows the rule's words before any question.
 */
import {planCreateGroup, planDeleteGroup, planRemoveHost, planRemovePackage} from '../../engine/site.js';
import {moveCursor, clampCursor, LIST_TOP} from '../list-nav.js';
import {packageRows} from '../package-rows.js';
import type {Flash} from '../screen.js';
import {applyTextOp} from '../text-edit.js';
import {currentDestinationRow, currentPackageRow, currentPendingAgent} from '../ui-panes.js';
import {destinationRows} from '../destination-rows.js';
import {sanitize} from '../../output/sanitize.js';
import type {UiAction, UiContext, UiState, UiUpdate} from '../ui-state.js';
import {memberCandidates, membersChange, membersRows} from './members.js';
import {editForm, firstProblem, packageRequestOf, stepField} from './package-form.js';
import {
	acceptAgentEffect,
	addPackageEffect,
	changeMembersEffect,
	createGroupEffect,
	removalEffect,
} from './site-effects.js';
import {
	emptyGroupForm,
	emptyPackageForm,
	membersForm,
	PACKAGE_FORM_FIELDS,
	type GroupForm,
	type MembersForm,
	type PackageForm,
	type Removal,
	type SiteAction,
	type SiteDialog,
} from './site-state.js';

const error = (text: string): Flash => ({kind: 'error', text});
const info = (text: string): Flash => ({kind: 'info', text});

const withDialog = (state: UiState, dialog: SiteDialog | null, flash = state.flash): UiUpdate => ({
	state: {...state, modal: dialog ? {kind: 'site', dialog} : null, flash},
});

const openDialog = (state: UiState): SiteDialog | null => (state.modal?.kind === 'site' ? state.modal.dialog : null);

/** A site action: a result from the engine (whatever is open), a dialog's key, or a pane's key. */
export function reduceSite(state: UiState, action: SiteAction, ctx: UiContext): UiUpdate {
	const result = reduceResult(state, action, ctx);
	if (result) return result;
	const dialog = openDialog(state);
	if (dialog) return reduceDialog(state, dialog, {type: 'site', action}, ctx);
	if (state.modal) return {state};
	return reducePaneKey(state, action, ctx);
}

/** Keys the router gives an open site dialog: its own actions, typed text, a confirmation's answer. */
export function reduceDialog(state: UiState, dialog: SiteDialog, action: UiAction, ctx: UiContext): UiUpdate {
	switch (dialog.kind) {
		case 'package-add':
			return packageAdd(state, dialog.form, action, ctx);
		case 'group-create':
			return groupCreate(state, dialog.form, action, ctx);
		case 'group-members':
			return members(state, dialog.form, action, ctx);
		case 'confirm-removal':
			if (action.type !== 'confirm') return {state};
			return action.yes
				? {
						...withDialog(state, null, info(`Removing ${dialog.removal.kind} ${dialog.removal.id}…`)),
						effect: removalEffect(dialog.removal),
					}
				: withDialog(state, null);
		case 'confirm-accept':
			if (action.type !== 'confirm') return {state};
			return action.yes
				? {
						...withDialog(state, null, info(`Accepting agent ${sanitize(dialog.agent.id)}…`)),
						effect: acceptAgentEffect(dialog.agent.id),
					}
				: withDialog(state, null);
	}
}

function reducePaneKey(state: UiState, action: SiteAction, ctx: UiContext): UiUpdate {
	const {snapshot} = ctx;
	switch (action.kind) {
		case 'add-package':
			return withDialog(state, {kind: 'package-add', form: emptyPackageForm()});
		case 'remove-package': {
			const row = currentPackageRow(state, ctx);
			if (!row)
				return {state: {...state, flash: error('Highlight a package to remove it (cabinets cannot be removed)')}};
			return askRemoval(state, {kind: 'package', id: row.pkg.id}, planRemovePackage(snapshot, row.pkg.id));
		}
		case 'new-group':
			return withDialog(state, {kind: 'group-create', form: emptyGroupForm()});
		case 'members': {
			const row = currentDestinationRow(state, ctx);
			if (row?.kind !== 'group')
				return {state: {...state, flash: error('Highlight a host group to change its members (m)')}};
			return withDialog(state, {kind: 'group-members', form: membersForm(row.group.id, row.group.members)});
		}
		case 'remove-destination': {
			const row = currentDestinationRow(state, ctx);
			if (!row) return {state: {...state, flash: error('Highlight a host or a group to remove it')}};
			return row.kind === 'host'
				? askRemoval(state, {kind: 'host', id: row.host.id}, planRemoveHost(snapshot, row.host.id))
				: askRemoval(state, {kind: 'group', id: row.group.id}, planDeleteGroup(snapshot, row.group.id));
		}
		case 'accept-agent': {
			const agent = currentPendingAgent(state, ctx);
			if (agent) return withDialog(state, {kind: 'confirm-accept', agent});
			const why = !ctx.pending
				? 'Agents enrol only on a real site (rim init): this one has none waiting'
				: ctx.pending.length === 0
					? 'No agent waits for acceptance'
					: 'Highlight a pending agent (the last section of Destinations) to accept it';
			return {state: {...state, flash: error(why)}};
		}
		default:
			return {state};
	}
}

function askRemoval(
	state: UiState,
	removal: Removal,
	plan: {ok: true} | {ok: false; error: {message: string}},
): UiUpdate {
	if (!plan.ok) return {state: {...state, flash: error(plan.error.message)}};
	return withDialog(state, {kind: 'confirm-removal', removal});
}

/** Results from the engine: they arrive whatever is open now (the admin may have closed the dialog meanwhile). */
function reduceResult(state: UiState, action: SiteAction, ctx: UiContext): UiUpdate | null {
	const dialog = openDialog(state);
	switch (action.kind) {
		case 'packing':
			return {state: state.packing ? {...state, packing: {...state.packing, progress: action.progress}} : state};
		case 'package-added': {
			const next: UiState = {...state, packing: null, flash: info(action.text)};
			if (dialog?.kind !== 'package-add') return {state: next};
			return {state: showPackage({...next, modal: null, focus: 'packages'}, action.id, ctx)};
		}
		case 'package-refused': {
			const id = state.packing?.id ?? '';
			const next: UiState = {...state, packing: null};
			if (dialog?.kind !== 'package-add')
				return {state: {...next, flash: error(`Package ${id} was not added: ${action.message}`)}};
			return withDialog(
				next,
				{kind: 'package-add', form: {...dialog.form, refusal: action.message}},
				error(action.message),
			);
		}
		case 'group-created':
			return dialog?.kind === 'group-create'
				? withDialog(state, null, info(action.text))
				: {state: {...state, flash: info(action.text)}};
		case 'group-refused':
			if (dialog?.kind !== 'group-create') return {state: {...state, flash: error(action.message)}};
			return withDialog(
				state,
				{kind: 'group-create', form: {...dialog.form, busy: false, refusal: action.message}},
				error(action.message),
			);
		case 'members-done': {
			const flash = action.error ? error(action.text) : info(action.text);
			return dialog?.kind === 'group-members' ? withDialog(state, null, flash) : {state: {...state, flash}};
		}
		case 'agent-accepted':
			return {state: showHost({...state, flash: info(action.text)}, action.id, ctx)};
		default:
			return null;
	}
}

/** Highlights a package that was just added (when the snapshot has it already; otherwise the cursor stays). */
function showPackage(state: UiState, id: string, ctx: UiContext): UiState {
	const rows = packageRows(ctx.snapshot.inventory, '');
	const index = rows.findIndex(row => row.kind === 'package' && row.pkg.id === id);
	if (index < 0) return state;
	return {
		...state,
		packages: {
			...state.packages,
			filter: null,
			filtering: false,
			...clampCursor({cursor: index, start: index}, rows.length, ctx.heights.packages),
		},
	};
}

/** Highlights a host in Destinations when the snapshot has it (an accepted agent); otherwise the cursor stays. */
function showHost(state: UiState, id: string, ctx: UiContext): UiState {
	if (state.focus !== 'destinations' || state.modal) return state;
	const rows = destinationRows(ctx.snapshot.inventory, '', ctx.pending ?? null);
	const index = rows.findIndex(row => row.kind === 'host' && row.host.id === id);
	if (index < 0) return state;
	return {
		...state,
		destinations: {
			...state.destinations,
			filter: null,
			filtering: false,
			...clampCursor({cursor: index, start: index}, rows.length, ctx.heights.destinations),
		},
	};
}

function packageAdd(state: UiState, form: PackageForm, action: UiAction, ctx: UiContext): UiUpdate {
	const stay = (next: PackageForm, flash = state.flash) => withDialog(state, {kind: 'package-add', form: next}, flash);
	const packing = state.packing;
	if (action.type === 'site' && action.action.kind === 'close') {
		return withDialog(
			state,
			null,
			packing ? info(`Packing ${packing.id} goes on; the header shows how far, this line the result`) : state.flash,
		);
	}
	if (packing) return stay(form, info(`Packing ${packing.id}… (esc closes this dialog; packing goes on)`));
	if (action.type === 'text') return stay(editForm(form, action.op));
	if (action.type !== 'site') return {state};
	if (action.action.kind === 'field') return stay(stepField(form, action.action.by));
	if (action.action.kind !== 'submit') return {state};
	const problem = firstProblem(form, ctx.snapshot.inventory);
	if (problem)
		return stay(
			{...form, row: PACKAGE_FORM_FIELDS.indexOf(problem.field), refusal: problem.message},
			error(problem.message),
		);
	const request = packageRequestOf(form);
	return {
		state: {
			...state,
			modal: {kind: 'site', dialog: {kind: 'package-add', form: {...form, refusal: null}}},
			packing: {id: request.id, progress: {done: 0, total: 0}},
			flash: info(`Packing ${request.path}…`),
		},
		effect: addPackageEffect(request),
	};
}

function groupCreate(state: UiState, form: GroupForm, action: UiAction, ctx: UiContext): UiUpdate {
	const stay = (next: GroupForm, flash = state.flash) => withDialog(state, {kind: 'group-create', form: next}, flash);
	if (action.type === 'site' && action.action.kind === 'close') return withDialog(state, null);
	if (form.busy) return {state};
	if (action.type === 'text') {
		const field = form.row === 0 ? 'id' : 'name';
		return stay({...form, [field]: applyTextOp(form[field], action.op), refusal: null});
	}
	if (action.type !== 'site') return {state};
	if (action.action.kind === 'field') return stay({...form, row: form.row === 0 ? 1 : 0});
	if (action.action.kind !== 'submit') return {state};
	const name = form.name.value === '' ? undefined : form.name.value;
	const plan = planCreateGroup(ctx.snapshot, form.id.value, name);
	if (!plan.ok) return stay({...form, refusal: plan.error.message}, error(plan.error.message));
	return {
		...stay({...form, busy: true, refusal: null}, info(`Creating group ${form.id.value}…`)),
		effect: createGroupEffect(form.id.value, name),
	};
}

function members(state: UiState, form: MembersForm, action: UiAction, ctx: UiContext): UiUpdate {
	const stay = (next: MembersForm, flash = state.flash) =>
		withDialog(state, {kind: 'group-members', form: next}, flash);
	if (action.type === 'site' && action.action.kind === 'close') return withDialog(state, null);
	if (form.busy) return {state};
	const inventory = ctx.snapshot.inventory;
	const hosts = memberCandidates(inventory, form.filter.value);
	if (action.type === 'text') return stay({...form, filter: applyTextOp(form.filter, action.op), list: LIST_TOP});
	if (action.type !== 'site') return {state};
	const rows = membersRows(ctx.heights.modal);
	const list = clampCursor(form.list, hosts.length, rows);
	switch (action.action.kind) {
		case 'move':
			return stay({...form, list: moveCursor(list, action.action.move, hosts.length, rows)});
		case 'tick': {
			const host = hosts[list.cursor];
			if (!host) return {state};
			const chosen = form.chosen.includes(host.id)
				? form.chosen.filter(id => id !== host.id)
				: [...form.chosen, host.id];
			return stay({...form, chosen, list});
		}
		case 'submit': {
			const group = inventory.groups.find(g => g.id === form.groupId);
			if (!group) return withDialog(state, null, error(`Group ${form.groupId} is no longer in the inventory`));
			const {add, remove} = membersChange(group, form.chosen);
			if (!add.length && !remove.length)
				return withDialog(state, null, info(`Group ${form.groupId}: members unchanged`));
			return {
				...stay({...form, busy: true}, info(`Saving the members of ${form.groupId}…`)),
				effect: changeMembersEffect(form.groupId, add, remove),
			};
		}
		default:
			return {state};
	}
}

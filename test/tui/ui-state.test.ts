import {describe, expect, it} from 'vitest';
import type {Key} from 'ink';
import {testEngine} from '../support/engine.js';
import {actionForKey, inputKeyNames} from '../../src/screens/router.js';
import {reduceUi} from '../../src/screens/ui-reduce.js';
import {initialUi, type UiAction, type UiContext, type UiState} from '../../src/screens/ui-state.js';
import {currentDestinationRow, currentPackageRow} from '../../src/screens/ui-panes.js';
import {openWizard} from '../../src/screens/create-job/wizard-state.js';
import {draftJob} from '../../src/engine/define.js';

function setup() {
	const {engine} = testEngine();
	const ctx = (): UiContext => ({
		snapshot: engine.snapshotNow(),
		now: engine.now(),
		heights: {packages: 6, destinations: 6, modal: 10},
	});
	const run = (state: UiState, ...actions: UiAction[]) => actions.reduce((s, a) => reduceUi(s, a, ctx()).state, state);
	return {engine, ctx, run};
}

const noKey = {} as Key;

describe('UI reducer', () => {
	it('cycles focus with tab and shift-tab over Packages, Destinations, Job Execution Status', () => {
		const {run} = setup();
		const s = run(initialUi(), {type: 'focus-step', by: 1});
		expect(s.focus).toBe('destinations');
		expect(run(s, {type: 'focus-step', by: 1}, {type: 'focus-step', by: 1}).focus).toBe('packages');
		expect(run(initialUi(), {type: 'focus-step', by: -1}).focus).toBe('jobs');
	});

	it('moves the package cursor over packages only, never onto a cabinet header', () => {
		const {run, ctx} = setup();
		const s = run(initialUi(), {type: 'list', move: 'down'}, {type: 'list', move: 'down'});
		expect(currentPackageRow(s, ctx())?.pkg.id).toBe('OFFICE-SUITE');
		const top = run(s, {type: 'list', move: 'home'});
		expect(currentPackageRow(top, ctx())?.pkg.id).toBe('SEC-PATCH-2611');
	});

	it('picks the highlighted package and drops it into Define New Job for the highlighted destination', () => {
		const {run, ctx} = setup();
		let s = run(initialUi(), {type: 'pick'}, {type: 'focus', pane: 'destinations'});
		expect(s.picked).toBe('SEC-PATCH-2611');
		expect(currentDestinationRow(s, ctx())).toMatchObject({kind: 'host', host: {id: 'RLY-TOKYO'}});
		s = run(s, {type: 'list', move: 'end'}, {type: 'drop'});
		expect(s.modal).toMatchObject({
			kind: 'define-job',
			destination: {kind: 'group', id: 'FLOOR-3'},
			packageIds: ['SEC-PATCH-2611'],
		});
	});

	it('opens the wizard with the first free default name when a job created this second took the plain one', async () => {
		const {engine, run} = setup();
		const open = (state: UiState) =>
			run(
				{
					...state,
					modal: {
						kind: 'define-job',
						destination: {kind: 'group', id: 'ACCOUNTING'},
						packageIds: ['PDF-READER'],
						cursor: 0,
					},
				},
				{type: 'menu-choose'},
			);
		const first = open(initialUi());
		expect(first.modal).toMatchObject({kind: 'wizard', wizard: {def: {name: 'RemoteInstall_261124090000'}}});
		const def = first.modal?.kind === 'wizard' ? first.modal.wizard.def : null;
		expect((await engine.executeJob({def: def!})).ok).toBe(true);
		expect(open(initialUi()).modal).toMatchObject({
			kind: 'wizard',
			wizard: {def: {name: 'RemoteInstall_261124090000_2'}},
		});
	});

	it('filters a pane while typing and drops the filter on text-cancel', () => {
		const {run, ctx} = setup();
		let s = run(
			{...initialUi(), focus: 'destinations'},
			{type: 'filter-start'},
			{type: 'text', op: {op: 'insert', text: 'dev-1'}},
		);
		expect(currentDestinationRow(s, ctx())).toMatchObject({host: {id: 'DEV-10'}});
		s = run(s, {type: 'text-cancel'});
		expect(s.destinations.filter).toBeNull();
	});

	it('quits at once with no job running, and asks while one runs', async () => {
		const {engine, ctx} = setup();
		expect(reduceUi(initialUi(), {type: 'quit'}, ctx()).quit).toBe(true);
		const def = draftJob({
			type: 'install',
			destinations: [{kind: 'group', id: 'SECURITY-PCS'}],
			packageIds: ['SEC-PATCH-2611'],
			inventory: engine.state.inventory,
			now: engine.now(),
			taken: [],
		});
		expect((await engine.executeJob({def})).ok).toBe(true);
		const update = reduceUi(initialUi(), {type: 'quit'}, ctx());
		expect(update.quit).toBeUndefined();
		expect(update.state.modal).toEqual({kind: 'confirm-quit', running: 1, unsaved: false});
	});

	it('asks before quitting while changes are not saved, even with no job running', () => {
		const {ctx} = setup();
		const base = ctx();
		const failing = {
			...base,
			snapshot: {
				...base.snapshot,
				saving: {kind: 'not-saved', reason: 'disk full', since: 0, jobs: [], definitions: []} as const,
			},
		};
		const update = reduceUi(initialUi(), {type: 'quit'}, failing);
		expect(update.quit).toBeUndefined();
		expect(update.state.modal).toEqual({kind: 'confirm-quit', running: 0, unsaved: true});
	});

	it('refuses to submit a wizard with problems and shows the page of the first one', () => {
		const {engine, run} = setup();
		const def = draftJob({
			type: 'install',
			destinations: [{kind: 'group', id: 'ACCOUNTING'}],
			packageIds: ['PDF-READER'],
			inventory: engine.state.inventory,
			now: engine.now(),
			taken: [],
		});
		const wizard = {...openWizard({...def, packages: []}), page: 5};
		const s = run(
			{...initialUi(), modal: {kind: 'wizard', wizard}},
			{type: 'wizard', action: {type: 'submit', mode: 'execute'}},
		);
		expect(s.modal).toMatchObject({kind: 'wizard', wizard: {page: 2, busy: false}});
		expect(s.flash?.text).toBe('Cannot save the job: Install package needs at least one package');
	});
});

describe('Key routing', () => {
	it('types printable keys into a focused filter or field instead of running hotkeys', () => {
		const filtering: UiState = {
			...initialUi(),
			packages: {cursor: 0, start: 0, filter: {value: '', cursor: 0}, filtering: true},
		};
		expect(actionForKey(filtering, 'q')).toEqual({type: 'text', op: {op: 'insert', text: 'q'}});
		expect(actionForKey(filtering, 'space')).toEqual({type: 'text', op: {op: 'insert', text: ' '}});
		expect(actionForKey(filtering, 'tab')).toBeNull();
		expect(actionForKey(initialUi(), 'q')).toEqual({type: 'quit'});
		expect(actionForKey(filtering, 'C-c')).toEqual({type: 'quit-now'});
	});

	it('gives a dialog every key: global keys do not reach the panes under it', () => {
		const help: UiState = {...initialUi(), modal: {kind: 'help', scroll: 0, search: null, searching: false}};
		expect(actionForKey(help, '2')).toBeNull();
		expect(actionForKey(help, 'q')).toEqual({type: 'modal-close'});
	});

	it('splits a burst of keys that arrives as one string', () => {
		expect(inputKeyNames('\r\re', noKey)).toEqual(['enter', 'enter', 'e']);
		expect(inputKeyNames('a b\x15', noKey)).toEqual(['a', 'space', 'b', 'C-u']);
		expect(inputKeyNames('jjj', noKey)).toEqual(['j', 'j', 'j']);
	});
});

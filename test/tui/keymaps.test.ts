import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {testEngine} from '../support/engine.js';
import {openWizard} from '../../src/screens/create-job/wizard-state.js';
import {draftJob} from '../../src/engine/define.js';
import {FIELDS} from '../../src/screens/create-job/fields.js';
import {PAGE_LOCKS} from '../../src/engine/rules/page-locks.js';
import {hintBarText, barHint} from '../../src/screens/chrome.js';
import {allScopes, keysSection, withKeysSection} from '../../src/screens/help.js';
import {GLOBAL_KEYS, RIM_SCOPES} from '../../src/screens/keymaps.js';
import {JOB_STATUS_SCOPES} from '../../src/screens/job-status/index.js';
import {hintBindings} from '../../src/screens/router.js';
import {textEdit} from '../../src/screens/text-edit.js';
import {initialUi, type Modal, type UiState} from '../../src/screens/ui-state.js';

describe('Key tables', () => {
	it('bind no key twice within one scope, and give every binding a label', () => {
		for (const scope of allScopes()) {
			const seen = new Map<string, string>();
			for (const binding of scope.keymap) {
				expect(binding.label, scope.title).not.toBe('');
				for (const key of binding.keys) {
					expect(
						seen.get(key),
						`${scope.title}: ${key} bound to "${seen.get(key)}" and "${binding.label}"`,
					).toBeUndefined();
					seen.set(key, binding.label);
				}
			}
		}
	});

	it('mark as asking first only keys that open a confirmation, never the yes inside one', () => {
		const confirmations = allScopes().filter(scope => /confirmation/i.test(scope.title));
		expect(confirmations.map(scope => scope.title)).toEqual(
			expect.arrayContaining(['Re-execute confirmation', 'Delete confirmation']),
		);
		for (const scope of confirmations) {
			for (const binding of scope.keymap) expect(binding.danger, `${scope.title}: ${binding.label}`).toBeFalsy();
		}
		expect(keysSection()).not.toMatch(/\| `y\/enter` \| [^|]*asks first/);
	});

	it('leave the global keys to the app inside the panes (Packages, Destinations, every jobs view)', () => {
		const globalKeys = GLOBAL_KEYS.flatMap(b => b.keys);
		const paneScopes = [
			...RIM_SCOPES.filter(s => /pane$/.test(s.title)),
			...JOB_STATUS_SCOPES.filter(s => s.title.startsWith('Job Execution Status')),
		];
		expect(paneScopes.length).toBe(5);
		for (const scope of paneScopes) {
			for (const binding of scope.keymap) {
				for (const key of binding.keys) expect(globalKeys, `${scope.title} binds global key ${key}`).not.toContain(key);
			}
		}
	});

	it('fit every scope’s hint bar, with the global keys, into 80 columns', () => {
		const {engine} = testEngine();
		const inventory = engine.getSnapshot().inventory;
		const wizard = openWizard(
			draftJob({
				type: 'install',
				destinations: [{kind: 'group', id: 'ACCOUNTING'}],
				packageIds: ['PDF-READER'],
				inventory,
				now: engine.now(),
				taken: [],
			}),
		);
		const modals: Modal[] = [
			null,
			{kind: 'define-job', destination: {kind: 'group', id: 'ACCOUNTING'}, packageIds: [], cursor: 0},
			{kind: 'wizard', wizard},
			{kind: 'wizard', wizard: {...wizard, edit: {field: 'name', text: textEdit('x'), errors: []}}},
			{kind: 'wizard-picker', wizard, what: 'package', list: {cursor: 0, start: 0}, filter: textEdit('')},
			{kind: 'change-conditions', wizard, dialog: {packageId: 'PDF-READER', row: 0, edit: null, initial: wizard.def}},
			{kind: 'confirm-discard', wizard},
			{kind: 'help', scroll: 0, search: null, searching: false},
			{kind: 'confirm-quit', running: 1},
			{kind: 'lab-fault', hostId: 'SEC-01', cursor: 0},
		];
		const states: UiState[] = [
			...modals.map(modal => ({...initialUi(), modal})),
			{...initialUi(), focus: 'destinations'},
			{...initialUi(), focus: 'jobs'},
			{...initialUi(), packages: {cursor: 0, start: 0, filter: textEdit(''), filtering: true}},
		];
		for (const state of states.filter(s => s.focus !== 'jobs')) {
			const {local, global} = hintBindings(state);
			const bar = [...local, ...global].map(barHint).join('  ');
			expect([...bar].length, `${state.modal?.kind ?? state.focus}: ${bar}`).toBeLessThanOrEqual(80);
		}
		// Job Execution Status owns its labels; on a narrow bar its last keys give way and help/quit stay visible.
		for (const scope of JOB_STATUS_SCOPES) {
			const bar = hintBarText(
				scope.keymap.filter(b => b.inBar),
				GLOBAL_KEYS.filter(b => b.inBar),
				80,
			);
			expect(bar, scope.title).toMatch(/\? help {2}q quit$/);
			expect(bar.startsWith(barHint(scope.keymap.find(b => b.inBar)!)), scope.title).toBe(true);
		}
	});

	it('map every forced value of the page locks to a wizard field that shows it', () => {
		const labels = FIELDS.map(f => f.forcedBy).filter(Boolean);
		for (const locks of Object.values(PAGE_LOCKS)) {
			for (const lock of Object.values(locks))
				for (const forced of lock?.forced ?? []) expect(labels).toContain(forced.label);
		}
	});
});

describe('README key section', () => {
	it('is exactly the section generated from the key tables', () => {
		const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
		expect(readme).toContain(keysSection());
		expect(withKeysSection(readme)).toBe(readme);
	});
});

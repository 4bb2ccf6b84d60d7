/** What the Destinations pane and the host view both do to one host or destination: define a job, lab actions. Pure. */
import {jobTypeChoices} from '../engine/define.js';
import type {DestinationRef, Host} from '../engine/model.js';
import type {Flash} from './screen.js';
import {labEffect} from './ui-effects.js';
import type {Modal, UiContext, UiState, UiUpdate} from './ui-state.js';

export type LabWhat = 'answer' | 'fault' | 'power' | 'certificate';

const error = (text: string): Flash => ({kind: 'error', text});

export const hostDetailModal = (hostId: string): Modal => ({kind: 'host-detail', hostId, scroll: 0});

/** Define New Job for the picked package (or none: Get software information needs none) on a destination. */
export function defineJobOn(state: UiState, destination: DestinationRef, ctx: UiContext): UiUpdate {
	const packageIds = state.picked ? [state.picked] : [];
	const choices = jobTypeChoices({packageIds, destination, inventory: ctx.snapshot.inventory, now: ctx.now});
	const first = Math.max(
		0,
		choices.findIndex(c => c.enabled),
	);
	return {state: {...state, modal: {kind: 'define-job', destination, packageIds, cursor: first}}};
}

/** A training-lab key on a host; the menus it opens return to the host view when they came from it. */
export function labOn(state: UiState, host: Host, what: LabWhat, fromHost: boolean): UiUpdate {
	if (what === 'answer') {
		// Only a security PC's user is asked to confirm an update: nowhere else can a dialog be open.
		if (host.kind !== 'security-pc') {
			const kind = host.kind === 'relay' ? 'a relay system' : 'a standard PC';
			return {
				state: {...state, flash: error(`${host.id} is ${kind}; confirmation dialogs appear only on security PCs`)},
			};
		}
		return {state: {...state, modal: {kind: 'lab-answer', hostId: host.id, cursor: 0, fromHost}}};
	}
	if (what === 'fault') {
		if (host.kind !== 'security-pc')
			return {
				state: {
					...state,
					flash: error(`${host.id} is a ${host.kind}; only security PCs have an authentication device`),
				},
			};
		return {state: {...state, modal: {kind: 'lab-fault', hostId: host.id, cursor: 0, fromHost}}};
	}
	if (what === 'power') return {state, effect: labEffect({kind: 'power', hostId: host.id, on: !host.started})};
	return {state, effect: labEffect({kind: 'certificate', hostId: host.id})};
}

/** What a remedy key in the Detailed Information modal does: an engine call, a move to the host, or why not. */
import type {RemedyAction} from '../../engine/codes.js';
import type {EngineSnapshot} from '../../engine/snapshot.js';
import type {FlashEffect, Flash, Navigate} from '../screen.js';
import {clearFault, issueCertificate, powerOn, rerunHosts} from '../effects.js';
import {detailSubject, remedyAvailability, stepAttempt} from './remedies.js';

export interface RemedyOutcome {
	effect?: FlashEffect;
	navigate?: Navigate;
	flash?: Flash;
	/** The modal closes (the app moves focus elsewhere). */
	close: boolean;
}

type DetailModalState = {kind: 'detail'; jobId: string; hostId: string; attempt?: number};

/** The modal after [ or ]: an earlier attempt, or back to the current one (absent `attempt`). */
export function stepDetailAttempt(modal: DetailModalState, step: -1 | 1, snapshot: EngineSnapshot): DetailModalState {
	const subject = detailSubject(snapshot, modal.jobId, modal.hostId, modal.attempt);
	if (!subject) return modal;
	const {attempt: _shown, ...rest} = modal;
	const attempt = stepAttempt(subject, step);
	return attempt === undefined ? rest : {...rest, attempt};
}

export function applyRemedy(
	snapshot: EngineSnapshot,
	jobId: string,
	hostId: string,
	remedy: RemedyAction,
	attempt?: number,
): RemedyOutcome {
	const subject = detailSubject(snapshot, jobId, hostId, attempt);
	if (!subject) return {close: false, flash: {kind: 'error', text: `${hostId} is no longer a destination of ${jobId}`}};
	const availability = remedyAvailability(subject, remedy);
	if (!availability.ok) return {close: false, flash: {kind: 'error', text: availability.reason}};
	switch (remedy) {
		case 'issue-certificate':
			return {close: false, effect: issueCertificate(hostId)};
		case 'clear-fault':
			return {close: false, effect: clearFault(hostId)};
		case 'rerun-host':
			return {close: false, effect: rerunHosts(jobId, [hostId])};
		case 'power-on-host':
			return {close: false, effect: powerOn(hostId)};
		case 'open-host':
			return {close: true, navigate: {pane: 'destinations', hostId}};
	}
}

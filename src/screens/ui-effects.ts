/** Engine calls made by the UI reducer's actions; each resolves to the action that reports its result. */
import type {JobDefinition} from '../engine/model.js';
import type {DeviceFault} from '../engine/pki/index.js';
import type {SubmitMode} from './create-job/wizard-update.js';
import {sanitize} from './sanitize.js';
import type {LabAnswer, UiAction, UiEffect} from './ui-state.js';

const flash = (kind: 'info' | 'error', text: string): UiAction => ({type: 'flash', flash: {kind, text}});

export type LabRequest =
	| {kind: 'power'; hostId: string; on: boolean}
	| {kind: 'certificate'; hostId: string}
	| {kind: 'answer'; hostId: string; answer: LabAnswer}
	| {kind: 'fault'; hostId: string; fault: DeviceFault};

export function labEffect(request: LabRequest): UiEffect {
	return async api => {
		const {hostId} = request;
		switch (request.kind) {
			case 'power': {
				const result = await api.labPower(hostId, request.on);
				return result.ok ? flash('info', `${hostId}: ${request.on ? 'starting (boot takes a moment)' : 'shutting down'}`) : flash('error', result.error.message);
			}
			case 'certificate': {
				const result = await api.issueCertificate(hostId);
				return result.ok ? flash('info', `${hostId}: the certification office issued a new device certificate`) : flash('error', result.error.message);
			}
			case 'answer': {
				const result = await api.labAnswer(hostId, request.answer);
				return result.ok ? flash('info', `${hostId}: answered "${request.answer}" for its user (${result.value} job${result.value === 1 ? '' : 's'})`)
					: flash('error', result.error.message);
			}
			case 'fault': {
				const result = await api.labFault(hostId, request.fault);
				return result.ok ? flash('info', request.fault === 'clear' ? `${hostId}: authentication device repaired` : `${hostId}: fault ${request.fault} injected`)
					: flash('error', result.error.message);
			}
		}
	};
}

/** Save = define only; Execute and Save and Execute = define, then execute (rim keeps every job in the list). */
export function submitEffect(def: JobDefinition, mode: SubmitMode): UiEffect {
	return async api => {
		const defined = await api.defineJob(def);
		if (!defined.ok) return {type: 'submit-failed', flash: {kind: 'error', text: defined.error.message}};
		const job = defined.value;
		const name = sanitize(job.name);
		if (mode === 'save') return {type: 'job-created', jobId: job.id, flash: {kind: 'info', text: `Saved job ${job.id} ${name}; execute it from Job Execution Status`}};
		const executed = await api.execute(job.id);
		if (!executed.ok) return {type: 'job-created', jobId: job.id, flash: {kind: 'error', text: `Saved job ${job.id} but it did not start: ${executed.error.message}`}};
		return {type: 'job-created', jobId: job.id, flash: {kind: 'info', text: `Executed job ${job.id} ${name} on ${executed.value.runs.length} destination(s)`}};
	};
}

/** Engine calls made by the UI reducer's actions; each resolves to the action that reports its result. */
import type {JobDefinition} from '../engine/model.js';
import type {DeviceFault} from '../engine/device-faults.js';
import type {SubmitMode} from './create-job/wizard-update.js';
import type {EngineApi} from './engine-context.js';
import {flashOf, type Flash} from './screen.js';
import {sanitize} from '../output/sanitize.js';
import type {LabAnswer, UiEffect} from './ui-state.js';
import {plural} from '../engine/plural.js';


export type LabRequest =
	| {kind: 'power'; hostId: string; on: boolean}
	| {kind: 'certificate'; hostId: string}
	| {kind: 'answer'; hostId: string; answer: LabAnswer}
	| {kind: 'fault'; hostId: string; fault: DeviceFault};

export function labEffect(request: LabRequest): UiEffect {
	return async api => ({type: 'flash', flash: await labFlash(api, request)});
}

async function labFlash(api: EngineApi, request: LabRequest): Promise<Flash> {
	const {hostId} = request;
	switch (request.kind) {
		case 'power':
			return flashOf(await api.labPower(hostId, request.on), () => `${hostId}: ${request.on ? 'starting (boot takes a moment)' : 'shutting down'}`);
		case 'certificate':
			return flashOf(await api.issueCertificate(hostId), () => `${hostId}: the certification office issued a new device certificate`);
		case 'answer':
			return flashOf(await api.labAnswer(hostId, request.answer),
				jobs => `${hostId}: answered "${request.answer}" for its user (${jobs} job${jobs === 1 ? '' : 's'})`);
		case 'fault':
			return flashOf(await api.labFault(hostId, request.fault),
				() => (request.fault === 'clear' ? `${hostId}: authentication device repaired` : `${hostId}: fault ${request.fault} injected`));
	}
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
		return {type: 'job-created', jobId: job.id, flash: {kind: 'info', text: `Executed job ${job.id} ${name} on ${plural(executed.value.runs.length, 'destination')}`}};
	};
}

/** Engine calls made by the UI reducer's actions; each resolves to the action that reports its result. */
import type {DeviceFault} from '../engine/device-faults.js';
import type {WizardState} from './create-job/wizard-state.js';
import type {ClockOp} from '../engine/lab-clock.js';
import type {SubmitMode} from './create-job/wizard-update.js';
import type {EngineApi} from './engine-context.js';
import {flashOf, type Flash} from './screen.js';
import {sanitize} from '../output/sanitize.js';
import type {LabAnswer, UiAction, UiEffect} from './ui-state.js';
import type {Job} from '../engine/model.js';
import type {EngineError} from '../engine/engine.js';
import {plural} from '../engine/plural.js';
import type {ClipboardPort} from './clipboard-port.js';

export type LabRequest =
	| {kind: 'power'; hostId: string; on: boolean}
	| {kind: 'certificate'; hostId: string}
	| {kind: 'answer'; hostId: string; answer: LabAnswer}
	| {kind: 'fault'; hostId: string; fault: DeviceFault};

/** The session log's line to the clipboard through the port; where it cannot, the log shows the line plainly. */
export function copyEffect(line: string, clipboard: ClipboardPort | undefined): UiEffect {
	return async () => {
		const copied = clipboard?.copy(line) ?? {copied: false, why: 'this rim has no clipboard'};
		if (!copied.copied) return {type: 'copy-failed', why: copied.why};
		return {type: 'flash', flash: {kind: 'info', text: `Copied to the clipboard (${copied.how}): ${line}`}};
	};
}

export function labEffect(request: LabRequest): UiEffect {
	return async api => ({type: 'flash', flash: await labFlash(api, request)});
}

async function labFlash(api: EngineApi, request: LabRequest): Promise<Flash> {
	const {hostId} = request;
	switch (request.kind) {
		case 'power':
			return flashOf(
				await api.labPower(hostId, request.on),
				() => `${hostId}: ${request.on ? 'starting (boot takes a moment)' : 'shutting down'}`,
			);
		case 'certificate':
			return flashOf(
				await api.issueCertificate(hostId),
				() => `${hostId}: the certification office issued a new device certificate`,
			);
		case 'answer':
			return flashOf(
				await api.labAnswer(hostId, request.answer),
				jobs => `${hostId}: answered "${request.answer}" for its user (${jobs} job${jobs === 1 ? '' : 's'})`,
			);
		case 'fault':
			return flashOf(await api.labFault(hostId, request.fault), () =>
				request.fault === 'clear'
					? `${hostId}: authentication device repaired`
					: `${hostId}: fault ${request.fault} injected`,
			);
	}
}

/** A lab clock control; its outcome (or why it was refused) goes to the flash line. */
export function clockEffect(op: ClockOp): UiEffect {
	return async api => ({type: 'flash', flash: flashOf(await api.controlClock(op), outcome => outcome.message)});
}

/**
 * The wizard's three buttons. Execute runs the job and keeps no definition; Save keeps it as a definition (a new one,
 * or the one the wizard was opened on); Save and Execute keeps it and executes it.
 */
export function submitEffect(wizard: Pick<WizardState, 'def' | 'definition'>, mode: SubmitMode): UiEffect {
	const {def, definition} = wizard;
	return async api => {
		if (mode === 'execute') {
			const executed = await api.executeJob({def, definition});
			if (!executed.ok)
				return (
					notSavedAction(executed.error) ?? {
						type: 'submit-failed',
						flash: {kind: 'error', text: executed.error.message},
					}
				);
			return executedAction(executed.value);
		}
		const saved = await api.saveDefinition({def, id: definition});
		if (!saved.ok)
			return notSavedAction(saved.error) ?? {type: 'submit-failed', flash: {kind: 'error', text: saved.error.message}};
		const name = sanitize(saved.value.name);
		if (mode === 'save') {
			return {
				type: 'definition-saved',
				definitionId: saved.value.id,
				flash: {kind: 'info', text: `Saved definition ${name}; execute it from the Job Definition window`},
			};
		}
		const executed = await api.executeDefinition(saved.value.id);
		if (!executed.ok && executed.error.kind === 'not-saved') return notSavedAction(executed.error)!;
		if (!executed.ok) {
			return {
				type: 'definition-saved',
				definitionId: saved.value.id,
				flash: {kind: 'error', text: `Saved definition ${name}, but it did not execute: ${executed.error.message}`},
			};
		}
		return executedAction(executed.value);
	};
}

/**
 * Done but not written (a full disk): the job or definition is live and shown as unsaved until the store's own retry
 * lands it, so the wizard closes on it as on a success, with the reason in red. Null for any other refusal.
 */
function notSavedAction(error: EngineError): UiAction | null {
	if (error.kind !== 'not-saved') return null;
	const flash = {kind: 'error', text: `${error.message}; rim keeps it and retries the write by itself`} as const;
	if (error.jobId !== undefined) return {type: 'job-created', jobId: error.jobId, flash};
	if (error.definitionId !== undefined) return {type: 'definition-saved', definitionId: error.definitionId, flash};
	return null;
}

function executedAction(job: Job): UiAction {
	return {
		type: 'job-created',
		jobId: job.id,
		flash: {
			kind: 'info',
			text: `Executed job ${job.id} ${sanitize(job.name)} on ${plural(job.runs.length, 'destination')}`,
		},
	};
}

/** The admin's key while the manager is gone: this rim opens the data directory and serves it. */
export const becomeManagerEffect: UiEffect = async api => {
	if (!api.becomeManager)
		return {
			type: 'flash',
			flash: {kind: 'error', text: 'this rim opened the data directory itself: it is the manager'},
		};
	return {type: 'flash', flash: flashOf(await api.becomeManager(), text => text)};
};

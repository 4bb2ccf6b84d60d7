/**
 * The UI's one reducer: a few global actions here, the rest to the open modal's reducer or the panes'. Pure: engine
 * calls come back as effects for the router to run.
 */
import {helpStart} from './help.js';
import {reduceModals, reduceSubmitResult} from './ui-modals.js';
import {reducePanes} from './ui-panes.js';
import {reduceSite} from './site/site-reduce.js';
import {becomeManagerEffect, clockEffect} from './ui-effects.js';
import {SESSION_LOG_MAX, type UiAction, type UiContext, type UiState, type UiUpdate} from './ui-state.js';

export function reduceUi(state: UiState, action: UiAction, ctx: UiContext): UiUpdate {
	switch (action.type) {
		case 'flash':
			return {state: {...state, flash: action.flash}};
		case 'help':
			return {
				state: {
					...state,
					modal:
						state.modal?.kind === 'help'
							? null
							: {kind: 'help', scroll: helpStart(action.scope), search: null, searching: false},
				},
			};
		case 'did':
			return {
				state: {
					...state,
					lastCommand: action.line,
					commands: [...state.commands.slice(-(SESSION_LOG_MAX - 1)), {at: action.at, line: action.line}],
				},
			};
		case 'session-log':
			return {
				state: {
					...state,
					modal:
						state.modal?.kind === 'session-log'
							? null
							: {kind: 'session-log', scroll: Math.max(0, state.commands.length - 1)},
				},
			};
		case 'job-created':
		case 'definition-saved':
		case 'submit-failed':
			return reduceSubmitResult(state, action);
		case 'site':
			return reduceSite(state, action.action, ctx);
		case 'quit-now':
			return {state, quit: true};
		case 'manager-link':
			return {state: {...state, managerLost: action.link.kind === 'lost'}};
		case 'become-manager':
			return state.managerLost ? {state, effect: becomeManagerEffect} : {state};
		case 'redraw':
			return {state, redraw: true};
		case 'clock':
			return {state, effect: clockEffect(action.op)};
		case 'quit': {
			const running = ctx.snapshot.jobs.filter(j => j.summary.result === 'running').length;
			const unsaved = ctx.snapshot.saving.kind === 'not-saved';
			return running || unsaved
				? {state: {...state, modal: {kind: 'confirm-quit', running, unsaved}}}
				: {state, quit: true};
		}
		default:
			return state.modal ? reduceModals(state, action, ctx) : reducePanes(state, action, ctx);
	}
}

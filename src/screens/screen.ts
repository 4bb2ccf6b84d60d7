/**
 * The seam between the app's single input router (src/app.tsx) and each screen's pure controller: a screen turns a
 * key action into new screen state plus, optionally, an engine call to run and a place to navigate to.
 */
import type {Result} from '../shared/result.js';
import type {EngineApi} from './engine-context.js';
import {sanitize} from '../output/sanitize.js';

/** A one-line message under the panes (the result of an action, or why a key did nothing). */
export interface Flash {
	kind: 'info' | 'error';
	text: string;
}

/** The Flash for an engine call's result: `success` on ok, the engine's own message on a refusal. */
export function flashOf<T>(result: Result<T, {message: string}>, success: (value: T) => string): Flash {
	return result.ok
		? {kind: 'info', text: success(result.value)}
		: {kind: 'error', text: sanitize(result.error.message)};
}

/** An engine call the router runs after the state update; its Flash is shown when it resolves. (The app-wide
 *  reducer's UiEffect resolves to a UiAction instead.) */
export type FlashEffect = (api: EngineApi) => Promise<Flash | null>;

/** Where a screen asks the app to move focus. */
export type Navigate =
	| {pane: 'packages'; packageId: string}
	| {pane: 'destinations'; hostId: string}
	| {pane: 'jobs'; jobId: string};

/** A screen controller's answer to one key: its next state and what the router should do next (ui-state.ts's
 *  UiUpdate is the same for the whole UI state). */
export interface ScreenUpdate<S> {
	state: S;
	effect?: FlashEffect;
	navigate?: Navigate;
	flash?: Flash;
}

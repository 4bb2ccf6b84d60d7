/** Renders the whole app on a test engine (demo fleet, virtual clock) at a fixed size, driven by real key bytes. */
import {App} from '../../src/app.js';
import {engineApi} from '../../src/engine-api.js';
import type {ScreenSize} from '../../src/screens/layout.js';
import {testEngine} from '../support/engine.js';
import {KEY, renderTui} from '../support/tui.js';
import type {DemoOptions} from '../../src/engine/demo/demo-fleet.js';
import type {Engine} from '../../src/engine/engine.js';

export async function renderApp(
	opts: {size?: ScreenSize; fleet?: Partial<DemoOptions>; prepare?: (engine: Engine) => void} = {},
) {
	const {engine, clock} = testEngine(opts.fleet);
	opts.prepare?.(engine);
	const api = engineApi(engine);
	const tui = await renderTui(<App api={api} size={opts.size ?? {columns: 100, rows: 30}} />);
	return {...tui, engine, clock, api};
}

/** The line of a frame that contains `text` (for assertions on one row). */
export function lineWith(frame: string, text: string): string {
	return frame.split('\n').find(line => line.includes(text)) ?? '';
}

type Tui = Awaited<ReturnType<typeof renderApp>>;

/** Focus Destinations and highlight one row by filtering to its id. */
export async function highlightDestination(tui: Tui, id: string) {
	await tui.press('2', '/');
	await tui.type(id);
	await tui.press(KEY.enter);
}

/** Pick a package (by filter), drop it on a destination (by filter, then `end` for groups), choose the first enabled type. */
export async function openWizard(tui: Tui, packageId: string, destinationId: string, opts: {group?: boolean} = {}) {
	await tui.press('1', '/');
	await tui.type(packageId);
	await tui.press(KEY.enter, KEY.space);
	await highlightDestination(tui, destinationId);
	if (opts.group) await tui.press(KEY.end);
	await tui.press(KEY.enter, KEY.enter);
}

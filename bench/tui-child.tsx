/**
 * Child of benchmark 1 (run with NODE_ENV=production, so React and Ink load their production builds): renders
 * <App api size={120×40}> into a fake stdout and measures key → frame: the time from writing a key to the fake stdin
 * until Ink writes the next frame. Argument: "small" (the 40-host demo) or "large" (10,000 security PCs, ~2,000
 * packages, a 10,000-destination job running on a real clock). Prints one JSON line {name, times}.
 */
import {render} from 'ink';
import {App} from '../src/app.js';
import {RealClock} from '../src/engine/clock.js';
import {createDemoFleet} from '../src/engine/demo/demo-fleet.js';
import {defaultSettings} from '../src/engine/define.js';
import {engineApi} from '../src/engine-api.js';
import {benchOffice, securityFleet, T0} from './support.js';
import {timerTicker} from './store.js';
import {FakeStdin, SizedStdout} from '../test/support/fake-terminal.js';
import {simulatedEngine} from '../test/support/engine.js';

const KEYS = {down: '\u001B[B', up: '\u001B[A'};

async function main() {
	const name = process.argv[2] === 'large' ? 'large' : 'small';
	const demo = name === 'large' ? securityFleet(10_000) : createDemoFleet({now: T0, seed: 1, office: benchOffice()});
	const clock = new RealClock(1, T0);
	const {engine} = simulatedEngine(demo, clock, {ticker: timerTicker});
	if (name === 'large') {
		const defined = await engine.defineJob({name: 'BENCH-TUI', type: 'install', destinations: [{kind: 'group', id: 'SECURITY-PCS'}],
			packages: [{id: 'SEC-PATCH-2611', conditions: {}}], settings: defaultSettings()});
		if (!defined.ok) throw new Error(defined.error.message);
		await engine.execute(defined.value.id);
	}
	const stdout = new SizedStdout(120, 40);
	const stdin = new FakeStdin();
	const instance = render(<App api={engineApi(engine)} size={{columns: 120, rows: 40}} />,
		{stdout: stdout as never, stdin: stdin as never, patchConsole: false, exitOnCtrlC: false, maxFps: 1000});
	await new Promise(r => setTimeout(r, 500));
	if (process.env.RIM_TUI_DEBUG) console.error("frames after mount", stdout.frames.length, JSON.stringify(stdout.last.slice(0, 3000)));
	const frame = (timeoutMs: number) => new Promise<boolean>(resolve => {
		const timer = setTimeout(() => {
			stdout.onWrite = null;
			resolve(false);
		}, timeoutMs);
		stdout.onWrite = () => {
			clearTimeout(timer);
			stdout.onWrite = null;
			resolve(true);
		};
	});
	const times: number[] = [];
	let missed = 0;
	// Down, Up, Down, Up… in the focused pane: every key moves the selection, so every key must produce a frame.
	const keys = Array.from({length: Number(process.env.RIM_TUI_KEYS ?? 200)}, (_, i) => (i % 2 === 0 ? KEYS.down : KEYS.up));
	for (const key of keys) {
		await new Promise(r => setTimeout(r, 5));
		const got = frame(300);
		const started = performance.now();
		stdin.push(key);
		if (await got) times.push(performance.now() - started);
		else missed++;
	}
	instance.unmount();
	clock.cancelAll();
	process.stdout.write(`${JSON.stringify({name, times, missed})}\n`);
	process.exit(0);
}

void main();

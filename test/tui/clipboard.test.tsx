/**
 * Copying a line of the session log: OSC 52 through the output layer where the terminal takes it (the bytes written
 * are exactly the sequence rim builds, around the sanitized line in base64), else the line shown alone to select.
 */
import {EventEmitter} from 'node:events';
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../src/app.js';
import {engineApi} from '../../src/engine-api.js';
import {clipboardBytes, clipboardRoute} from '../../src/terminal/clipboard.js';
import {TerminalOutput} from '../../src/terminal/terminal-output.js';
import {terminalClipboard} from '../../src/tui.js';
import {shellRows} from '../../src/screens/session-log.js';
import {testEngine} from '../support/engine.js';
import {cleanupTui, KEY, renderTui} from '../support/tui.js';
import {highlightDestination} from './harness.js';

afterEach(cleanupTui);

class Terminal extends EventEmitter {
	columns = 100;
	rows = 30;
	written: string[] = [];
	write(data: string) {
		this.written.push(data);
		return true;
	}
}

const osc52 = (text: string) => `\u001B]52;c;${Buffer.from(text).toString('base64')}\u0007`;
const none = () => null;

async function sessionWithOneAction(env: NodeJS.ProcessEnv, tmux: (name: string) => string | null = none) {
	const terminal = new Terminal();
	const output = new TerminalOutput(terminal);
	const {engine, clock} = testEngine();
	const api = engineApi(engine);
	const tui = {
		...(await renderTui(
			<App api={api} size={{columns: 100, rows: 30}} clipboard={terminalClipboard(output, env, tmux)} />,
		)),
		engine,
		clock,
		api,
	};
	await highlightDestination(tui, 'SAL-09');
	await tui.press('P');
	await tui.settle();
	await tui.press('L');
	return {tui, terminal};
}

describe('c in the session log', () => {
	it('copies the highlighted line with OSC 52 in a terminal that takes it: exactly that sequence is written', async () => {
		const {tui, terminal} = await sessionWithOneAction({TERM: 'xterm-kitty'});
		await tui.press('c');
		await tui.settle();
		expect(terminal.written).toEqual([osc52('rim lab power SAL-09 on')]);
		expect(tui.frame()).toContain('Copied to the clipboard (OSC 52): rim lab power SAL-09 on');
	});

	it('shows the line alone for selection where the terminal may not take it, and writes nothing', async () => {
		const {tui, terminal} = await sessionWithOneAction({TERM: 'xterm-256color'});
		await tui.press('c');
		await tui.settle();
		const frame = tui.frame();
		expect(frame).toContain('Not copied: this terminal may not support OSC 52 (RIM_CLIPBOARD=osc52 forces it).');
		expect(frame.split('\n')).toContain('rim lab power SAL-09 on');
		expect(frame).not.toContain('╭');
		expect(terminal.written).toEqual([]);
		await tui.press(KEY.escape);
		expect(tui.frame()).toContain('Session log: 1 action as rim command lines');
	});

	it('inside tmux follows tmux: set-clipboard on takes the sequence, passthrough wraps it, neither shows the line', async () => {
		const on = await sessionWithOneAction({TMUX: '/tmp/tmux-1/default,1,0'}, name =>
			name === 'set-clipboard' ? 'on' : 'off',
		);
		await on.tui.press('c');
		expect(on.terminal.written).toEqual([osc52('rim lab power SAL-09 on')]);
		const through = await sessionWithOneAction({TMUX: '/tmp/tmux-1/default,1,0'}, name =>
			name === 'allow-passthrough' ? 'on' : 'external',
		);
		await through.tui.press('c');
		expect(through.terminal.written).toEqual([`\u001BPtmux;\u001B${osc52('rim lab power SAL-09 on')}\u001B\\`]);
		const neither = await sessionWithOneAction({TMUX: '/tmp/tmux-1/default,1,0', TERM: 'xterm-kitty'}, name =>
			name === 'set-clipboard' ? 'external' : 'off',
		);
		await neither.tui.press('c');
		await neither.tui.settle();
		expect(neither.terminal.written).toEqual([]);
		expect(neither.tui.frame()).toContain('tmux drops it: `tmux set -g set-clipboard on` lets rim copy');
	});
});

describe('the clipboard route and bytes', () => {
	it('follows RIM_CLIPBOARD over detection, and knows the terminals that take OSC 52', () => {
		expect(clipboardRoute({RIM_CLIPBOARD: 'off', TERM: 'xterm-kitty'}, none).kind).toBe('none');
		expect(clipboardRoute({RIM_CLIPBOARD: 'osc52', TERM: 'linux'}, none).kind).toBe('osc52');
		for (const env of [{TERM: 'alacritty'}, {TERM_PROGRAM: 'WezTerm'}, {LC_TERMINAL: 'iTerm2'}, {WT_SESSION: 'x'}]) {
			expect(clipboardRoute(env, none).kind).toBe('osc52');
		}
		expect(clipboardRoute({TERM: 'xterm-256color'}, none).kind).toBe('none');
	});

	it('sanitizes the text before encoding it: a control character in a line arrives as its visible escape', () => {
		const bytes = clipboardBytes('rim group create G --name \u001B[31mred', {kind: 'osc52'});
		expect(bytes).toBe(osc52('rim group create G --name \\x1b[31mred'));
		// The only control characters written are the sequence's own ESC and BEL.
		expect(bytes.replace(/^\u001B\]52;c;[A-Za-z0-9+/=]*\u0007$/, '')).toBe('');
	});

	it('breaks a long line for selection between words outside quotes, with shell continuations', () => {
		const rows = shellRows("rim job create --type install --package SEC-PATCH-2611 --name 'Monthly patch for all'", 40);
		expect(rows).toEqual([
			'rim job create --type install \\',
			'  --package SEC-PATCH-2611 --name \\',
			"  'Monthly patch for all'",
		]);
		for (const row of rows) expect(row.length).toBeLessThanOrEqual(40);
	});
});

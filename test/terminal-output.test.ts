/**
 * The output layer's bytes for typical frame changes (the real-terminal proof that they draw the right screen is
 * test/terminal-frames.test.ts): an unchanged frame writes nothing, a clock change writes the clock, a border colour
 * change writes the border cells and not the lines they sit on, a resize or Ctrl+L draws the frame whole.
 */
import {EventEmitter} from 'node:events';
import {describe, expect, it, vi} from 'vitest';
import {TerminalOutput} from '../src/terminal/terminal-output.js';

class Terminal extends EventEmitter {
	columns = 40;
	rows = 8;
	written: string[] = [];
	write(data: string) {
		this.written.push(data);
		return true;
	}
}

const CYAN = '\u001B[36m';
const GRAY = '\u001B[90m';
const RESET_FG = '\u001B[39m';

/** A 40×7 frame: a clock line and a box whose border has the given colour. */
function frame(clock: string, border: string, selected = 1): string {
	const rows = ['Packages', 'OFFICE-SUITE', 'PDF-READER', 'BROWSER'].map(
		(text, i) => `${border}│${RESET_FG}${i === selected ? '›' : ' '}${text.padEnd(37)}${border}│${RESET_FG}`,
	);
	return [
		`rim${' '.repeat(27)}${clock}`,
		`${border}╭${'─'.repeat(38)}╮${RESET_FG}`,
		...rows,
		`${border}╰${'─'.repeat(38)}╯${RESET_FG}`,
	].join('\n');
}

function setup() {
	const terminal = new Terminal();
	const output = new TerminalOutput(terminal);
	output.write(frame('lab 06:46', CYAN));
	const bytes = () => {
		const all = terminal.written.join('');
		terminal.written = [];
		return all;
	};
	return {terminal, output, first: bytes(), bytes};
}

describe('TerminalOutput', () => {
	it('draws the first frame whole, then nothing for an unchanged frame (the clock tick between minutes)', () => {
		const {output, first, bytes} = setup();
		expect(first).toContain('\u001B[2J');
		expect(first).toContain('OFFICE-SUITE');
		output.write(frame('lab 06:46', CYAN));
		expect(bytes()).toBe('');
	});

	it('writes only the clock cells that changed when the minute turns', () => {
		const {output, bytes} = setup();
		output.write(frame('lab 06:47', CYAN));
		const update = bytes();
		expect(update).toContain('\u001B[1;39H7');
		expect(update).not.toContain('rim');
		expect(update.length).toBeLessThan(30);
	});

	it('moves the selection by rewriting two rows, and a border colour change by rewriting only border cells', () => {
		const {output, bytes} = setup();
		output.write(frame('lab 06:46', CYAN, 2));
		const move = bytes();
		expect(move).toContain('\u001B[4;2H');
		expect(move).not.toContain('OFFICE');
		output.write(frame('lab 06:46', GRAY, 2));
		const recolour = bytes();
		expect(recolour).toContain(GRAY);
		for (const text of ['Packages', 'OFFICE', 'PDF', 'BROWSER', 'rim']) expect(recolour).not.toContain(text);
	});

	it('erases what a shorter frame no longer covers', () => {
		const {output, bytes} = setup();
		output.write(['short', 'line'].join('\n'));
		const update = bytes();
		expect(update).toContain('\u001B[K');
		expect(update).toContain('\u001B[3H\u001B[J');
	});

	it('draws the frame whole after a resize, again once resizing stops, and on a redraw request; shows the cursor when closed', () => {
		vi.useFakeTimers();
		const {terminal, output, bytes} = setup();
		terminal.columns = 30;
		terminal.emit('resize');
		const resized = bytes();
		expect(resized).toContain('\u001B[2J');
		expect(resized).not.toContain('╮');
		vi.advanceTimersByTime(1000);
		expect(bytes()).toContain('\u001B[2J');
		vi.useRealTimers();
		output.redraw();
		expect(bytes()).toMatch(/\u001B\[!p.*\u001B\[2J/s);
		output.close();
		expect(bytes()).toContain('\u001B[?25h');
		output.write(frame('lab 06:48', CYAN));
		expect(bytes()).toBe('');
	});
});

describe('TerminalOutput in screen-reader mode (linear)', () => {
	it('writes each line without its padding, and folds a line wider than the terminal between words instead of cutting it', () => {
		const terminal = new Terminal();
		const output = new TerminalOutput(terminal, {linear: true});
		const long = 'SEC-05 error 300097078500: The certification of the authentication device has expired.';
		output.write([`Packages pane, item 2 of 10.${' '.repeat(12)}`, long].join('\n'));
		const bytes = terminal.written.join('');
		expect(bytes).toContain('Packages pane, item 2 of 10.\u001B[2H');
		// 40 columns: the sentence takes three rows, broken between words, every word on screen whole.
		expect(bytes).toContain(
			'\u001B[2HSEC-05 error 300097078500: The\u001B[3Hcertification of the authentication\u001B[4Hdevice has expired.',
		);
	});

	it('keeps a wide character whole on the next row', () => {
		const terminal = new Terminal();
		const output = new TerminalOutput(terminal, {linear: true});
		output.write(`${'x'.repeat(39)}漢字`);
		const bytes = terminal.written.join('');
		expect(bytes).toContain(`${'x'.repeat(39)}\u001B[2H漢字`);
	});
});

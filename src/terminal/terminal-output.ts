/**
 * rim's output layer between Ink and the terminal: Ink renders each frame as a whole string into this stream (its
 * `debug` mode: every frame, unthrottled, nothing written by Ink itself), and this writes only the cells that differ
 * from what the terminal already shows. Ink 6's own writer rewrites the whole frame for every change (≈7 KB per key
 * at 120×40), and its incremental mode lands one line low; over SSH the difference is what a user feels.
 *
 * A resize or a redraw request (Ctrl+L) clears the screen and draws the frame whole, so the terminal can never drift
 * from the frame for longer than one key.
 */
import {EventEmitter} from 'node:events';
import {ScreenModel, type TerminalSize} from './screen-model.js';
import {linearLines} from './linear-lines.js';
import {clipboardBytes, type ClipboardRoute} from './clipboard.js';

/** Synchronized output (DEC mode 2026), as Ink uses it: terminals that know it show each update at once. */
const BEGIN_UPDATE = '\u001B[?2026h';
const END_UPDATE = '\u001B[?2026l';
const SHOW_CURSOR = '\u001B[0m\u001B[?25h';
/** DECSTR: the terminal's modes (character set, margins, wrap, …) back to their defaults; the screen is kept. */
const SOFT_RESET = '\u001B[!p';
/** Quiet time after the last resize before the frame is drawn whole once more. */
const RESIZE_SETTLE_MS = 300;

export interface TerminalLike {
	columns?: number;
	rows?: number;
	write(data: string): unknown;
	on(event: 'resize', listener: () => void): unknown;
	off(event: 'resize', listener: () => void): unknown;
}

export class TerminalOutput extends EventEmitter {
	readonly isTTY = true;
	private readonly screen = new ScreenModel();
	private frame: string[] = [];
	private closed = false;
	private settle: NodeJS.Timeout | undefined;
	/** Bytes written to the terminal so far (the TUI benchmark reads it). */
	bytesWritten = 0;

	/** `linear`: screen-reader mode's frames, trimmed and folded to the width (linear-lines.ts). */
	constructor(
		private readonly terminal: TerminalLike,
		private readonly options: {linear?: boolean} = {},
	) {
		super();
		terminal.on('resize', this.onResize);
	}

	get columns(): number {
		return this.terminal.columns || 80;
	}

	get rows(): number {
		return this.terminal.rows || 24;
	}

	/** Ink writes each whole frame here. */
	write(data: string, callback?: () => void): boolean {
		if (data && !this.closed) {
			this.frame = data.split('\n');
			this.flush();
		}
		if (callback) process.nextTick(callback);
		return true;
	}

	/**
	 * Resets the terminal's modes, clears it and draws the current frame whole (Ctrl+L: a terminal garbled by another
	 * program or a stray escape sequence).
	 */
	redraw(): void {
		this.repaint(SOFT_RESET);
	}

	private repaint(prefix = ''): void {
		if (this.closed) return;
		this.screen.invalidate();
		this.flush(prefix);
	}

	/** Puts `text` on the terminal's clipboard by `route` (clipboard.ts builds the sequence); it draws nothing. */
	copy(text: string, route: ClipboardRoute): void {
		const bytes = clipboardBytes(text, route);
		if (bytes && !this.closed) this.send(bytes);
	}

	/** Stops drawing and shows the cursor again. */
	close(): void {
		if (this.closed) return;
		this.closed = true;
		clearTimeout(this.settle);
		this.terminal.off('resize', this.onResize);
		this.send(SHOW_CURSOR);
	}

	private flush(prefix = ''): void {
		// While the terminal is being resized every frame is drawn whole: see onResize.
		if (this.settle) this.screen.invalidate();
		const size: TerminalSize = {columns: this.columns, rows: this.rows};
		const frame = this.options.linear ? linearLines(this.frame, size.columns) : this.frame;
		const update = this.screen.update(frame, size);
		if (update) this.send(BEGIN_UPDATE + prefix + update + END_UPDATE);
	}

	private send(bytes: string): void {
		this.bytesWritten += Buffer.byteLength(bytes);
		this.terminal.write(bytes);
	}

	private readonly onResize = () => {
		// The terminal reflows or crops what it shows on a resize: draw the next frame whole.
		this.screen.invalidate();
		this.emit('resize');
		// Ink draws on 'resize' itself; if nothing was drawn, redraw the last frame rather than leave a cropped screen.
		if (this.screen.needsRepaint) this.flush();
		// A terminal may resize its screen before it tells the program (tmux reports a burst of resizes at most every
		// 250 ms), so bytes meant for the old size can land on the new one: until resizing has stopped for a while,
		// every frame is drawn whole, and once it has, the frame is drawn whole once more.
		clearTimeout(this.settle);
		this.settle = setTimeout(() => {
			this.settle = undefined;
			this.repaint();
		}, RESIZE_SETTLE_MS);
		this.settle.unref();
	};
}

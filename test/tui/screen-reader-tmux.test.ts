/**
 * Screen-reader mode through the composition root, in a real terminal (tmux): RIM_SCREEN_READER=1 gives linear text
 * with no box drawing that names the focused pane and item, the keys work as on the full screen, and a value rim does
 * not know is refused on one line with exit 2.
 */
import {spawnSync} from 'node:child_process';
import {afterAll, describe, expect, it} from 'vitest';
import {screenReaderChoice} from '../../src/screen-reader-choice.js';
import {endTerminalTests, hasTmux, startRim, tempDir, tmux, waitForScreen} from '../support/tmux.js';

afterAll(endTerminalTests);

const BOX_DRAWING = /[\u2500-\u257f]/u;
/** A first start builds the demo fleet (keys, certificates) and may run from the TypeScript sources: on a busy machine, slow. */
const LONG = 90_000;

describe('RIM_SCREEN_READER', () => {
	it("is on for 1 (or Ink's INK_SCREEN_READER=true), off for 0 or unset, and refuses anything else", () => {
		expect(screenReaderChoice({})).toBe(false);
		expect(screenReaderChoice({RIM_SCREEN_READER: '1'})).toBe(true);
		expect(screenReaderChoice({RIM_SCREEN_READER: '0'})).toBe(false);
		expect(screenReaderChoice({INK_SCREEN_READER: 'true'})).toBe(true);
		expect(() => screenReaderChoice({RIM_SCREEN_READER: 'loud'})).toThrow(
			'RIM_SCREEN_READER must be 1 (screen-reader mode) or 0, not "loud"',
		);
		const run = spawnSync('bin/rim', [], {
			encoding: 'utf8',
			env: {...process.env, RIM_SCREEN_READER: 'loud', RIM_DATA_DIR: '/nonexistent/rim'},
		});
		expect(run.status).toBe(2);
		expect(run.stderr).toBe('rim: RIM_SCREEN_READER must be 1 (screen-reader mode) or 0, not "loud"\n');
	});

	it.runIf(hasTmux)(
		'reads as linear text in a terminal, naming the focus, with the same keys',
		async () => {
			const dir = tempDir('rim-reader-');
			const session = startRim('reader', dir, 100, 30, 'RIM_SCREEN_READER=1');
			let shown = await waitForScreen(session, s => s.includes('Packages pane, item 2 of 10'), LONG);
			expect(shown).not.toMatch(BOX_DRAWING);
			tmux('send-keys', '-t', session, '2');
			shown = await waitForScreen(session, s => s.includes('Destinations pane, item 2 of'), LONG);
			expect(shown).toContain('relay RLY-TOKYO');
			expect(shown).not.toMatch(BOX_DRAWING);
			tmux('send-keys', '-t', session, 'q');
			await waitForScreen(session, s => s.includes('EXIT:0'), LONG);
		},
		3 * LONG,
	);
});

/**
 * Resize storm (issue #4): the real TUI under tmux, resized 60 times in quick succession to sizes between 20×5 and
 * 250×80, never crashes and ends in a correct frame: the same screen (below the header's clock line) as a rim started
 * directly at the final size on a copy of the same data. Skipped when tmux is not installed.
 */
import {cpSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {seededRng} from '../src/engine/rng.js';
import {demoDir, endTerminalTests, hasTmux, settled, startRim, tempDir, tmux, waitForScreen} from './support/tmux.js';

const start = (name: string, dir: string, columns: number, rows: number) => startRim(name, dir, columns, rows);

let data: string;
beforeAll(async () => {
	if (!hasTmux) return;
	data = await demoDir('rim-resize-');
});

afterAll(endTerminalTests);

const ready = (s: string) => s.includes('Packages (7)') && s.includes('q quit');
const belowHeader = (s: string) => s.split('\n').slice(1).join('\n');

describe.skipIf(!hasTmux)('resize storm under tmux', () => {
	it('never crashes and ends in a correct frame', async () => {
		const storm = start('storm', data, 120, 40);
		await waitForScreen(storm, ready);
		const rng = seededRng(4);
		for (let i = 0; i < 60; i++) {
			tmux('resize-window', '-t', storm, '-x', String(rng.int(20, 250)), '-y', String(rng.int(5, 80)));
			if (i % 10 === 0) await new Promise(r => setTimeout(r, 5));
		}
		tmux('resize-window', '-t', storm, '-x', '100', '-y', '30');

		// The reference: a fresh rim started at 100×30 on a copy of the same data directory.
		const copy = tempDir('rim-resize-ref-');
		cpSync(data, copy, {recursive: true, filter: src => !src.endsWith('rim.lock') && !src.endsWith('rim.sock')});
		const reference = await settled(start('ref', copy, 100, 30), ready);
		// The storm's last frame arrives when rim has caught up with the resizes, which on a loaded machine can take
		// longer than any fixed quiet time: wait for the frame itself (the error shows the last screen if it never comes).
		const after = await waitForScreen(storm, s => s.includes('EXIT:') || belowHeader(s) === belowHeader(reference));
		expect(after).not.toContain('EXIT:');
		expect(after).not.toContain('internal error');
		expect(after.split('\n')[0]).toMatch(/^rim · Remote Installation Manager/);

		tmux('send-keys', '-t', storm, 'q');
		await waitForScreen(storm, s => s.includes('EXIT:0'));
	}, 60_000);
});

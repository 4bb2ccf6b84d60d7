/**
 * rim writes only the cells that changed between frames (src/terminal/). Proof that this never leaves the terminal
 * showing anything but the frame: rim runs in a real tmux pane whose every output byte is recorded; at each check,
 * Ctrl+L makes rim draw the current frame whole. The bytes rim wrote since its previous whole frame (the incremental
 * updates) and the whole frame alone are each played into a fresh tmux pane of the same size, and the two screens —
 * text and colours — must be identical. Replaying recorded bytes makes the comparison exact even while a job runs.
 * Skipped when tmux is not installed.
 */
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {hasTmux, killSessions, startRim, tmux, waitForScreen} from './support/tmux.js';

const BEGIN = '\u001B[?2026h';
const END = '\u001B[?2026l';
const CLEAR = '\u001B[2J';
const ENTER_ALT = '\u001B[?1049h';
const RESET = '\u001B[!p';

const dirs: string[] = [];
const replays: string[] = [];
afterAll(async () => {
	await killSessions();
	for (const s of replays) tmux('kill-session', '-t', s);
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

/** The recorded output cut into rim's updates (each one synchronized-output block). */
function updates(log: string): string[] {
	return log
		.split(BEGIN)
		.slice(1)
		.filter(u => u.includes(END))
		.map(u => BEGIN + u.slice(0, u.indexOf(END) + END.length));
}

const until = async (what: string, ok: () => boolean) => {
	const limit = performance.now() + 30_000;
	while (!ok()) {
		if (performance.now() > limit) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 30));
	}
};

/** The screen (with colours) of a fresh pane of this size after it received exactly `bytes` (one char per byte). */
async function played(bytes: string, columns: number, rows: number, work: string): Promise<string> {
	const name = `replay-${process.pid}-${replays.length}`;
	const input = path.join(work, `${name}.bin`);
	const seen = path.join(work, `${name}.seen`);
	writeFileSync(input, ENTER_ALT + bytes, 'latin1');
	writeFileSync(seen, '');
	replays.push(name);
	tmux(
		'new-session',
		'-d',
		'-s',
		name,
		'-x',
		String(columns),
		'-y',
		String(rows),
		`sh -c 'stty -echo; IFS= read -r _; cat ${input}; sleep 60'`,
	);
	tmux('pipe-pane', '-O', '-t', name, `cat >> ${seen}`);
	tmux('send-keys', '-t', name, 'Enter');
	// tmux pipes a pane's output on only after parsing it: once all of it is in `seen`, the screen shows all of it.
	await until('the replay', () => statSync(seen).size >= statSync(input).size);
	return tmux('capture-pane', '-e', '-p', '-t', name);
}

describe.skipIf(!hasTmux)('incremental frames in a real terminal', () => {
	it('leave the screen exactly as the same frame drawn whole: keys, dialogs, resizes, a running job', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-frames-'));
		dirs.push(dir);
		const log = path.join(dir, 'pane.log');
		writeFileSync(log, '');
		expect(await main(['demo', 'reset', '--data-dir', dir], {log: () => {}, error: () => {}}, {})).toBe(0);
		let size = {columns: 120, rows: 40};
		const s = startRim('frames', dir, size.columns, size.rows, 'RIM_SPEED=50');
		const keys = (...k: string[]) => tmux('send-keys', '-t', s, ...k);
		const see = (text: string) => waitForScreen(s, screen => screen.includes(text));
		const recorded = () => updates(readFileSync(log, 'latin1'));
		const redraws = () => recorded().filter(u => u.includes(RESET)).length;

		// Generous: on a loaded machine the first frame can take a while.
		await waitForScreen(s, screen => screen.includes('Packages (7)'), 60_000);
		tmux('pipe-pane', '-O', '-t', s, `cat >> ${log}`);
		keys('C-l');
		await until('the first redraw', () => redraws() >= 1);

		let checks = 0;
		const check = async () => {
			// Ctrl+L's whole frame starts with a terminal reset, which nothing else sends: the recording may lag behind
			// the screen, but the (n+1)th reset is this check's.
			const before = redraws();
			keys('C-l');
			await until('the redraw', () => redraws() > before);
			const all = recorded();
			const redraw = all.findIndex(
				(u, i) => u.includes(RESET) && all.slice(0, i + 1).filter(x => x.includes(RESET)).length === before + 1,
			);
			const base = all
				.slice(0, redraw)
				.map(u => u.includes(CLEAR))
				.lastIndexOf(true);
			const incremental = all.slice(base, redraw);
			expect(incremental.length).toBeGreaterThan(1);
			const drawnInSteps = await played(incremental.join(''), size.columns, size.rows, dir);
			const drawnWhole = await played(all[redraw]!, size.columns, size.rows, dir);
			expect(drawnInSteps).toBe(drawnWhole);
			checks++;
			return {incremental, whole: all[redraw]!};
		};
		const resize = async (columns: number, rows: number) => {
			size = {columns, rows};
			tmux('resize-window', '-t', s, '-x', String(columns), '-y', String(rows));
			await waitForScreen(s, screen => screen.split('\n')[1]!.length === columns);
			// Frames are drawn whole until resizing has stopped for a moment: move until rim draws changes only again.
			let down = true;
			await until('incremental frames after the resize', () => {
				const all = recorded();
				if (all.length - 1 > all.map(u => u.includes(CLEAR)).lastIndexOf(true)) return true;
				keys((down = !down) ? 'j' : 'k');
				return false;
			});
		};

		// Moving in a list: each key rewrites two rows' worth of cells, a small part of the frame.
		keys('j');
		await see('›  ◆ UPD AV-DEFS-0482');
		keys('j', 'j', 'k', 'End', 'Home', 'j');
		await see('›  ◆ UPD AV-DEFS-0482');
		const moves = await check();
		const perKey = moves.incremental.slice(1).map(u => u.length);
		expect(Math.max(...perKey)).toBeLessThan(moves.whole.length * 0.15);

		// Panes, a filter, the help overlay, the host view and the Define New Job dialog. A lone Escape is sent on its own and waited
		// for: followed at once by another key, the terminal's bytes read as Alt+key.
		const gone = (text: string) => waitForScreen(s, screen => !screen.includes(text));
		keys('Tab', 'j', 'PageDown', '3', '1', '/');
		tmux('send-keys', '-t', s, '-l', 'pdf');
		await see('/pdf');
		keys('Enter');
		await see('/ filter');
		keys('Escape');
		await gone('/pdf');
		keys('?');
		await gone('1 Packages');
		keys('PageDown');
		await check();
		keys('Escape');
		await see('1 Packages');
		// enter on a host without a pick opens its host view; enter there opens Define New Job for it.
		keys('2', 'Enter');
		await see('enter define job');
		await check();
		keys('Enter');
		await see('Job type:');
		await check();
		keys('Escape');
		await see('1 Packages');

		// Smaller, then larger again; keys after each resize.
		await resize(90, 26);
		keys('j', 'j', 'Tab', 'k');
		await check();
		await resize(130, 42);
		keys('1', 'j');
		await check();

		// A job running at 50× lab speed: its progress redraws the status rows while we look.
		keys('1', 'Home');
		await see('›  ◆ UPD SEC-PATCH-2611');
		keys('Space');
		await see('picked SEC-PATCH-2611');
		keys('2', '/');
		tmux('send-keys', '-t', s, '-l', 'SECURITY');
		await see('/SECURITY');
		keys('Enter', 'End');
		await see('›▤ SECURITY-PCS');
		keys('Enter');
		await see('Define New Job');
		keys('Enter');
		await see('Create Job');
		keys('e');
		await see('running');
		await check();
		await see('Finished 7 / Error 1');
		await check();
		expect(checks).toBe(8);
	}, 120_000);
});

/**
 * The seed's whole procedure in a real terminal, as a new user does it (issue #3): pick the update data package, drop
 * it on the security-PC-only group, choose Install package, see Job Distribution Attributes and Client Control locked,
 * Save and Execute, watch the job end, open the failed PC's Detailed Information, issue a certificate, re-execute, see
 * it finish, execute the saved definition again from the Job Definition view, see that run finish too, quit, and find
 * the terminal back to normal. Skipped when tmux is not installed.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {hasTmux, killSessions, startRim, tmux, waitForScreen} from './support/tmux.js';

const dirs: string[] = [];
afterAll(async () => {
	await killSessions();
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

/** The screen as one line of text: borders gone, whitespace collapsed, so a sentence wrapped over rows still reads whole. */
const flat = (screen: string) => screen.replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');

const CAUSE = 'Cause The certification of the authentication device has expired.';
const ACTION = 'Action Issue a new certification.';

describe.skipIf(!hasTmux)('the security-PC walkthrough in a real terminal', () => {
	// The documented minimum, the usual terminal, and a roomy one.
	it.each([
		[60, 16],
		[80, 24],
		[100, 30],
	])(
		'at %i×%i takes a new user from pick and drop to a re-executed, finished SEC-05 and back to a normal terminal',
		async (columns, rows) => {
			const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-e2e-'));
			dirs.push(dir);
			expect(await main(['demo', 'reset', '--data-dir', dir], {log: () => {}, error: () => {}}, {})).toBe(0);
			// Lab time at 50× so the PC users' answers and restarts take a second or two of wall time.
			const s = startRim(`walk${columns}`, dir, columns, rows, 'RIM_SPEED=50');
			const keys = (...k: string[]) => tmux('send-keys', '-t', s, ...k);
			// Waits end on what the screen shows; the bound only stops a broken run (a shared, loaded machine starts rim slowly).
			const see = (text: string | RegExp) =>
				waitForScreen(
					s,
					screen => (typeof text === 'string' ? flat(screen).includes(text) : text.test(flat(screen))),
					60_000,
				);
			/** The jobs list row of J0001 with its Finished, Error, Rejected and Total columns. */
			const jobRow = (fin: number, err: number) => new RegExp(`J0001 .*${fin} ${err} 0 8 `);

			await see('Packages (7)');
			keys('Space');
			await see('picked SEC-PATCH-2611');
			keys('Tab', '/');
			tmux('send-keys', '-t', s, '-l', 'SECURITY');
			await see('/SECURITY');
			keys('Enter', 'End');
			await see('›▤ SECURITY-PCS');
			keys('Enter');
			const define = flat(await see('Define New Job'));
			expect(define).toMatch(/✓ Install package/);
			expect(define).toContain('Transfer package to relay system (disabled)');

			keys('Enter');
			await see('Create Job — Install package');
			keys('4');
			const distribution = flat(await see('Locked: Jobs to security PCs are always unicast'));
			expect(distribution).toMatch(/Distribution method unicast ⊘ forced/);
			keys('6');
			await see('Locked: Client control is not available for security PCs');

			keys('E');
			await see('Executed job J0001');
			await see(jobRow(7, 1));
			if (rows >= 24) await see('Finished 7 / Error 1 / Rejected 0 / Total 8');
			keys('Enter', 'f', 'Enter', 'Enter');
			await see('Detailed Information · SEC-05');
			// The hint bar names the key once the flash of the executed job has gone.
			let detail = flat(await see(/c new certificate/));
			// The reference's own Cause and Action, word for word, beside rim's short title; a small screen scrolls to them.
			for (let i = 0; i < 30 && !(detail.includes(CAUSE) && detail.includes(ACTION)); i++) {
				const before = tmux('capture-pane', '-p', '-t', s);
				keys('j');
				detail = flat(await waitForScreen(s, screen => screen !== before, 60_000));
			}
			expect(detail).toContain('300097078500 · Device certificate expired (JP1/SD)');
			expect(detail).toContain(CAUSE);
			expect(detail).toContain(ACTION);

			keys('c');
			await see('Issued a new device certificate to SEC-05');
			keys('r');
			await see('Re-executing 1 destination of J0001');
			// Back out to the jobs list (how many views deep depends on what is left to show once SEC-05 finishes), one esc at
			// a time: escapes sent together can reach rim as one meta-escape sequence.
			for (let i = 0; i < 5 && !flat(tmux('capture-pane', '-p', '-t', s)).includes('3 Job Execution Status'); i++) {
				const before = tmux('capture-pane', '-p', '-t', s);
				keys('Escape');
				await waitForScreen(s, screen => screen !== before, 60_000);
			}
			await see('3 Job Execution Status');
			await see(jobRow(8, 0));
			if (rows >= 24) await see('Finished 8 / Error 0 / Rejected 0 / Total 8');

			keys('4');
			const definitions = await see('4 Job Definition 1/1');
			// The name is cut short (…) on a narrow screen.
			expect(definitions).toMatch(/›◆ RemoteInstall_[\d…]+ +SECURITY-PCS · 1 run · last J0001/);
			keys('x');
			await see('Executed job J0002');
			// The summary line under the list gives way to rows on the smallest screen; the row carries the same counts.
			if (rows >= 24) await see('J0002: Finished 8 / Error 0 / Rejected 0 / Total 8');
			else await see(/J0002 .*8 0 0 8 /);

			keys('q');
			await see('EXIT:0');
			expect(tmux('display', '-p', '-t', s, '#{alternate_on}').trim()).toBe('0');
		},
		300_000,
	);
});

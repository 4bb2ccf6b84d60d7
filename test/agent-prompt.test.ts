/**
 * The security PC's confirmation dialog on the agent's own terminal, with the agents in tmux panes: the question and the
 * prompt appear on the agent's terminal; typing y there answers Yes and the update goes on (restart, download,
 * authenticate, install). Nobody at the terminal: after the dialog's time limit the answer is Later, and the run says so.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, describe, expect, it, onTestFailed} from 'vitest';
import {endAll, rim, start, type Running} from './support/processes.js';
import {json, startServer} from './support/real-site.js';
import {hasTmux, killSessions, screen, startRimCommand, tmux, waitForScreen} from './support/tmux.js';

const dirs: string[] = [];
afterEach(async () => {
	await killSessions();
	endAll();
});
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});

describe.skipIf(!hasTmux)('the confirmation dialog on the agent terminal', () => {
	it('asks on the terminal: y goes on with the update; no answer in time is Later', {timeout: 300_000}, async () => {
		const base = mkdtempSync(path.join(os.tmpdir(), 'rim-prompt-'));
		dirs.push(base);
		const site = path.join(base, 'site');
		const defs = path.join(base, 'defs');
		mkdirSync(defs);
		writeFileSync(path.join(defs, 'signatures.dat'), 'definitions 0600\n');
		expect((await rim(site, 'init')).code).toBe(0);
		expect(
			(await rim(site, 'package', 'add', defs, '--id', 'AV-DEFS', '--version', '0600', '--kind', 'update-data')).code,
		).toBe(0);
		const server = await startServer(site);
		const marker = path.join(base, 'rebooted');
		let again: Running | null = null;
		const sessions = {yes: '', late: ''};
		onTestFailed(() => {
			console.error(`── server ──\n${server.running.output()}\n── again ──\n${again?.output()}`);
			for (const s of Object.values(sessions).filter(Boolean)) console.error(`── ${s} ──\n${screen(s)}`);
		});
		const args = async (name: string) => [
			'agent',
			'--dir',
			path.join(base, name),
			'--server',
			server.url,
			'--name',
			name,
			'--start-jitter',
			'0',
			'--restart-command',
			`echo ${name} >> '${marker}'`,
			'--token',
			(await rim(site, 'token', 'create', '--role', 'security-pc')).stdout.trim(),
		];
		sessions.yes = startRimCommand('prompt-yes', await args('SEC-1'), 160, 40);
		sessions.late = startRimCommand('prompt-late', [...(await args('SEC-2')), '--dialog-timeout', '3'], 160, 40);
		for (const s of Object.values(sessions)) await waitForScreen(s, text => text.includes('enrolled as'), 120_000);
		while ((await rim(site, 'destinations', '--json')).stdout.match(/"started": true/g)?.length !== 2) {
			/* ask again until both poll */
		}
		const created = await rim(
			site,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'AV-DEFS',
			'--destination',
			'SEC-1',
			'--destination',
			'SEC-2',
		);
		expect(created.code).toBe(0);
		const jobId = /^(J\d+)/.exec(created.stdout)![1]!;

		// The question and the prompt, on the agent's own terminal.
		const asked = await waitForScreen(sessions.yes, text => text.includes('[y]es / [n]o, later / [c]ancel:'), 120_000);
		expect(asked).toContain(`the update of ${jobId} waits for the PC user: restart this PC now`);
		expect(asked).toContain('answer below, or from another shell: rim agent answer yes|later|cancel --dir');
		tmux('send-keys', '-t', sessions.yes, 'y', 'Enter');
		await waitForScreen(
			sessions.yes,
			text => text.includes('the PC user answered yes') && text.includes('EXIT:0'),
			120_000,
		);
		expect(readFileSync(marker, 'utf8')).toBe('SEC-1\n');
		// Rebooted: its service manager starts the agent again, and the update goes to its end.
		again = start(
			['agent', '--dir', path.join(base, 'SEC-1'), '--server', server.url, '--name', 'SEC-1', '--start-jitter', '0'],
			path.join(base, 'SEC-1', 'agent.pid'),
		);
		await again.see('installed AV-DEFS');
		expect(readFileSync(path.join(base, 'SEC-1', 'root', 'AV-DEFS', 'signatures.dat'), 'utf8')).toBe(
			'definitions 0600\n',
		);

		// Nobody at SEC-2's terminal: the dialog closes after its time limit with Later.
		await waitForScreen(sessions.late, text => text.includes('nobody answered the dialog within 3 s: Later'), 120_000);
		let runs: {host: string; state: string; detail: string}[] = [];
		while (
			!runs.some(r => r.host === 'SEC-1' && r.state === 'finished') ||
			!runs.some(r => r.host === 'SEC-2' && /Later/.test(r.detail))
		) {
			runs = json(await rim(site, 'job', 'status', jobId, '--json')).destinations;
		}
		expect(runs.find(r => r.host === 'SEC-2')).toMatchObject({state: 'waiting-at-client'});
		expect(readFileSync(marker, 'utf8')).toBe('SEC-1\n');
		expect(screen(sessions.late)).not.toContain('EXIT:');
	});
});

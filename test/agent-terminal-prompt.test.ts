/**
 * The prompt of the confirmation dialog on the agent's terminal, fed through a stream as a terminal would: a valid
 * answer ends it, anything else asks again, Ctrl-C ends it unanswered and stops the agent, and a dialog ended that way
 * gives no report (it is not Later: nobody answered, the agent is stopping).
 */
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {afterAll, describe, expect, it} from 'vitest';
import {AgentFiles} from '../src/agent/agent-state.js';
import {carryOut} from '../src/agent/executor.js';
import {PROMPT, terminalAsker} from '../src/agent/terminal-prompt.js';
import {Transport} from '../src/agent/transport.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'rim-prompt-unit-'));
afterAll(() => rmSync(base, {recursive: true, force: true}));

function terminal() {
	const input = new PassThrough() as unknown as NodeJS.ReadStream;
	const output = new PassThrough() as unknown as NodeJS.WriteStream;
	let shown = '';
	(output as unknown as PassThrough).on('data', d => (shown += d));
	let interrupted = 0;
	const ask = terminalAsker(input, output, () => (interrupted += 1));
	const type = (text: string) => (input as unknown as PassThrough).write(text);
	return {ask, type, shown: () => shown, interrupted: () => interrupted};
}

describe('the prompt on the agent terminal', () => {
	it('asks again on anything but an answer, and takes y, n or c', async () => {
		for (const [typed, answer] of [
			['y', 'yes'],
			[' YES ', 'yes'],
			['n', 'later'],
			['l', 'later'],
			['c', 'cancel'],
		] as const) {
			const t = terminal();
			const asked = t.ask(new AbortController().signal);
			t.type('maybe\r');
			t.type(`${typed}\r`);
			expect(await asked).toBe(answer);
			expect(t.shown().split(PROMPT).length - 1).toBe(2);
			expect(t.shown()).toContain('Answer y (Yes: restart and install), n or l (Later) or c (Cancel).');
		}
	});

	it('Ctrl-C ends it unanswered and stops the agent; an answer from elsewhere closes it', async () => {
		const t = terminal();
		const asked = t.ask(new AbortController().signal);
		t.type('\x03');
		expect(await asked).toBeNull();
		expect(t.interrupted()).toBe(1);

		const other = terminal();
		const closing = new AbortController();
		const open = other.ask(closing.signal);
		closing.abort();
		expect(await open).toBeNull();
		expect(other.interrupted()).toBe(0);
	});

	it('a dialog ended before its time limit by a stop gives no report, not Later', async () => {
		const files = new AgentFiles(path.join(base, 'agent'));
		const report = await carryOut(
			{id: 'T1', key: {job: 'J0001', host: 'SEC-1', attempt: 1}, order: {kind: 'ask-user'}},
			{
				files,
				transport: new Transport(new URL('https://127.0.0.1:1'), null),
				installRoot: path.join(base, 'root'),
				answer: 'ask',
				dialogTimeoutMs: 600_000,
				// Ctrl-C at the prompt: the prompt ends before the stop signal reaches the agent.
				ask: async () => null,
				log: () => {},
				authMemoryBytes: 1024,
				installTimeoutMs: 1000,
				officeFingerprint: '',
				name: 'SEC-1',
				now: () => Date.now(),
				download: {
					retry: {floorMs: 1, capMs: 1, factor: 2, chunkTries: 1},
					chunkTimeoutMs: 1000,
					random: () => 0,
					log: () => {},
				},
			},
		);
		expect(report).toBeNull();
		expect(files.read(files.dialog)).toBeNull();
	});
});

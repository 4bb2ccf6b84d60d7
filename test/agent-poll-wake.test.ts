/**
 * How an agent learns of work: a poll with nothing new to hand out is held at the manager, and a task queued for its
 * host answers it at once — not when the hold ends. The hold here is far longer than the test's own time limit, so a
 * poll that is not woken fails the test.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {call, enrolled, endSites, site} from './support/agent-port-site.js';
import type {PollAnswer} from '../src/net/agents/protocol.js';

afterEach(endSites);

const poll = {results: [], os: 'linux'};

/** Resolves once the manager holds `n` polls (an observable count, no fixed sleep). */
async function held(s: Awaited<ReturnType<typeof site>>, n: number): Promise<void> {
	while (s.port.server.stats.heldPolls < n) await new Promise(r => setTimeout(r, 5));
}

describe('a held poll', () => {
	it('is answered the moment a task is queued for its host, and only its host', async () => {
		const s = await site({holdMs: 80_000});
		const one = await enrolled(s, 'PC-1');
		const two = await enrolled(s, 'PC-2');
		const first = call(s, 'POST', '/v1/poll', {...one, body: poll});
		const second = call(s, 'POST', '/v1/poll', {...two, body: poll});
		await held(s, 2);

		s.session.agents!.fleet.request({kind: 'collect', key: {job: 'J-1', host: 'PC-1', attempt: 1}});
		const answered = await first;
		expect(answered.status).toBe(200);
		const answer = JSON.parse(answered.body) as PollAnswer;
		expect(answer.tasks.map(t => [t.order.kind, t.key])).toEqual([['collect', {job: 'J-1', host: 'PC-1', attempt: 1}]]);
		// PC-2 has nothing queued: its poll is still held.
		expect(s.port.server.stats.heldPolls).toBe(1);

		s.session.agents!.fleet.request({kind: 'collect', key: {job: 'J-1', host: 'PC-2', attempt: 1}});
		expect(JSON.parse((await second).body).tasks).toHaveLength(1);
		expect(s.port.server.stats.heldPolls).toBe(0);
	});

	it('is held, not answered again and again, while the agent carries out the tasks it has taken', async () => {
		const s = await site({holdMs: 80_000});
		const agent = await enrolled(s, 'PC-1');
		const {fleet} = s.session.agents!;
		fleet.request({kind: 'collect', key: {job: 'J-1', host: 'PC-1', attempt: 1}});
		const first = JSON.parse((await call(s, 'POST', '/v1/poll', {...agent, body: poll})).body) as PollAnswer;
		const taken = first.tasks.map(t => t.id);
		expect(taken).toHaveLength(1);

		// The task is still queued (no result yet), but the agent has it: the poll waits for new work.
		const next = call(s, 'POST', '/v1/poll', {...agent, body: {...poll, taken}});
		await held(s, 1);
		fleet.request({kind: 'collect', key: {job: 'J-2', host: 'PC-1', attempt: 1}});
		const answer = JSON.parse((await next).body) as PollAnswer;
		expect(answer.tasks.map(t => t.key?.job)).toEqual(['J-2']);
		// An agent that names no taken tasks (an older one) gets every queued task, at once.
		const all = JSON.parse((await call(s, 'POST', '/v1/poll', {...agent, body: poll})).body) as PollAnswer;
		expect(all.tasks.map(t => t.key?.job)).toEqual(['J-1', 'J-2']);
	});
});

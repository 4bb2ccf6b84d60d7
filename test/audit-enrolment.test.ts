/**
 * The audit log's agent path from the admin's first step (README, The audit log): `rim token create` is an entry that
 * names the token by its id, never its secret, with its line marked nearly (running it again makes another token);
 * the enrolment the token then allows is the agent's own entry (test/agent-port-hostile.test.ts covers those).
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {main} from '../src/cli.js';
import {AUDIT_FILE, readAudit} from '../src/data/audit-log.js';
import {enrol, endSites, site} from './support/agent-port-site.js';

afterEach(endSites);

describe('the audit log of a real site', () => {
	it('has an entry for a join token, by its id, and then one for the enrolment it allows', async () => {
		const s = await site();
		const dataDir = path.join(s.base, 'site');
		// `rim token create` runs here as on the manager (the site's session holds the directory).
		const out: string[] = [];
		expect(
			await main(
				['token', 'create', '--role', 'pc', '--uses', '2', '--expires', '2h'],
				{log: l => out.push(l), error: () => {}},
				{},
				{manager: s.session},
			),
		).toBe(0);
		const token = out[0]!;
		const [, id, secret] = token.split('.');
		expect((await enrol(s, 'PC-1', token)).answer.status).toBe('enrolled');
		const read = readAudit(dataDir);
		if (!read.ok) throw new Error(read.error.message);
		const entries = read.value.entries.filter(e => e.what !== 'created an empty site');
		expect(entries.map(({origin, what, command, exact}) => ({origin, what, command, exact}))).toEqual([
			{
				origin: 'cli',
				what: `created join token ${id} (pc, 2 uses, expires in 2h)`,
				command: 'rim token create --role pc --uses 2 --expires 2h',
				exact: false,
			},
			{
				origin: 'agent',
				what: 'agent PC-1 enrolled as a pc with a join token',
				command: 'rim agent --name PC-1 --token TOKEN',
				exact: false,
			},
		]);
		expect(readFileSync(path.join(dataDir, AUDIT_FILE), 'utf8')).not.toContain(secret!);
	});
});

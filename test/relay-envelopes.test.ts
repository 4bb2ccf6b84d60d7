/**
 * The manager's side of relays against hostile envelopes, in one process over loopback: only an enrolled relay may
 * forward; it speaks only for hosts below it, each named with the certificate serial it holds; a revoked host is
 * refused through a relay as it is directly; a relay's server certificate is issued over its own key only.
 */
import {X509Certificate} from 'node:crypto';
import {afterEach, describe, expect, it} from 'vitest';
import {createCsr, newAgentKeyPem} from '../src/engine/pki/agent-certs.js';
import {call, enrolled, endSites, site, type Site} from './support/agent-port-site.js';

afterEach(endSites);

const serialOf = (cert: string) => new X509Certificate(cert).serialNumber.toUpperCase();
const poll = {results: [], os: 'linux'};

/** PC-B enrols through relay R (as `rim relay` forwards it); resolves with PC-B's identity. */
async function enrolThrough(
	s: Site,
	relay: {key: string; cert: string},
	name: string,
): Promise<{key: string; cert: string}> {
	const token = s.session.agents!.registry.createToken({
		role: 'pc',
		uses: 1,
		expiresAt: Date.now() + 60_000,
		now: Date.now(),
	});
	const key = newAgentKeyPem();
	const answer = await call(s, 'POST', '/v1/relay/enrol', {
		...relay,
		body: {
			hops: [],
			request: {name, token, role: 'pc', os: 'linux', csrPem: createCsr(key, name), devicePublicKeyPem: null},
		},
	});
	expect(answer.status).toBe(200);
	const body = JSON.parse(answer.body);
	expect(body.status).toBe('enrolled');
	return {key, cert: body.certPem};
}

describe('relay envelopes', {timeout: 120_000}, () => {
	it('lets only an enrolled relay forward, and only for the hosts below it', async () => {
		const s = await site({holdMs: 50});
		const relay = await enrolled(s, 'R-1', 'relay');
		const direct = await enrolled(s, 'PC-A');
		expect(s.session.engine.host('R-1')).toMatchObject({kind: 'relay', parent: null});

		const below = await enrolThrough(s, relay, 'PC-B');
		expect(s.session.engine.host('PC-B')).toMatchObject({kind: 'standard-pc', parent: 'R-1'});

		// A PC is no relay: it cannot forward an enrolment or a poll.
		const byPc = await call(s, 'POST', '/v1/relay/poll', {
			...direct,
			body: {...poll, hops: [{id: 'PC-B', serial: serialOf(below.cert)}]},
		});
		expect(byPc.status).toBe(403);
		expect(JSON.parse(byPc.body).error).toBe('PC-A is not an enrolled relay; only relays forward for other hosts');

		// The relay polls for the host below it …
		const ok = await call(s, 'POST', '/v1/relay/poll', {
			...relay,
			body: {...poll, hops: [{id: 'PC-B', serial: serialOf(below.cert)}]},
		});
		expect(ok.status).toBe(200);
		expect(JSON.parse(ok.body)).toMatchObject({acks: [], tasks: []});
		// … not for one beside it, not with a certificate the host does not hold, not under another name.
		const beside = await call(s, 'POST', '/v1/relay/poll', {
			...relay,
			body: {...poll, hops: [{id: 'PC-A', serial: serialOf(direct.cert)}]},
		});
		expect(beside.status).toBe(403);
		expect(JSON.parse(beside.body).error).toBe('PC-A is not below R-1; a relay speaks only for the hosts below it');
		const wrongSerial = await call(s, 'POST', '/v1/relay/poll', {
			...relay,
			body: {...poll, hops: [{id: 'PC-B', serial: serialOf(direct.cert)}]},
		});
		expect(wrongSerial.status).toBe(403);
		expect(JSON.parse(wrongSerial.body).error).toMatch(
			/^PC-B does not hold an enrolled, unrevoked certificate with serial /,
		);
		// A host below cannot be passed off as a relay in the middle of a route.
		const fakeChain = await call(s, 'POST', '/v1/relay/poll', {
			...relay,
			body: {
				...poll,
				hops: [
					{id: 'PC-A', serial: serialOf(direct.cert)},
					{id: 'PC-B', serial: serialOf(below.cert)},
				],
			},
		});
		expect(fakeChain.status).toBe(403);
		expect(s.logs.some(l => l.includes('relay R-1 refused'))).toBe(true);

		// Removing the host revokes it through the relay too.
		expect(await s.session.engine.removeHost('PC-B')).toMatchObject({ok: true});
		const revoked = await call(s, 'POST', '/v1/relay/poll', {
			...relay,
			body: {...poll, hops: [{id: 'PC-B', serial: serialOf(below.cert)}]},
		});
		expect(revoked.status).toBe(403);
	});

	it('issues a relay its server certificate over its own key only, and refuses envelopes that do not parse', async () => {
		const s = await site({holdMs: 50});
		const relay = await enrolled(s, 'R-1', 'relay');
		const direct = await enrolled(s, 'PC-A');
		const names = ['127.0.0.1', 'relay-1.example'];
		const issued = await call(s, 'POST', '/v1/relay/certificate', {
			...relay,
			body: {hops: [], csrPem: createCsr(relay.key, 'R-1'), names},
		});
		expect(issued.status).toBe(200);
		const cert = new X509Certificate(JSON.parse(issued.body).certPem);
		expect(cert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:relay-1.example');
		expect(cert.checkIssued(new X509Certificate(s.session.engine.office.public.caCertPem))).toBe(true);

		const otherKey = await call(s, 'POST', '/v1/relay/certificate', {
			...relay,
			body: {hops: [], csrPem: createCsr(newAgentKeyPem(), 'R-1'), names},
		});
		expect(otherKey.status).toBe(400);
		expect(JSON.parse(otherKey.body).error).toBe("a relay's server certificate is issued over its own key only");
		const byPc = await call(s, 'POST', '/v1/relay/certificate', {
			...direct,
			body: {hops: [], csrPem: createCsr(direct.key, 'PC-A'), names},
		});
		expect(byPc.status).toBe(403);
		const badName = await call(s, 'POST', '/v1/relay/certificate', {
			...relay,
			body: {hops: [], csrPem: createCsr(relay.key, 'R-1'), names: ['a b']},
		});
		expect(badName.status).toBe(400);
		const deep = Array.from({length: 9}, (_, i) => ({id: `H-${i}`, serial: 'AB'}));
		expect((await call(s, 'POST', '/v1/relay/poll', {...relay, body: {...poll, hops: deep}})).status).toBe(400);
	});

	it("records a relay's report of itself from its poll, refuses one that breaks the bounds, ignores a PC's", async () => {
		const s = await site({holdMs: 50});
		const relay = await enrolled(s, 'R-1', 'relay');
		const pc = await enrolled(s, 'PC-A');
		const report = {
			cacheBytes: 3_300_000,
			capacityBytes: 10_000_000,
			packageCount: 1,
			packages: [{id: 'TOOL', version: '7', digest: 'ab'.repeat(32), bytes: 3_300_000}],
			fetching: 0,
			waitingResults: 2,
		};
		const sent = await call(s, 'POST', '/v1/poll', {...relay, body: {...poll, relay: report}});
		expect(sent.status).toBe(200);
		expect(s.session.engine.host('R-1')!.relay).toMatchObject(report);

		const refused = (relayReport: unknown) =>
			call(s, 'POST', '/v1/poll', {...relay, body: {...poll, relay: relayReport}}).then(r => r.status);
		const many = Array.from({length: 65}, (_, i) => ({
			...report.packages[0],
			digest: i.toString(16).padStart(64, '0'),
		}));
		expect(await refused({...report, packages: many})).toBe(400);
		expect(await refused({...report, cacheBytes: -1})).toBe(400);
		expect(await refused({...report, packages: [{...report.packages[0], id: 'no\u001b[2Jway'}]})).toBe(400);
		expect(await refused({...report, packages: [{...report.packages[0], digest: 'not a digest'}]})).toBe(400);
		expect(s.session.engine.host('R-1')!.relay).toMatchObject(report);

		// A PC has no cache to report: its claim changes nothing.
		expect((await call(s, 'POST', '/v1/poll', {...pc, body: {...poll, relay: report}})).status).toBe(200);
		expect(s.session.engine.host('PC-A')!.relay).toBeNull();
	});
});

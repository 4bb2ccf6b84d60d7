/**
 * `rim relay` (docs/relay.md): a relay system is an agent with the relay role that also serves the hosts below it. It
 * enrols like an agent, gets a TLS server certificate for the names its children dial from the same office, then
 * serves them (enrolment, polls, results, payloads) while it polls upstream for its own tasks: Transfer package to
 * relay system makes it fetch and keep the package, and it reports the at-relay state itself.
 */
import {createPrivateKey, X509Certificate} from 'node:crypto';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {AGENT_DEFAULTS, enrol, pollManager, type AgentEnd, type AgentOptions} from '../agent/agent.js';
import {AgentFiles} from '../agent/agent-state.js';
import {backoffMs, type RetryPolicy} from '../agent/backoff.js';
import {Transport, TransportError, type Identity} from '../agent/transport.js';
import {CODES} from '../engine/codes.js';
import {createCsr} from '../engine/pki/agent-certs.js';
import {validityOf} from '../engine/pki/certs.js';
import {namesFor} from '../net/agents/agent-port.js';
import {
	needsRenewal,
	pollAnswerSchema,
	relayCertificateAnswerSchema,
	type AgentReport,
	type Task,
} from '../net/agents/protocol.js';
import {err, ok, type Result} from '../shared/result.js';
import {ForwardOutbox, routeKey} from './forward-outbox.js';
import {PackageCache} from './package-cache.js';
import {RelayServer} from './relay-server.js';

export interface RelayOptions {
	dir: string;
	server: URL;
	token: string | null;
	name: string;
	os: string;
	listen: {host: string; port: number};
	cacheBytes: number;
	startJitterMs: number;
	retry: RetryPolicy;
	log: (line: string) => void;
	random: () => number;
	now: () => number;
	/** Called once the port for the hosts below is open, with its URL. */
	onReady: (url: string) => void;
}

export const RELAY_DEFAULTS = {cacheBytes: 10 * 1024 ** 3} as const;

/** How often expired payloads are dropped from the cache. */
const SWEEP_MS = 60_000;

export async function runRelay(opts: RelayOptions, stop: AbortSignal): Promise<AgentEnd> {
	const files = new AgentFiles(opts.dir);
	files.write(files.pidFile, `${process.pid}\n`);
	let siteOffset = 0;
	const siteNow = () => Date.now() + siteOffset;
	const sawSiteNow = (at: number) => {
		siteOffset = at - Date.now();
	};
	let cache: PackageCache | null = null;
	let renewed: (tls: Identity) => Promise<void> = async () => {};
	const agentOpts: AgentOptions = {
		dir: opts.dir,
		server: opts.server,
		token: opts.token,
		name: opts.name,
		role: 'relay',
		os: opts.os,
		installRoot: path.join(opts.dir, 'root'),
		answer: 'yes',
		dialogTimeoutMs: AGENT_DEFAULTS.dialogTimeoutMs,
		restartCommand: null,
		authMemoryBytes: AGENT_DEFAULTS.authMemoryBytes,
		installTimeoutMs: AGENT_DEFAULTS.installTimeoutMs,
		pollTimeoutMs: AGENT_DEFAULTS.pollTimeoutMs,
		chunkTimeoutMs: AGENT_DEFAULTS.chunkTimeoutMs,
		startJitterMs: opts.startJitterMs,
		retry: opts.retry,
		log: opts.log,
		random: opts.random,
		now: opts.now,
		carry: task => ownTask(task, cache!, opts, siteNow),
		onAnswer: answer => answer.siteNow !== undefined && sawSiteNow(answer.siteNow),
		onRenewed: tls => renewed(tls),
		relayStatus: () => ({...cache!.report(), waitingResults: outbox.size}),
	};
	const identity = await enrol(agentOpts, files, stop);
	if (!identity.ok) return {kind: 'refused', reason: identity.error};
	if (stop.aborted) return {kind: 'stopped'};
	const {tls} = identity.value;
	// One connection per held poll of a host below: many at once.
	const upstream = new Transport(opts.server, tls, 4096);
	const names = namesFor(opts.listen.host);
	const serverCert = await serverCertificate(files, upstream, tls.keyPem, opts, names, stop);
	if (!serverCert.ok) {
		upstream.close();
		return stop.aborted ? {kind: 'stopped'} : {kind: 'refused', reason: serverCert.error};
	}
	const download = {
		retry: opts.retry,
		chunkTimeoutMs: AGENT_DEFAULTS.chunkTimeoutMs,
		random: opts.random,
		log: opts.log,
	};
	cache = new PackageCache({
		files,
		capacityBytes: opts.cacheBytes,
		upstream: () => upstream,
		download,
		siteNow,
		log: opts.log,
	});
	const outbox = new ForwardOutbox(files);
	const server = new RelayServer({
		id: opts.name,
		tls: {keyPem: tls.keyPem, certPem: serverCert.value, caCertPem: tls.caCertPem},
		upstream: () => upstream,
		cache,
		outbox,
		siteNow,
		sawSiteNow,
		log: opts.log,
	});
	let bound: {host: string; port: number};
	try {
		bound = await server.listen(opts.listen.host, opts.listen.port);
	} catch (e) {
		upstream.close();
		return {
			kind: 'refused',
			reason: `cannot listen on ${opts.listen.host}:${opts.listen.port}: ${e instanceof Error ? e.message : String(e)}`,
		};
	}
	// A renewed identity (new key pair): forwarding moves to it, and the port for the hosts below gets a server
	// certificate over the new key; connections under way finish on the old ones.
	renewed = async next => {
		upstream.useIdentity(next);
		const cert = await serverCertificate(files, upstream, next.keyPem, opts, names, stop, {renewing: true});
		if (cert.ok) {
			server.useCertificate({keyPem: next.keyPem, certPem: cert.value});
			opts.log('serves the hosts below with a server certificate over its new key');
		} else opts.log(`kept serving the hosts below with the server certificate it has: ${cert.error}`);
	};
	const shown = bound.host.includes(':') ? `[${bound.host}]` : bound.host;
	opts.onReady(`https://${shown}:${bound.port}`);
	const sweep = setInterval(() => cache!.evict(), SWEEP_MS);
	const forwarding = forwardLoop(outbox, upstream, opts, stop);
	try {
		return await pollManager(agentOpts, files, identity.value, stop);
	} finally {
		clearInterval(sweep);
		await server.close();
		await forwarding;
		upstream.close();
	}
}

/** The relay's TLS certificate for the names its children dial, from the office through upstream (kept on disk). */
async function serverCertificate(
	files: AgentFiles,
	upstream: Transport,
	keyPem: string,
	opts: RelayOptions,
	names: string[],
	stop: AbortSignal,
	{renewing}: {renewing: boolean} = {renewing: false},
): Promise<Result<string, string>> {
	const certFile = path.join(files.dir, 'tls', 'server-cert.pem');
	const namesFile = path.join(files.dir, 'tls', 'server-names.json');
	// A certificate over another key than the relay's is one a renewal replaced (the relay stopped before it got its own).
	const kept = files.read(certFile);
	const usable =
		kept !== null && !renewing && new X509Certificate(kept).checkPrivateKey(createPrivateKey(keyPem)) ? kept : null;
	if (usable !== null && files.read(namesFile) === JSON.stringify(names)) {
		const {notBefore, notAfter} = validityOf(new X509Certificate(usable));
		if (!needsRenewal(notBefore, notAfter, opts.now())) return ok(usable);
	}
	for (let failures = 0; !stop.aborted; ) {
		try {
			const answer = relayCertificateAnswerSchema.parse(
				await upstream.json('POST', '/v1/relay/certificate', {
					body: {hops: [], csrPem: createCsr(keyPem, opts.name), names},
					timeoutMs: AGENT_DEFAULTS.pollTimeoutMs,
				}),
			);
			files.write(certFile, answer.certPem);
			files.write(namesFile, JSON.stringify(names));
			return ok(answer.certPem);
		} catch (e) {
			const reason = e instanceof Error ? e.message : String(e);
			if (e instanceof TransportError && e.status !== null && e.status < 500)
				return err(`the office refused the relay's server certificate: ${reason}`);
			if (usable !== null) return ok(usable); // upstream away: serve with the certificate kept
			if (renewing) return err(reason);
			failures += 1;
			if (failures === 1) opts.log(`cannot get the server certificate yet (${reason}); trying again with backoff`);
			await sleep(backoffMs(failures, opts.retry, opts.random()), undefined, {signal: stop}).catch(() => {});
		}
	}
	return err('stopped before the relay was ready');
}

/**
 * Sends the results waiting in the outbox upstream, route by route, until they are acked; while upstream is away it
 * tries again with backoff. Polls of the hosts below carry their route's results too; this loop covers the rest.
 */
async function forwardLoop(
	outbox: ForwardOutbox,
	upstream: Transport,
	opts: RelayOptions,
	stop: AbortSignal,
): Promise<void> {
	let failures = 0;
	let wake: () => void = () => {};
	outbox.onWaiting = () => wake();
	stop.addEventListener('abort', () => wake());
	while (!stop.aborted) {
		const routes = outbox.waiting();
		if (routes.length === 0) {
			await new Promise<void>(resolve => (wake = resolve));
			continue;
		}
		let failed = false;
		for (const hops of routes) {
			const sent = outbox.take(routeKey(hops), 256);
			if (sent.length === 0) continue;
			try {
				const answer = pollAnswerSchema.parse(
					await upstream.json('POST', '/v1/relay/poll', {
						body: {hops, results: sent, os: 'unknown'},
						timeoutMs: AGENT_DEFAULTS.pollTimeoutMs,
					}),
				);
				outbox.settle(sent, answer.acks);
				if (failures > 0) opts.log(`upstream is back: forwarding ${outbox.size} result(s) kept meanwhile`);
				failures = 0;
			} catch (e) {
				outbox.settle(sent, []);
				failed = true;
				if (failures === 0)
					opts.log(
						`cannot forward results upstream (${e instanceof Error ? e.message : String(e)}); keeping them and trying again`,
					);
			}
		}
		if (failed) {
			failures += 1;
			await sleep(backoffMs(failures, opts.retry, opts.random()), undefined, {signal: stop}).catch(() => {});
		}
	}
}

/** The relay's own tasks: Transfer package to relay system keeps the packages here; nothing else runs on a relay. */
async function ownTask(
	task: Task,
	cache: PackageCache,
	opts: RelayOptions,
	siteNow: () => number,
): Promise<AgentReport> {
	const {order} = task;
	const notHere = {code: CODES.jobTypeNotSupported, detail: `a relay system does not carry out ${order.kind} tasks`};
	switch (order.kind) {
		case 'deliver': {
			if (order.jobType !== 'transfer-to-relay') return {kind: 'delivery-failed', failure: notHere};
			const expired = order.packages.find(p => p.relayExpiresAt !== undefined && p.relayExpiresAt < siteNow());
			if (expired) {
				return {
					kind: 'delivery-failed',
					failure: {
						code: CODES.expiredAtRelay,
						detail: `package ${expired.id} expired at relay ${opts.name} before it could be delivered`,
					},
				};
			}
			for (const p of order.packages) {
				cache.learn(p);
				const fetched = await cache.ensure(p.digest);
				if (!fetched.ok) return {kind: 'delivery-failed', failure: {code: CODES.connection, detail: fetched.error}};
				cache.learn(p);
				opts.log(
					`keeping ${p.id} ${p.version} (${p.digest.slice(0, 12)}) until ${new Date(p.relayExpiresAt ?? siteNow()).toISOString().slice(0, 10)}`,
				);
			}
			return {kind: 'reached-relay', relay: opts.name};
		}
		case 'collect':
			return {kind: 'collected', packages: []};
		case 'install':
			return {kind: 'installed', installed: [], failure: notHere};
		case 'authenticate':
			return {kind: 'authenticated', failure: notHere};
		case 'ask-user':
			return {kind: 'user-answered', answer: 'cancel'};
		case 'device-certificate':
			return {kind: 'done'};
		case 'restart':
		case 'download':
			return {kind: 'delivery-failed', failure: notHere};
	}
}

/**
 * `rim agent` (docs/agent-protocol.md, The agent): enrols once, then polls the manager for tasks and carries them out
 * one at a time. It opens every connection; results wait in an outbox on disk until the manager acknowledges them, so
 * an agent that was offline reports everything when it returns, and nothing twice. Poll errors back off with full
 * jitter; the manager paces the rest.
 */
import {spawn} from 'node:child_process';
import {createHash, randomUUID, X509Certificate} from 'node:crypto';
import {setTimeout as sleep} from 'node:timers/promises';
import {createCsr, newAgentKeyPem} from '../engine/pki/agent-certs.js';
import {publicKeyOf, validityOf} from '../engine/pki/certs.js';
import {
	enrolAnswerSchema,
	needsRenewal,
	pollAnswerSchema,
	renewAnswerSchema,
	TOKEN_PATTERN,
	type AgentReport,
	type AgentRole,
	type PollAnswer,
	type RelayStatusReport,
	type Task,
} from '../net/agents/protocol.js';
import {err, ok, type Result} from '../shared/result.js';
import {shortKeyHash} from '../shared/key-hash.js';
import {AgentFiles, type AgentState} from './agent-state.js';
import {backoffMs, RETRY_DEFAULTS, type RetryPolicy} from './backoff.js';
import {carryOut} from './executor.js';
import {checkRenewed, commitRenewal, finishRenewal, nextKeyPem} from './renewal.js';
import type {TerminalAsk} from './terminal-prompt.js';
import {caHashOf, Transport, type Identity} from './transport.js';

/** SHA-256 (hex) of the DER of this agent's public key: what the manager shows the admin beside a pending name. */
const keySha256Of = (keyPem: string): string =>
	createHash('sha256')
		.update(publicKeyOf(keyPem).export({type: 'spki', format: 'der'}))
		.digest('hex');

export interface AgentOptions {
	dir: string;
	server: URL;
	token: string | null;
	name: string;
	role: AgentRole;
	os: string;
	installRoot: string;
	answer: 'yes' | 'later' | 'cancel' | 'ask';
	/** How long an `ask` dialog stays open before it counts as Later. */
	dialogTimeoutMs: number;
	/** The prompt on the agent's terminal (`ask` on a terminal); without it `rim agent answer` answers from another shell. */
	ask?: TerminalAsk;
	restartCommand: string | null;
	authMemoryBytes: number;
	installTimeoutMs: number;
	/** Longer than the manager's hold of a poll. */
	pollTimeoutMs: number;
	/** Longest gap while one chunk arrives. */
	chunkTimeoutMs: number;
	/** A random delay up to this at start, so a manager restart does not bring every agent back at once. */
	startJitterMs: number;
	retry: RetryPolicy;
	/** Carries out a task instead of the PC's executor (a relay's own tasks). */
	carry?: (task: Task) => Promise<AgentReport>;
	/** Sees every poll answer (a relay reads the site clock from it). */
	onAnswer?: (answer: PollAnswer) => void;
	/** Hears of a renewed TLS identity, once it is on disk (a relay moves its other connections to it). */
	onRenewed?: (tls: Identity) => Promise<void>;
	/** A relay's report of itself, sent with each of its polls. */
	relayStatus?: () => RelayStatusReport;
	log: (line: string) => void;
	random: () => number;
	now: () => number;
}

export const AGENT_DEFAULTS = {
	dialogTimeoutMs: 600_000,
	pollTimeoutMs: 45_000,
	chunkTimeoutMs: 30_000,
	installTimeoutMs: 600_000,
	startJitterMs: 1_000,
	authMemoryBytes: 64 * 1024 * 1024,
	retry: RETRY_DEFAULTS,
} as const;

/** Steps whose result is kept: asked again (after a manager restart), the agent answers instead of doing it twice. */
const ONCE: ReadonlySet<Task['order']['kind']> = new Set(['deliver', 'restart', 'download', 'install']);
const stepKey = (task: Task) => (task.key ? `${task.key.job}:${task.key.attempt}:${task.order.kind}` : null);

/** How `runAgent` ended: stopped by a signal, restarted into a new process, or refused (one line, exit 2). */
export type AgentEnd = {kind: 'stopped'} | {kind: 'restarted'; pid: number | null} | {kind: 'refused'; reason: string};

export async function runAgent(opts: AgentOptions, stop: AbortSignal): Promise<AgentEnd> {
	const files = new AgentFiles(opts.dir);
	files.write(files.pidFile, `${process.pid}\n`);
	const identity = await enrol(opts, files, stop);
	if (!identity.ok) return {kind: 'refused', reason: identity.error};
	if (stop.aborted) return {kind: 'stopped'};
	return pollManager(opts, files, identity.value, stop);
}

/** The enrolled agent's life: polls for tasks and carries them out (a relay runs it for its own tasks). */
export function pollManager(
	opts: AgentOptions,
	files: AgentFiles,
	identity: EnrolledIdentity,
	stop: AbortSignal,
): Promise<AgentEnd> {
	const state = files.loadState(() => ({
		version: 1,
		name: opts.name,
		role: opts.role,
		officeFingerprint: identity.officeFingerprint,
		outbox: [],
		queue: [],
		handled: [],
		done: {},
		restartFor: null,
		seq: 0,
	}));
	state.officeFingerprint ??= identity.officeFingerprint;
	return new AgentLoop(opts, files, state, identity.tls, stop).run();
}

export type EnrolledIdentity = {tls: {keyPem: string; certPem: string; caCertPem: string}; officeFingerprint: string};

/** First start: key pair, CA checked against the token's hash, CSR; later starts read what is on disk. */
export async function enrol(
	opts: AgentOptions,
	files: AgentFiles,
	stop: AbortSignal,
): Promise<Result<EnrolledIdentity, string>> {
	const tls = files.tls;
	finishRenewal(files);
	let keyPem = files.read(tls.key);
	if (keyPem === null) {
		keyPem = newAgentKeyPem();
		files.write(tls.key, keyPem, 0o600);
	}
	const certPem = files.read(tls.cert);
	const caPem = files.read(tls.ca);
	if (certPem !== null && caPem !== null)
		return ok({tls: {keyPem, certPem, caCertPem: caPem}, officeFingerprint: caHashOf(caPem)});
	const wanted = opts.token === null ? null : TOKEN_PATTERN.exec(opts.token)?.[3];
	if (opts.token !== null && !wanted)
		return err('the join token is not a rim token (expected rim1.<id>.<secret>.<ca hash>, from rim token create)');
	// The CA is fetched over an unchecked connection and then trusted only if its hash is the one the token carries.
	const bare = new Transport(opts.server, null);
	let caCertPem = '';
	try {
		// A manager that is not up yet is waited for, with backoff; a CA that is not the token's ends enrolment.
		for (let failures = 0; caCertPem === ''; ) {
			if (stop.aborted) return err('stopped before enrolment finished');
			try {
				caCertPem = String(
					((await bare.json('GET', '/v1/ca', {timeoutMs: opts.pollTimeoutMs})) as {caCertPem?: unknown}).caCertPem ??
						'',
				);
			} catch (e) {
				failures += 1;
				if (failures === 1)
					opts.log(
						`cannot reach the manager at ${opts.server.href} (${e instanceof Error ? e.message : String(e)}); trying again with backoff`,
					);
				await sleep(backoffMs(failures, opts.retry, opts.random()), undefined, {signal: stop}).catch(() => {});
			}
		}
		let hash: string;
		try {
			hash = caHashOf(caCertPem);
		} catch {
			return err('the manager sent a CA certificate that does not parse; check --server');
		}
		if (wanted && hash !== wanted)
			return err('the manager at this address does not hold the certification office the token names; check --server');
	} finally {
		bare.close();
	}
	if (!wanted)
		opts.log(
			`no token: trusting certification office ${caHashOf(caCertPem)} on first contact; the admin admits this agent with rim host accept ${opts.name}`,
		);
	let deviceKeyPem: string | null = null;
	if (opts.role === 'security-pc' || opts.token !== null) {
		deviceKeyPem = files.read(files.device.key) ?? newAgentKeyPem();
		files.write(files.device.key, deviceKeyPem, 0o600);
	}
	const transport = new Transport(opts.server, {caCertPem});
	const request = {
		name: opts.name,
		token: opts.token,
		role: opts.role,
		os: opts.os,
		csrPem: createCsr(keyPem, opts.name),
		devicePublicKeyPem: deviceKeyPem && publicKeyOf(deviceKeyPem).export({type: 'spki', format: 'pem'}).toString(),
	};
	let failures = 0;
	let saidPending = false;
	try {
		while (!stop.aborted) {
			let answer;
			try {
				answer = enrolAnswerSchema.parse(
					await transport.json('POST', '/v1/enrol', {body: request, timeoutMs: opts.pollTimeoutMs}),
				);
				failures = 0;
			} catch (e) {
				failures += 1;
				opts.log(`enrolment: ${e instanceof Error ? e.message : String(e)}; trying again`);
				await sleep(backoffMs(failures, opts.retry, opts.random()), undefined, {signal: stop}).catch(() => {});
				continue;
			}
			if (answer.status === 'refused') return err(`enrolment refused: ${answer.reason}`);
			if (answer.status === 'pending') {
				if (!saidPending)
					opts.log(
						`waiting for the admin: rim host accept ${opts.name} (this agent's key: ${shortKeyHash(keySha256Of(keyPem))}; the admin sees the same beside its name)`,
					);
				saidPending = true;
				await sleep(answer.retryAfterMs, undefined, {signal: stop}).catch(() => {});
				continue;
			}
			if (answer.device) {
				files.write(files.device.cert, answer.device.certPem);
				files.write(files.device.ca, answer.device.caCertPem);
				files.write(files.device.pki, JSON.stringify({office: answer.device.officeFingerprint}));
			}
			files.write(tls.ca, answer.caCertPem);
			files.write(tls.cert, answer.certPem);
			opts.log(`enrolled as ${opts.name} with certification office ${caHashOf(answer.caCertPem).slice(0, 16)}…`);
			return ok({
				tls: {keyPem, certPem: answer.certPem, caCertPem: answer.caCertPem},
				officeFingerprint: caHashOf(answer.caCertPem),
			});
		}
		return err('stopped before enrolment finished');
	} finally {
		transport.close();
	}
}

class AgentLoop {
	private wakeExecutor: () => void = () => {};
	private heldPoll: AbortController | null = null;
	/** The outbox being sent beside the held poll, and whether more results came meanwhile. */
	private reporting = false;
	private reportAgain = false;
	private restartNow = false;
	private readonly transport: Transport;

	constructor(
		private readonly opts: AgentOptions,
		private readonly files: AgentFiles,
		private readonly state: AgentState,
		private tls: {keyPem: string; certPem: string; caCertPem: string},
		private readonly stop: AbortSignal,
	) {
		this.transport = new Transport(opts.server, tls);
	}

	/** Renewal tries that failed in a row, and when the next may start (the current certificate is still good). */
	private renewFailures = 0;
	private renewAfter = 0;

	/**
	 * Before its certificate runs out (a third of its lifetime left) the agent renews it over a fresh key pair (see
	 * renewal.ts for why a kill at any point is safe). A failed try is logged and tried again with backoff while the agent
	 * goes on polling with the certificate it has.
	 */
	private async renewIfDue(): Promise<void> {
		const {notBefore, notAfter} = validityOf(new X509Certificate(this.tls.certPem));
		const now = this.opts.now();
		if (!needsRenewal(notBefore, notAfter, now) || now < this.renewAfter) return;
		const renewed = await this.renew().catch((e: unknown) => err(e instanceof Error ? e.message : String(e)));
		if (renewed.ok) {
			this.renewFailures = 0;
			return;
		}
		this.renewFailures += 1;
		this.renewAfter = now + backoffMs(this.renewFailures, this.opts.retry, this.opts.random());
		this.opts.log(
			`could not renew its certificate (${renewed.error}); still valid until ${new Date(notAfter).toISOString()}, trying again with backoff`,
		);
	}

	private async renew(): Promise<Result<void, string>> {
		const {opts, files} = this;
		const keyPem = nextKeyPem(files);
		const answer = renewAnswerSchema.safeParse(
			await this.transport.json('POST', '/v1/renew', {
				body: {csrPem: createCsr(keyPem, opts.name)},
				timeoutMs: opts.pollTimeoutMs,
			}),
		);
		if (!answer.success) return err('the manager answered the renewal with something that is not a certificate');
		const checked = checkRenewed(answer.data.certPem, {
			keyPem,
			caCertPem: this.tls.caCertPem,
			name: opts.name,
			now: opts.now(),
		});
		if (!checked.ok) return checked;
		commitRenewal(files, answer.data.certPem);
		this.tls = {...this.tls, keyPem, certPem: answer.data.certPem};
		this.transport.useIdentity(this.tls);
		opts.log(
			`renewed its certificate with a new key pair (valid until ${new Date(validityOf(checked.value).notAfter).toISOString()})`,
		);
		await opts.onRenewed?.(this.tls);
		return ok(undefined);
	}

	async run(): Promise<AgentEnd> {
		const {state} = this;
		if (state.restartFor !== null) {
			this.opts.log('back after the restart');
			this.addResult(state.restartFor, {kind: 'restarted'});
			state.restartFor = null;
			this.files.saveState(state);
		}
		const halt = new AbortController();
		const onStop = () => halt.abort();
		this.stop.addEventListener('abort', onStop);
		await sleep(Math.floor(this.opts.random() * this.opts.startJitterMs), undefined, {signal: halt.signal}).catch(
			() => {},
		);
		const executor = this.execute(halt);
		await this.poll(halt);
		halt.abort();
		this.wakeExecutor();
		await executor;
		this.stop.removeEventListener('abort', onStop);
		this.transport.close();
		this.files.saveState(state);
		if (this.restartNow) return this.restart();
		return {kind: 'stopped'};
	}

	private addResult(task: string, report: AgentReport): void {
		this.state.outbox.push({id: randomUUID(), task, report});
	}

	private async poll(halt: AbortController): Promise<void> {
		let failures = 0;
		let said = '';
		while (!halt.signal.aborted) {
			// Results already on their way beside this poll are not sent twice.
			const results = this.reporting ? [] : this.state.outbox.slice(0, 64);
			const held = new AbortController();
			if (results.length === 0) this.heldPoll = held;
			const onHalt = () => held.abort();
			halt.signal.addEventListener('abort', onHalt);
			try {
				await this.renewIfDue();
				const raw = await this.transport.json('POST', '/v1/poll', {
					body: this.pollBody(results),
					timeoutMs: this.opts.pollTimeoutMs,
					signal: held.signal,
				});
				const answer = pollAnswerSchema.parse(raw);
				this.opts.onAnswer?.(answer);
				failures = 0;
				if (said) this.opts.log('connected to the manager again');
				said = '';
				this.take(answer.acks, answer.tasks);
				if (answer.nextPollMs > 0) await sleep(answer.nextPollMs, undefined, {signal: halt.signal}).catch(() => {});
			} catch (e) {
				if (halt.signal.aborted) break;
				if (held.signal.aborted) continue; // a result is ready: poll again at once with it
				failures += 1;
				const reason = e instanceof Error ? e.message : String(e);
				const line = /ECONNRESET|socket hang up|EPIPE|certificate/i.test(reason)
					? `the manager closed the connection (${reason}); if this agent was removed, its certificate is revoked`
					: `cannot reach the manager: ${reason}`;
				if (line !== said) this.opts.log(`${line}; trying again with backoff`);
				said = line;
				await sleep(backoffMs(failures, this.opts.retry, this.opts.random()), undefined, {signal: halt.signal}).catch(
					() => {},
				);
			} finally {
				halt.signal.removeEventListener('abort', onHalt);
				this.heldPoll = null;
			}
		}
	}

	/** Tasks taken and not yet acknowledged done: being carried out or waiting, or their result not yet acked. */
	/** What a poll sends: results, the tasks taken, and (a relay) its report of itself as it is now. */
	private pollBody(results: AgentState['outbox']) {
		return {
			results,
			os: this.opts.os,
			taken: this.taken(),
			...(this.opts.relayStatus ? {relay: this.opts.relayStatus()} : {}),
		};
	}

	private taken(): string[] {
		const ids = new Set([...this.state.queue.map(t => t.id), ...this.state.outbox.map(r => r.task)]);
		return [...ids].slice(0, 256);
	}

	private take(acks: string[], tasks: Task[]): void {
		const {state} = this;
		const acked = new Set(acks);
		state.outbox = state.outbox.filter(r => !acked.has(r.id));
		let fresh = 0;
		for (const task of tasks) {
			if (state.handled.includes(task.id)) continue;
			state.handled = [...state.handled, task.id].slice(-1024);
			state.queue.push(task);
			fresh += 1;
		}
		// Not written here: the state is written with each result. Lost by a kill, acked results are sent again and acked
		// again (nothing twice), and tasks taken but not begun are handed out again (they are still queued).
		if (fresh) this.wakeExecutor();
	}

	private async execute(halt: AbortController): Promise<void> {
		const {state, opts} = this;
		while (!halt.signal.aborted) {
			const task = state.queue[0];
			if (!task) {
				await new Promise<void>(resolve => (this.wakeExecutor = resolve));
				continue;
			}
			if (task.order.kind === 'restart' && !state.done[stepKey(task) ?? '']) {
				// Kept on disk first: the restarted agent sends `restarted` for this task.
				state.queue.shift();
				state.restartFor = task.id;
				if (task.key) state.done[stepKey(task)!] = {kind: 'restarted'};
				this.files.saveState(state);
				opts.log(`restarting for ${task.key?.job ?? 'the manager'} (the PC user answered Yes)`);
				this.restartNow = true;
				halt.abort();
				return;
			}
			const key = stepKey(task);
			const kept = key !== null && ONCE.has(task.order.kind) ? state.done[key] : undefined;
			opts.log(
				`${kept ? 'answering again' : 'carrying out'} ${task.order.kind}${task.key ? ` for ${task.key.job} (attempt ${task.key.attempt})` : ''}`,
			);
			const report =
				kept ??
				(opts.carry ? await opts.carry(task) : null) ??
				(await carryOut(task, {
					files: this.files,
					transport: this.transport,
					installRoot: opts.installRoot,
					answer: opts.answer,
					authMemoryBytes: opts.authMemoryBytes,
					installTimeoutMs: opts.installTimeoutMs,
					dialogTimeoutMs: opts.dialogTimeoutMs,
					ask: opts.ask,
					signal: halt.signal,
					log: opts.log,
					officeFingerprint: state.officeFingerprint ?? '',
					name: opts.name,
					now: opts.now,
					download: {retry: opts.retry, chunkTimeoutMs: opts.chunkTimeoutMs, random: opts.random, log: opts.log},
				}));
			if (report === null) break; // stopping: the task stays queued and is carried out at the next start
			state.queue.shift();
			if (key !== null && ONCE.has(task.order.kind)) state.done[key] = report;
			this.addResult(task.id, report);
			this.files.saveState(state);
			opts.log(`${task.order.kind}: ${describe(report)}`);
			void this.report(halt);
		}
	}

	/**
	 * Sends the outbox at once on a request of its own, beside the held poll. The held poll stays open: aborting it
	 * would close its connection, and each result would then cost a new TLS connection and a second poll. The
	 * manager answers a poll that carries results at once (acks and any tasks). If this request fails, the held poll is
	 * ended instead, and the poll loop sends the outbox with its backoff.
	 */
	private async report(halt: AbortController): Promise<void> {
		if (this.reporting) {
			this.reportAgain = true;
			return;
		}
		this.reporting = true;
		try {
			do {
				this.reportAgain = false;
				const results = this.state.outbox.slice(0, 64);
				if (results.length === 0 || halt.signal.aborted) return;
				try {
					const answer = pollAnswerSchema.parse(
						await this.transport.json('POST', '/v1/poll', {
							body: this.pollBody(results),
							timeoutMs: this.opts.pollTimeoutMs,
							signal: halt.signal,
						}),
					);
					this.opts.onAnswer?.(answer);
					this.take(answer.acks, answer.tasks);
					if (answer.acks.length === 0) return;
				} catch {
					this.heldPoll?.abort();
					return;
				}
			} while (this.reportAgain || this.state.outbox.length > 0);
		} finally {
			this.reporting = false;
		}
	}

	/** Replaces this process: a reboot command, or the agent re-executing itself (the pid file names the new process). */
	private restart(): AgentEnd {
		const {restartCommand} = this.opts;
		const child = restartCommand
			? spawn('/bin/sh', ['-c', restartCommand], {detached: true, stdio: 'ignore'})
			: spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {detached: true, stdio: 'inherit'});
		child.unref();
		if (!restartCommand && child.pid !== undefined) this.files.write(this.files.pidFile, `${child.pid}\n`);
		return {kind: 'restarted', pid: child.pid ?? null};
	}
}

function describe(report: AgentReport): string {
	switch (report.kind) {
		case 'delivery-failed':
			return `failed ${report.failure.code}: ${report.failure.detail}`;
		case 'authenticated':
			return report.failure ? `failed ${report.failure.code}: ${report.failure.detail}` : 'authenticated';
		case 'installed':
			return report.failure
				? `failed ${report.failure.code}: ${report.failure.detail}`
				: `installed ${report.installed.map(p => p.packageId).join(', ')}`;
		case 'user-answered':
			return `answered ${report.answer}`;
		case 'collected':
			return `${report.packages.length} installed package(s)`;
		default:
			return report.kind;
	}
}

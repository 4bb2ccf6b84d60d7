/**
 * A swarm of real agents against a real manager on loopback (docs/agent-protocol.md): `rim server --listen` runs as
 * its own process; N agents (`runAgent`, the code of `rim agent`, each with its own folder, certificate and
 * connections) run in this process. Measures: enrolment of all of them; a job to all of them — time until 99% have
 * noticed it and until it settles; the manager's memory; and after a manager restart, the time until every agent is
 * back and the peak rate of reconnections per second. `RIM_BENCH_AGENTS` sets N (default 1,000).
 */
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {setMaxListeners} from 'node:events';
import os from 'node:os';
import path from 'node:path';
import {AGENT_DEFAULTS, type AgentOptions, runAgent} from '../src/agent/agent.js';
import {newAgentKeyPem} from '../src/engine/pki/agent-certs.js';
import {RIM} from './data-dirs.js';
import {describeRequests, Phase, processCpuSeconds, RequestCounter} from './cpu.js';
import {fmt, machineLoad, percentile, printTable} from './support.js';

/** Runs rim without blocking this process (the agents live in it); resolves with stdout whatever the exit code. */
export function rim(dir: string, ...args: string[]): Promise<string> {
	return rimExit(dir, ...args).then(r => r.stdout);
}

/** The same, with the exit code (a `--wait` that stopped early exits 3). */
function rimExit(dir: string, ...args: string[]): Promise<{stdout: string; code: number}> {
	return new Promise((resolve, reject) => {
		execFile(
			RIM,
			[...args, '--data-dir', dir],
			{encoding: 'utf8', maxBuffer: 64 * 1024 * 1024},
			(error, stdout, stderr) => {
				if (error && !stdout) reject(new Error(`rim ${args.join(' ')}: ${stderr}`));
				else resolve({stdout, code: error ? Number(error.code ?? 1) : 0});
			},
		);
	});
}

/** Key pairs shared by the swarm: generating one RSA key per agent would take minutes before the bench starts. */
const KEY_POOL = 16;
const WAVE = 100;

/** `RIM_BENCH_MANAGER_LOG=FILE` keeps the manager's log lines there (to see why a figure is what it is). */
const managerLog = process.env.RIM_BENCH_MANAGER_LOG;
/**
 * `RIM_BENCH_MANAGER_PROFILE=DIR` writes a CPU profile of each manager run there: `node --cpu-prof` on rim's build
 * (`npm run build` first), as bin/rim runs it.
 */
const managerProfile = process.env.RIM_BENCH_MANAGER_PROFILE;

export function startManager(dir: string, listen: string): Promise<{child: ChildProcess; url: string}> {
	const args = ['server', '--listen', listen, '--data-dir', dir];
	const child = managerProfile
		? spawn(
				process.execPath,
				[
					'--cpu-prof',
					`--cpu-prof-dir=${managerProfile}`,
					'--enable-source-maps',
					path.join(path.dirname(RIM), '..', 'dist', 'cli.js'),
					...args,
				],
				{stdio: ['ignore', 'pipe', 'inherit'], env: {...process.env, NODE_ENV: 'production'}},
			)
		: spawn(RIM, args, {stdio: ['ignore', 'pipe', 'inherit']});
	return new Promise((resolve, reject) => {
		let out = '';
		child.stdout!.on('data', d => {
			if (managerLog) appendFileSync(managerLog, d);
			out += d;
			const m = /agents on (https:\/\/\S+) ·/.exec(out);
			if (m) resolve({child, url: m[1]!});
		});
		child.on('exit', code => reject(new Error(`rim server ended (${code}): ${out}`)));
	});
}

/** The options of the swarm's PC number `i`: a plain PC that answers yes, at the agent's defaults. */
export function swarmPc(dir: string, server: URL, token: string, i: number, log: (line: string) => void): AgentOptions {
	return {
		dir,
		server,
		token,
		name: `PC-${String(i).padStart(4, '0')}`,
		role: 'pc',
		os: 'linux',
		installRoot: path.join(dir, 'root'),
		answer: 'yes',
		dialogTimeoutMs: AGENT_DEFAULTS.dialogTimeoutMs,
		restartCommand: null,
		authMemoryBytes: AGENT_DEFAULTS.authMemoryBytes,
		installTimeoutMs: 60_000,
		pollTimeoutMs: AGENT_DEFAULTS.pollTimeoutMs,
		chunkTimeoutMs: AGENT_DEFAULTS.chunkTimeoutMs,
		startJitterMs: AGENT_DEFAULTS.startJitterMs,
		retry: AGENT_DEFAULTS.retry,
		log,
		random: Math.random,
		now: Date.now,
	};
}

export const rssMb = (pid: number, field: 'VmRSS' | 'VmHWM') => {
	const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) / 1024 : Number.NaN;
};

export async function agentsBenchmark(): Promise<void> {
	const count = Number(process.env.RIM_BENCH_AGENTS ?? 1000);
	const base = mkdtempSync(path.join(os.tmpdir(), 'rim-bench-agents-'));
	const site = path.join(base, 'site');
	const stop = new AbortController();
	setMaxListeners(0, stop.signal); // every agent listens for the stop
	let manager: ChildProcess | null = null;
	let progress: NodeJS.Timeout | null = null;
	const agents: Promise<unknown>[] = [];
	try {
		await rim(site, 'init');
		mkdirSync(path.join(base, 'pkg'));
		writeFileSync(path.join(base, 'pkg', 'tool.txt'), 'a small tool\n');
		await rim(site, 'package', 'add', path.join(base, 'pkg'), '--id', 'TOOL', '--version', '1', '--kind', 'standard');
		await rim(site, 'group', 'create', 'ALL');
		const first = await startManager(site, '127.0.0.1:0');
		manager = first.child;
		const url = new URL(first.url);
		const token = (await rim(site, 'token', 'create', '--role', 'pc', '--uses', String(count))).trim();
		const keys = Array.from({length: KEY_POOL}, () => newAgentKeyPem());
		const counter = new RequestCounter();
		const enrolPhase = new Phase(manager.pid!, counter);

		const enrolled: number[] = [];
		/** Wall-clock times (the manager stamps the job's execution in wall time). */
		const noticed: number[] = [];
		let restartAt = Number.POSITIVE_INFINITY;
		/** Each agent's first successful poll after the manager restarted. */
		const back = new Map<number, number>();
		const started = performance.now();
		const refused: string[] = [];
		/** With a manager log asked for: the agents' log lines by their first words, printed every 10 s. */
		const lines = new Map<string, number>();
		let lastTrouble = '';
		progress = managerLog
			? setInterval(() => {
					process.stderr.write(
						`[${((performance.now() - started) / 1000).toFixed(0)} s] enrolled ${enrolled.length} noticed ${noticed.length} ${JSON.stringify(Object.fromEntries(lines))} ${lastTrouble}\n`,
					);
				}, 10_000)
			: null;
		for (let i = 0; i < count; i++) {
			// Agents are switched on in waves of WAVE, as PCs are in a real roll-out, not all in the same millisecond.
			if (i > 0 && i % WAVE === 0)
				while (enrolled.length + refused.length < i) await new Promise(r => setTimeout(r, 50));
			const dir = path.join(base, `agent-${i}`);
			mkdirSync(path.join(dir, 'tls'), {recursive: true});
			writeFileSync(path.join(dir, 'tls', 'key.pem'), keys[i % KEY_POOL]!, {mode: 0o600});
			// With a token the agent makes a device key too (the token's role may be security-pc): shared as well.
			mkdirSync(path.join(dir, 'device'), {recursive: true});
			writeFileSync(path.join(dir, 'device', 'key.pem'), keys[(i + 1) % KEY_POOL]!, {mode: 0o600});
			const log = (line: string) => {
				const now = performance.now();
				if (managerLog) {
					const what = line.split(/[ :(]/).slice(0, 2).join(' ');
					lines.set(what, (lines.get(what) ?? 0) + 1);
					if (/cannot|closed|refused|failed/.test(line)) lastTrouble = line;
				}
				if (line.startsWith('enrolled as')) enrolled.push(now);
				else if (line.startsWith('carrying out deliver')) noticed.push(Date.now());
				else if (line === 'connected to the manager again' && now > restartAt && !back.has(i)) back.set(i, now);
			};
			agents.push(
				runAgent(swarmPc(dir, url, token, i, log), stop.signal).then(end => {
					if (end.kind === 'refused') refused.push(end.reason);
					return end;
				}),
			);
		}
		while (enrolled.length + refused.length < count) await new Promise(r => setTimeout(r, 100));
		if (refused.length) throw new Error(`${refused.length} agents were refused, e.g. ${refused[0]}`);
		const enrolSeconds = (Math.max(...enrolled) - started) / 1000;
		const enrolCpu = enrolPhase.end();
		// Every agent polls before the job starts (started: true on the manager).
		const idlePhase = new Phase(manager.pid!, counter);
		const idleStarted = performance.now();
		await new Promise(r => setTimeout(r, AGENT_DEFAULTS.startJitterMs + 2000));
		const idleCpu = idlePhase.end();
		const idleSeconds = (performance.now() - idleStarted) / 1000;
		const names = Array.from({length: count}, (_, i) => `PC-${String(i).padStart(4, '0')}`);
		await rim(site, 'group', 'add', 'ALL', ...names);

		const jobPhase = new Phase(manager.pid!, counter);
		const jobStart = performance.now();
		const waited = await rimExit(
			site,
			'job',
			'create',
			'--type',
			'install',
			'--package',
			'TOOL',
			'--destination',
			'ALL',
			'--wait',
			'--json',
		);
		const job = JSON.parse(waited.stdout);
		const settleSeconds = (performance.now() - jobStart) / 1000;
		const jobCpu = jobPhase.end();
		const executedAt = Date.parse(job.executedAt);
		const sorted = noticed.map(t => (t - executedAt) / 1000).sort((a, b) => a - b);
		const notice99 = sorted[Math.ceil(0.99 * count) - 1] ?? Number.NaN;
		const rss = rssMb(manager.pid!, 'VmRSS');
		const peak = rssMb(manager.pid!, 'VmHWM');

		// Restart: stop the manager, start it again on the same port, and watch the agents come back.
		const port = url.port;
		const exited = new Promise(r => manager!.once('exit', r));
		manager.kill('SIGTERM');
		await exited;
		restartAt = performance.now();
		const swarmBeforeRestart = new Phase(process.pid, counter);
		manager = (await startManager(site, `127.0.0.1:${port}`)).child;
		const deadline = restartAt + 180_000;
		while (back.size < count && performance.now() < deadline) await new Promise(r => setTimeout(r, 200));
		const restartCpu = {...swarmBeforeRestart.end(), managerCpu: processCpuSeconds(manager.pid!)};
		const backTimes = [...back.values()];
		const backSeconds = (Math.max(...backTimes) - restartAt) / 1000;
		const perSecond = new Map<number, number>();
		for (const t of backTimes)
			perSecond.set(Math.floor((t - restartAt) / 1000), (perSecond.get(Math.floor((t - restartAt) / 1000)) ?? 0) + 1);
		const peakReconnects = Math.max(0, ...perSecond.values());

		const goal = (met: boolean) => (met ? 'met' : 'NOT met');
		printTable(
			`Agents: ${count} real agents (one process, ${KEY_POOL} key pairs shared, switched on in waves of ${WAVE}) against rim server on loopback; ${machineLoad()}`,
			['figure', 'value', 'goal'],
			[
				['enrolment of all agents (s)', fmt(enrolSeconds), '—'],
				[
					'job: finished / total',
					`${job.counts.finished} / ${job.counts.total} (--wait exit ${waited.code})`,
					`all: ${goal(job.counts.finished === count)}`,
				],
				['job: 99% noticed it (s, from its execution)', fmt(notice99, 2), `≤ 5: ${goal(notice99 <= 5)}`],
				[
					'job: settled (s, rim job create --wait, its start-up included)',
					fmt(settleSeconds),
					`≤ 60: ${goal(settleSeconds <= 60)}`,
				],
				['manager RSS after the job (MB)', fmt(rss, 0), `< 512: ${goal(rss < 512)}`],
				['manager peak RSS (MB)', fmt(peak, 0), `< 512: ${goal(peak < 512)}`],
				[
					'after a restart: every agent back (s, manager start-up included)',
					back.size < count ? `${back.size} of ${count} in 180 s` : fmt(backSeconds),
					`≤ 120: ${goal(back.size === count && backSeconds <= 120)}`,
				],
				['after a restart: peak reconnections per second', String(peakReconnects), '—'],
				['after a restart: median reconnection (s)', fmt((percentile(backTimes, 50) - restartAt) / 1000), '—'],
			],
		);
		const ms = (seconds: number, per: number) => fmt((seconds * 1000) / Math.max(1, per), 1);
		const requestsOf = (phase: {requests: Map<string, number>}) =>
			[...phase.requests.values()].reduce((a, b) => a + b, 0);
		printTable(
			`Agents: CPU seconds (user + system) by phase: the manager's process and the swarm's (this process, ${count} agents)`,
			[
				'phase',
				'wall (s)',
				'manager CPU (s)',
				'manager ms per request',
				'swarm CPU (s)',
				'swarm ms per agent',
				'requests sent',
			],
			[
				['enrolment', enrolSeconds, enrolCpu],
				['idle (polls held)', idleSeconds, idleCpu],
				['job to all', settleSeconds, jobCpu],
				['restart (manager start-up included)', backSeconds, restartCpu],
			].map(([what, wall, phase]) => {
				const p = phase as typeof jobCpu;
				return [
					String(what),
					fmt(wall as number),
					fmt(p.managerCpu, 2),
					ms(p.managerCpu, requestsOf(p)),
					fmt(p.swarmCpu, 2),
					ms(p.swarmCpu, count),
					describeRequests(p.requests),
				];
			}),
		);
	} finally {
		if (progress) clearInterval(progress);
		stop.abort();
		// Every agent has written its last state before its folder goes.
		await Promise.allSettled(agents);
		manager?.kill('SIGTERM');
		rmSync(base, {recursive: true, force: true});
	}
}

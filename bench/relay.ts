/**
 * N agents behind one relay install a package (docs/relay.md): `rim server` and `rim relay` run as their own processes;
 * the N agents (`runAgent`, the code of `rim agent`, each with its own folder, certificate and connections) run in this
 * process with the relay's URL as their --server. Measures the payload bytes the manager sent ÷ the package size (the
 * relay should fetch it once), the time from the job's creation until it settles, and the relay's memory.
 * `RIM_BENCH_RELAY_AGENTS` (default 20) and `RIM_BENCH_RELAY_MB` (default 5) set N and the package size.
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {setMaxListeners} from 'node:events';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {AGENT_DEFAULTS, runAgent} from '../src/agent/agent.js';
import {newAgentKeyPem} from '../src/engine/pki/agent-certs.js';
import {rim, rssMb, startManager, swarmPc} from './agents.js';
import {RIM} from './data-dirs.js';
import {fmt, machineLoad, printTable} from './support.js';

const KEY_POOL = 16;

function startRelay(dir: string, server: string, token: string): Promise<{child: ChildProcess; url: string}> {
	const child = spawn(
		RIM,
		[
			'relay',
			'--dir',
			dir,
			'--server',
			server,
			'--token',
			token,
			'--name',
			'RELAY-1',
			'--listen',
			'127.0.0.1:0',
			'--start-jitter',
			'0',
		],
		{stdio: ['ignore', 'pipe', 'inherit']},
	);
	return new Promise((resolve, reject) => {
		let out = '';
		child.stdout!.on('data', d => {
			out += d;
			const m = /serves the hosts below it on (https:\/\/\S+)\n/.exec(out);
			if (m) resolve({child, url: m[1]!});
		});
		child.on('exit', code => reject(new Error(`rim relay ended (${code}): ${out}`)));
	});
}

/** Stops the manager and reads the payload bytes it says it served. */
function stopManager(child: ChildProcess): Promise<number> {
	return new Promise(resolve => {
		let out = '';
		child.stdout!.on('data', d => (out += d));
		child.once('exit', () => resolve(Number(/served (\d+) payload bytes/.exec(out)?.[1] ?? Number.NaN)));
		child.kill('SIGTERM');
	});
}

export async function relayBenchmark(): Promise<void> {
	const count = Number(process.env.RIM_BENCH_RELAY_AGENTS ?? 20);
	const megabytes = Number(process.env.RIM_BENCH_RELAY_MB ?? 5);
	const base = mkdtempSync(path.join(os.tmpdir(), 'rim-bench-relay-'));
	const site = path.join(base, 'site');
	const stop = new AbortController();
	// Every agent listens on the one stop signal.
	setMaxListeners(4 * count + 16, stop.signal);
	let manager: ChildProcess | null = null;
	let relay: ChildProcess | null = null;
	try {
		await rim(site, 'init');
		mkdirSync(path.join(base, 'pkg'));
		// Incompressible bytes, so the package is as large as asked.
		const bytes = Buffer.alloc(megabytes * 1024 * 1024);
		for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE((Math.imul(i, 2654435761) ^ (i >>> 7)) >>> 0, i);
		writeFileSync(path.join(base, 'pkg', 'payload.bin'), bytes);
		await rim(site, 'package', 'add', path.join(base, 'pkg'), '--id', 'BULK', '--version', '1', '--kind', 'standard');
		const size = (JSON.parse(await rim(site, 'packages', '--json')) as {id: string; size: number}[]).find(
			p => p.id === 'BULK',
		)!.size;
		await rim(site, 'group', 'create', 'BRANCH');
		const started = await startManager(site, '127.0.0.1:0');
		manager = started.child;
		const relayStarted = await startRelay(
			path.join(base, 'relay'),
			started.url,
			(await rim(site, 'token', 'create', '--role', 'relay')).trim(),
		);
		relay = relayStarted.child;
		const token = (await rim(site, 'token', 'create', '--role', 'pc', '--uses', String(count))).trim();
		const keys = Array.from({length: KEY_POOL}, () => newAgentKeyPem());
		let enrolled = 0;
		let installed = 0;
		const refused: string[] = [];
		for (let i = 0; i < count; i++) {
			const dir = path.join(base, `agent-${i}`);
			mkdirSync(path.join(dir, 'tls'), {recursive: true});
			writeFileSync(path.join(dir, 'tls', 'key.pem'), keys[i % KEY_POOL]!, {mode: 0o600});
			const log = (line: string) => {
				if (line.startsWith('enrolled as')) enrolled += 1;
				else if (line.startsWith('install: installed')) installed += 1;
			};
			void runAgent(swarmPc(dir, new URL(relayStarted.url), token, i, log), stop.signal).then(end => {
				if (end.kind === 'refused') refused.push(end.reason);
			});
		}
		while (enrolled + refused.length < count) await new Promise(r => setTimeout(r, 100));
		if (refused.length) throw new Error(`${refused.length} agents were refused, e.g. ${refused[0]}`);
		// Every agent polls before the job starts (started: true on the manager).
		await new Promise(r => setTimeout(r, AGENT_DEFAULTS.startJitterMs + 2000));
		await rim(
			site,
			'group',
			'add',
			'BRANCH',
			...Array.from({length: count}, (_, i) => `PC-${String(i).padStart(4, '0')}`),
		);

		const jobStart = performance.now();
		const job = JSON.parse(
			await rim(
				site,
				'job',
				'create',
				'--type',
				'install',
				'--package',
				'BULK',
				'--destination',
				'BRANCH',
				'--wait',
				'--json',
			),
		);
		const seconds = (performance.now() - jobStart) / 1000;
		const relayRss = rssMb(relay.pid!, 'VmRSS');
		const relayPeak = rssMb(relay.pid!, 'VmHWM');
		const served = await stopManager(manager);
		manager = null;
		const ratio = served / size;
		const goal = (met: boolean) => (met ? 'met' : 'NOT met');
		printTable(
			`Relay: ${count} agents (one process) behind one rim relay install a ${megabytes} MB package; rim server and rim relay on loopback; ${machineLoad()}`,
			['figure', 'value', 'goal'],
			[
				[
					'job: finished / total',
					`${job.counts.finished} / ${job.counts.total} (${installed} installs seen)`,
					`all: ${goal(job.counts.finished === count)}`,
				],
				['payload bytes the manager sent ÷ package size', fmt(ratio, 3), `≤ 1.05: ${goal(ratio <= 1.05)}`],
				['job: settled (s, rim job create --wait, its start-up included)', fmt(seconds), '—'],
				['relay RSS after the job (MB)', fmt(relayRss, 0), '—'],
				['relay peak RSS (MB)', fmt(relayPeak, 0), '—'],
			],
		);
	} finally {
		stop.abort();
		manager?.kill('SIGTERM');
		relay?.kill('SIGTERM');
		rmSync(base, {recursive: true, force: true});
	}
}

/**
 * Benchmark 2 — engine: a security-PC Install package job (SEC-PATCH-2611 → SECURITY-PCS) to 1,000 and to 10,000
 * destinations, driven to the end on the virtual clock exactly as `rim job create … --wait` does (waitForJobs), in
 * memory (no store: benchmark 3 measures writes).
 *
 * How to read it:
 * - wall ms: executeJob + waitForJobs; the fleet is built beforehand and not counted.
 * - 10k/1k: wall(10k) ÷ wall(1k); 10 is linear scaling. Goal ≤ 11.
 * - pki ms / share: wall time spent inside the security PCs' authentication (authenticateOnDevice and the received
 *   payload copy), measured by MeasuringFleet, and its share of the job's wall time.
 * - native ms: Node's crypto doing the devices' checks alone with the caching rim does (nativeVerify): per device the
 *   certificate parse, checkIssued + verify against the CA and the dates; the signer chain, the manifest's RSA-PSS
 *   signature and the payload hash once. This is the practical limit of a job whose every destination authenticates.
 * - rim ÷ native: (destinations per second of the whole rim job) ÷ (devices per second native crypto can check).
 *   Goal ≥ 0.5: the engine, state machine and simulation together cost no more than the cryptography itself.
 *   "pki ÷ native" compares rim's authentication alone with the same native work.
 * - CLI: `bin/rim job create … --wait` end to end at 1,000 security PCs (process start, load, job, final write).
 */
import {execFileSync} from 'node:child_process';
import {constants, createHash, verify, X509Certificate} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {VirtualClock} from '../src/engine/clock.js';
import {defaultSettings} from '../src/engine/define.js';
import {Engine} from '../src/engine/engine.js';
import {summarize} from '../src/engine/snapshot.js';
import {waitForJobs} from '../src/cli/wait.js';
import type {DemoFleet} from '../src/engine/demo/demo-fleet.js';
import {
	fmt,
	goalOfRuns,
	lateWorld,
	MeasuringFleet,
	machineLoad,
	percentile,
	printTable,
	securityFleet,
	silentOut,
	spread,
	T0,
} from './support.js';

const PACKAGE = 'SEC-PATCH-2611';
const PSS = {padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32};

export interface EngineRun {
	destinations: number;
	wallMs: number;
	pkiMs: number;
	authentications: number;
	nativeMs: number;
	finished: number;
}

/** Runs the job once on a fresh copy of the fleet; returns its figures. */
export async function runSecurityJob(
	demo: DemoFleet,
): Promise<{wallMs: number; pkiMs: number; authentications: number; finished: number; total: number}> {
	const state = structuredClone(demo.state);
	const clock = new VirtualClock(T0);
	const payload = (id: string) => demo.payloads.get(id) ?? null;
	let engine!: Engine;
	const fleet = new MeasuringFleet(
		lateWorld(() => engine, demo.office, payload),
		clock,
		state.seed,
		structuredClone(demo.simulation),
	);
	engine = new Engine(state, {clock, office: demo.office, fleet});
	const started = performance.now();
	const executed = await engine.executeJob({
		def: {
			name: 'BENCH',
			type: 'install',
			destinations: [{kind: 'group', id: 'SECURITY-PCS'}],
			packages: [{id: PACKAGE, conditions: {}}],
			settings: defaultSettings(),
		},
	});
	if (!executed.ok) throw new Error(executed.error.message);
	await waitForJobs(engine, [executed.value.id], silentOut);
	const wallMs = performance.now() - started;
	const s = summarize(engine.job(executed.value.id)!);
	return {wallMs, pkiMs: fleet.pkiMs, authentications: fleet.authentications, finished: s.finished, total: s.total};
}

/**
 * Node's crypto doing the checks rim's devices do, with the caching rim does: per device, parse its certificate, check
 * it was issued and signed by the CA, its dates; once per run (rim keeps the verdicts by the PEMs, signature and bytes),
 * the signer's chain, the manifest's RSA-PSS signature and the payload's SHA-256.
 */
export function nativeVerify(demo: DemoFleet): number {
	const pkg = demo.state.inventory.packages.find(p => p.id === PACKAGE)!;
	const payload = demo.payloads.get(PACKAGE)!;
	const devices = demo.simulation.pcs.filter(pc => pc.device).map(pc => pc.device!);
	const manifest = Buffer.from(pkg.auth!.manifest, 'utf8');
	const signature = Buffer.from(pkg.auth!.signature, 'base64');
	const started = performance.now();
	const ca = new X509Certificate(devices[0]!.caCertPem!);
	const signer = new X509Certificate(pkg.auth!.signerCertPem);
	const signerChained = signer.checkIssued(ca) && signer.verify(ca.publicKey);
	const signed = verify('sha256', manifest, {key: signer.publicKey, ...PSS}, signature);
	const digest = createHash('sha256').update(payload).digest('hex');
	let good = 0;
	for (const device of devices) {
		const cert = new X509Certificate(device.deviceCertPem!);
		const chained = cert.checkIssued(ca) && cert.verify(ca.publicKey);
		const dated = Date.parse(cert.validFrom) <= T0 && T0 <= Date.parse(cert.validTo);
		if (chained && dated && signerChained && signed && pkg.auth!.manifest.endsWith(digest)) good++;
	}
	const ms = performance.now() - started;
	if (good !== devices.length) throw new Error(`native check failed on ${devices.length - good} devices`);
	return ms;
}

function cliAtThousand(): {ms: number; destinations: number} {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'rim-bench-cli-'));
	const rim = path.resolve('bin/rim');
	try {
		// `rim demo reset` makes 20% of the clients security PCs: 5,010 hosts (11 relays) give 1,000 in SECURITY-PCS.
		execFileSync(rim, ['demo', 'reset', '--data-dir', dir, '--hosts', '5010'], {stdio: 'ignore'});
		const started = performance.now();
		const out = execFileSync(
			rim,
			[
				'job',
				'create',
				'--type',
				'install',
				'--package',
				PACKAGE,
				'--destination',
				'SECURITY-PCS',
				'--data-dir',
				dir,
				'--wait',
				'--json',
			],
			{encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20},
		);
		const ms = performance.now() - started;
		return {ms, destinations: (JSON.parse(out) as {counts: {total: number}}).counts.total};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

const SAMPLES = 3;

export async function engineBenchmark(): Promise<void> {
	console.log(
		`\n## 2. Engine — security-PC Install package job, virtual clock (--wait), ${SAMPLES} samples per size after a warm-up (${machineLoad()})`,
	);
	const runs: EngineRun[][] = [];
	for (const n of [1_000, 10_000]) {
		const built = performance.now();
		const demo = securityFleet(n);
		console.log(`  (fleet of ${n} security PCs built in ${fmt((performance.now() - built) / 1000, 1)} s; not counted)`);
		await runSecurityJob(securityFleet(Math.min(n, 200))); // warm-up: JIT, caches of the CA and the signer
		nativeVerify(demo);
		const samples: EngineRun[] = [];
		for (let i = 0; i < SAMPLES; i++) {
			const r = await runSecurityJob(demo);
			samples.push({
				destinations: r.total,
				wallMs: r.wallMs,
				pkiMs: r.pkiMs,
				authentications: r.authentications,
				nativeMs: nativeVerify(demo),
				finished: r.finished,
			});
		}
		runs.push(samples);
	}
	printTable(
		'engine (median of the samples, their range in brackets)',
		['destinations', 'finished', 'wall ms', 'µs/dest', 'pki ms', 'pki share', 'native ms', 'rim÷native'],
		runs.map(samples => {
			const r = samples[0]!;
			return [
				r.destinations,
				r.finished,
				spread(
					samples.map(x => x.wallMs),
					0,
				),
				fmt(
					(percentile(
						samples.map(x => x.wallMs),
						50,
					) *
						1000) /
						r.destinations,
					0,
				),
				spread(
					samples.map(x => x.pkiMs),
					0,
				),
				`${fmt(
					percentile(
						samples.map(x => (100 * x.pkiMs) / x.wallMs),
						50,
					),
					0,
				)}%`,
				spread(
					samples.map(x => x.nativeMs),
					0,
				),
				spread(
					samples.map(x => x.nativeMs / x.wallMs),
					2,
				),
			];
		}),
	);
	const [small, large] = runs as [EngineRun[], EngineRun[]];
	console.log(
		goalOfRuns(
			'time(10k) ÷ time(1k)',
			large.map((r, i) => r.wallMs / small[i]!.wallMs),
			'<=',
			11,
		),
	);
	console.log(
		goalOfRuns(
			'rim rate ÷ native rate (same caching) at 10k',
			large.map(r => r.nativeMs / r.wallMs),
			'>=',
			0.5,
		),
	);
	const cli = cliAtThousand();
	printTable(
		'CLI end to end',
		['command', 'destinations', 'wall ms'],
		[
			[
				'bin/rim job create --type install … --destination SECURITY-PCS --wait --json',
				cli.destinations,
				fmt(cli.ms, 0),
			],
		],
	);
}

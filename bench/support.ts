/** Shared helpers for the benchmarks: fleets of an exact size, a measuring fleet, tables, percentiles. */
import os from 'node:os';
import {createDemoFleet, type DemoFleet} from '../src/engine/demo/demo-fleet.js';
import type {Clock} from '../src/engine/clock.js';
import type {Fleet, FleetReport, FleetRequest} from '../src/engine/fleet.js';
import type {Engine} from '../src/engine/engine.js';
import {createOffice, type Office} from '../src/engine/pki/index.js';
import {seededRng} from '../src/engine/rng.js';
import type {SimulationState} from '../src/engine/sim/pc.js';
import {SimulatedFleet, siteWorld} from '../src/engine/sim/sim-fleet.js';

/** 2026-11-24 09:00 UTC, the lab's fixed "now" (as in the tests). */
export const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

let office: Office | undefined;
/** One certification office for every fleet of the run (RSA key generation is slow and not what we measure). */
export function benchOffice(): Office {
	office ??= createOffice({now: T0 - 86_400_000, rng: seededRng(42)});
	return office;
}

/**
 * A scaled demo fleet whose SECURITY-PCS group has exactly `securityPcs` members (every client a security PC).
 * createDemoFleet puts one relay per 500 hosts (at least 2) in front of the clients, so we search the total.
 */
export function securityFleet(securityPcs: number): DemoFleet {
	let total = securityPcs + 2;
	while (total - Math.max(2, Math.ceil(total / 500)) < securityPcs) total++;
	const demo = createDemoFleet({now: T0, seed: 1, hosts: total, securityShare: 1, office: benchOffice()});
	const group = demo.state.inventory.groups.find(g => g.id === 'SECURITY-PCS')!;
	if (group.members.length !== securityPcs)
		throw new Error(`fleet has ${group.members.length} security PCs, wanted ${securityPcs}`);
	return demo;
}

/**
 * A Fleet that measures the time the simulated security PCs spend authenticating. SimulatedFleet computes an
 * `authenticated` report inside the clock callback that fires it, immediately before emitting it, so the wall time from
 * the start of that callback to the emit is the authentication (authenticateOnDevice + the received payload copy).
 * The clock handed to the inner fleet is wrapped only to note when each callback starts: no module is patched.
 */
export class MeasuringFleet implements Fleet {
	pkiMs = 0;
	authentications = 0;
	private readonly inner: SimulatedFleet;
	private callbackStart = 0;

	constructor(
		world: ConstructorParameters<typeof SimulatedFleet>[0],
		clock: Clock,
		seed: number,
		simulation: SimulationState,
	) {
		const timed: Clock = {
			now: () => clock.now(),
			cancel: h => clock.cancel(h),
			schedule: (at, fn) =>
				clock.schedule(at, () => {
					this.callbackStart = performance.now();
					fn();
				}),
		};
		this.inner = new SimulatedFleet(world, timed, seed, simulation);
	}

	request(request: FleetRequest): void {
		this.inner.request(request);
	}

	onReport(listener: (report: FleetReport) => void): void {
		this.inner.onReport(report => {
			if (report.kind === 'authenticated') {
				this.pkiMs += performance.now() - this.callbackStart;
				this.authentications++;
			}
			listener(report);
		});
	}

	reset(): void {
		this.inner.reset();
	}
}

/** The world a SimulatedFleet reads, bound late to the engine that owns the inventory. */
export function lateWorld(get: () => Engine, office: Office, payload: (id: string) => Uint8Array | null) {
	return siteWorld(get, office, payload);
}

export function percentile(values: number[], p: number): number {
	if (!values.length) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '—');

/** A compact aligned table. */
export function printTable(title: string, headers: string[], rows: (string | number)[][]): void {
	const cells = [headers, ...rows.map(r => r.map(String))];
	const widths = headers.map((_, i) => Math.max(...cells.map(r => (r[i] ?? '').length)));
	console.log(`\n${title}`);
	cells.forEach((r, j) => {
		console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`);
		if (j === 0) console.log(`  ${widths.map(w => '─'.repeat(w)).join('  ')}`);
	});
}

export const silentOut = {log: () => {}, error: (line: string) => console.error(line)};

/** "median (min–max)" of several runs. */
export function spread(values: number[], digits = 2): string {
	return `${fmt(percentile(values, 50), digits)} (${fmt(Math.min(...values), digits)}–${fmt(Math.max(...values), digits)})`;
}

/** A goal line judged on the median of several runs, with their spread: "goal: … median (min–max) → met/NOT met". */
export function goalOfRuns(what: string, values: number[], op: '<=' | '<' | '>=', target: number, digits = 2): string {
	const value = percentile(values, 50);
	const met = op === '<=' ? value <= target : op === '<' ? value < target : value >= target;
	return `  goal: ${what} ${op} ${target}: ${spread(values, digits)} over ${values.length} runs → ${met ? 'met' : 'NOT met'}`;
}

/** Load average of the machine over the last minute, and its cores, to print beside timings. */
export function machineLoad(): string {
	const [one] = os.loadavg();
	return `load average ${fmt(one ?? Number.NaN, 1)} on ${os.cpus().length} cores`;
}

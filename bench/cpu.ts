/**
 * CPU seconds rather than wall time, for benchmarks on a shared machine: another process's CPU from /proc, this
 * process's from process.cpuUsage(), and the agent-protocol requests this process sent, counted by endpoint through
 * Node's diagnostics channel (no product code is wrapped).
 */
import {subscribe} from 'node:diagnostics_channel';
import type {ClientRequest} from 'node:http';
import {readFileSync} from 'node:fs';

/** Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** User + system CPU seconds a process has used so far (all its threads). */
export function processCpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name (field 2) may hold spaces: count fields after its closing parenthesis.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** This process's user + system CPU seconds. */
export function ownCpuSeconds(): number {
	const {user, system} = process.cpuUsage();
	return (user + system) / 1e6;
}

export type Endpoint = 'ca' | 'enrol' | 'poll' | 'renew' | 'chunk list' | 'chunk' | 'other';

function endpointOf(path: string): Endpoint {
	if (path === '/v1/ca') return 'ca';
	if (path === '/v1/enrol') return 'enrol';
	if (path === '/v1/poll') return 'poll';
	if (path === '/v1/renew') return 'renew';
	if (/^\/v1\/payload\/[0-9a-f]{64}\/chunks$/.test(path)) return 'chunk list';
	if (/^\/v1\/payload\/[0-9a-f]{64}$/.test(path)) return 'chunk';
	return 'other';
}

/** Counts the HTTP requests this process starts, by agent-protocol endpoint. */
export class RequestCounter {
	readonly counts = new Map<Endpoint, number>();

	constructor() {
		subscribe('http.client.request.start', message => {
			const {request} = message as {request: ClientRequest};
			const what = endpointOf(request.path);
			this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
		});
	}

	snapshot(): Map<Endpoint, number> {
		return new Map(this.counts);
	}
}

/** One phase of a benchmark: CPU seconds of the manager and of this process, and the requests sent, over the phase. */
export class Phase {
	private readonly manager0: number;
	private readonly own0 = ownCpuSeconds();
	private readonly requests0: Map<Endpoint, number>;

	constructor(
		private readonly managerPid: number,
		private readonly counter: RequestCounter,
	) {
		this.manager0 = processCpuSeconds(managerPid);
		this.requests0 = counter.snapshot();
	}

	end(): {managerCpu: number; swarmCpu: number; requests: Map<Endpoint, number>} {
		const requests = new Map<Endpoint, number>();
		for (const [what, n] of this.counter.counts) {
			const d = n - (this.requests0.get(what) ?? 0);
			if (d > 0) requests.set(what, d);
		}
		return {
			managerCpu: processCpuSeconds(this.managerPid) - this.manager0,
			swarmCpu: ownCpuSeconds() - this.own0,
			requests,
		};
	}
}

export const describeRequests = (requests: Map<Endpoint, number>): string =>
	[...requests].map(([what, n]) => `${n} ${what}`).join(', ') || 'none';

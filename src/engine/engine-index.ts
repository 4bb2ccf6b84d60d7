/** Positions by id over the live state, so every lookup of the runner is O(1) at 10,000 hosts. */
import {relayRoute} from './inventory.js';
import {isFinal, type DestinationRun, type EngineState, type Host, type Job, type Package} from './model.js';

export class EngineIndex {
	private readonly hostPos = new Map<string, number>();
	private readonly jobPos = new Map<string, number>();
	private readonly packagesById = new Map<string, Package>();
	private readonly runPos = new Map<string, Map<string, number>>();
	/** Jobs with a non-final run on each host (who to tell when a host starts or stops). */
	private readonly activeByHost = new Map<string, Set<string>>();

	constructor(private readonly state: EngineState) {
		this.rebuild();
	}

	host(id: string): Host | undefined {
		const i = this.hostPos.get(id);
		return i === undefined ? undefined : this.state.inventory.hosts[i];
	}

	hostPosition(id: string): number | undefined {
		return this.hostPos.get(id);
	}

	pkg(id: string): Package | undefined {
		return this.packagesById.get(id);
	}

	job(id: string): Job | undefined {
		const i = this.jobPos.get(id);
		return i === undefined ? undefined : this.state.jobs[i];
	}

	runPosition(jobId: string, host: string): number | undefined {
		return this.runPos.get(jobId)?.get(host);
	}

	run(jobId: string, host: string): DestinationRun | undefined {
		const i = this.runPosition(jobId, host);
		return i === undefined ? undefined : this.job(jobId)?.runs[i];
	}

	route(hostId: string): Host[] {
		const host = this.host(hostId);
		return host ? relayRoute(host, id => this.host(id)) : [];
	}

	activeJobsOn(host: string): string[] {
		return [...(this.activeByHost.get(host) ?? [])];
	}

	rebuild(): void {
		this.hostPos.clear();
		this.state.inventory.hosts.forEach((h, i) => this.hostPos.set(h.id, i));
		this.packagesById.clear();
		for (const p of this.state.inventory.packages) this.packagesById.set(p.id, p);
		this.jobPos.clear();
		this.runPos.clear();
		this.activeByHost.clear();
		this.state.jobs.forEach((job, i) => {
			this.jobPos.set(job.id, i);
			this.indexRuns(job);
		});
	}

	/** A job just appended to state.jobs. */
	addJob(job: Job): void {
		this.jobPos.set(job.id, this.state.jobs.length - 1);
		this.indexRuns(job);
	}

	indexRuns(job: Job): void {
		const positions = new Map<string, number>();
		job.runs.forEach((run, i) => {
			positions.set(run.host, i);
			if (!isFinal(run.status)) this.activate(job.id, run.host);
		});
		this.runPos.set(job.id, positions);
	}

	activate(jobId: string, host: string): void {
		let set = this.activeByHost.get(host);
		if (!set) this.activeByHost.set(host, (set = new Set()));
		set.add(jobId);
	}

	deactivate(jobId: string, host: string): void {
		this.activeByHost.get(host)?.delete(jobId);
	}
}

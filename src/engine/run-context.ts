/** What the job machine needs to know about one destination of a job (pure: derived from the job, host, packages). */
import {effectiveConditions} from './define.js';
import type {PackageOrder} from './fleet.js';
import type {RunContext} from './job-machine.js';
import type {Host, Job, Package} from './model.js';

/** The packages as the fleet is asked to carry them, with the job's changed installation conditions applied. */
export function packageOrders(job: Job, packages: readonly Package[]): PackageOrder[] {
	return packages.map(pkg => {
		const c = effectiveConditions(pkg, job);
		return {
			id: pkg.id,
			version: pkg.version,
			size: pkg.size,
			relayExpiresAt: c.relayExpiresAt,
			replaceExisting: c.replaceExisting,
			mode: c.mode,
		};
	});
}

export function runContext({
	job,
	host,
	packages,
	security,
	now,
}: {
	job: Job;
	host: Host;
	packages: readonly Package[];
	security: boolean;
	now: number;
}): RunContext {
	const conditions = packages.map(p => effectiveConditions(p, job));
	// Security PCs ignore the client execution date (docs/rules.md, The Create Job wizard); a package's installation date still applies.
	const dates = [security ? null : job.settings.clientAt, ...conditions.map(c => c.installAt)].filter(
		(d): d is number => d !== null,
	);
	return {
		now,
		jobType: job.type,
		security,
		hostStarted: host.started,
		startAt: job.settings.startAt,
		installAt: dates.length ? Math.max(...dates) : null,
		timing: conditions.find(c => c.timing !== 'normal')?.timing ?? 'normal',
		alreadyInstalled:
			job.type === 'install' &&
			packages.length > 0 &&
			packages.every(
				(p, i) =>
					!conditions[i]!.replaceExisting && host.installed.some(x => x.packageId === p.id && x.version === p.version),
			),
		powerOn: job.settings.powerOn,
		shutdownAfter: job.settings.shutdownAfter,
	};
}

/** The job types rim supports (docs/rules.md, Job types), as one table. */
import type {HostKind, JobType} from '../model.js';

export interface JobTypeSpec {
	type: JobType;
	label: string;
	/** How many packages the job takes. */
	packages: 'one-or-more' | 'none';
	/** Host kinds a destination of this type may be. */
	destinationKinds: readonly HostKind[];
	/** Why a destination of another kind is refused. */
	wrongDestination: string;
	describe: string;
}

export const JOB_TYPES: Record<JobType, JobTypeSpec> = {
	install: {
		type: 'install',
		label: 'Install package',
		packages: 'one-or-more',
		destinationKinds: ['standard-pc', 'security-pc'],
		wrongDestination:
			'Install package is aimed at clients; to store a package at a relay system use Transfer package to relay system',
		describe: 'deliver the packages (via relays on the route) and install them',
	},
	'transfer-to-relay': {
		type: 'transfer-to-relay',
		label: 'Transfer package to relay system',
		packages: 'one-or-more',
		destinationKinds: ['relay'],
		wrongDestination: 'Transfer package to relay system accepts only relay systems as destinations',
		describe: 'store the packages at the relay until their expiration',
	},
	'get-software-info': {
		type: 'get-software-info',
		label: 'Get software information from client',
		packages: 'none',
		destinationKinds: ['standard-pc', 'security-pc'],
		wrongDestination: 'Get software information from client is aimed at clients, not relay systems',
		describe: 'collect the installed-package list of each client',
	},
};

export const JOB_TYPE_ORDER: readonly JobType[] = ['install', 'transfer-to-relay', 'get-software-info'];

export function parseJobType(text: string): JobType | null {
	return (JOB_TYPE_ORDER as readonly string[]).includes(text) ? (text as JobType) : null;
}

/**
 * Which Create Job wizard pages a job can use (docs/rules.md, The Create Job wizard), as one table per job profile. A page is `locked` (no
 * setting can change; forced values shown) or `limited` (some settings fixed or ignored); absent means open. The
 * reasons are the words the wizard shows and the engine refuses with.
 */
import {hostsOf} from '../inventory.js';
import type {DestinationRef, InstallConditions, Inventory, JobDefinition, JobSettings, JobType} from '../model.js';

export type WizardPage = 'job' | 'destination' | 'package' | 'distribution' | 'schedule' | 'client-control';

export const WIZARD_PAGES: readonly {page: WizardPage; title: string}[] = [
	{page: 'job', title: 'Job'},
	{page: 'destination', title: 'Destination'},
	{page: 'package', title: 'Package'},
	{page: 'distribution', title: 'Job Distribution Attributes'},
	{page: 'schedule', title: 'Schedule'},
	{page: 'client-control', title: 'Client Control'},
];

export type JobProfile = 'security-install' | 'install' | 'transfer-to-relay' | 'get-software-info';

/** A setting a lock fixes: how to show it, whether a settings object respects it, and how to force it. */
export interface ForcedValue {
	label: string;
	value: string;
	holds(settings: JobSettings): boolean;
	apply(settings: JobSettings): JobSettings;
}

/** A setting the job may carry that this profile's destinations do not act on (shown with its note, never refused). */
export interface IgnoredSetting {
	setting: keyof JobSettings;
	label: string;
	note: string;
}

export interface PageLock {
	status: 'locked' | 'limited';
	reason: string;
	forced: ForcedValue[];
	ignored?: IgnoredSetting[];
}

const doNotDistribute: ForcedValue = {
	label: 'Suspended destinations',
	value: 'do not distribute',
	holds: s => !s.distributeToSuspended,
	apply: s => ({...s, distributeToSuspended: false}),
};
const unicast: ForcedValue = {
	label: 'Distribution method',
	value: 'unicast',
	holds: s => s.method === 'unicast',
	apply: s => ({...s, method: 'unicast'}),
};
const noSplit: ForcedValue = {
	label: 'Split package',
	value: 'do not split',
	holds: s => s.split === null,
	apply: s => ({...s, split: null}),
};
const noPowerOn: ForcedValue = {
	label: 'Power on the client before the job',
	value: 'no',
	holds: s => !s.powerOn,
	apply: s => ({...s, powerOn: false}),
};
const noShutdown: ForcedValue = {
	label: 'Shut down the client after the job',
	value: 'no',
	holds: s => !s.shutdownAfter,
	apply: s => ({...s, shutdownAfter: false}),
};
const noClientDate: ForcedValue = {
	label: 'Execution date-time at the client',
	value: 'none',
	holds: s => s.clientAt === null,
	apply: s => ({...s, clientAt: null}),
};

const SECURITY_CLIENT_CONTROL =
	'Client control is not available for security PCs: the PC user confirms the update and the PC restarts itself';

export const PAGE_LOCKS: Record<JobProfile, Partial<Record<WizardPage, PageLock>>> = {
	'security-install': {
		destination: {
			status: 'limited',
			forced: [],
			reason: 'A job to security PCs goes to a security-PC-only group (or single security PCs); shown for confirmation',
		},
		package: {
			status: 'limited',
			forced: [],
			reason:
				'Security PCs accept only update data packages; in Change only Replace existing package and the expiration at the relay can be edited',
		},
		distribution: {
			status: 'locked',
			forced: [doNotDistribute, unicast, noSplit],
			reason: 'Jobs to security PCs are always unicast, never split, and never sent to suspended destinations',
		},
		schedule: {
			status: 'limited',
			forced: [],
			ignored: [{setting: 'clientAt', label: 'Execution date-time at the client', note: 'ignored by security PCs'}],
			reason: 'The server start date is honoured; an execution date at the client is ignored by security PCs',
		},
		'client-control': {status: 'locked', forced: [noPowerOn, noShutdown], reason: SECURITY_CLIENT_CONTROL},
	},
	install: {},
	'transfer-to-relay': {
		distribution: {
			status: 'limited',
			forced: [unicast],
			reason: 'Multicast distribution is available only for Install package jobs',
		},
		schedule: {
			status: 'limited',
			forced: [noClientDate],
			reason: 'A transfer ends at the relay system: there is no execution date at a client',
		},
		'client-control': {
			status: 'locked',
			forced: [noPowerOn, noShutdown],
			reason: 'Client control applies to clients; Transfer package to relay system stops at the relay',
		},
	},
	'get-software-info': {
		package: {status: 'locked', forced: [], reason: 'Get software information from client takes no package'},
		distribution: {
			status: 'limited',
			forced: [unicast, noSplit],
			reason: 'Get software information carries no package: always unicast, nothing to split',
		},
	},
};

/** A security job: an Install package whose destinations are all security PCs. */
export function isSecurityJob(type: JobType, destinations: readonly DestinationRef[], inventory: Inventory): boolean {
	if (type !== 'install') return false;
	const hosts = hostsOf(destinations, inventory);
	return hosts.length > 0 && hosts.every(h => h.kind === 'security-pc');
}

export function jobProfile(type: JobType, destinations: readonly DestinationRef[], inventory: Inventory): JobProfile {
	return isSecurityJob(type, destinations, inventory) ? 'security-install' : type;
}

/** Why the profile's destinations do not act on a setting the job carries, or null when they do. */
export function ignoredNote(profile: JobProfile, setting: keyof JobSettings): string | null {
	for (const lock of Object.values(PAGE_LOCKS[profile])) {
		const found = lock?.ignored?.find(i => i.setting === setting);
		if (found) return found.note;
	}
	return null;
}

/** A job's client execution date, and the note when its destinations ignore it; null when it has none. */
export function clientDateOf(
	def: Pick<JobDefinition, 'type' | 'destinations' | 'settings'>,
	inventory: Inventory,
): {at: number; note: string | null} | null {
	const at = def.settings.clientAt;
	return at === null ? null : {at, note: ignoredNote(jobProfile(def.type, def.destinations, inventory), 'clientAt')};
}

/** The settings with every value the profile's locks force. */
export function applyForced(profile: JobProfile, settings: JobSettings): JobSettings {
	let out = settings;
	for (const lock of Object.values(PAGE_LOCKS[profile])) {
		for (const forced of lock?.forced ?? []) out = forced.apply(out);
	}
	return out;
}

/** Which installation conditions the Change Installation Conditions dialog lets the admin edit. */
export const EDITABLE_CONDITIONS: Record<'security' | 'normal', readonly (keyof InstallConditions)[]> = {
	security: ['replaceExisting', 'relayExpiresAt'],
	normal: ['timing', 'installAt', 'mode', 'replaceExisting', 'relayExpiresAt'],
};

/** Defining a job: defaults, the Define New Job choices, and the draft the wizard starts from (docs/rules.md). */
import {DAY_MS} from './durations.js';
import {
	type DestinationRef,
	type InstallConditions,
	type Inventory,
	type JobDefinition,
	type JobSettings,
	type JobType,
	type Package,
} from './model.js';
import {defaultJobName} from './rules/fields.js';
import {checkJob} from './rules/job-rules.js';
import {JOB_TYPE_ORDER, JOB_TYPES} from './rules/job-types.js';
import {applyForced, EDITABLE_CONDITIONS, jobProfile} from './rules/page-locks.js';

export const DEFAULT_RELAY_EXPIRY_DAYS = 90;

export function defaultSettings(): JobSettings {
	return {
		distributeToSuspended: false,
		method: 'unicast',
		split: null,
		startAt: null,
		timeLimit: null,
		clientAt: null,
		powerOn: false,
		shutdownAfter: false,
	};
}

export function defaultConditions(createdAt: number): InstallConditions {
	return {
		timing: 'normal',
		installAt: null,
		mode: 'background',
		replaceExisting: false,
		relayExpiresAt: createdAt + DEFAULT_RELAY_EXPIRY_DAYS * DAY_MS,
	};
}

/** A package's installation conditions with the job's overrides applied. */
export function effectiveConditions(pkg: Package, job: Pick<JobDefinition, 'packages'>): InstallConditions {
	const overrides = job.packages.find(p => p.id === pkg.id)?.conditions ?? {};
	return {...pkg.conditions, ...overrides};
}

/**
 * The job the wizard opens with: the default name (the first free one: `taken` is what definitions.ts's takenNames
 * says a new job may not take), default settings with the profile's forced values.
 */
export function draftJob(input: {
	type: JobType;
	destinations: DestinationRef[];
	packageIds: string[];
	inventory: Inventory;
	now: number;
	taken: readonly string[];
}): JobDefinition {
	const profile = jobProfile(input.type, input.destinations, input.inventory);
	const packages = JOB_TYPES[input.type].packages === 'none' ? [] : input.packageIds.map(id => ({id, conditions: {}}));
	return {
		name: defaultJobName(input.now, input.taken),
		type: input.type,
		destinations: input.destinations,
		packages,
		settings: applyForced(profile, defaultSettings()),
	};
}

/**
 * The definition made to fit its profile again after its destinations or packages changed: the values the profile's
 * page locks force are set, and condition overrides the profile cannot change (or that equal the package's own value)
 * are dropped. What the wizard shows is then exactly what is saved, and a value hidden behind a lock cannot make the
 * job unsavable.
 */
export function conformToProfile(def: JobDefinition, inventory: Inventory): JobDefinition {
	const profile = jobProfile(def.type, def.destinations, inventory);
	const editable: readonly string[] = EDITABLE_CONDITIONS[profile === 'security-install' ? 'security' : 'normal'];
	const packages = def.packages.map(entry => {
		const pkg = inventory.packages.find(p => p.id === entry.id);
		const kept = Object.entries(entry.conditions).filter(
			([key, value]) => editable.includes(key) && (!pkg || pkg.conditions[key as keyof InstallConditions] !== value),
		);
		return kept.length === Object.keys(entry.conditions).length
			? entry
			: {...entry, conditions: Object.fromEntries(kept)};
	});
	return {...def, packages, settings: applyForced(profile, def.settings)};
}

export interface JobTypeChoice {
	type: JobType;
	label: string;
	enabled: boolean;
	/** Why the type cannot run on this destination with these packages (empty when enabled). */
	reasons: string[];
}

/** The Define New Job dialog's list: every type, disabled with the rule's words where it cannot run. */
export function jobTypeChoices(input: {
	packageIds: string[];
	destination: DestinationRef;
	inventory: Inventory;
	now: number;
}): JobTypeChoice[] {
	return JOB_TYPE_ORDER.map(type => {
		// The name plays no part in which types are open: the draft is checked against no other names.
		const def = draftJob({
			type,
			destinations: [input.destination],
			packageIds: input.packageIds,
			inventory: input.inventory,
			now: input.now,
			taken: [],
		});
		const reasons = checkJob({def, inventory: input.inventory, now: input.now, existingNames: []})
			.filter(v => v.code !== null || v.rule === 'package-count' || v.rule === 'unknown-package')
			.map(v => v.message);
		return {type, label: JOB_TYPES[type].label, enabled: reasons.length === 0, reasons};
	});
}

/**
 * The rules of docs/rules.md as one array of named rules and one evaluator that returns every violation. The CLI,
 * the engine and the Create Job wizard all call `checkJob`, so a refusal reads the same everywhere.
 */
import {CODES} from '../codes.js';
import {destinationName, hostsOf, indexOf, isSecurityOnlyGroup} from '../inventory.js';
import type {DestinationRef, Host, Inventory, JobDefinition, Package} from '../model.js';
import {JOB_TYPES} from './job-types.js';
import {EDITABLE_CONDITIONS, isSecurityJob, jobProfile, PAGE_LOCKS, type WizardPage} from './page-locks.js';
import {formatUtc, validateJobName, validateSchedule, validateSplit} from './fields.js';
import type {MaintenanceCode} from '../../shared/maintenance-code.js';

export type RuleId =
	| 'job-name'
	| 'needs-destination'
	| 'unknown-destination'
	| 'destination-kind'
	| 'security-only-install'
	| 'update-data-to-security-only'
	| 'security-pc-update-data-only'
	| 'package-count'
	| 'unknown-package'
	| 'package-conditions'
	| 'locked-conditions'
	| 'locked-setting'
	| 'split'
	| 'schedule';

export interface Violation {
	rule: RuleId;
	page: WizardPage;
	message: string;
	/** 300093010000 where the destination cannot run the job; null for a plain input error. */
	code: MaintenanceCode | null;
}

export interface RuleContext {
	def: JobDefinition;
	inventory: Inventory;
	now: number;
	/** Names of the jobs that exist already (the job's own name excluded when editing). */
	existingNames: readonly string[];
}

interface Rule {
	id: RuleId;
	page: WizardPage;
	/** Set on the rules that say a destination cannot execute the job. */
	notSupported?: true;
	/** Messages on the rule's page, or on the page named with one (a setting reported where it is shown). */
	check(ctx: RuleContext & Derived): (string | {message: string; page: WizardPage})[];
}

interface Derived {
	hosts: Host[];
	packages: Package[];
	unknownDestinations: DestinationRef[];
	unknownPackages: string[];
}

const names = (hosts: readonly Host[], max = 5) =>
	hosts
		.slice(0, max)
		.map(h => h.id)
		.join(', ') + (hosts.length > max ? ` and ${hosts.length - max} more` : '');

const isSecurityDestination = (ref: DestinationRef, inventory: Inventory) => {
	const {hosts, groups} = indexOf(inventory);
	if (ref.kind === 'host') return hosts.get(ref.id)?.kind === 'security-pc';
	const group = groups.get(ref.id);
	return group !== undefined && isSecurityOnlyGroup(group, inventory);
};

const RULES: Rule[] = [
	{id: 'job-name', page: 'job', check: ({def, existingNames}) => validateJobName(def.name, existingNames)},
	{
		id: 'needs-destination',
		page: 'destination',
		check: ({def, hosts, unknownDestinations}) => {
			if (def.destinations.length === 0) return ['A job needs at least one destination'];
			return hosts.length === 0 && unknownDestinations.length === 0 ? ['The destinations contain no host'] : [];
		},
	},
	{
		id: 'unknown-destination',
		page: 'destination',
		check: ({unknownDestinations}) => unknownDestinations.map(ref => `Unknown destination ${ref.kind} "${ref.id}"`),
	},
	{
		id: 'destination-kind',
		notSupported: true,
		page: 'destination',
		check: ({def, hosts}) => {
			const spec = JOB_TYPES[def.type];
			const wrong = hosts.filter(h => !spec.destinationKinds.includes(h.kind));
			return wrong.length ? [`${spec.wrongDestination} (${names(wrong)})`] : [];
		},
	},
	{
		id: 'security-only-install',
		notSupported: true,
		page: 'destination',
		check: ({def, hosts}) => {
			if (def.type === 'install') return [];
			const security = hosts.filter(h => h.kind === 'security-pc');
			return security.length
				? [
						`Security PCs accept only Install package jobs; ${JOB_TYPES[def.type].label} cannot run on ${names(security)}`,
					]
				: [];
		},
	},
	{
		id: 'update-data-to-security-only',
		notSupported: true,
		page: 'package',
		check: ({def, packages, inventory}) => {
			if (def.type !== 'install') return [];
			const updateData = packages.filter(p => p.kind === 'update-data');
			const open = def.destinations.filter(ref => !isSecurityDestination(ref, inventory));
			if (!updateData.length || !open.length) return [];
			return [
				`Update data packages (${updateData.map(p => p.id).join(', ')}) can be installed only to security-PC-only ` +
					`groups or single security PCs; ${open.map(ref => destinationName(ref, inventory)).join(', ')} is not one`,
			];
		},
	},
	{
		id: 'security-pc-update-data-only',
		notSupported: true,
		page: 'package',
		check: ({def, packages, hosts}) => {
			if (def.type !== 'install') return [];
			const standard = packages.filter(p => p.kind === 'standard');
			const security = hosts.filter(h => h.kind === 'security-pc');
			if (!standard.length || !security.length) return [];
			return [
				`Security PCs accept only update data packages; ${standard.map(p => p.id).join(', ')} is a standard ` +
					`package and the destinations include security PCs ${names(security)}`,
			];
		},
	},
	{
		id: 'package-count',
		page: 'package',
		check: ({def}) => {
			const spec = JOB_TYPES[def.type];
			if (spec.packages === 'none') return def.packages.length ? [`${spec.label} takes no package`] : [];
			return def.packages.length ? [] : [`${spec.label} needs at least one package`];
		},
	},
	{
		id: 'unknown-package',
		page: 'package',
		check: ({unknownPackages}) => unknownPackages.map(id => `Unknown package "${id}"`),
	},
	{
		id: 'package-conditions',
		page: 'package',
		check: ({def, now}) =>
			def.packages.flatMap(({id, conditions}) => [
				...(conditions.relayExpiresAt !== undefined && conditions.relayExpiresAt < now
					? [
							`Package expiration at the relay system for ${id} (${formatUtc(conditions.relayExpiresAt)}) is in the past`,
						]
					: []),
				...(conditions.installAt !== undefined && conditions.installAt !== null && conditions.installAt < now
					? [`Installation date-time for ${id} (${formatUtc(conditions.installAt)}) is in the past`]
					: []),
			]),
	},
	{
		id: 'locked-conditions',
		page: 'package',
		check: ({def, inventory}) => {
			if (!isSecurityJob(def.type, def.destinations, inventory)) return [];
			const editable: readonly string[] = EDITABLE_CONDITIONS.security;
			const locked = [
				...new Set(def.packages.flatMap(p => Object.keys(p.conditions).filter(k => !editable.includes(k)))),
			];
			return locked.length
				? [
						`For security PCs only Replace existing package and the expiration at the relay can be changed, not ${locked.join(', ')}`,
					]
				: [];
		},
	},
	{
		id: 'locked-setting',
		page: 'distribution',
		check: ({def, inventory}) => {
			const out: {message: string; page: WizardPage}[] = [];
			for (const [page, lock] of Object.entries(PAGE_LOCKS[jobProfile(def.type, def.destinations, inventory)])) {
				for (const forced of lock?.forced ?? []) {
					if (!forced.holds(def.settings))
						out.push({message: `${forced.label} is locked for this job: ${lock!.reason}`, page: page as WizardPage});
				}
			}
			return out;
		},
	},
	{id: 'split', page: 'distribution', check: ({def}) => validateSplit(def.settings)},
	{id: 'schedule', page: 'schedule', check: ({def, now}) => validateSchedule(def.settings, now)},
];

function derive(def: JobDefinition, inventory: Inventory): Derived {
	const index = indexOf(inventory);
	const unknownDestinations = def.destinations.filter(ref =>
		ref.kind === 'host' ? !index.hosts.has(ref.id) : !index.groups.has(ref.id),
	);
	const packages: Package[] = [];
	const unknownPackages: string[] = [];
	for (const {id} of def.packages) {
		const pkg = index.packages.get(id);
		if (pkg) packages.push(pkg);
		else unknownPackages.push(id);
	}
	return {hosts: hostsOf(def.destinations, inventory), packages, unknownDestinations, unknownPackages};
}

/** Every rule the job definition breaks, in rule order; empty when the job may be created. */
export function checkJob(ctx: RuleContext): Violation[] {
	const derived = derive(ctx.def, ctx.inventory);
	const full = {...ctx, ...derived};
	return RULES.flatMap(rule =>
		rule.check(full).map(found => ({
			rule: rule.id,
			...(typeof found === 'string' ? {page: rule.page, message: found} : found),
			code: rule.notSupported ? CODES.jobTypeNotSupported : null,
		})),
	);
}

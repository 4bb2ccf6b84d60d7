/**
 * The `rim …` command line that does what a site action did: the audit log records it, the TUI shows it after an
 * action. Built from the action's concrete values (the job's name, absolute dates), so that running the logged lines
 * again on a copy of the site before them gives the same site. One table entry per action kind.
 */
import type {ConditionOverrides, JobDefinition} from './model.js';
import type {SiteAction} from './site-actions.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The options of `rim job create` that set what `def` sets; `exact` is false when the CLI cannot say it all. */
function definitionOptions(def: JobDefinition): {argv: string[]; exact: boolean} {
	const argv = ['--type', def.type];
	for (const p of def.packages) argv.push('--package', p.id);
	for (const d of def.destinations) argv.push('--destination', d.id);
	argv.push('--name', def.name);
	// The CLI sets one set of installation conditions for every package; the wizard may set them per package.
	const first: ConditionOverrides = def.packages[0]?.conditions ?? {};
	const same = def.packages.every(p => JSON.stringify(p.conditions) === JSON.stringify(first));
	if (first.replaceExisting) argv.push('--replace-existing');
	if (first.relayExpiresAt !== undefined) argv.push('--relay-expiry', iso(first.relayExpiresAt));
	if (first.timing !== undefined) argv.push('--timing', first.timing);
	if (first.installAt !== undefined && first.installAt !== null) argv.push('--install-at', iso(first.installAt));
	if (first.mode !== undefined) argv.push('--install-mode', first.mode);
	const s = def.settings;
	if (s.startAt !== null) argv.push('--at', iso(s.startAt));
	if (s.timeLimit !== null) argv.push('--time-limit', iso(s.timeLimit));
	if (s.clientAt !== null) argv.push('--client-at', iso(s.clientAt));
	if (s.distributeToSuspended) argv.push('--distribute-to-suspended');
	if (s.method === 'multicast') argv.push('--multicast');
	if (s.split) argv.push('--split', `${s.split.bytes}:${s.split.intervalSeconds}`);
	if (s.powerOn) argv.push('--power-on');
	if (s.shutdownAfter) argv.push('--shutdown-after');
	return {argv, exact: same};
}

/** The command line, without the leading `rim`; null when no command does it. `exact`: false when it does nearly. */
export type Equivalent = {argv: string[]; exact: boolean} | null;

const exactly = (argv: string[]): Equivalent => ({argv, exact: true});

const LINES: {[K in SiteAction['kind']]: (action: Extract<SiteAction, {kind: K}>) => Equivalent} = {
	'execute-job': a => {
		const {argv, exact} = definitionOptions(a.def);
		return {argv: ['job', 'create', ...argv], exact};
	},
	'execute-definition': a => exactly(['definition', 'run', a.definition]),
	'save-definition': a => {
		// A definition's content is replaced only in the wizard: the CLI keeps new definitions.
		if (a.replaced) return null;
		const {argv, exact} = definitionOptions(a.def);
		return {
			argv: ['job', 'create', ...argv, '--save-only', ...(a.folder === null ? [] : ['--folder', a.folder])],
			exact,
		};
	},
	'delete-definition': a => exactly(['definition', 'delete', a.definition, '--yes']),
	'move-definition': a => exactly(['definition', 'move', a.definition, a.folder ?? '/']),
	'create-folder': a => exactly(['folder', 'create', a.path]),
	'rename-folder': a => exactly(['folder', 'rename', a.path, a.name]),
	'delete-folder': a => exactly(['folder', 'delete', a.path, ...(a.force ? ['--force'] : [])]),
	rerun: a => exactly(['job', 'rerun', a.job, ...a.hosts.flatMap(h => ['--host', h])]),
	'delete-job': a => exactly(['job', 'delete', a.job, '--yes']),
	'add-package': a =>
		exactly([
			'package',
			'add',
			a.source,
			'--id',
			a.id,
			'--version',
			a.version,
			'--kind',
			a.packageKind,
			'--name',
			a.name,
			'--cabinet',
			a.cabinet,
			...(a.os.length ? ['--os', a.os.join(',')] : []),
			...(a.installScript ? ['--install-script', a.installScript] : []),
		]),
	'remove-package': a => exactly(['package', 'remove', a.id]),
	'create-group': a => exactly(['group', 'create', a.id, '--name', a.name]),
	'group-members': a => exactly(['group', a.change, a.id, ...a.hosts]),
	'delete-group': a => exactly(['group', 'delete', a.id]),
	'remove-host': a => exactly(['host', 'remove', a.id]),
	// Run on the PC, with its folder, the manager's URL and (for agent-enrolled) a token no log may keep.
	'agent-pending': a => ({
		argv: [a.role === 'relay' ? 'relay' : 'agent', '--name', a.host, '--role', a.role],
		exact: false,
	}),
	'agent-enrolled': a => ({
		argv: [a.role === 'relay' ? 'relay' : 'agent', '--name', a.host, '--token', 'TOKEN'],
		exact: false,
	}),
	'accept-agent': a => exactly(['host', 'accept', a.host]),
	// Running it again makes another token (its own id and secret): nearly the same.
	'create-token': a => ({
		argv: ['token', 'create', '--role', a.role, '--uses', String(a.uses), '--expires', a.expires],
		exact: false,
	}),
	'lab-fault': a => exactly(['lab', 'fault', a.host, a.fault]),
	'lab-answer': a => exactly(['lab', 'answer', a.host, a.answer]),
	'lab-power': a => exactly(['lab', 'power', a.host, a.on ? 'on' : 'off']),
	'cert-issue': a => exactly(['cert', 'issue', a.host]),
	'demo-reset': a =>
		exactly(['demo', 'reset', ...(a.hosts === null ? [] : ['--hosts', String(a.hosts)]), '--seed', String(a.seed)]),
	init: () => exactly(['init']),
};

export function equivalentCommand(action: SiteAction): Equivalent {
	return (LINES[action.kind] as (a: SiteAction) => Equivalent)(action);
}

/** The line the TUI's hint line and session log show for an action: its command, or what it did when none does it. */
export function commandLineOf(action: SiteAction): string {
	const line = equivalentCommand(action);
	return line
		? `${shellLine(line.argv)}${line.exact ? '' : '  # nearly'}`
		: `# ${describeAction(action)} (no command does this)`;
}

/** `rim job create --name 'Monthly patch' …`: words a POSIX shell reads back as the same argv. */
export function shellLine(argv: readonly string[]): string {
	return ['rim', ...argv].map(shellWord).join(' ');
}

/** One word as a POSIX shell reads it back (quoted only when it needs to be). */
export function shellWord(word: string): string {
	return /^[A-Za-z0-9_./:,=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** One line saying what the action did, for `rim log` and the TUI. */
export function describeAction(action: SiteAction): string {
	switch (action.kind) {
		case 'execute-job':
			return `executed job ${action.job} (${action.def.name})`;
		case 'execute-definition':
			return `executed definition ${action.definition} as job ${action.job}`;
		case 'save-definition':
			return `${action.replaced ? 'changed' : 'saved'} definition ${action.definition}`;
		case 'delete-definition':
			return `deleted definition ${action.definition}`;
		case 'move-definition':
			return `moved definition ${action.definition} to ${action.folder ?? '/'}`;
		case 'create-folder':
			return `created folder ${action.path}`;
		case 'rename-folder':
			return `renamed folder ${action.path} to ${action.name}`;
		case 'delete-folder':
			return `deleted folder ${action.path}`;
		case 'rerun':
			return `re-executed ${action.hosts.join(', ')} in job ${action.job}`;
		case 'delete-job':
			return `deleted job ${action.job}`;
		case 'add-package':
			return `added package ${action.id}`;
		case 'remove-package':
			return `removed package ${action.id}`;
		case 'create-group':
			return `created group ${action.id}`;
		case 'group-members':
			return `${action.change === 'add' ? 'added' : 'removed'} ${action.hosts.join(', ')} ${action.change === 'add' ? 'to' : 'from'} group ${action.id}`;
		case 'delete-group':
			return `deleted group ${action.id}`;
		case 'remove-host':
			return `removed host ${action.id}`;
		case 'agent-pending':
			return `agent ${action.host} (${action.role}) asked to enrol and waits for rim host accept`;
		case 'agent-enrolled':
			return `agent ${action.host} enrolled as a ${action.role} with a join token`;
		case 'create-token':
			return `created join token ${action.token} (${action.role}, ${action.uses} use${action.uses === 1 ? '' : 's'}, expires in ${action.expires})`;
		case 'accept-agent':
			return `accepted agent ${action.host} (${action.role})`;
		case 'lab-fault':
			return `lab: ${action.fault} on ${action.host}`;
		case 'lab-answer':
			return `lab: answered ${action.answer} on ${action.host}`;
		case 'lab-power':
			return `lab: powered ${action.host} ${action.on ? 'on' : 'off'}`;
		case 'cert-issue':
			return `issued a new device certificate to ${action.host}`;
		case 'demo-reset':
			return `reset the demo fleet (seed ${action.seed}${action.hosts === null ? '' : `, ${action.hosts} hosts`})`;
		case 'init':
			return 'created an empty site';
	}
}

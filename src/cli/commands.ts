/** The table of headless commands: name, usage line, summary, and the function that runs it. */
import {cert, code, demo, lab} from './lab-commands.js';
import {server} from './server-command.js';
import {destinations, packages} from './inventory-commands.js';
import {groupCmd, hostCmd, init, packageCmd} from './site-commands.js';
import {jobCreate, jobDelete, jobRerun, jobRun, jobStatus, jobsList} from './job-commands.js';
import type {CommandContext} from './context.js';

export interface CommandSpec {
	name: string;
	usage: string;
	summary: string;
	/** The runner reads the second word itself (`lab fault|answer|power`, `cert issue`). */
	keepsVerb?: true;
	/** Needs no data directory: never sent to a manager. */
	local?: true;
	/** Needs the data directory to itself: refused while a manager serves it. */
	exclusive?: true;
	run(ctx: CommandContext): Promise<number>;
}

export const COMMANDS: readonly CommandSpec[] = [
	{name: 'packages', usage: 'rim packages [--json]', summary: 'list cabinets\' packages (kind, version, size)', run: packages},
	{name: 'destinations', usage: 'rim destinations [--json]', summary: 'list hosts (relay tree) and host groups', run: destinations},
	{name: 'job create', usage: 'rim job create --type install|transfer-to-relay|get-software-info [--package ID]… --destination ID… ' +
		'[--name N] [--replace-existing] [--relay-expiry YYYY-MM-DD] [--timing normal|at-system-start|at-system-stop] ' +
		'[--install-at DATE] [--install-mode background|gui] [--at DATE] [--time-limit DATE] [--client-at DATE] ' +
		'[--distribute-to-suspended] [--multicast] [--split BYTES:SECONDS] [--power-on] [--shutdown-after] [--save-only] ' +
		'[--wait [--stop-at-dialogs] [--realtime [--speed N]]] [--json]',
		summary: 'define a job with every wizard setting; executes it unless --save-only', run: jobCreate},
	{name: 'job run', usage: 'rim job run ID [--wait [--realtime [--speed N]]] [--json]', summary: 'execute a saved job; --wait drives the simulated fleet to the end', run: jobRun},
	{name: 'job status', usage: 'rim job status ID [--json]', summary: 'each destination\'s state, %, code, cause and action', run: jobStatus},
	{name: 'job rerun', usage: 'rim job rerun ID [--host H]… [--wait] [--json]', summary: 're-execute the destinations that ended in error', run: jobRerun},
	{name: 'job delete', usage: 'rim job delete ID --yes', summary: 'delete a job', run: jobDelete},
	{name: 'jobs', usage: 'rim jobs [--json]', summary: 'list jobs with progress and Finished/Error/Rejected/Total', run: jobsList},
	{name: 'server', exclusive: true, usage: 'rim server', summary: 'the headless manager: serves the data directory to every other rim (stop: SIGTERM or SIGINT)', run: server},
	{name: 'code', local: true, usage: 'rim code CODE|--all [--json]', summary: 'a maintenance code\'s title, cause and action', run: code},
	{name: 'demo reset', keepsVerb: true, exclusive: true, usage: 'rim demo reset [--hosts N] [--seed S]', summary: 'wipe the data directory and create a new demo fleet', run: demo},
	{name: 'lab fault', keepsVerb: true, usage: 'rim lab fault HOST no-cert|foreign-cert|expired-cert|no-ca-cert|tampered-data|low-memory|unauthorized-pki|internal-error|other-error|clear',
		summary: 'make an authentication fault real on a security PC\'s device (or clear every fault)', run: lab},
	{name: 'lab answer', keepsVerb: true, usage: 'rim lab answer HOST yes|later|cancel', summary: 'answer a security PC\'s confirmation dialog for its user', run: lab},
	{name: 'lab power', keepsVerb: true, usage: 'rim lab power HOST on|off', summary: 'start or stop a PC', run: lab},
	{name: 'init', exclusive: true, usage: 'rim init [--json]', summary: 'create an empty real site (certification office; no hosts, no packages)', run: init},
	{name: 'package add', keepsVerb: true, usage: 'rim package add PATH --id ID --version V --kind standard|update-data [--name N] ' +
		'[--cabinet CC] [--os LIST] [--install-script REL] [--json]',
		summary: 'pack a file or folder (tar + gzip) into a package, stored once by its SHA-256; update data gets a signed manifest', run: packageCmd},
	{name: 'package remove', keepsVerb: true, usage: 'rim package remove ID [--json]', summary: 'remove a package no job uses', run: packageCmd},
	{name: 'group create', keepsVerb: true, usage: 'rim group create ID [--name N] [--json]', summary: 'create an empty host group', run: groupCmd},
	{name: 'group add', keepsVerb: true, usage: 'rim group add ID HOST… [--json]', summary: 'add hosts to a group', run: groupCmd},
	{name: 'group remove', keepsVerb: true, usage: 'rim group remove ID HOST… [--json]', summary: 'remove hosts from a group', run: groupCmd},
	{name: 'group delete', keepsVerb: true, usage: 'rim group delete ID [--json]', summary: 'delete a group no saved job names', run: groupCmd},
	{name: 'host show', keepsVerb: true, usage: 'rim host show HOST [--json]', summary: 'what rim knows of a host, with the last software list collected', run: hostCmd},
	{name: 'host remove', keepsVerb: true, usage: 'rim host remove HOST [--json]', summary: 'remove a host no job is running on from the site and its groups', run: hostCmd},
	{name: 'cert issue', keepsVerb: true, usage: 'rim cert issue HOST', summary: 'issue a new device certificate to a security PC', run: cert},
];

/** Finds the command named by the first one or two words of argv; returns it with the remaining arguments. */
export function findCommand(argv: string[]): {spec: CommandSpec; rest: string[]} | null {
	const two = argv.slice(0, 2).join(' ');
	const byTwo = COMMANDS.find(c => c.name === two);
	if (byTwo) return {spec: byTwo, rest: argv.slice(byTwo.keepsVerb ? 1 : 2)};
	const byOne = COMMANDS.find(c => c.name === argv[0]);
	return byOne ? {spec: byOne, rest: argv.slice(1)} : null;
}

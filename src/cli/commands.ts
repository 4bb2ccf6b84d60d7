/** The table of headless commands: name, usage line, summary, and the function that runs it. */
import {cert, code, demo, lab} from './lab-commands.js';
import {server} from './server-command.js';
import {destinations, packages} from './inventory-commands.js';
import {groupCmd, hostCmd, init, packageCmd} from './site-commands.js';
import {tokenCmd} from './agent-admin-commands.js';
import {agentAnswer, agentCmd} from './agent-command.js';
import {relayCmd} from './relay-command.js';
import {jobCreate, jobDelete, jobRerun, jobRun, jobStatus, jobsList} from './job-commands.js';
import {
	definitionDelete,
	definitionMove,
	definitionRun,
	definitionShow,
	definitionsList,
	folderCreate,
	folderDelete,
	folderRename,
	foldersList,
} from './definition-commands.js';
import type {CommandContext} from './context.js';
import {logCmd} from './log-command.js';

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
	{
		name: 'packages',
		usage: 'rim packages [--json]',
		summary: "list cabinets' packages (kind, version, size)",
		run: packages,
	},
	{
		name: 'destinations',
		usage: 'rim destinations [--json | --csv]',
		summary: 'list hosts (relay tree) and host groups',
		run: destinations,
	},
	{
		name: 'job create',
		usage:
			'rim job create --type install|transfer-to-relay|get-software-info [--package ID]… --destination ID… ' +
			'[--name N] [--replace-existing] [--relay-expiry YYYY-MM-DD] [--timing normal|at-system-start|at-system-stop] ' +
			'[--install-at DATE] [--install-mode background|gui] [--at DATE] [--time-limit DATE] [--client-at DATE] ' +
			'[--distribute-to-suspended] [--multicast] [--split BYTES:SECONDS] [--power-on] [--shutdown-after] ' +
			'[--save | --save-only [--folder F]] [--wait [--stop-at-dialogs] [--realtime [--speed N]]] [--json]',
		summary:
			'define a job with every wizard setting and execute it; --save also keeps it as a definition, --save-only only keeps it',
		run: jobCreate,
	},
	{
		name: 'job run',
		usage: 'rim job run ID --wait [--stop-at-dialogs] [--realtime [--speed N]] [--json]',
		summary: 'drive a running job with the simulated fleet to its end',
		run: jobRun,
	},
	{
		name: 'job status',
		usage: 'rim job status ID [--json | --csv]',
		summary: "each destination's state, %, code, cause and action",
		run: jobStatus,
	},
	{
		name: 'job rerun',
		usage: 'rim job rerun ID [--host H]… [--wait [--stop-at-dialogs] [--realtime [--speed N]]] [--json]',
		summary: 're-execute the destinations that ended in error',
		run: jobRerun,
	},
	{
		name: 'job delete',
		usage: 'rim job delete ID --yes',
		summary: 'delete a job (refused while a destination is in progress)',
		run: jobDelete,
	},
	{
		name: 'jobs',
		usage: 'rim jobs [--json | --csv]',
		summary: 'list jobs with progress and Finished/Error/Rejected/Total',
		run: jobsList,
	},
	{
		name: 'server',
		exclusive: true,
		usage: 'rim server [--listen HOST:PORT] [--agent-cert-validity DURATION]',
		summary: 'the headless manager: serves the data directory to every other rim (stop: SIGTERM or SIGINT)',
		run: server,
	},
	{
		name: 'definitions',
		usage: 'rim definitions [--folder F] [--json]',
		summary: 'saved definitions (all, or those in folder F and below) with their executions',
		run: definitionsList,
	},
	{
		name: 'definition show',
		usage: 'rim definition show NAME [--json]',
		summary: 'everything a definition sets, and its executions',
		run: definitionShow,
	},
	{
		name: 'definition run',
		usage: 'rim definition run NAME [--wait [--stop-at-dialogs] [--realtime [--speed N]]] [--json]',
		summary: 'execute a definition again: a new job; prints its id',
		run: definitionRun,
	},
	{
		name: 'definition delete',
		usage: 'rim definition delete NAME --yes',
		summary: 'delete a definition (its executions stay)',
		run: definitionDelete,
	},
	{
		name: 'definition move',
		usage: 'rim definition move NAME FOLDER',
		summary: 'move a definition to another folder (/ is the top)',
		run: definitionMove,
	},
	{
		name: 'folders',
		usage: 'rim folders [--json]',
		summary: 'the folders of the Job Definition window',
		run: foldersList,
	},
	{
		name: 'folder create',
		usage: 'rim folder create PATH',
		summary: 'create a folder (PATH like Monthly or Monthly/Security; up to 4 levels)',
		run: folderCreate,
	},
	{name: 'folder rename', usage: 'rim folder rename PATH NAME', summary: 'rename a folder', run: folderRename},
	{
		name: 'folder delete',
		usage: 'rim folder delete PATH [--force]',
		summary: 'delete a folder; one that is not empty only with --force (its contents go with it)',
		run: folderDelete,
	},
	{
		name: 'log',
		local: true,
		usage: 'rim log [--since DATE] [--json]',
		summary: 'the audit log: every action that changed the site, who did it, from where, and its rim command line',
		run: logCmd,
	},
	{
		name: 'code',
		local: true,
		usage: 'rim code CODE|--all [--json]',
		summary: "a maintenance code's title, cause and action",
		run: code,
	},
	{
		name: 'demo reset',
		keepsVerb: true,
		exclusive: true,
		usage: 'rim demo reset [--hosts N] [--seed S]',
		summary: 'wipe the data directory and create a new demo fleet',
		run: demo,
	},
	{
		name: 'lab fault',
		keepsVerb: true,
		usage:
			'rim lab fault HOST no-cert|foreign-cert|expired-cert|no-ca-cert|tampered-data|low-memory|unauthorized-pki|internal-error|other-error|clear',
		summary: "make an authentication fault real on a security PC's device (or clear every fault)",
		run: lab,
	},
	{
		name: 'lab answer',
		keepsVerb: true,
		usage: 'rim lab answer HOST yes|later|cancel',
		summary: "answer a security PC's confirmation dialog for its user",
		run: lab,
	},
	{name: 'lab power', keepsVerb: true, usage: 'rim lab power HOST on|off', summary: 'start or stop a PC', run: lab},
	{
		name: 'lab clock',
		keepsVerb: true,
		usage: 'rim lab clock [pause|resume|toggle|step|faster|slower|speed N] [--json]',
		summary: 'show or control the lab clock of the running TUI or rim server (speed, pause, step to the next event)',
		run: lab,
	},
	{
		name: 'init',
		exclusive: true,
		usage: 'rim init [--json]',
		summary: 'create an empty real site (certification office; no hosts, no packages)',
		run: init,
	},
	{
		name: 'package add',
		keepsVerb: true,
		usage:
			'rim package add PATH --id ID --version V --kind standard|update-data [--name N] ' +
			'[--cabinet CC] [--os LIST] [--install-script REL] [--json]',
		summary:
			'pack a file or folder (tar + gzip) into a package, stored once by its SHA-256; update data gets a signed manifest',
		run: packageCmd,
	},
	{
		name: 'package remove',
		keepsVerb: true,
		usage: 'rim package remove ID [--json]',
		summary: 'remove a package no job uses',
		run: packageCmd,
	},
	{
		name: 'group create',
		keepsVerb: true,
		usage: 'rim group create ID [--name N] [--json]',
		summary: 'create an empty host group',
		run: groupCmd,
	},
	{
		name: 'group add',
		keepsVerb: true,
		usage: 'rim group add ID HOST… [--json]',
		summary: 'add hosts to a group',
		run: groupCmd,
	},
	{
		name: 'group remove',
		keepsVerb: true,
		usage: 'rim group remove ID HOST… [--json]',
		summary: 'remove hosts from a group',
		run: groupCmd,
	},
	{
		name: 'group delete',
		keepsVerb: true,
		usage: 'rim group delete ID [--json]',
		summary: 'delete a group no definition names',
		run: groupCmd,
	},
	{
		name: 'host show',
		keepsVerb: true,
		usage: 'rim host show HOST [--json]',
		summary: 'what rim knows of a host, with the last software list collected',
		run: hostCmd,
	},
	{
		name: 'host remove',
		keepsVerb: true,
		usage: 'rim host remove HOST [--json]',
		summary: 'remove a host no job is running on from the site and its groups',
		run: hostCmd,
	},
	{
		name: 'host accept',
		keepsVerb: true,
		usage: 'rim host accept HOST [--json]',
		summary: 'admit an agent that enrolled without a token (the office signs its certificate)',
		run: hostCmd,
	},
	{
		name: 'host pending',
		keepsVerb: true,
		usage: 'rim host pending [--json]',
		summary: 'agents waiting for rim host accept',
		run: hostCmd,
	},
	{
		name: 'token create',
		keepsVerb: true,
		usage: 'rim token create --role pc|security-pc|relay [--uses N] [--expires 30m|24h|7d] [--json]',
		summary: 'a join token for rim agent --token or rim relay --token (single use and 24 h by default)',
		run: tokenCmd,
	},
	{
		name: 'agent answer',
		local: true,
		usage: 'rim agent answer yes|later|cancel --dir A',
		summary: 'answer the confirmation dialog an agent holds open (started without --answer, or with --answer ask)',
		run: agentAnswer,
	},
	{
		name: 'agent',
		local: true,
		usage:
			'rim agent --dir A --server URL [--token T] [--name NAME] [--role pc|security-pc] [--install-root R] ' +
			'[--answer yes|later|cancel|ask] [--dialog-timeout S] [--os OS] [--restart-command CMD] [--auth-memory BYTES] ' +
			'[--install-timeout S] [--start-jitter MS]',
		summary: 'the client agent of a real PC: enrols, polls the manager, installs what it is sent',
		run: agentCmd,
	},
	{
		name: 'relay',
		local: true,
		usage:
			'rim relay --dir R --server URL --token T --listen HOST:PORT [--name NAME] [--cache-bytes N] [--os OS] [--start-jitter MS]',
		summary:
			'a relay system: enrols, keeps packages by digest, serves the agents below it (they use its URL as --server)',
		run: relayCmd,
	},
	{
		name: 'cert issue',
		keepsVerb: true,
		usage: 'rim cert issue HOST',
		summary: 'issue a new device certificate to a security PC',
		run: cert,
	},
];

/** Finds the command named by the first one or two words of argv; returns it with the remaining arguments. */
export function findCommand(argv: string[]): {spec: CommandSpec; rest: string[]} | null {
	const two = argv.slice(0, 2).join(' ');
	const byTwo = COMMANDS.find(c => c.name === two);
	if (byTwo) return {spec: byTwo, rest: argv.slice(byTwo.keepsVerb ? 1 : 2)};
	const byOne = COMMANDS.find(c => c.name === argv[0]);
	return byOne ? {spec: byOne, rest: argv.slice(1)} : null;
}

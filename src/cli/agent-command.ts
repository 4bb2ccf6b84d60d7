/**
 * `rim agent --dir A --server URL …`: the client agent in the foreground (a service manager keeps it running). SIGTERM
 * or SIGINT stops it after the step in progress is saved; a refusal (bad token, name taken) is one line, exit 2.
 */
import path from 'node:path';
import {AGENT_DEFAULTS, runAgent} from '../agent/agent.js';
import {AgentFiles} from '../agent/agent-state.js';
import {terminalAsker} from '../agent/terminal-prompt.js';
import {AGENT_ROLES, type AgentRole} from '../net/agents/protocol.js';
import {noExtra, parse, UsageError} from './args.js';
import {clientIdentity, untilSignalled, wholeOption} from './client-options.js';
import {InputError, type CommandContext} from './context.js';

const ANSWERS = ['yes', 'later', 'cancel', 'ask'] as const;

export async function agentCmd(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {
		dir: {type: 'string'},
		server: {type: 'string'},
		token: {type: 'string'},
		name: {type: 'string'},
		role: {type: 'string'},
		'install-root': {type: 'string'},
		answer: {type: 'string'},
		os: {type: 'string'},
		'restart-command': {type: 'string'},
		'auth-memory': {type: 'string'},
		'install-timeout': {type: 'string'},
		'start-jitter': {type: 'string'},
		'dialog-timeout': {type: 'string'},
	});
	noExtra(positionals, 0);
	const {dir: folder, server, name, os: osName} = clientIdentity(values, 'agent', "the manager's agent URL");
	const role = String(values.role ?? 'pc');
	if (!(AGENT_ROLES as readonly string[]).includes(role))
		throw new UsageError(
			`--role must be ${AGENT_ROLES.join(' or ')} (a relay runs as rim relay), not ${JSON.stringify(role)}`,
		);
	// Unattended answers only when asked for: otherwise the PC's user answers (on this terminal, or from another shell).
	const answer = String(values.answer ?? 'ask');
	if (!ANSWERS.includes(answer as (typeof ANSWERS)[number]))
		throw new UsageError(`--answer must be yes, later, cancel or ask, not ${JSON.stringify(answer)}`);
	const dir = path.resolve(folder);
	return untilSignalled(async signal => {
		const end = await runAgent(
			{
				dir,
				server,
				token: typeof values.token === 'string' ? values.token : null,
				name,
				role: role as AgentRole,
				os: osName,
				installRoot: path.resolve(
					typeof values['install-root'] === 'string' ? values['install-root'] : path.join(dir, 'root'),
				),
				answer: answer as (typeof ANSWERS)[number],
				dialogTimeoutMs:
					wholeOption(values['dialog-timeout'], 'dialog-timeout', 1, 86_400, AGENT_DEFAULTS.dialogTimeoutMs / 1000) *
					1000,
				ask:
					answer === 'ask' && process.stdin.isTTY && process.stdout.isTTY
						? terminalAsker(process.stdin, process.stdout, () => process.kill(process.pid, 'SIGINT'))
						: undefined,
				restartCommand: typeof values['restart-command'] === 'string' ? values['restart-command'] : null,
				authMemoryBytes: wholeOption(values['auth-memory'], 'auth-memory', 1, 2 ** 50, AGENT_DEFAULTS.authMemoryBytes),
				installTimeoutMs:
					wholeOption(values['install-timeout'], 'install-timeout', 1, 86_400, AGENT_DEFAULTS.installTimeoutMs / 1000) *
					1000,
				pollTimeoutMs: AGENT_DEFAULTS.pollTimeoutMs,
				chunkTimeoutMs: AGENT_DEFAULTS.chunkTimeoutMs,
				startJitterMs: wholeOption(values['start-jitter'], 'start-jitter', 0, 600_000, AGENT_DEFAULTS.startJitterMs),
				retry: AGENT_DEFAULTS.retry,
				log: line => ctx.out.log(`rim agent: ${line}`),
				random: Math.random,
				now: () => ctx.wallNow(),
			},
			signal,
		);
		if (end.kind === 'refused') throw new InputError(end.reason);
		if (end.kind === 'restarted') ctx.out.log(`rim agent: restarted as pid ${end.pid ?? '?'}`);
		else ctx.out.log('rim agent: stopped');
		return 0;
	});
}

/** `rim agent answer yes|later|cancel --dir A`: answers the dialog an agent started with `--answer ask` holds open. */
export async function agentAnswer(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {dir: {type: 'string'}});
	const answer = positionals[0];
	noExtra(positionals, 1);
	if (answer !== 'yes' && answer !== 'later' && answer !== 'cancel')
		throw new UsageError(`answer yes, later or cancel, not ${JSON.stringify(answer ?? '')}`);
	if (typeof values.dir !== 'string' || values.dir === '') throw new UsageError("missing --dir A (the agent's folder)");
	const files = new AgentFiles(path.resolve(values.dir));
	const dialog = files.read(files.dialog);
	if (dialog === null) throw new InputError(`no confirmation dialog is open on the agent in ${files.dir}`);
	files.write(files.answer, answer);
	ctx.out.log(`answered ${answer}`);
	return 0;
}

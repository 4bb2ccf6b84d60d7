/**
 * `rim agent --dir A --server URL …`: the client agent in the foreground (a service manager keeps it running). SIGTERM
 * or SIGINT stops it after the step in progress is saved; a refusal (bad token, name taken) is one line, exit 2.
 */
import os from 'node:os';
import path from 'node:path';
import {AGENT_DEFAULTS, runAgent} from '../agent/agent.js';
import {AgentFiles} from '../agent/agent-state.js';
import {AGENT_ROLES, type AgentRole} from '../net/agents/protocol.js';
import {ID_RULES} from '../shared/ids.js';
import {noExtra, parse, UsageError} from './args.js';
import {InputError, type CommandContext} from './context.js';

const ANSWERS = ['yes', 'later', 'cancel', 'ask'] as const;

function whole(value: unknown, flag: string, min: number, max: number, fallback: number): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isSafeInteger(n) || n < min || n > max)
		throw new UsageError(`--${flag} wants a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
	return n;
}

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
	});
	noExtra(positionals, 0);
	if (typeof values.dir !== 'string' || values.dir === '')
		throw new UsageError('missing --dir A (the folder where the agent keeps everything)');
	if (typeof values.server !== 'string')
		throw new UsageError("missing --server URL (the manager's agent URL, https://HOST:PORT)");
	let server: URL;
	try {
		server = new URL(values.server);
	} catch {
		throw new UsageError(`--server wants an https:// URL, not ${JSON.stringify(values.server)}`);
	}
	if (server.protocol !== 'https:')
		throw new UsageError(
			`--server wants an https:// URL (agents speak only TLS), not ${JSON.stringify(values.server)}`,
		);
	const name = typeof values.name === 'string' ? values.name : os.hostname().split('.')[0]!;
	if (!ID_RULES.host.pattern.test(name))
		throw new UsageError(`--name ${JSON.stringify(name)} is not a host name rim accepts: ${ID_RULES.host.words}`);
	const role = String(values.role ?? 'pc');
	if (!(AGENT_ROLES as readonly string[]).includes(role))
		throw new UsageError(
			`--role must be ${AGENT_ROLES.join(' or ')} (a relay runs as rim relay), not ${JSON.stringify(role)}`,
		);
	const answer = String(values.answer ?? 'yes');
	if (!ANSWERS.includes(answer as (typeof ANSWERS)[number]))
		throw new UsageError(`--answer must be yes, later, cancel or ask, not ${JSON.stringify(answer)}`);
	const osName = String(values.os ?? (process.platform === 'linux' ? 'linux' : process.platform));
	if (!/^[a-z0-9][a-z0-9._-]{0,31}$/.test(osName))
		throw new UsageError(`--os wants 1–32 characters a-z 0-9 . _ -, not ${JSON.stringify(osName)}`);
	const dir = path.resolve(values.dir);
	const stop = new AbortController();
	const onSignal = () => stop.abort();
	process.once('SIGTERM', onSignal);
	process.once('SIGINT', onSignal);
	try {
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
				dialogTimeoutMs: AGENT_DEFAULTS.dialogTimeoutMs,
				restartCommand: typeof values['restart-command'] === 'string' ? values['restart-command'] : null,
				authMemoryBytes: whole(values['auth-memory'], 'auth-memory', 1, 2 ** 50, AGENT_DEFAULTS.authMemoryBytes),
				installTimeoutMs:
					whole(values['install-timeout'], 'install-timeout', 1, 86_400, AGENT_DEFAULTS.installTimeoutMs / 1000) * 1000,
				pollTimeoutMs: AGENT_DEFAULTS.pollTimeoutMs,
				chunkTimeoutMs: AGENT_DEFAULTS.chunkTimeoutMs,
				startJitterMs: whole(values['start-jitter'], 'start-jitter', 0, 600_000, AGENT_DEFAULTS.startJitterMs),
				retry: AGENT_DEFAULTS.retry,
				log: line => ctx.out.log(`rim agent: ${line}`),
				random: Math.random,
				now: () => ctx.wallNow(),
			},
			stop.signal,
		);
		if (end.kind === 'refused') throw new InputError(end.reason);
		if (end.kind === 'restarted') ctx.out.log(`rim agent: restarted as pid ${end.pid ?? '?'}`);
		else ctx.out.log('rim agent: stopped');
		return 0;
	} finally {
		process.off('SIGTERM', onSignal);
		process.off('SIGINT', onSignal);
	}
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

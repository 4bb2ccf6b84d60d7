/**
 * `rim relay --dir R --server URL --token T --listen HOST:PORT …`: a relay system in the foreground (a service manager
 * keeps it running). Prints one ready line with the URL the hosts below it use as their --server; SIGTERM or SIGINT
 * stops it; a refusal (bad token, name taken, port in use) is one line, exit 2.
 */
import os from 'node:os';
import path from 'node:path';
import {AGENT_DEFAULTS} from '../agent/agent.js';
import {parseListen} from '../net/agents/agent-port.js';
import {RELAY_DEFAULTS, runRelay} from '../relay/relay.js';
import {ID_RULES} from '../shared/ids.js';
import {noExtra, parse, UsageError} from './args.js';
import {InputError, type CommandContext} from './context.js';

function whole(value: unknown, flag: string, min: number, max: number, fallback: number): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isSafeInteger(n) || n < min || n > max)
		throw new UsageError(`--${flag} wants a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
	return n;
}

export async function relayCmd(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {
		dir: {type: 'string'},
		server: {type: 'string'},
		token: {type: 'string'},
		name: {type: 'string'},
		listen: {type: 'string'},
		'cache-bytes': {type: 'string'},
		os: {type: 'string'},
		'start-jitter': {type: 'string'},
	});
	noExtra(positionals, 0);
	if (typeof values.dir !== 'string' || values.dir === '')
		throw new UsageError('missing --dir R (the folder where the relay keeps everything)');
	if (typeof values.server !== 'string')
		throw new UsageError(
			'missing --server URL (the agent URL of the manager or of the relay above, https://HOST:PORT)',
		);
	let server: URL;
	try {
		server = new URL(values.server);
	} catch {
		throw new UsageError(`--server wants an https:// URL, not ${JSON.stringify(values.server)}`);
	}
	if (server.protocol !== 'https:')
		throw new UsageError(
			`--server wants an https:// URL (relays speak only TLS), not ${JSON.stringify(values.server)}`,
		);
	if (typeof values.listen !== 'string')
		throw new UsageError(
			'missing --listen HOST:PORT (where the hosts below this relay connect; port 0 picks a free one)',
		);
	const listen = parseListen(values.listen);
	if (!listen.ok) throw new UsageError(listen.error);
	const name = typeof values.name === 'string' ? values.name : os.hostname().split('.')[0]!;
	if (!ID_RULES.host.pattern.test(name))
		throw new UsageError(`--name ${JSON.stringify(name)} is not a host name rim accepts: ${ID_RULES.host.words}`);
	const osName = String(values.os ?? (process.platform === 'linux' ? 'linux' : process.platform));
	if (!/^[a-z0-9][a-z0-9._-]{0,31}$/.test(osName))
		throw new UsageError(`--os wants 1–32 characters a-z 0-9 . _ -, not ${JSON.stringify(osName)}`);
	const cacheBytes = whole(values['cache-bytes'], 'cache-bytes', 1, 2 ** 50, RELAY_DEFAULTS.cacheBytes);
	const dir = path.resolve(values.dir);
	const stop = new AbortController();
	const onSignal = () => stop.abort();
	process.once('SIGTERM', onSignal);
	process.once('SIGINT', onSignal);
	try {
		const end = await runRelay(
			{
				dir,
				server,
				token: typeof values.token === 'string' ? values.token : null,
				name,
				os: osName,
				listen: listen.value,
				cacheBytes,
				startJitterMs: whole(values['start-jitter'], 'start-jitter', 0, 600_000, AGENT_DEFAULTS.startJitterMs),
				retry: AGENT_DEFAULTS.retry,
				log: line => ctx.out.log(`rim relay: ${line}`),
				random: Math.random,
				now: () => ctx.wallNow(),
				onReady: url => ctx.out.log(`rim relay: ${name} serves the hosts below it on ${url}`),
			},
			stop.signal,
		);
		if (end.kind === 'refused') throw new InputError(end.reason);
		ctx.out.log('rim relay: stopped');
		return 0;
	} finally {
		process.off('SIGTERM', onSignal);
		process.off('SIGINT', onSignal);
	}
}

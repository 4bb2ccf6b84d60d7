/**
 * `rim relay --dir R --server URL --token T --listen HOST:PORT …`: a relay system in the foreground (a service manager
 * keeps it running). Prints one ready line with the URL the hosts below it use as their --server; SIGTERM or SIGINT
 * stops it; a refusal (bad token, name taken, port in use) is one line, exit 2.
 */
import path from 'node:path';
import {AGENT_DEFAULTS} from '../agent/agent.js';
import {parseListen} from '../net/agents/agent-port.js';
import {RELAY_DEFAULTS, runRelay} from '../relay/relay.js';
import {noExtra, parse, UsageError} from './args.js';
import {clientIdentity, untilSignalled, wholeOption} from './client-options.js';
import {InputError, type CommandContext} from './context.js';

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
	const {
		dir: folder,
		server,
		name,
		os: osName,
	} = clientIdentity(values, 'relay', 'the agent URL of the manager or of the relay above');
	if (typeof values.listen !== 'string')
		throw new UsageError(
			'missing --listen HOST:PORT (where the hosts below this relay connect; port 0 picks a free one)',
		);
	const listen = parseListen(values.listen);
	if (!listen.ok) throw new UsageError(listen.error);
	const cacheBytes = wholeOption(values['cache-bytes'], 'cache-bytes', 1, 2 ** 50, RELAY_DEFAULTS.cacheBytes);
	const dir = path.resolve(folder);
	return untilSignalled(async signal => {
		const end = await runRelay(
			{
				dir,
				server,
				token: typeof values.token === 'string' ? values.token : null,
				name,
				os: osName,
				listen: listen.value,
				cacheBytes,
				startJitterMs: wholeOption(values['start-jitter'], 'start-jitter', 0, 600_000, AGENT_DEFAULTS.startJitterMs),
				retry: AGENT_DEFAULTS.retry,
				log: line => ctx.out.log(`rim relay: ${line}`),
				random: Math.random,
				now: () => ctx.wallNow(),
				onReady: url => ctx.out.log(`rim relay: ${name} serves the hosts below it on ${url}`),
			},
			signal,
		);
		if (end.kind === 'refused') throw new InputError(end.reason);
		ctx.out.log('rim relay: stopped');
		return 0;
	});
}

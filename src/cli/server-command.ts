/**
 * `rim server`: the headless manager. Owns the data directory, runs the engine on the real clock, serves the admin
 * socket, prints one ready line and then log lines; SIGTERM or SIGINT stops it cleanly: no new requests, in-flight ones
 * finished (bounded), writes flushed, lock released, exit 0.
 */
import {clockSpeed, timeoutTicker} from '../clock-choice.js';
import {startManager} from '../manager.js';
import {openSession} from '../session.js';
import {parseDuration} from './agent-admin-commands.js';
import {noExtra, parse, UsageError} from './args.js';
import {DEFAULT_AGENT_LISTEN, openAgentPort, parseListen, type AgentPort} from '../net/agents/agent-port.js';
import {dataDirOf, InputError, type CommandContext} from './context.js';

const stamp = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

export async function server(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {listen: {type: 'string'}, 'agent-cert-validity': {type: 'string'}});
	noExtra(positionals, 0);
	// Certificates shorter-lived than a minute would be due for renewal as soon as they are issued.
	const certValidityMs =
		values['agent-cert-validity'] === undefined
			? null
			: parseDuration(String(values['agent-cert-validity']), 'agent-cert-validity', {ms: 60_000, shown: '1 m'});
	if (ctx.manager) throw new InputError('a manager already serves this data directory');
	const listen = values.listen === undefined ? null : parseListen(String(values.listen));
	if (listen && !listen.ok) throw new UsageError(listen.error);
	const dataDir = dataDirOf(ctx, values['data-dir']);
	const log = (line: string) => ctx.out.log(`rim server: ${stamp()} ${line}`);
	const opened = await openSession({
		dataDir,
		now: ctx.wallNow(),
		clock: {kind: 'real', speed: clockSpeed(ctx.env)},
		ticker: timeoutTicker,
		onWriteResult: saveTransitions(log),
	});
	if (!opened.ok) throw new InputError(opened.error);
	const session = opened.value;
	const started = await startManager({session, dataDir, log, runCommand: ctx.runCommand});
	if (!started.ok) {
		await session.close();
		throw new InputError(started.error);
	}
	const manager = started.value;
	// Listening before the ready line goes out: whoever read it may stop the server at once.
	const stopped = new Promise<string>(resolve => {
		const stop = (signal: NodeJS.Signals) => () => resolve(signal);
		process.once('SIGTERM', stop('SIGTERM'));
		process.once('SIGINT', stop('SIGINT'));
	});
	let port: AgentPort | null = null;
	// A real site's agents need a port whether or not it was named; the demo's simulated PCs need none.
	const agentListen = listen ? listen.value : session.agents ? DEFAULT_AGENT_LISTEN : null;
	if (session.agents && certValidityMs !== null) session.agents.registry.certValidityMs = certValidityMs;
	if (agentListen) {
		if (!session.agents) {
			await manager.close();
			await session.close();
			throw new InputError(
				'--listen opens the agent port of a real site; this data directory holds the simulated demo (make one with rim init)',
			);
		}
		const opened = await openAgentPort({
			desk: session.agents,
			office: session.engine.office,
			dataDir,
			...agentListen,
			now: ctx.wallNow(),
			log,
		});
		if (!opened.ok) {
			await manager.close();
			await session.close();
			throw new InputError(
				listen ? opened.error : `${opened.error} (the agent port of a real site; name another with --listen HOST:PORT)`,
			);
		}
		port = opened.value;
		ctx.out.log(`rim server: agents on ${port.url} · admin socket ${manager.socket}`);
	} else {
		ctx.out.log(`rim server: admin socket ${manager.socket}`);
	}
	const signal = await stopped;
	log(`${signal}: stopping (no new requests; finishing the ones in flight)`);
	await port?.close();
	if (port) {
		const {payloadBytes, handshakes, resumedHandshakes} = port.server.stats;
		log(
			`served ${payloadBytes} payload bytes to agents and relays; ${handshakes} TLS handshakes, ${resumedHandshakes} of them resumed sessions`,
		);
	}
	await manager.close();
	const closed = await session.close();
	if (!closed.ok) {
		log(`stopped, lock released, but the last changes are NOT saved: ${closed.error}`);
		return 2;
	}
	log('stopped: writes flushed, lock released');
	return 0;
}

/** Logs when writes start failing (or fail for another reason) and when they reach the disk again; not every retry. */
function saveTransitions(log: (line: string) => void): (failure: string | null) => void {
	let failing: string | null = null;
	return failure => {
		if (failure === failing) return;
		if (failure === null) log('saved: every change is on disk again');
		else log(`NOT saved: ${failure}; rim keeps the changes and retries (at most every 30 s)`);
		failing = failure;
	};
}

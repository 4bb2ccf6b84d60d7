/**
 * The manager: the process that owns a data directory serves its admin socket, so every other rim process on the
 * directory attaches instead of failing on the lock. Commands run here, on the live engine, exactly as `rim …` would run
 * them; live views get a snapshot and then deltas (src/live/).
 */
import type {Out} from './cli/output.js';
import {socketPath} from './cli/attached.js';
import {AdminServer, type AdminConnection} from './net/admin/server.js';
import type {AdminLimits, AdminRequest} from './net/admin/protocol.js';
import type {Session} from './session.js';
import {serveCall, serveWatch} from './live/serve.js';
import {actingAs, currentActor, localUser} from './actor.js';
import {commandLineOf} from './engine/command-line.js';

export interface Manager {
	readonly socket: string;
	/** Stops taking requests, lets in-flight ones finish (bounded), says goodbye to clients, removes the socket. */
	close(): Promise<void>;
}

/** Runs one headless command line as `rim ARGV…` would, on the manager's live session (the CLI's dispatcher). */
export type CommandRunner = (argv: string[], out: Out, session: Session) => Promise<number>;

export interface ManagerOptions {
	session: Session;
	dataDir: string;
	runCommand: CommandRunner;
	/** One line per event worth a log (a command and its exit code, a client gone); none by default. */
	log?: (line: string) => void;
	limits?: Partial<AdminLimits>;
}

export async function startManager(
	opts: ManagerOptions,
): Promise<{ok: true; value: Manager} | {ok: false; error: string}> {
	const {session, log = () => {}} = opts;
	const handler = {
		request: async (request: AdminRequest, connection: AdminConnection) => {
			switch (request.op) {
				case 'command': {
					const {id} = request;
					const out: Out = {
						log: line => void connection.send({id, out: line}),
						error: line => void connection.send({id, err: line}),
					};
					// The attached client's user and origin, for the audit log this process (the directory's owner) writes.
					const code = await actingAs(request.as ?? {user: localUser(), origin: 'cli'}, () =>
						opts.runCommand(request.argv, out, session),
					);
					connection.send({id, exit: code});
					log(`command ${JSON.stringify(request.argv.join(' '))} → exit ${code}`);
					return;
				}
				case 'watch':
					return serveWatch(session.engine, request.id, connection, session.agents);
				case 'call': {
					const actor = request.as ?? {user: localUser(), origin: 'tui'};
					return actingAs(actor, async () => {
						// The command line of each action this call makes (this client's, not another's made meanwhile), for
						// the attached TUI's hint line and session log.
						const stop = session.engine.onAction(action => {
							if (currentActor() === actor) connection.send({id: request.id, did: commandLineOf(action)});
						});
						try {
							await serveCall(session.engine, request, connection, {
								dataDir: opts.dataDir,
								fleetKind: session.fleetKind,
								agents: session.agents,
							});
						} finally {
							stop();
						}
					});
				}
			}
		},
	};
	const server = new AdminServer(handler, {pid: process.pid, dataDir: opts.dataDir}, opts.limits);
	const path = socketPath(opts.dataDir);
	const listening = await server.listen(path);
	if (!listening.ok) return {ok: false, error: listening.error.message};
	return {ok: true, value: {socket: path, close: () => server.close()}};
}

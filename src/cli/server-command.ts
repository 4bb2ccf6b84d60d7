/**
 * `rim server`: the headless manager. Owns the data directory, runs the engine on the real clock, serves the admin
 * socket, prints one ready line and then log lines; SIGTERM or SIGINT stops it cleanly: no new requests, in-flight ones
 * finished (bounded), writes flushed, lock released, exit 0.
 */
import {clockSpeed, timeoutTicker} from '../clock-choice.js';
import {startManager} from '../manager.js';
import {openSession} from '../session.js';
import {noExtra, parse} from './args.js';
import {dataDirOf, InputError, type CommandContext} from './context.js';

const stamp = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

export async function server(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {});
	noExtra(positionals, 0);
	if (ctx.manager) throw new InputError('a manager already serves this data directory');
	const dataDir = dataDirOf(ctx, values['data-dir']);
	const log = (line: string) => ctx.out.log(`rim server: ${stamp()} ${line}`);
	const opened = await openSession({dataDir, now: ctx.wallNow(), clock: {kind: 'real', speed: clockSpeed(ctx.env)}, ticker: timeoutTicker,
		onWriteError: message => log(`could not save: ${message}`)});
	if (!opened.ok) throw new InputError(opened.error);
	const session = opened.value;
	const started = await startManager({session, dataDir, log, runCommand: ctx.runCommand});
	if (!started.ok) {
		await session.close();
		throw new InputError(started.error);
	}
	const manager = started.value;
	ctx.out.log(`rim server: admin socket ${manager.socket}`);
	const stopped = new Promise<string>(resolve => {
		const stop = (signal: NodeJS.Signals) => () => resolve(signal);
		process.once('SIGTERM', stop('SIGTERM'));
		process.once('SIGINT', stop('SIGINT'));
	});
	const signal = await stopped;
	log(`${signal}: stopping (no new requests; finishing the ones in flight)`);
	await manager.close();
	await session.close();
	log('stopped: writes flushed, lock released');
	return 0;
}

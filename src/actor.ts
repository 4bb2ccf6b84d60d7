/**
 * Who is acting, for the audit log: the Unix user and where the action came from (the TUI, a CLI command, an agent).
 * Each entry point runs its work inside `actingAs`; an attached client passes its own user and origin to the manager,
 * which runs the request as them. Carried by AsyncLocalStorage, so concurrent requests in one manager never mix.
 */
import {AsyncLocalStorage} from 'node:async_hooks';
import os from 'node:os';

export type Origin = 'tui' | 'cli' | 'agent';

export interface Actor {
	user: string;
	origin: Origin;
}

const acting = new AsyncLocalStorage<Actor>();

/** This process's Unix user name (its uid when the name cannot be read). */
export function localUser(): string {
	try {
		return os.userInfo().username;
	} catch {
		return `uid ${process.getuid?.() ?? 'unknown'}`;
	}
}

export function actingAs<T>(actor: Actor, fn: () => T): T {
	return acting.run(actor, fn);
}

/** The actor of the work under way; a command run in this process is the local user's, from the CLI. */
export function currentActor(): Actor {
	return acting.getStore() ?? {user: localUser(), origin: 'cli'};
}

/** Writes each site action to the data directory's audit log, as the acting user, with its equivalent command line. */
import {currentActor} from './actor.js';
import {appendAudit} from './data/audit-log.js';
import {describeAction, equivalentCommand, shellLine} from './engine/command-line.js';
import type {SiteAction} from './engine/site-actions.js';

/** Appends `action`; a failed append (a full disk) is a warning: the action itself was made. */
export function recordAction(dataDir: string, action: SiteAction, warn: (message: string) => void = () => {}): void {
	const actor = currentActor();
	const line = equivalentCommand(action);
	const written = appendAudit(dataDir, {
		at: new Date().toISOString(),
		user: actor.user,
		origin: actor.origin,
		what: describeAction(action),
		command: line && shellLine(line.argv),
		exact: line?.exact ?? true,
	});
	if (!written.ok) warn(written.error.message);
}

/** Finding definitions and folders by the names the admin types, and how the CLI prints a definition. */
import {findDefinition, findFolder, folderPath} from '../engine/definitions.js';
import type {Engine} from '../engine/engine.js';
import type {Definition, Folder} from '../engine/model.js';
import {UsageError} from './args.js';

export function requireDefinition(engine: Engine, name: string): Definition {
	const found = findDefinition(engine.state, name);
	if (!found) throw new UsageError(`no definition "${name}" (see rim definitions)`);
	return found;
}

/** A folder path (`Monthly/Security`); `/` alone is the top of the Job Definition window (null). */
export function folderArg(engine: Engine, path: string): string | null {
	return path.split('/').every(part => part === '') ? null : requireFolder(engine, path).id;
}

export function requireFolder(engine: Engine, path: string): Folder {
	const found = findFolder(engine.state, path);
	if (!found) throw new UsageError(`no folder "${path}" (see rim folders)`);
	return found;
}

export function definitionJson(engine: Engine, def: Definition) {
	const executions = engine.state.jobs.filter(j => j.definition?.id === def.id).map(j => j.id);
	return {
		id: def.id,
		name: def.name,
		folder: def.folder === null ? null : folderPath(engine.state, def.folder),
		type: def.type,
		destinations: def.destinations,
		packages: def.packages,
		settings: def.settings,
		createdAt: new Date(def.createdAt).toISOString(),
		modifiedAt: new Date(def.modifiedAt).toISOString(),
		executions,
	};
}

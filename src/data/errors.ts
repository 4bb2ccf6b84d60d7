import path from 'node:path';

/** Why the store refused to open or to write; `message` is one line naming the file and what to do. */
export type StoreError =
	| {kind: 'locked'; file: string; pid: number; message: string}
	| {kind: 'corrupt'; file: string; message: string}
	| {kind: 'invalid'; file: string; message: string}
	| {kind: 'newer-schema'; file: string; version: number; message: string}
	| {kind: 'io'; file: string; message: string};

/** Collapses whitespace so that a reason taken from an exception or a validator stays on one line. */
export const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The `code: message` of a Node error, or its text, on one line. */
export function describe(e: unknown): string {
	if (e instanceof Error) {
		const code = (e as NodeJS.ErrnoException).code;
		return oneLine(code !== undefined && !e.message.startsWith(code) ? `${code}: ${e.message}` : e.message);
	}
	return oneLine(String(e));
}

/** The errno code of a Node error, if any. */
export const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;

/** What an admin can do about a damaged data file: restore the backup if there is one, else start over. */
export function recoveryHint(file: string, backup: string | null): string {
	const base = path.basename(file);
	return backup !== null
		? `The last good copy is ${backup}: copy it over ${base} to recover, or run \`rim demo reset\` to start a new demo fleet.`
		: `There is no backup: move ${base} aside and run \`rim demo reset\` to start a new demo fleet.`;
}

/** The data directory is held by another live process; `command` is its command line when it can be read. */
export const lockedError = (dir: string, lockFile: string, pid: number, command: string | null = null): StoreError => {
	// rim runs as node (bin/rim execs node); a live process that is another program only reuses a dead rim's pid.
	const isRim = command === null || pid === process.pid || /^(\S*\/)?(node|rim)(\s|$)/.test(command);
	return {
		kind: 'locked',
		file: lockFile,
		pid,
		message: isRim
			? `data directory ${dir} is in use by rim process ${pid}; quit that rim first ` +
				`(if no such process exists, delete ${lockFile}).`
			: `data directory ${dir} is locked by ${lockFile}, which names process ${pid}, but that process is not rim ` +
				`(${command.length > 60 ? `${command.slice(0, 60)}…` : command}): the lock is stale; if no rim is using ${dir}, delete ${lockFile}.`,
	};
};

/** The file system is out of space (or the user's quota is used up). */
export const isDiskFull = (e: unknown): boolean => ['ENOSPC', 'EDQUOT'].includes(errno(e) ?? '');

/**
 * A file system call failed; `doing` says what we were trying, e.g. "write data file /x/rim.json". A full disk is named
 * as such first, whatever the call was: it is the one cause the admin fixes outside rim.
 */
export const ioError = (file: string, doing: string, e: unknown, advice: string): StoreError => ({
	kind: 'io',
	file,
	message: `could not ${doing} (${describe(e)}); ${isDiskFull(e) ? `the disk holding ${path.dirname(file)} is full; ` : ''}${advice}`,
});

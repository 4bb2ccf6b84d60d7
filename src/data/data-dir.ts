import path from 'node:path';

/**
 * Where rim keeps its data (docs/storage.md): the `--data-dir` flag, else env `RIM_DATA_DIR`, else
 * `$XDG_DATA_HOME/rim`, else `~/.local/share/rim`. Pure apart from resolving a relative path against the cwd.
 */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv, home: string): string {
	const chosen = nonEmpty(flag) ?? nonEmpty(env['RIM_DATA_DIR']);
	if (chosen !== undefined) return path.resolve(expandHome(chosen, home));
	const xdg = nonEmpty(env['XDG_DATA_HOME']);
	// The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
	if (xdg !== undefined && path.isAbsolute(xdg)) return path.join(xdg, 'rim');
	return path.join(home, '.local', 'share', 'rim');
}

const nonEmpty = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);

// `--data-dir=~/x` reaches us unexpanded because the shell only expands a leading `~` of a word.
const expandHome = (p: string, home: string) =>
	p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;

/**
 * Whether the patches of patches/ (applied by patch-package when `npm ci` or `npm install` runs) are in node_modules:
 * a tree installed some other way, or before a patch was added, measures a different program (the Ink patch alone
 * makes key → frame several times faster), so the benchmarks that run the TUI say so instead of reporting its figures.
 */
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {hasScript} from './pty.js';

/** The files of node_modules that lack a line some patch adds to them; empty when every patch is applied. */
export function unpatchedFiles(root = process.cwd()): string[] {
	const dir = path.join(root, 'patches');
	const missing: string[] = [];
	for (const name of readdirSync(dir).filter(n => n.endsWith('.patch'))) {
		for (const section of readFileSync(path.join(dir, name), 'utf8')
			.split(/^diff --git /m)
			.slice(1)) {
			const target = /^\+\+\+ b\/(.+)$/m.exec(section)?.[1];
			if (!target) continue;
			const added = section
				.split('\n')
				.filter(line => line.startsWith('+') && !line.startsWith('+++'))
				.map(line => line.slice(1).trim())
				.filter(line => line.length > 0);
			let text = '';
			try {
				text = readFileSync(path.join(root, target), 'utf8');
			} catch {
				// A missing file lacks every line.
			}
			const lines = new Set(text.split('\n').map(line => line.trim()));
			if (added.some(line => !lines.has(line))) missing.push(target);
		}
	}
	return missing;
}

/** The line a benchmark prints instead of its figures when the tree is not patched; null when it is. */
export function unpatchedNotice(): string | null {
	const files = unpatchedFiles();
	return files.length === 0
		? null
		: `  not measured: ${files.join(', ')} lack${files.length === 1 ? 's' : ''} the lines patches/ adds (run \`npm ci\`, which applies them)`;
}

/** Why the benchmarks that run rim's TUI in a pty cannot run here (no pty, or an unpatched tree); null when they can. */
export function ptyBenchBlocker(): string | null {
	if (!hasScript) return '  not measured: util-linux `script` (the pty) is not installed';
	return unpatchedNotice();
}

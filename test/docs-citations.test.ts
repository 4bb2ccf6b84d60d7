/**
 * Comments and tests cite documents inside the repository only (docs/, README.md): every `*.md` a source, test, bench
 * or script file names must exist, so a citation cannot point at a page nobody else can read.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

function files(dir: string): string[] {
	return readdirSync(dir).flatMap(name => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? files(path) : /\.(ts|tsx|mjs)$/.test(name) ? [path] : [];
	});
}

/** The `.md` documents a text names, as written (`docs/pki.md`, `README.md`). */
function cited(text: string): string[] {
	return [...text.matchAll(/(?<![\w./-])((?:[\w-]+\/)*[\w-]+\.md)\b/g)].map(m => m[1]!);
}

describe('citations', () => {
	it('reads the documents a comment names', () => {
		const outside = ['spec', 'md'].join('.');
		expect(cited(`see docs/pki.md, The check; README.md and (${outside} §3), not ../README.md`)).toEqual([
			'docs/pki.md',
			'README.md',
			outside,
		]);
	});

	it('name only documents that exist in the repository', () => {
		const missing = ['src', 'test', 'bench', 'scripts'].flatMap(files).flatMap(file =>
			cited(readFileSync(file, 'utf8'))
				.filter(doc => !existsSync(doc))
				.map(doc => `${file}: ${doc}`),
		);
		expect(missing).toEqual([]);
	});
});

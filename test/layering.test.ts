/**
 * One direction of dependency (style.md rule 6), checked on every import in src/**: screens never reach the store or
 * node-forge, the engine never reaches React, Ink, the store or the screens, and the store never reaches the UI or PKI.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {describe, expect, it} from 'vitest';

const ROOT = resolve('src');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap(name => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
	});
}

/** Every module a source file names: static imports and re-exports (type-only included), and dynamic import(). */
function specifiers(source: string): string[] {
	const out: string[] = [];
	const patterns = [
		/^\s*(?:import|export)\s+(?:type\s+)?[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm,
		/^\s*import\s+['"]([^'"]+)['"]/gm,
		/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
	];
	for (const pattern of patterns) for (const m of source.matchAll(pattern)) out.push(m[1]!);
	return out;
}

/** A relative specifier as a path under src/ (`engine/model.ts`); a package as its name (`react`, `lowdb`). */
function target(file: string, spec: string): string {
	if (!spec.startsWith('.')) return spec.startsWith('node:') ? spec : spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
	const base = resolve(dirname(file), spec).replace(/\.js$/, '');
	const found = ['.ts', '.tsx', '/index.ts', '/index.tsx'].map(ext => base + ext).find(existsSync) ?? base;
	return relative(ROOT, found).split('\\').join('/');
}

const edges = sourceFiles(ROOT).flatMap(file => {
	const from = relative(ROOT, file).split('\\').join('/');
	return specifiers(readFileSync(file, 'utf8')).map(spec => ({from, to: target(file, spec)}));
});

type Matcher = (name: string) => boolean;
const pkg = (name: string): Matcher => to => to === name;
const under = (dir: string): Matcher => to => to.startsWith(`${dir}/`);
const ink: Matcher = to => to === 'ink' || to.startsWith('ink-');

function forbidden(fromLayer: Matcher, banned: Record<string, Matcher>): string[] {
	return edges
		.filter(e => fromLayer(e.from))
		.flatMap(e => Object.entries(banned).filter(([, m]) => m(e.to)).map(([what]) => `${e.from} imports ${e.to} (${what})`));
}

describe('layering of src/**', () => {
	it('reads the imports it checks', () => {
		expect(specifiers(`import type {A} from './a.js';\nimport {B,\n  C} from "b";\nexport {D} from '../d.js';\nimport 'e';\nawait import('./f.js');`))
			.toEqual(['./a.js', 'b', '../d.js', 'e', './f.js']);
		expect(edges).toContainEqual({from: 'engine/pki/certs.ts', to: 'node-forge'});
		expect(edges).toContainEqual({from: 'session.ts', to: 'data/store.ts'});
		expect(edges).toContainEqual({from: 'engine/engine.ts', to: 'engine/job-machine.ts'});
	});

	it('keeps the screens and the app away from lowdb, node-forge and the store', () => {
		const screens: Matcher = from => under('screens')(from) || from === 'app.tsx';
		expect(forbidden(screens, {lowdb: pkg('lowdb'), 'node-forge': pkg('node-forge'), store: under('data')})).toEqual([]);
	});

	it('keeps the engine away from React, Ink, the store and the screens', () => {
		expect(forbidden(under('engine'), {react: pkg('react'), ink, store: under('data'), screens: under('screens'),
			lowdb: pkg('lowdb')})).toEqual([]);
	});

	it('keeps the store away from React, Ink and node-forge', () => {
		expect(forbidden(under('data'), {react: pkg('react'), ink, 'node-forge': pkg('node-forge'), screens: under('screens')})).toEqual([]);
	});
});

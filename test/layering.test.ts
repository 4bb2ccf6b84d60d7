/**
 * One direction of dependency (docs/ARCHITECTURE.md), checked on the TRANSITIVE closure of every import in src/**, so
 * that a screen cannot reach node-forge through a barrel, nor the engine reach `fs` through a helper. Two closures:
 * - `imports`: every edge, `import type` included (what a module knows about): layer directions and cycles;
 * - `loads`: the edges that survive compilation (what running a module loads): `import type` is erased, while
 *   `import {type X}` is kept (verbatimModuleSyntax leaves `import {} from …`, which still loads the module).
 * Every failure names the whole chain, e.g. `screens/lab-menus.ts -> engine/pki/index.ts -> … -> node-forge`.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {describe, expect, it} from 'vitest';

interface Edge {
	to: string;
	typeOnly: boolean;
}
type Graph = ReadonlyMap<string, readonly Edge[]>;
type Follow = 'imports' | 'loads';
type Matcher = (name: string) => boolean;

const ROOT = resolve('src');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap(name => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
	});
}

/** Every module a source file names: static imports and re-exports (marking `import type`/`export type`), import(). */
function specifiers(source: string): {spec: string; typeOnly: boolean}[] {
	const out: {spec: string; typeOnly: boolean}[] = [];
	for (const m of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'";]*?\sfrom\s+['"]([^'"]+)['"]/gm)) {
		out.push({spec: m[2]!, typeOnly: m[1] !== undefined});
	}
	for (const m of source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push({spec: m[1]!, typeOnly: false});
	for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({spec: m[1]!, typeOnly: false});
	return out;
}

/** A relative specifier as a path under src/ (`engine/model.ts`); a package as its name (`react`, `node:fs`). */
function target(file: string, spec: string): string {
	if (!spec.startsWith('.')) {
		if (spec.startsWith('node:')) return spec.split('/')[0]!;
		return spec
			.split('/')
			.slice(0, spec.startsWith('@') ? 2 : 1)
			.join('/');
	}
	const base = resolve(dirname(file), spec).replace(/\.js$/, '');
	const found = ['.ts', '.tsx', '/index.ts', '/index.tsx'].map(ext => base + ext).find(existsSync) ?? base;
	return relative(ROOT, found).split('\\').join('/');
}

function readGraph(): Graph {
	const graph = new Map<string, Edge[]>();
	for (const file of sourceFiles(ROOT)) {
		const from = relative(ROOT, file).split('\\').join('/');
		graph.set(
			from,
			specifiers(readFileSync(file, 'utf8')).map(({spec, typeOnly}) => ({to: target(file, spec), typeOnly})),
		);
	}
	return graph;
}

/** Everything `start` reaches, each with the chain that reaches it; `skip` drops edges (a known, named breach). */
function closure(graph: Graph, start: string, follow: Follow, skip: Matcher = () => false): Map<string, string[]> {
	const chains = new Map<string, string[]>([[start, [start]]]);
	const queue = [start];
	while (queue.length) {
		const from = queue.shift()!;
		for (const edge of graph.get(from) ?? []) {
			if ((follow === 'loads' && edge.typeOnly) || chains.has(edge.to) || skip(`${from} -> ${edge.to}`)) continue;
			chains.set(edge.to, [...chains.get(from)!, edge.to]);
			queue.push(edge.to);
		}
	}
	chains.delete(start);
	return chains;
}

interface Rule {
	/** Which files the rule is about. */
	from: Matcher;
	follow: Follow;
	/** What none of them may reach, by name (the name appears in the failure). */
	never: Record<string, Matcher>;
	/** Edges (`a.ts -> b.ts`) left out of the walk: a known breach another branch removes. */
	except?: Matcher;
}

function breaches(graph: Graph, rule: Rule): string[] {
	const found: string[] = [];
	for (const file of graph.keys()) {
		if (!rule.from(file)) continue;
		for (const [reached, chain] of closure(graph, file, rule.follow, rule.except)) {
			for (const [what, matches] of Object.entries(rule.never)) {
				if (matches(reached)) found.push(`${chain.join(' -> ')} (${what})`);
			}
		}
	}
	return found;
}

/** Strongly connected components of more than one node (Tarjan), over `edges` as given. */
function cycles(nodes: Iterable<string>, edges: (node: string) => Iterable<string>): string[][] {
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	const visit = (v: string) => {
		index.set(v, index.size);
		low.set(v, index.get(v)!);
		stack.push(v);
		onStack.add(v);
		for (const w of edges(v)) {
			if (!index.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
		}
		if (low.get(v) !== index.get(v)) return;
		const component: string[] = [];
		let w: string;
		do {
			w = stack.pop()!;
			onStack.delete(w);
			component.push(w);
		} while (w !== v);
		if (component.length > 1) found.push(component.sort());
	};
	for (const node of nodes) if (!index.has(node)) visit(node);
	return found;
}

function fileCycles(graph: Graph): string[][] {
	return cycles(graph.keys(), file => (graph.get(file) ?? []).map(e => e.to).filter(to => graph.has(to)));
}

/**
 * Cycles between folders: `screens/detail/` and `screens/job-status/` may not import each other, even through files
 * that do not form a cycle themselves. A folder importing its own parent's helpers (or the reverse) is not counted, nor
 * are the wiring modules at the top of src/.
 */
function folderCycles(graph: Graph): string[][] {
	const folderOf = (file: string) => (dirname(file) === '.' ? '' : `${dirname(file)}/`);
	const related = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);
	const edges = new Map<string, Set<string>>();
	for (const [file, out] of graph) {
		for (const {to} of out) {
			if (!graph.has(to) || related(folderOf(file), folderOf(to))) continue;
			if (!edges.has(folderOf(file))) edges.set(folderOf(file), new Set());
			edges.get(folderOf(file))!.add(folderOf(to));
		}
	}
	return cycles(edges.keys(), folder => edges.get(folder) ?? []);
}

const pkg =
	(...names: string[]): Matcher =>
	to =>
		names.includes(to);
const under =
	(...dirs: string[]): Matcher =>
	to =>
		dirs.some(dir => to.startsWith(`${dir}/`));
const either =
	(...matchers: Matcher[]): Matcher =>
	to =>
		matchers.some(m => m(to));
const ink: Matcher = to => to === 'ink' || to.startsWith('ink-');
const ui = either(pkg('react'), ink);
/** The modules at the top of src/ that wire the layers together (cli.tsx, session.ts, app.tsx…). */
const wiring: Matcher = to => /^[^/]+\.tsx?$/.test(to);
const storage = either(pkg('lowdb', 'fs', 'node:fs'), under('data'));
const sockets = either(
	pkg('net', 'node:net', 'tls', 'node:tls', 'http', 'node:http', 'https', 'node:https'),
	under('net'),
);
const crypto = pkg('node-forge', 'crypto', 'node:crypto');
const processes = pkg('child_process', 'node:child_process');

const RULES: Record<string, Rule> = {
	'the engine is pure: no UI, no disk, no sockets, no processes, no other layer': {
		from: under('engine'),
		follow: 'imports',
		never: {
			react: pkg('react'),
			ink,
			storage,
			sockets,
			processes,
			screens: under('screens'),
			cli: under('cli'),
			output: under('output'),
			wiring,
		},
	},
	'the engine core never knows the simulator or the demo fleet (the Fleet port hides them)': {
		from: to => under('engine')(to) && !under('engine/sim', 'engine/demo')(to),
		follow: 'imports',
		never: {simulator: under('engine/sim', 'engine/demo')},
	},
	'screens never load storage, crypto, sockets or processes': {
		from: either(under('screens'), pkg('app.tsx')),
		follow: 'loads',
		never: {storage, crypto, sockets, processes, cli: under('cli')},
	},
	'the store is generic: it never knows the engine, the UI or PKI': {
		from: under('data'),
		follow: 'imports',
		never: {
			engine: under('engine'),
			ui,
			'node-forge': pkg('node-forge'),
			screens: under('screens'),
			cli: under('cli'),
			wiring,
		},
	},
	'the CLI never knows the screens or React/Ink (shared text helpers live in src/output/)': {
		from: under('cli'),
		follow: 'imports',
		never: {screens: under('screens'), ui},
	},
	'output and shared helpers depend on nothing above them': {
		from: under('output', 'shared'),
		follow: 'imports',
		never: {engine: under('engine'), storage, ui, screens: under('screens'), cli: under('cli'), wiring},
	},
};

describe('layering of src/** (transitive)', () => {
	const graph = readGraph();

	it('reads the imports it checks, and which of them are erased', () => {
		expect(
			specifiers(
				`import type {A} from './a.js';\nimport {B,\n  C} from "b";\nexport {D} from '../d.js';\n` +
					`import 'e';\nawait import('./f.js');\nimport {type G} from './g.js';\nexport type {H} from './h.js';\nexport * from './i.js';`,
			),
		).toEqual([
			{spec: './a.js', typeOnly: true},
			{spec: 'b', typeOnly: false},
			{spec: '../d.js', typeOnly: false},
			{spec: './g.js', typeOnly: false},
			{spec: './h.js', typeOnly: true},
			{spec: './i.js', typeOnly: false},
			{spec: 'e', typeOnly: false},
			{spec: './f.js', typeOnly: false},
		]);
		expect(graph.get('engine/pki/certs.ts')).toContainEqual({to: 'node-forge', typeOnly: false});
		expect(graph.get('session.ts')?.map(e => e.to)).toContain('data/store.ts');
	});

	it('finds a breach through any depth, names its chain, and honours only the named exception', () => {
		const toy: Graph = new Map([
			[
				'screens/a.ts',
				[
					{to: 'screens/b.ts', typeOnly: false},
					{to: 'engine/t.ts', typeOnly: true},
				],
			],
			['screens/b.ts', [{to: 'engine/barrel.ts', typeOnly: false}]],
			['engine/barrel.ts', [{to: 'node-forge', typeOnly: false}]],
			['engine/t.ts', [{to: 'node:crypto', typeOnly: false}]],
		]);
		const rule: Rule = {from: under('screens'), follow: 'loads', never: {crypto}};
		expect(breaches(toy, rule)).toEqual([
			'screens/a.ts -> screens/b.ts -> engine/barrel.ts -> node-forge (crypto)',
			'screens/b.ts -> engine/barrel.ts -> node-forge (crypto)',
		]);
		expect(breaches(toy, {...rule, follow: 'imports'})).toHaveLength(3);
		expect(breaches(toy, {...rule, except: pkg('screens/b.ts -> engine/barrel.ts')})).toEqual([]);
	});

	it('finds file cycles, types included, and cycles between sibling folders', () => {
		const toy: Graph = new Map([
			['s/state.ts', [{to: 's/panes.ts', typeOnly: false}]],
			['s/panes.ts', [{to: 's/state.ts', typeOnly: true}]],
			['s/detail/modal.ts', [{to: 's/status/lines.ts', typeOnly: false}]],
			['s/status/lines.ts', [{to: 's/theme.ts', typeOnly: false}]],
			['s/status/modal.ts', [{to: 's/detail/modal.ts', typeOnly: false}]],
			['s/theme.ts', []],
		]);
		expect(fileCycles(toy)).toEqual([['s/panes.ts', 's/state.ts']]);
		expect(folderCycles(toy)).toEqual([['s/detail/', 's/status/']]);
	});

	for (const [name, rule] of Object.entries(RULES)) {
		it(name, () => expect(breaches(graph, rule)).toEqual([]));
	}

	it('has no import cycle between files (type-only imports count)', () => {
		expect(fileCycles(graph)).toEqual([]);
	});

	it('has no cycle between folders', () => {
		expect(folderCycles(graph)).toEqual([]);
	});
});

// `npm run build` (and `prepare`, which `npm ci` runs): bundles src/ into dist/ so bin/rim starts without a TypeScript
// loader. dist/.built is stamped with the time the build STARTED: bin/rim runs dist/ only while no source is newer,
// and otherwise runs the sources through tsx, so an out-of-date build can never run.
import {build} from 'esbuild';
import {mkdirSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');
const started = new Date();
rmSync(out, {recursive: true, force: true});
await build({
	entryPoints: [path.join(root, 'src/cli.tsx')],
	outdir: out,
	bundle: true,
	// The TUI stays a separate chunk: headless commands never load Ink or React.
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	packages: 'external',
	jsx: 'automatic',
	sourcemap: true,
	tsconfig: path.join(root, 'tsconfig.json'),
	logLevel: 'warning',
});
mkdirSync(out, {recursive: true});
const stamp = path.join(out, '.built');
writeFileSync(stamp, `built from the sources as they were at ${started.toISOString()}\n`);
utimesSync(stamp, started, started);

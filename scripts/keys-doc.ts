// Writes (--write) or checks (--check, the default) README.md's key section, generated from the TUI's key tables.
import {readFileSync, writeFileSync} from 'node:fs';
import {withKeysSection} from '../src/screens/help.js';

const file = new URL('../README.md', import.meta.url);
const text = readFileSync(file, 'utf8');
const next = withKeysSection(text);
if (next === null) {
	console.error('README.md has no <!-- keys:start --> … <!-- keys:end --> markers');
	process.exit(2);
}
if (process.argv.includes('--write')) {
	writeFileSync(file, next);
	console.log('README.md key section written');
} else if (next !== text) {
	console.error('README.md key section is out of date: run node --import tsx scripts/keys-doc.ts --write');
	process.exit(1);
}

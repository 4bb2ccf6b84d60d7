/**
 * The one output layer: what it neutralises, how JSON escapes, how cells are measured (the same `string-width` Ink
 * lays out with), and that nothing in src/ writes to the terminal around it.
 */
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {safeJson, safeOut} from '../src/cli/output.js';
import {hasUnsafeChar, sanitize} from '../src/output/sanitize.js';
import {cellWidth, fit, truncate, wrapText} from '../src/output/text-fit.js';

const UNSAFE = [
	...Array.from({length: 0x20}, (_, i) => i),
	0x7f,
	...Array.from({length: 0x20}, (_, i) => 0x80 + i),
	0x200b,
	0x200c,
	0x200d,
	0x200e,
	0x200f,
	0x061c,
	0xfeff,
	0x00ad,
	0x2060,
	0x202a,
	0x202b,
	0x202c,
	0x202d,
	0x202e,
	0x2066,
	0x2067,
	0x2068,
	0x2069,
	0x2028,
	0x2029,
	0xe0001,
].map(cp => String.fromCodePoint(cp));

describe('sanitize', () => {
	it('neutralises every control, format and separator character into a visible escape', () => {
		for (const ch of UNSAFE) {
			const out = sanitize(`a${ch}b`);
			expect(hasUnsafeChar(out), JSON.stringify(ch)).toBe(false);
			expect(out).not.toBe('ab');
		}
		expect(sanitize('\x1b]0;x\x07')).toBe('\\x1b]0;x\\x07');
		expect(sanitize('a\u200eb\u061c\ufeff')).toBe('a\\u200eb\\u061c\\ufeff');
		expect(sanitize('tag\u{e0041}')).toBe('tag\\u{e0041}');
		expect(sanitize('lone \ud800')).toBe('lone \\ud800');
	});

	it('keeps printable text of any script, and is a fixed point', () => {
		expect(sanitize('Sales (Osaka) 大阪 é ⚡⌚⭐')).toBe('Sales (Osaka) 大阪 é ⚡⌚⭐');
		fc.assert(
			fc.property(fc.string({unit: 'binary', maxLength: 40}), s => {
				const once = sanitize(s);
				expect(hasUnsafeChar(once)).toBe(false);
				expect(sanitize(once)).toBe(once);
			}),
			{numRuns: 200},
		);
	});
});

describe('the Out layer', () => {
	it('sanitizes every line it is given, on both streams, keeping the line breaks', () => {
		const got: string[] = [];
		const out = safeOut({log: t => got.push(`out:${t}`), error: t => got.push(`err:${t}`)});
		out.log('a\x1b[2J\nb\u202e');
		out.error('c\x9b');
		expect(got).toEqual(['out:a\\x1b[2J\nb\\u202e', 'err:c\\x9b']);
	});

	it('escapes DEL, C1, bidi, invisible marks and separators in JSON, which still parses to the same value', () => {
		const value = {name: UNSAFE.join(''), list: ['x\u2028y']};
		const text = safeJson(value);
		for (const line of text.split('\n')) expect(hasUnsafeChar(line)).toBe(false);
		expect(JSON.parse(text)).toEqual(value);
		expect(text).toContain('\\u007f\\u0080');
		expect(text).toContain('\\u202e');
		expect(text).toContain('\\u2028');
		fc.assert(
			fc.property(fc.jsonValue({maxDepth: 2}), fc.string({unit: 'binary', maxLength: 40}), (v, s) => {
				expect(JSON.parse(safeJson({v, s}))).toEqual(JSON.parse(JSON.stringify({v, s})));
			}),
			{numRuns: 50},
		);
	});
});

describe('cell widths', () => {
	it('measures like string-width, the function Ink lays out with (emoji are two cells)', () => {
		expect(cellWidth('⚡⌚⭐')).toBe(6);
		expect(cellWidth('大阪')).toBe(4);
		expect(cellWidth('e\u0301')).toBe(1);
		expect(fit('⚡⌚⭐x', 5)).toBe('⚡⌚…');
		fc.assert(
			fc.property(fc.string({unit: 'grapheme', maxLength: 30}), fc.integer({min: 1, max: 40}), (s, width) => {
				const fitted = fit(s, width);
				expect(stringWidth(fitted)).toBe(width);
				expect(hasUnsafeChar(fitted)).toBe(false);
				expect(stringWidth(truncate(s, width))).toBeLessThanOrEqual(width);
				// A line is never wider than asked, unless it is one grapheme that alone is wider.
				for (const line of wrapText(s, width)) {
					if (stringWidth(line) > width) expect([...new Intl.Segmenter().segment(line)]).toHaveLength(1);
				}
			}),
			{numRuns: 100},
		);
	});
});

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap(name => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
	});
}

describe('nothing bypasses the layer', () => {
	const files = sources('src').map(path => ({path: relative('src', path), text: readFileSync(path, 'utf8')}));

	it('writes to stdout and stderr only through src/cli/output.ts', () => {
		const writers = files
			.filter(f => /process\.std(out|err)\.write|console\.(log|error|warn|info)\(/.test(f.text))
			.map(f => f.path);
		expect(writers).toEqual([]);
	});

	it('puts text on the TUI screen only through screens/text.tsx', () => {
		const direct = files.filter(f => /import\s*\{[^}]*\bText\b[^}]*\}\s*from\s*'ink'/.test(f.text)).map(f => f.path);
		expect(direct).toEqual(['screens/text.tsx']);
	});
});

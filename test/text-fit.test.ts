/**
 * Column fitting by terminal cells: `fit` gives exactly the width asked for and `truncate` at most it, as string-width
 * (Ink's own measure) counts cells, for ASCII, wide, combining and control characters alike, and the same on the
 * second call as on the first (widths are remembered between frames).
 */
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {cellWidth, fit, truncate} from '../src/output/text-fit.js';
import {sanitize} from '../src/output/sanitize.js';

const SAMPLES = [
	'',
	'SEC-PATCH-2611',
	'Security patch 2026-11 for every PC',
	'› ◆ UPD SEC-PATCH-2611',
	'東京リレー Tokyo relay',
	'café ÷ naïve',
	'e\u0301 combining',
	'👩‍💻 admin 🇯🇵',
	'bell\u0007 and \u001b[31mred\u001b[0m',
	'tab\there',
];

/** The cut a grapheme at a time, measured by string-width alone: what truncate must give. */
function reference(text: string, width: number): string {
	const safe = sanitize(text);
	if (width <= 0) return '';
	if (stringWidth(safe) <= width) return safe;
	let out = '';
	let used = 0;
	for (const {segment} of new Intl.Segmenter('en', {granularity: 'grapheme'}).segment(safe)) {
		const w = stringWidth(segment);
		if (used + w > width - 1) break;
		out += segment;
		used += w;
	}
	return `${out}…`;
}

describe('fitting text to terminal cells', () => {
	for (const round of ['first', 'second']) {
		it(`cuts and pads by cells as string-width counts them (${round} call)`, () => {
			for (const text of SAMPLES) {
				expect(cellWidth(text), text).toBe(stringWidth(sanitize(text)));
				for (let width = 0; width <= 40; width++) {
					expect(truncate(text, width), `${text} @${width}`).toBe(reference(text, width));
					const fitted = fit(text, width);
					expect(stringWidth(fitted), `${text} @${width}`).toBe(width);
					expect(fit(text, width, 'right').trimStart(), `${text} @${width}`).toBe(fitted.trimEnd());
				}
			}
		});
	}
});

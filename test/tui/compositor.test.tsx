/**
 * rim's Ink carries a patch (patches/ink+6.8.0.patch) that keeps its compositor's work from one frame to the next:
 * each line's styled characters and widths, and each row's text by what was written into it. Proof that every frame
 * is still exactly the frame Ink 6.8 composes: the same writes go through Ink's unpatched compositor
 * (test/support/ink-output-6.8.ts) and the two frames must be equal — for every frame of a session in the app (keys,
 * panes, a filter, dialogs, a running job) and for random frames of styled, wide, clipped and repeated text.
 */
import chalk from 'chalk';
import fc from 'fast-check';
import {createRequire} from 'node:module';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {act} from 'react';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {composeReference, type Operation, type Transformer} from '../support/ink-output-6.8.js';
import {cleanupTui, KEY} from '../support/tui.js';
import {openWizard, renderApp} from './harness.js';

interface InkOutput {
	width: number;
	height: number;
	operations: Operation[];
	write(x: number, y: number, text: string, options: {transformers: Transformer[]}): void;
	clip(clip: Operation & {type: 'clip'} extends {clip: infer C} ? C : never): void;
	unclip(): void;
	get(): {output: string; height: number};
}
type OutputClass = {new (options: {width: number; height: number}): InkOutput; prototype: InkOutput};

// The module Ink itself composes with (not exported by Ink's package: found beside its entry point).
const outputUrl = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('ink')), 'output.js'));
const {default: Output} = (await import(outputUrl.href)) as {default: OutputClass};

afterEach(cleanupTui);

describe("Ink's compositor with its work kept between frames", () => {
	const composed: {width: number; height: number; operations: Operation[]; output: string}[] = [];
	const get = Output.prototype.get;
	const level = chalk.level;
	beforeAll(() => {
		// Colours on, as in a terminal: styles are half of what a cache could get wrong.
		chalk.level = 3;
		Output.prototype.get = function (this: InkOutput) {
			const result = get.call(this);
			composed.push({width: this.width, height: this.height, operations: [...this.operations], output: result.output});
			return result;
		};
	});
	afterAll(() => {
		Output.prototype.get = get;
		chalk.level = level;
	});

	it('composes every frame of a session in the app as Ink 6.8 does', async () => {
		const tui = await renderApp({size: {columns: 120, rows: 40}});
		await tui.press('j', 'j', 'k', KEY.end, KEY.home, 'j', KEY.tab, 'j', KEY.pageDown, '3', '1', '/');
		await tui.type('pdf');
		await tui.press(KEY.enter, KEY.escape, '?', KEY.pageDown, KEY.escape, '2', KEY.enter);
		await tui.press(KEY.enter, KEY.escape, KEY.escape);
		await openWizard(tui, 'SEC-PATCH', 'SECURITY-PCS', {group: true});
		await tui.press('e');
		await tui.settle();
		for (let i = 0; i < 6; i++) {
			await act(async () => tui.clock.advance(60_000));
			await tui.settle();
		}
		await tui.press(KEY.enter, 'j', 'j', KEY.enter, KEY.escape);
		expect(tui.frame()).toContain('SEC-PATCH');
		expect(composed.length).toBeGreaterThan(40);
		expect(composed.some(frame => frame.output.includes('\u001B['))).toBe(true);
		for (const frame of composed)
			expect(frame.output).toBe(composeReference(frame.width, frame.height, frame.operations));
	});

	it('composes random frames of styled, wide and clipped text as Ink 6.8 does, frame after frame', () => {
		const styles = [
			(s: string) => s,
			(s: string) => `\u001B[31m${s}\u001B[39m`,
			(s: string) => `\u001B[1m\u001B[44m${s}\u001B[49m\u001B[22m`,
			(s: string) => `\u001B[38;5;208m${s}`,
			(s: string) => `\u001B[2m${s}\u001B[0m`,
		];
		const piece = fc
			.tuple(
				fc.constantFrom(...styles),
				fc.constantFrom(
					'ab',
					' x ',
					'界',
					'👍',
					'é',
					'e\u0301',
					'\u{1F469}\u200D\u{1F4BB}',
					'ॐ',
					'─╮',
					'',
					'long line ',
				),
			)
			.map(([style, text]) => style(text));
		const text = fc
			.array(fc.array(piece, {maxLength: 5}), {minLength: 1, maxLength: 3})
			.map(lines => lines.map(pieces => pieces.join('')).join('\n'));
		const transformers = fc.constantFrom<Transformer[][]>(
			[],
			[(line: string) => `\u001B[7m${line}\u001B[27m`],
			[(line: string, index: number) => (index === 0 ? line.toUpperCase() : line)],
		);
		const operation: fc.Arbitrary<Operation> = fc.oneof(
			fc.record({
				type: fc.constant('write' as const),
				x: fc.integer({min: -3, max: 14}),
				y: fc.integer({min: -2, max: 6}),
				text,
				transformers,
			}),
			fc.record({
				type: fc.constant('clip' as const),
				clip: fc.record(
					{
						x1: fc.integer({min: 0, max: 6}),
						x2: fc.integer({min: 4, max: 14}),
						y1: fc.integer({min: 0, max: 3}),
						y2: fc.integer({min: 2, max: 6}),
					},
					{requiredKeys: []},
				),
			}),
			fc.constant({type: 'unclip' as const}),
		);
		const frame = fc.record({
			width: fc.integer({min: 1, max: 14}),
			height: fc.integer({min: 1, max: 6}),
			operations: fc.array(operation, {maxLength: 12}),
		});
		// A session: frames drawn one after another share the caches, and often repeat one another.
		fc.assert(
			fc.property(fc.array(frame, {minLength: 1, maxLength: 6}), fc.nat(5), (frames, repeats) => {
				for (const f of [...frames, ...frames.slice(0, repeats)]) {
					const output = new Output({width: f.width, height: f.height});
					for (const op of f.operations) {
						if (op.type === 'write') output.write(op.x, op.y, op.text, {transformers: op.transformers});
						else if (op.type === 'clip') output.clip(op.clip);
						else output.unclip();
					}
					expect(output.get().output).toBe(composeReference(f.width, f.height, f.operations));
				}
			}),
			{numRuns: 400},
		);
	});
});

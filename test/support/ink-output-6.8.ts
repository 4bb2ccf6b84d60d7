/**
 * The compositor of Ink 6.8.0 as published (build/output.js's `Output.get`, MIT licence, © Vadim Demedes), before rim's
 * patch (patches/ink+6.8.0.patch): every frame from scratch, no cache, every clipped line sliced. The patched Ink must
 * compose exactly the frames this does from the same writes (test/tui/compositor.test.tsx).
 */
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import {styledCharsFromTokens, styledCharsToString, tokenize, type StyledChar} from '@alcalzone/ansi-tokenize';

export type Transformer = (line: string, index: number) => string;
export interface Clip {
	x1?: number;
	x2?: number;
	y1?: number;
	y2?: number;
}
export type Operation =
	| {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]}
	| {type: 'clip'; clip: Clip}
	| {type: 'unclip'};

const widestLine = (text: string) => Math.max(0, ...text.split('\n').map(line => stringWidth(line)));

export function composeReference(width: number, height: number, operations: readonly Operation[]): string {
	const output: StyledChar[][] = [];
	for (let y = 0; y < height; y++) {
		const row: StyledChar[] = [];
		for (let x = 0; x < width; x++) row.push({type: 'char', value: ' ', fullWidth: false, styles: []});
		output.push(row);
	}
	const clips: Clip[] = [];
	for (const operation of operations) {
		if (operation.type === 'clip') clips.push(operation.clip);
		if (operation.type === 'unclip') clips.pop();
		if (operation.type !== 'write') continue;
		const {text, transformers} = operation;
		let {x, y} = operation;
		let lines = text.split('\n');
		const clip = clips.at(-1);
		if (clip) {
			const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
			const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
			if (clipHorizontally && (x + widestLine(text) < clip.x1! || x > clip.x2!)) continue;
			if (clipVertically && (y + lines.length < clip.y1! || y > clip.y2!)) continue;
			if (clipHorizontally) {
				lines = lines.map(line => {
					const from = x < clip.x1! ? clip.x1! - x : 0;
					const lineWidth = stringWidth(line);
					const to = x + lineWidth > clip.x2! ? clip.x2! - x : lineWidth;
					return sliceAnsi(line, from, to);
				});
				if (x < clip.x1!) x = clip.x1!;
			}
			if (clipVertically) {
				const from = y < clip.y1! ? clip.y1! - y : 0;
				const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
				lines = lines.slice(from, to);
				if (y < clip.y1!) y = clip.y1!;
			}
		}
		let offsetY = 0;
		for (let [index, line] of lines.entries()) {
			const currentLine = output[y + offsetY];
			if (!currentLine) continue;
			for (const transformer of transformers) line = transformer(line, index);
			let offsetX = x;
			for (const character of styledCharsFromTokens(tokenize(line))) {
				currentLine[offsetX] = character;
				const characterWidth = Math.max(1, stringWidth(character.value));
				for (let i = 1; i < characterWidth; i++)
					currentLine[offsetX + i] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
				offsetX += characterWidth;
			}
			offsetY++;
		}
	}
	return output.map(line => styledCharsToString(line.filter(item => item !== undefined)).trimEnd()).join('\n');
}

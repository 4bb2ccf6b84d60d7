/** A rendered line as coloured pieces: the pure row functions produce these, the .tsx files only print them. */
import type {Tone} from './symbols.js';
import {cellWidth} from '../../output/text-fit.js';

export interface Segment {
	text: string;
	tone?: Tone;
	bold?: boolean;
}

export type Line = readonly Segment[];

export const plain = (text: string): Segment => ({text});

/** The text of a line without its colours (tests, and anywhere colour does not matter). */
export const lineText = (line: Line): string => line.map(s => s.text).join('');

export const lineWidth = (line: Line): number => cellWidth(lineText(line));

/** Relative time for "last heard": `now`, `12s ago`, `5m ago`, `3h ago`; older than a day: `11-24 14:05`. */
export function relativeTime(at: number, now: number): string {
	const seconds = Math.floor((now - at) / 1000);
	if (seconds < 1) return 'now';
	if (seconds < 60) return `${seconds}s ago`;
	if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
	if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`;
	return new Date(at).toISOString().slice(5, 16).replace('T', ' ');
}

/** `hh:mm:ss` (UTC) of an instant, as the state history shows it. */
export const clockTime = (at: number): string => new Date(at).toISOString().slice(11, 19);

/** A bar of `width` cells: `█` for the done part, `░` for the rest (readable without colour). */
export function progressBar(percent: number, width: number): string {
	const done = Math.max(0, Math.min(width, Math.round((percent / 100) * width)));
	return '█'.repeat(done) + '░'.repeat(width - done);
}

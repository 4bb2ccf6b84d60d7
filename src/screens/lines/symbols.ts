/**
 * One glyph and one colour per destination state and per job result (docs/tui.md, Screens: NO_COLOR still shows the
 * symbols, so every glyph is distinct on its own; colour only repeats what the glyph says).
 */
import type {RunStateName} from '../../engine/model.js';
import type {JobSummary} from '../../engine/snapshot.js';
import {NO_COLOR} from '../theme.js';

/** Ink colour names used by the job-status screens. */
export type Tone = 'gray' | 'cyan' | 'blue' | 'yellow' | 'magenta' | 'green' | 'red' | 'redBright' | 'white';

export interface Glyph {
	symbol: string;
	tone: Tone;
	/** The word shown next to the symbol where there is room. */
	word: string;
}

export const STATE_GLYPHS: Record<RunStateName, Glyph> = {
	waiting: {symbol: '○', tone: 'gray', word: 'waiting'},
	transferring: {symbol: '↑', tone: 'cyan', word: 'transferring'},
	'at-relay': {symbol: '◐', tone: 'blue', word: 'at relay'},
	'waiting-at-client': {symbol: '◔', tone: 'yellow', word: 'at client'},
	installing: {symbol: '⚙', tone: 'magenta', word: 'installing'},
	finished: {symbol: '✓', tone: 'green', word: 'finished'},
	error: {symbol: '✗', tone: 'red', word: 'error'},
	rejected: {symbol: '⊘', tone: 'redBright', word: 'rejected'},
};

export const RESULT_GLYPHS: Record<JobSummary['result'], Glyph> = {
	running: {symbol: '▶', tone: 'cyan', word: 'running'},
	finished: {symbol: '✓', tone: 'green', word: 'finished'},
	error: {symbol: '✗', tone: 'red', word: 'error'},
};

/** A job whose latest changes could not be written (a full disk): shown instead of its result until they are. */
export const UNSAVED_GLYPH: Glyph = {symbol: '!', tone: 'red', word: 'unsaved'};

/** The Ink colour for a tone, or undefined under NO_COLOR (the app's one switch, theme.ts). */
export function paint(tone: Tone | undefined): Tone | undefined {
	return NO_COLOR ? undefined : tone;
}

/** A job's destinations as rows: state glyph, host, state text, %, maintenance code, last heard. Pure. */
import {describeState} from '../../engine/job-machine.js';
import {STATE_PROGRESS, isFinal, type DestinationRun} from '../../engine/model.js';
import {sanitize} from '../../output/sanitize.js';
import {plain, relativeTime, type Line} from '../lines/segments.js';
import {STATE_GLYPHS} from '../lines/symbols.js';
import {fit} from '../../output/text-fit.js';

const CODE_WIDTH = 12;
const HEARD_WIDTH = 11;
/** Below this pane width "last heard" is dropped so the state text keeps some room. */
const HEARD_MIN_WIDTH = 60;

export interface DestinationColumns {
	host: number;
	state: number;
	heard: number;
}

/** Column widths at a pane width; the host column fits the longest id of the job, within 4–16 cells. */
export function destinationColumns(runs: readonly DestinationRun[], width: number): DestinationColumns {
	let longest = 4;
	for (const run of runs) longest = Math.max(longest, run.host.length);
	const host = Math.min(16, longest);
	const heard = width >= HEARD_MIN_WIDTH ? HEARD_WIDTH : 0;
	const fixed = 2 + host + 1 + 1 + 4 + 1 + CODE_WIDTH + (heard ? heard + 1 : 0);
	return {host, state: Math.max(6, width - fixed), heard};
}

export function destinationHeader(cols: DestinationColumns): string {
	return (
		`  ${fit('Host', cols.host)} ${fit('State', cols.state)} ${fit('%', 4, 'right')} ${fit('Code', CODE_WIDTH)}` +
		(cols.heard ? ` ${fit('Last heard', cols.heard)}` : '')
	);
}

export const runCode = (run: DestinationRun): string | null => (isFinal(run.status) ? run.status.code : null);

export function destinationRow(run: DestinationRun, cols: DestinationColumns, now: number): Line {
	const glyph = STATE_GLYPHS[run.status.state];
	const code = runCode(run);
	const line = [
		{text: glyph.symbol, tone: glyph.tone},
		plain(` ${fit(sanitize(run.host), cols.host)} `),
		{text: fit(sanitize(describeState(run.status)), cols.state), tone: glyph.tone},
		plain(` ${fit(`${STATE_PROGRESS[run.status.state]}%`, 4, 'right')} `),
		code && run.status.state !== 'finished'
			? {text: fit(code, CODE_WIDTH), tone: glyph.tone}
			: plain(fit(code ?? '', CODE_WIDTH)),
	];
	if (cols.heard) line.push(plain(` ${fit(relativeTime(run.lastHeard, now), cols.heard)}`));
	return line;
}

/** The runs a destinations view lists: all of them, or only those that ended with one code. */
export function visibleRuns(runs: readonly DestinationRun[], code: string | null): readonly DestinationRun[] {
	return code === null ? runs : runs.filter(run => runCode(run) === code);
}

/** The jobs list as rows (docs/ARCHITECTURE.md P10): pure, width in cells, every data string sanitized. */
import type {JobType} from '../../engine/model.js';
import type {JobView} from '../../engine/snapshot.js';
import {sanitize} from '../../output/sanitize.js';
import {plain, progressBar, type Line} from '../lines/segments.js';
import {RESULT_GLYPHS, UNSAVED_GLYPH} from '../lines/symbols.js';
import {fit} from '../../output/text-fit.js';

export const JOB_TYPE_SHORT: Record<JobType, string> = {
	install: 'Install',
	'transfer-to-relay': 'Transfer',
	'get-software-info': 'Get info',
};

const TYPE_WIDTH = 8;
const BAR_WIDTH = 10;
const RESULT_WIDTH = 8;
/** The bar is drawn only when the name column keeps this many cells (a default job name is 26); the % stays. */
const NAME_ROOM_FOR_BAR = 26;
/** Narrower than this, the name column takes the type column's room. */
const NAME_ROOM_FOR_TYPE = 12;

export interface JobColumns {
	id: number;
	name: number;
	/** 0 when the pane is too narrow for the type column. */
	type: number;
	bar: number;
	count: number;
}

/** Column widths for a set of jobs at a pane width (the count columns fit the largest total). */
export function jobColumns(jobs: readonly JobView[], width: number): JobColumns {
	const id = Math.max(2, ...jobs.map(j => j.id.length));
	const count = Math.max(3, ...jobs.map(j => String(j.summary.total).length));
	const fixed = 2 + id + 1 + 1 + 4 + 1 + 2 + RESULT_WIDTH + 4 * (count + 1);
	const type = width - fixed - (TYPE_WIDTH + 1) >= NAME_ROOM_FOR_TYPE ? TYPE_WIDTH : 0;
	const withType = fixed + (type ? type + 1 : 0);
	const bar = width - withType - (BAR_WIDTH + 1) >= NAME_ROOM_FOR_BAR ? BAR_WIDTH : 0;
	return {id, name: Math.max(4, width - withType - (bar ? bar + 1 : 0)), type, bar, count};
}

const counts = (values: (number | string)[], width: number) =>
	values.map(v => fit(String(v), width, 'right')).join(' ');

export function jobHeader(cols: JobColumns): string {
	return (
		`  ${fit('ID', cols.id)} ${fit('Name', cols.name)} ${cols.type ? `${fit('Type', cols.type)} ` : ''}${cols.bar ? `${fit('Progress', cols.bar)} ` : ''}` +
		`${fit('%', 4, 'right')}   ${fit('Result', RESULT_WIDTH)} ${counts(['Fin', 'Err', 'Rej', 'Tot'], cols.count)}`
	);
}

/** `unsaved`: the job has changes that could not be written yet; its row never shows a result as if it were on disk. */
export function jobRow(job: JobView, cols: JobColumns, unsaved = false): Line {
	const {summary} = job;
	const glyph = unsaved ? UNSAVED_GLYPH : RESULT_GLYPHS[summary.result];
	const line = [
		{text: glyph.symbol, tone: glyph.tone},
		plain(
			` ${fit(job.id, cols.id)} ${fit(sanitize(job.name), cols.name)} ${cols.type ? `${fit(JOB_TYPE_SHORT[job.type], cols.type)} ` : ''}`,
		),
	];
	if (cols.bar) line.push({text: progressBar(summary.progress, cols.bar), tone: glyph.tone}, plain(' '));
	line.push(
		plain(`${fit(`${summary.progress}%`, 4, 'right')} `),
		{text: `${glyph.symbol} ${fit(glyph.word, RESULT_WIDTH)}`, tone: glyph.tone},
		plain(` ${counts([summary.finished, summary.error, summary.rejected, summary.total], cols.count)}`),
	);
	return line;
}

/** `Finished 7 / Error 1 / Rejected 0 / Total 8 · 100%`: the words of docs/rules.md, States, for the selected job. */
export function summaryText(job: JobView, unsaved = false): string {
	const s = job.summary;
	const result = unsaved
		? `${RESULT_GLYPHS[s.result].word}, NOT SAVED (rim retries the write)`
		: RESULT_GLYPHS[s.result].word;
	return `Finished ${s.finished} / Error ${s.error} / Rejected ${s.rejected} / Total ${s.total} · ${s.progress}% · ${result}`;
}

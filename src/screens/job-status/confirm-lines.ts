/** The text of the re-execute and delete confirmations: the set is shown before anything runs (docs/rules.md, States). */
import type {EngineSnapshot} from '../../engine/snapshot.js';
import {describeCode} from '../../engine/codes.js';
import {sanitize} from '../../output/sanitize.js';
import {findJob} from './lists.js';
import {plain, type Line} from '../lines/segments.js';
import {STATE_GLYPHS} from '../lines/symbols.js';
import {fit, wrapText} from '../../output/text-fit.js';
import type {StatusModal} from './state.js';

type Confirmation = Extract<NonNullable<StatusModal>, {kind: 'confirm-rerun' | 'confirm-delete'}>;

export interface ConfirmView {
	title: string;
	lines: Line[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `rows` is the room for the listed hosts; what does not fit is counted on the last line. */
export function confirmView(
	modal: Confirmation,
	snapshot: EngineSnapshot,
	{width, rows}: {width: number; rows: number},
): ConfirmView {
	const job = findJob(snapshot, modal.jobId);
	const jobName = job ? sanitize(job.name) : '(deleted)';
	if (modal.kind === 'confirm-delete') {
		const lines: Line[] = wrapText(
			`Job ${modal.jobId} "${modal.jobName}" and its results will be removed.`,
			Math.max(8, width),
		).map(text => [plain(text)]);
		if (job?.summary.result === 'running') {
			// Only destinations that wait to start are left (a job with one in progress is not offered for deletion).
			const open = job.summary.total - job.summary.finished - job.summary.error - job.summary.rejected;
			lines.push([
				{
					text: `${plural(open, 'destination')} still ${open === 1 ? 'waits' : 'wait'} to start and will not run.`,
					tone: 'yellow',
				},
			]);
		}
		lines.push([plain('This cannot be undone.')]);
		return {title: `Delete job ${modal.jobId}?`, lines};
	}
	const subject = modal.hosts.length === 1 ? 'This destination' : `These ${modal.hosts.length} destinations`;
	const intro = `${subject} of ${modal.jobId} "${jobName}" ended in error and will run again:`;
	const lines: Line[] = wrapText(intro, Math.max(8, width)).map(text => [plain(text)]);
	const room = Math.max(1, rows - lines.length);
	const shown = modal.hosts.length > room ? room - 1 : modal.hosts.length;
	const glyph = STATE_GLYPHS.error;
	for (const hostId of modal.hosts.slice(0, shown)) {
		const run = job?.runs.find(r => r.host === hostId);
		const code = run && run.status.state === 'error' ? run.status.code : '';
		const title = code ? (describeCode(code)?.title ?? '') : '';
		lines.push([
			{text: `  ${glyph.symbol} `, tone: glyph.tone},
			plain(fit(`${fit(sanitize(hostId), 16)} ${fit(code, 12)}  ${sanitize(title)}`, Math.max(8, width - 4))),
		]);
	}
	if (shown < modal.hosts.length) lines.push([plain(`  … and ${modal.hosts.length - shown} more`)]);
	return {title: `Re-execute ${plural(modal.hosts.length, 'destination')} of ${modal.jobId}?`, lines};
}

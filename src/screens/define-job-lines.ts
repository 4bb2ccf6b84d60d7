/**
 * Define New Job as lines that fit the dialog's height: every job type's row always shows (the enabled one above all),
 * and the reasons of the disabled ones share the rows that are left, each type getting its first line before any gets
 * a second. Pure.
 */
import type {JobTypeChoice} from '../engine/define.js';
import {sanitize} from '../output/sanitize.js';
import {truncate, wrapText} from '../output/text-fit.js';
import {SYMBOL} from './theme.js';

export interface DefineJobLine {
	text: string;
	kind: 'heading' | 'blank' | 'choice' | 'reason';
	/** For choice rows: the choice's index. */
	index?: number;
	enabled?: boolean;
}

const REASON_INDENT = 6;

export function defineJobLines(
	choices: readonly JobTypeChoice[],
	what: string,
	cursor: number,
	width: number,
	rows: number,
): DefineJobLine[] {
	const reasons = choices.map(c => c.reasons.flatMap(r => wrapText(sanitize(r), Math.max(8, width - REASON_INDENT))));
	const wanted = reasons.reduce((n, r) => n + r.length, 0);
	// The heading and the choices always show; "Job type:" and the blank line give way before any reason does.
	let spare = Math.max(0, rows - 1 - choices.length);
	const labels = spare - wanted >= 2;
	if (labels) spare -= 2;
	const given = choices.map(() => 0);
	for (let round = 0; spare > 0; round++) {
		let gave = false;
		for (let i = 0; i < choices.length && spare > 0; i++) {
			if (round < reasons[i]!.length) {
				given[i]!++;
				spare--;
				gave = true;
			}
		}
		if (!gave) break;
	}
	const lines: DefineJobLine[] = [{kind: 'heading', text: what}];
	if (labels) lines.push({kind: 'blank', text: ''}, {kind: 'heading', text: 'Job type:'});
	choices.forEach((choice, i) => {
		const mark = choice.enabled ? SYMBOL.ok : SYMBOL.lock;
		lines.push({
			kind: 'choice',
			index: i,
			enabled: choice.enabled,
			text: `${i === cursor ? SYMBOL.pointer : ' '} ${mark} ${choice.label}${choice.enabled ? '' : ' (disabled)'}`,
		});
		const shown = reasons[i]!.slice(0, given[i]);
		shown.forEach((text, j) => {
			const cut = j === shown.length - 1 && shown.length < reasons[i]!.length;
			lines.push({
				kind: 'reason',
				text: ' '.repeat(REASON_INDENT) + (cut ? truncate(`${text} …`, width - REASON_INDENT) : text),
			});
		});
	});
	return lines;
}

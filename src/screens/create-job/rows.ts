/** The wizard's tab line and list rows as text (docs/ARCHITECTURE.md P10). Pure. */
import type {Violation} from '../../engine/rules/job-rules.js';
import {PAGE_LOCKS, WIZARD_PAGES, type JobProfile} from '../../engine/rules/page-locks.js';
import {SYMBOL} from '../theme.js';

const SHORT_TITLES = ['Job', 'Dest', 'Pkg', 'Distrib', 'Sched', 'Client'];

export interface Tab {
	index: number;
	text: string;
	current: boolean;
}

/** The six pages as tabs: number, lock or limit symbol, title, problem count; short titles when the line is narrow. */
export function wizardTabs(
	profile: JobProfile,
	current: number,
	violations: readonly Violation[],
	width: number,
): Tab[] {
	const build = (short: boolean) =>
		WIZARD_PAGES.map((p, index): Tab => {
			const lock = PAGE_LOCKS[profile][p.page];
			const mark = lock ? `${lock.status === 'locked' ? SYMBOL.lock : SYMBOL.limited} ` : '';
			const problems = violations.filter(v => v.page === p.page).length;
			const title = short && index !== current ? SHORT_TITLES[index]! : p.title;
			return {
				index,
				current: index === current,
				text: ` ${index + 1} ${mark}${title}${problems ? ` ${SYMBOL.problem}${problems}` : ''} `,
			};
		});
	const full = build(false);
	const length = full.reduce((n, t) => n + [...t.text].length + 1, 0);
	return length <= width ? full : build(true);
}

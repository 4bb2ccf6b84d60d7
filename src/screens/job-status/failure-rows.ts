/** Failed destinations grouped by maintenance code, as rows: code, count, title, hosts (cut with "+N"). Pure. */
import type {failuresByCode} from '../../engine/snapshot.js';
import {sanitize} from '../../output/sanitize.js';
import {plain, type Line} from '../lines/segments.js';
import {fit, cellWidth} from '../../output/text-fit.js';

export type FailureGroup = ReturnType<typeof failuresByCode>[number];

const CODE_WIDTH = 12;

export interface FailureColumns {
	count: number;
	title: number;
	hosts: number;
}

export function failureColumns(groups: readonly FailureGroup[], width: number): FailureColumns {
	const count = Math.max(5, ...groups.map(g => String(g.hosts.length).length));
	const rest = Math.max(8, width - (2 + CODE_WIDTH + 1 + count + 1 + 1));
	const title = Math.max(4, Math.min(36, Math.floor(rest * 0.45)));
	return {count, title, hosts: Math.max(4, rest - title)};
}

export function failureHeader(cols: FailureColumns): string {
	return `  ${fit('Code', CODE_WIDTH)} ${fit('Hosts', cols.count, 'right')} ${fit('Title', cols.title)} ${fit('Destinations', cols.hosts)}`;
}

/** Host ids joined by ", " within `width` cells; what does not fit is counted: `SEC-05, SEC-07 +3`. */
export function hostList(hosts: readonly string[], width: number): string {
	let out = '';
	for (let i = 0; i < hosts.length; i++) {
		const next = (out ? `${out}, ` : '') + sanitize(hosts[i]!);
		const left = hosts.length - i - 1;
		const tail = left ? ` +${left}` : '';
		if (cellWidth(next + tail) > width) return fit(out ? `${out} +${hosts.length - i}` : `+${hosts.length}`, width);
		out = next;
	}
	return fit(out, width);
}

export function failureRow(group: FailureGroup, cols: FailureColumns): Line {
	return [
		{text: '✗', tone: 'red'},
		plain(` ${fit(group.code, CODE_WIDTH)} ${fit(String(group.hosts.length), cols.count, 'right')} `),
		{text: fit(sanitize(group.title), cols.title), bold: true},
		plain(` ${hostList(group.hosts, cols.hosts)}`),
	];
}

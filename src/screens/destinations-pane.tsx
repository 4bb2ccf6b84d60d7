/** The Destinations pane: the relay tree, then host groups with their security badges, windowed (docs/tui.md, Screens). */
import {destinationRowText, type DestinationRow} from './destination-rows.js';
import {Frame, ListView, type ListLine} from './frame.js';
import {FilterLine} from './packages-pane.js';
import {colour} from './theme.js';
import type {PaneList} from './ui-state.js';
import {plural} from '../engine/plural.js';
import {useMemo} from 'react';

function rowKey(row: DestinationRow): string {
	switch (row.kind) {
		case 'host':
			return `h:${row.host.id}`;
		case 'relay-status':
			return `r:${row.host.id}:${row.line}`;
		case 'group':
			return `g:${row.group.id}`;
		case 'pending':
			return `p:${row.agent.id}`;
		case 'section':
			return `s:${row.title}`;
	}
}

export function DestinationsPane(props: {
	rows: readonly DestinationRow[];
	list: PaneList;
	width: number;
	height: number;
	listHeight: number;
	focused: boolean;
	picked: string | null;
	/** Wall-clock time (ms): how long a pending agent has waited. */
	wallNow: number;
}) {
	const {rows, list, width, height, listHeight, focused, picked, wallNow} = props;
	const inner = width - 2;
	const lines: ListLine[] = rows.slice(list.start, list.start + listHeight).map((row, i) => {
		const index = list.start + i;
		return {
			key: rowKey(row),
			selected: index === list.cursor,
			text: destinationRowText(row, inner, index === list.cursor, wallNow),
			bold: row.kind === 'section',
			dim: (row.kind === 'host' && !row.host.started) || row.kind === 'relay-status',
			tint:
				(row.kind === 'host' && row.host.kind === 'security-pc') || (row.kind === 'group' && row.securityOnly)
					? colour('magenta')
					: row.kind === 'pending'
						? colour('yellow')
						: undefined,
		};
	});
	// Counted once per rows (10,000 of them at 10,000 hosts), not on every key.
	const {hosts, groups, pending} = useMemo(
		() => ({
			hosts: rows.filter(r => r.kind === 'host').length,
			groups: rows.filter(r => r.kind === 'group').length,
			pending: rows.filter(r => r.kind === 'pending').length,
		}),
		[rows],
	);
	const waiting = pending ? `, ${pending} pending` : '';
	const hint = picked ? `  drop ${picked}: enter` : '';
	return (
		<Frame
			title={`2 Destinations (${plural(hosts, 'host')}, ${plural(groups, 'group')}${waiting})${hint}`}
			width={width}
			height={height}
			focused={focused}
		>
			<FilterLine list={list} width={inner} empty={rows.length === 0} />
			<ListView lines={lines} height={listHeight - (list.filter ? 1 : 0)} width={inner} active={focused} />
		</Frame>
	);
}

/** The Destinations pane: the relay tree, then host groups with their security badges, windowed (docs/tui.md, Screens). */
import {destinationRowText, type DestinationRow} from './destination-rows.js';
import {Frame, ListView, type ListLine} from './frame.js';
import {FilterLine} from './packages-pane.js';
import {colour} from './theme.js';
import type {PaneList} from './ui-state.js';
import {plural} from '../engine/plural.js';
import {useMemo} from 'react';

function rowKey(row: DestinationRow): string {
	return row.kind === 'host' ? `h:${row.host.id}` : row.kind === 'group' ? `g:${row.group.id}` : `s:${row.title}`;
}

export function DestinationsPane(props: {
	rows: readonly DestinationRow[];
	list: PaneList;
	width: number;
	height: number;
	listHeight: number;
	focused: boolean;
	picked: string | null;
}) {
	const {rows, list, width, height, listHeight, focused, picked} = props;
	const inner = width - 2;
	const lines: ListLine[] = rows.slice(list.start, list.start + listHeight).map((row, i) => {
		const index = list.start + i;
		return {
			key: rowKey(row),
			selected: index === list.cursor,
			text: destinationRowText(row, inner, index === list.cursor),
			bold: row.kind === 'section',
			dim: row.kind === 'host' && !row.host.started,
			tint:
				(row.kind === 'host' && row.host.kind === 'security-pc') || (row.kind === 'group' && row.securityOnly)
					? colour('magenta')
					: undefined,
		};
	});
	// Counted once per rows (10,000 of them at 10,000 hosts), not on every key.
	const {hosts, groups} = useMemo(
		() => ({hosts: rows.filter(r => r.kind === 'host').length, groups: rows.filter(r => r.kind === 'group').length}),
		[rows],
	);
	const hint = picked ? `  drop ${picked}: enter` : '';
	return (
		<Frame
			title={`2 Destinations (${plural(hosts, 'host')}, ${plural(groups, 'group')})${hint}`}
			width={width}
			height={height}
			focused={focused}
		>
			<FilterLine list={list} width={inner} empty={rows.length === 0} />
			<ListView lines={lines} height={listHeight - (list.filter ? 1 : 0)} width={inner} active={focused} />
		</Frame>
	);
}

/** The Packages pane: cabinets as headers, packages below, windowed (docs/tui.md, Screens). */
import {Box} from 'ink';
import {Text} from './text.js';
import {Frame, ListView, type ListLine} from './frame.js';
import type {PackageRow} from './package-rows.js';
import {packageRowText} from './package-rows.js';
import {TextField} from './text-field.js';
import {colour} from './theme.js';
import type {PaneList} from './ui-state.js';
import {useMemo} from 'react';

export function PackagesPane(props: {
	rows: readonly PackageRow[];
	list: PaneList;
	picked: string | null;
	width: number;
	height: number;
	listHeight: number;
	focused: boolean;
}) {
	const {rows, list, picked, width, height, listHeight, focused} = props;
	const inner = width - 2;
	const lines: ListLine[] = rows.slice(list.start, list.start + listHeight).map((row, i) => {
		const index = list.start + i;
		const isPicked = row.kind === 'package' && row.pkg.id === picked;
		return {
			key: row.kind === 'package' ? `p:${row.pkg.id}` : `c:${row.cabinet.id}`,
			selected: index === list.cursor,
			text: packageRowText(row, inner, {selected: index === list.cursor, picked: isPicked}),
			bold: row.kind === 'cabinet',
			tint: isPicked
				? colour('green')
				: row.kind === 'package' && row.pkg.kind === 'update-data'
					? colour('yellow')
					: undefined,
		};
	});
	const count = useMemo(() => rows.filter(r => r.kind === 'package').length, [rows]);
	return (
		<Frame title={`1 Packages (${count})`} width={width} height={height} focused={focused}>
			<FilterLine list={list} width={inner} empty={rows.length === 0} />
			{rows.length === 0 && !list.filter ? (
				<Text wrap="truncate" dimColor>
					No packages yet: a adds one from a file or a folder
				</Text>
			) : (
				<ListView lines={lines} height={listHeight - (list.filter ? 1 : 0)} width={inner} active={focused} />
			)}
		</Frame>
	);
}

/** The `/` filter under the title while a filter is set; nothing otherwise. */
export function FilterLine({list, width, empty}: {list: PaneList; width: number; empty: boolean}) {
	if (!list.filter) return null;
	return (
		<Box width={width} height={1}>
			<Text wrap="truncate">
				<Text color={colour('cyan')}>/</Text>
				{list.filtering ? <TextField edit={list.filter} /> : list.filter.value}
				{empty ? <Text dimColor> (nothing matches)</Text> : null}
			</Text>
		</Box>
	);
}

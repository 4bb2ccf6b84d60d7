/** Pane 3's Job Definition view: the folder tree with the definitions, windowed; the selected row's summary below. */
import {Text} from '../text.js';
import {useRef} from 'react';
import type {EngineSnapshot} from '../../engine/snapshot.js';
import {formatUtc} from '../../engine/rules/fields.js';
import {Frame, ListView, type ListLine} from '../frame.js';
import {windowStart} from '../list-nav.js';
import {sanitize} from '../../output/sanitize.js';
import {truncate} from '../../output/text-fit.js';
import {selectedIndex, type DefinitionsState} from './state.js';
import {definitionTree, treeRowText, type TreeRow} from './tree-rows.js';

/** Border (2), title and footer. */
const CHROME_ROWS = 4;

function footer(row: TreeRow | undefined): string {
	if (!row) return 'Save or Save and Execute in the Create Job wizard keeps a definition here. n: new folder';
	if (row.kind === 'folder') return `Folder ${row.path}`;
	const runs = row.executions.map(j => j.id).join(', ') || 'none yet';
	return `${row.def.id} · changed ${formatUtc(row.def.modifiedAt)} · executions: ${runs}`;
}

export function DefinitionsPane(props: {
	state: DefinitionsState;
	snapshot: EngineSnapshot;
	width: number;
	height: number;
	focused: boolean;
}) {
	const {state, snapshot, width, height, focused} = props;
	const previousStart = useRef(0);
	const inner = Math.max(1, width - 2);
	const listHeight = Math.max(1, height - CHROME_ROWS);
	const rows = definitionTree(snapshot);
	const selected = selectedIndex(
		rows.map(r => r.key),
		state,
	);
	const start = windowStart(Math.max(0, selected), listHeight, rows.length, previousStart.current);
	previousStart.current = start;
	const lines: ListLine[] = rows.slice(start, start + listHeight).map((row, i) => ({
		key: row.key,
		selected: start + i === selected,
		text: `${start + i === selected ? '›' : ' '}${treeRowText(row, inner - 1)}`,
		bold: row.kind === 'folder',
	}));
	const position = rows.length ? ` ${selected + 1}/${rows.length}` : '';
	return (
		<Frame
			title={`4 Job Definition${position}   (3: Job Execution Status)`}
			width={width}
			height={height}
			focused={focused}
		>
			<ListView
				lines={lines.length ? lines : [{key: 'empty', text: ' No definitions yet.', dim: true}]}
				height={listHeight}
				width={inner}
				active={focused}
			/>
			<Text wrap="truncate" dimColor>
				{truncate(sanitize(footer(rows[selected])), inner)}
			</Text>
		</Frame>
	);
}

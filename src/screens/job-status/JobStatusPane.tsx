/** The Job Execution Status pane (docs/tui.md, Screens): lays out paneView; only the visible window of rows is rendered. */
import {Box} from 'ink';
import {Text} from '../text.js';
import {useRef} from 'react';
import type {EngineSnapshot} from '../../engine/snapshot.js';
import {LineText} from '../lines/LineText.js';
import {paneView} from './pane-view.js';
import {plain} from '../lines/segments.js';
import type {JobStatusState} from './state.js';
import {paint} from '../lines/symbols.js';

export interface JobStatusPaneProps {
	state: JobStatusState;
	snapshot: EngineSnapshot;
	/** Outer size, border included. */
	width: number;
	height: number;
	focused: boolean;
	now: number;
}

/** Border (2) + title + header; the footer takes one more row when there is room for at least MIN_ROWS rows besides. */
const CHROME_ROWS = 4;
const MIN_ROWS = 3;

export function JobStatusPane({state, snapshot, width, height, focused, now}: JobStatusPaneProps) {
	// The window start is a drawing concern kept between frames; windowStart is idempotent, so StrictMode's double
	// render cannot move it twice.
	const previousStart = useRef<Record<string, number>>({});
	const inner = Math.max(1, width - 2);
	// On a short pane the rows win over the footer (the summary it repeats is in the jobs list's columns).
	const withFooter = height - CHROME_ROWS - 1 >= MIN_ROWS;
	const rows = Math.max(1, height - CHROME_ROWS - (withFooter ? 1 : 0));
	const view = paneView(state, snapshot, {
		width: inner - 1,
		rows,
		now,
		previousStart: previousStart.current[state.view.kind] ?? 0,
	});
	previousStart.current[state.view.kind] = view.start;
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="round"
			borderColor={paint(focused ? 'cyan' : 'gray')}
		>
			<Text wrap="truncate" bold>
				{view.title}
			</Text>
			<Text wrap="truncate" dimColor>{` ${view.header}`}</Text>
			<Box flexDirection="column" height={rows} overflow="hidden">
				{view.total === 0 && view.empty !== null ? <Text wrap="truncate" dimColor>{` ${view.empty}`}</Text> : null}
				{view.rows.map((line, i) => {
					const selected = i === view.selectedRow;
					return (
						<LineText
							key={view.start + i}
							line={[plain(selected ? '›' : ' '), ...line]}
							inverse={selected && focused}
						/>
					);
				})}
			</Box>
			{withFooter ? <LineText line={view.footer} /> : null}
		</Box>
	);
}

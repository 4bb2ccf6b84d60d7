/**
 * Screen-reader mode (RIM_SCREEN_READER=1, or Ink's INK_SCREEN_READER=true): each screen as linear text. Under the
 * header, a line names the focused pane or dialog and its focused item, and the last few announcements say what
 * changed in the running jobs; then the message lines, the focused pane (or the open dialog) alone, the other panes by
 * name, and the keys. The keys are the same as on the full screen: only the drawing differs.
 */
import {Box} from 'ink';
import {useEffect, useState, type ReactNode} from 'react';
import {Text} from './text.js';
import {announcements, ANNOUNCEMENTS_SHOWN} from './announce.js';
import type {EngineApi} from './engine-context.js';
import type {ScreenSize} from './layout.js';
import type {UiState} from './ui-state.js';

/** Lines screen-reader mode adds to a screen: the focus line, the announcements, the other panes' names. */
export const READER_LINES = 2 + ANNOUNCEMENTS_SHOWN;

/** The room left for the screen's own lines in screen-reader mode (never below the smallest layout). */
export function readerRoom(size: ScreenSize, min: ScreenSize): ScreenSize {
	return {columns: size.columns, rows: Math.max(min.rows, size.rows - READER_LINES)};
}

/** Sentences about the jobs' state changes since the TUI started (only while `enabled`), newest last. */
export function useAnnouncements(api: EngineApi, enabled: boolean): readonly string[] {
	const [said, setSaid] = useState<readonly string[]>([]);
	useEffect(() => {
		if (!enabled) return;
		let last = api.getSnapshot();
		return api.subscribe(() => {
			const next = api.getSnapshot();
			const lines = announcements(last, next);
			last = next;
			if (lines.length) setSaid(old => [...old, ...lines].slice(-ANNOUNCEMENTS_SHOWN));
		});
	}, [api, enabled]);
	return said;
}

const PANE_NAMES = {
	packages: '1 Packages',
	destinations: '2 Destinations',
	status: '3 Job Execution Status',
	definitions: '4 Job Definition',
} as const;

/** The panes that are not focused, by the key that focuses them. */
export function otherPanes(ui: UiState): string {
	const jobs = ui.jobsView === 'definitions' ? PANE_NAMES.definitions : PANE_NAMES.status;
	const all = [
		['packages', PANE_NAMES.packages],
		['destinations', PANE_NAMES.destinations],
		['jobs', jobs],
	] as const;
	return `Other panes: ${all
		.filter(([pane]) => pane !== ui.focus)
		.map(([, name]) => name)
		.join(', ')}.`;
}

export function ReaderScreen(props: {
	width: number;
	header: ReactNode;
	focus: string;
	announced: readonly string[];
	messages: ReactNode;
	content: ReactNode;
	others: string | null;
	keys: ReactNode;
}) {
	const {width, header, focus, announced, messages, content, others, keys} = props;
	return (
		<Box flexDirection="column" width={width}>
			{header}
			<Text>{focus}</Text>
			{announced.map((line, i) => (
				<Text key={i}>{line}</Text>
			))}
			{messages}
			{content}
			{others ? <Text>{others}</Text> : null}
			{keys}
		</Box>
	);
}

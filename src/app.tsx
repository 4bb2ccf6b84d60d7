/**
 * The TUI's composition root: panes, dialogs and the single input router (docs/ARCHITECTURE.md P8). One useInput turns keys
 * into rim key names, the router picks the action from the active scope, the pure reducer (screens/ui-state.ts)
 * returns the next state and, optionally, an engine call that runs here.
 */
import {Box, useApp, useInput, useIsScreenReaderEnabled} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import {CommandHint, Header, FlashLine, HintBar, TooSmall} from './screens/chrome.js';
import {DefinitionsPane} from './screens/definitions/index.js';
import {DestinationsPane} from './screens/destinations-pane.js';
import {
	EngineProvider,
	usePendingAgents,
	useSnapshot,
	type EngineApi,
	type ManagerLink,
} from './screens/engine-context.js';
import {JobStatusModal, JobStatusPane, jobStatusModalOpen} from './screens/job-status/index.js';
import {computeLayout, MIN_SIZE, type Layout, type ScreenSize} from './screens/layout.js';
import {ModalView} from './screens/modal-view.js';
import {PackagesPane} from './screens/packages-pane.js';
import {actionForKey, burstAction, hintBindings, inputKeyNames} from './screens/router.js';
import {paneRows, settledList} from './screens/ui-panes.js';
import {reduceUi} from './screens/ui-reduce.js';
import {initialUi, type UiAction, type UiContext, type UiState} from './screens/ui-state.js';
import {useScreenSize} from './screens/use-screen-size.js';
import type {EngineSnapshot} from './engine/snapshot.js';
import {otherPanes, ReaderScreen, readerRoom, useAnnouncements} from './screens/screen-reader-view.js';
import {focusSentence} from './screens/spoken.js';
import type {ExportPort} from './screens/export-port.js';
import type {ClipboardPort} from './screens/clipboard-port.js';

/** Messages from outside the UI (a failed background write) to show on the flash line. */
export type NoticeSource = (listener: (text: string) => void) => () => void;

/** Changes of the link to the manager, for a TUI attached to one. */
export type ManagerLinkSource = (listener: (link: ManagerLink) => void) => () => void;

export interface AppProps {
	api: EngineApi;
	/** Fixed terminal size (tests); otherwise the real terminal's, following resizes. */
	size?: ScreenSize;
	dataDir?: string;
	/** Re-render every tickMs so the header clock and "last heard" ages move; off in tests. */
	tickMs?: number;
	notices?: NoticeSource;
	managerLinks?: ManagerLinkSource;
	/** Clears the terminal and draws the frame whole (Ctrl+L). */
	redraw?: () => void;
	/** Where `w` / `W` write the focused view (the folder rim started in); without it the keys say they cannot. */
	exports?: ExportPort;
	/** How the session log copies a line; without it the line is shown for selection. */
	clipboard?: ClipboardPort;
	/** Wall-clock time, for how long a pending agent has waited (its request is dated by the wall clock, not the lab's). */
	wallNow?: () => number;
}

export function App(props: AppProps) {
	return (
		<EngineProvider api={props.api}>
			<Main {...props} />
		</EngineProvider>
	);
}

/** The reducer's view of the world at this instant; list heights lose a row while a filter line shows. */
function contextFor(
	ui: UiState,
	snapshot: EngineSnapshot,
	now: number,
	layout: Layout | null,
	pending: UiContext['pending'],
	api?: EngineApi,
	ports: Pick<UiContext, 'exports' | 'clipboard'> = {},
): UiContext {
	const heights = layout?.heights ?? {packages: 5, destinations: 5, modal: 5};
	return {
		snapshot,
		now,
		pending,
		...ports,
		room: layout
			? {
					width: layout.columns,
					height: layout.body,
					describe: api?.describeCertificate,
					labDevice: api?.labDevice,
					hostDetail: api?.hostDetail,
				}
			: undefined,
		heights: {
			packages: heights.packages - (ui.packages.filter ? 1 : 0),
			destinations: heights.destinations - (ui.destinations.filter ? 1 : 0),
			modal: heights.modal,
		},
	};
}

function Main({
	api,
	size,
	dataDir,
	tickMs,
	notices,
	managerLinks,
	redraw,
	exports,
	clipboard,
	wallNow = Date.now,
}: AppProps) {
	const snapshot = useSnapshot();
	const pending = usePendingAgents();
	const screen = useScreenSize(size);
	// Screen-reader mode (Ink's switch, set by the composition root): linear text, see screens/screen-reader-view.tsx.
	const reader = useIsScreenReaderEnabled();
	const layout = computeLayout(reader ? readerRoom(screen, MIN_SIZE) : screen);
	const announced = useAnnouncements(api, reader);
	const {exit} = useApp();
	const [ui, setUi] = useState(initialUi);
	const uiRef = useRef(ui);
	const layoutRef = useRef(layout);
	layoutRef.current = layout;
	const [, setTick] = useState(0);

	// Reads refs, never render-time values: several keys can arrive before React re-renders (docs/tui.md, Ink notes).
	const dispatch = useCallback(
		(action: UiAction) => {
			const ctx = contextFor(uiRef.current, api.getSnapshot(), api.now(), layoutRef.current, api.pendingAgents(), api, {
				exports,
				clipboard,
			});
			const update = reduceUi(uiRef.current, action, ctx);
			uiRef.current = update.state;
			setUi(update.state);
			if (update.quit) exit();
			if (update.redraw) redraw?.();
			update.effect?.(api, dispatch).then(
				next => next && dispatch(next),
				(e: unknown) =>
					dispatch({
						type: 'flash',
						flash: {kind: 'error', text: `internal error, please report: ${(e as Error).message}`},
					}),
			);
		},
		[api, exit, redraw, exports, clipboard],
	);

	useInput((input, key) => {
		const burst = burstAction(uiRef.current, input, key);
		if (burst) {
			uiRef.current = {...uiRef.current, flash: null};
			dispatch(burst);
			return;
		}
		for (const name of inputKeyNames(input, key)) {
			const action = actionForKey(uiRef.current, name);
			if (!action) continue;
			// A new key replaces the last message and command hint (a redraw keeps them); an action may set new ones.
			if ((uiRef.current.flash || uiRef.current.lastCommand) && action.type !== 'redraw')
				uiRef.current = {...uiRef.current, flash: null, lastCommand: null};
			dispatch(action);
		}
	});

	useEffect(() => {
		if (!tickMs) return;
		const timer = setInterval(() => setTick(t => t + 1), tickMs);
		return () => clearInterval(timer);
	}, [tickMs]);

	useEffect(() => notices?.(text => dispatch({type: 'flash', flash: {kind: 'error', text}})), [notices, dispatch]);
	useEffect(() => managerLinks?.(link => dispatch({type: 'manager-link', link})), [managerLinks, dispatch]);
	// This session's own actions (not those of other clients of the same manager) as their command lines.
	// Attached to a manager, the manager tells which actions were this TUI's calls (admin protocol, `did`).
	useEffect(() => api.onCommandLine?.(line => dispatch({type: 'did', at: api.now(), line})), [api, dispatch]);

	if (!layout) return <TooSmall size={screen} />;
	const now = api.now();
	const ctx = contextFor(ui, snapshot, now, layout, pending);
	const running = snapshot.jobs.filter(j => j.summary.result === 'running').length;
	const {columns, body} = layout;
	const header = (
		<Header
			width={columns}
			now={now}
			picked={ui.picked}
			running={running}
			fleet={api.fleetKind()}
			packing={ui.packing}
			managerLost={ui.managerLost}
			unsaved={snapshot.saving.kind === 'not-saved'}
			clock={snapshot.clock}
		/>
	);
	const flash = <FlashLine flash={ui.flash} width={columns} saving={snapshot.saving} />;
	const hints = ui.lastCommand ? (
		<CommandHint line={ui.lastCommand} width={columns} />
	) : (
		<HintBar {...hintBindings(ui)} width={columns} />
	);
	const packages = (width: number) => (
		<PackagesPane
			rows={paneRows(ui, ctx, 'packages')}
			list={settledList(ui, ctx, 'packages')}
			picked={ui.picked}
			width={width}
			height={layout.topHeight}
			listHeight={layout.heights.packages}
			focused={ui.focus === 'packages'}
		/>
	);
	const destinations = (width: number) => (
		<DestinationsPane
			rows={paneRows(ui, ctx, 'destinations')}
			list={settledList(ui, ctx, 'destinations')}
			picked={ui.picked}
			width={width}
			height={layout.topHeight}
			listHeight={layout.heights.destinations}
			focused={ui.focus === 'destinations'}
			wallNow={wallNow()}
		/>
	);
	const jobs =
		ui.jobsView === 'definitions' ? (
			<DefinitionsPane
				state={ui.definitions}
				snapshot={snapshot}
				width={columns}
				height={layout.jobsHeight}
				focused={ui.focus === 'jobs'}
			/>
		) : (
			<JobStatusPane
				state={ui.jobStatus}
				snapshot={snapshot}
				width={columns}
				height={layout.jobsHeight}
				focused={ui.focus === 'jobs'}
				now={now}
			/>
		);
	let dialog = null;
	if (ui.modal) {
		dialog = (
			<ModalView
				modal={ui.modal}
				snapshot={snapshot}
				now={now}
				width={columns}
				height={body}
				listHeight={layout.heights.modal}
				dataDir={dataDir}
				packing={ui.packing}
				commands={ui.commands}
			/>
		);
	} else if (jobStatusModalOpen(ui.jobStatus)) {
		dialog = <JobStatusModal state={ui.jobStatus} snapshot={snapshot} width={columns} height={body} now={now} />;
	}
	if (reader) {
		const focused =
			ui.focus === 'packages' ? packages(columns) : ui.focus === 'destinations' ? destinations(columns) : jobs;
		// The command hint stays on the message lines: the keys below are read on demand, a message when it appears.
		return (
			<ReaderScreen
				width={columns}
				header={header}
				focus={focusSentence(ui, ctx)}
				announced={announced}
				messages={
					<>
						<FlashLine flash={ui.flash} width={columns} saving={snapshot.saving} whole />
						{ui.lastCommand ? <CommandHint line={ui.lastCommand} width={columns} whole /> : null}
					</>
				}
				content={dialog ?? focused}
				others={dialog ? null : otherPanes(ui)}
				keys={<HintBar {...hintBindings(ui)} width={columns} />}
			/>
		);
	}
	const content = dialog ?? (
		<Box flexDirection="column" height={body}>
			<Box flexDirection="row" height={layout.topHeight}>
				{packages(layout.leftWidth)}
				{destinations(layout.rightWidth)}
			</Box>
			{jobs}
		</Box>
	);
	return (
		<Box flexDirection="column" width={columns} height={layout.height}>
			{header}
			{content}
			{flash}
			{hints}
		</Box>
	);
}

/**
 * The UI's whole state (docs/ARCHITECTURE.md P8): focus, list cursors, filters, the picked package, the open modal (one union,
 * docs/ARCHITECTURE.md P3), the flash line and the Job Execution Status screen's state, with the actions and the update the
 * reducer (ui-reduce.ts) returns. Types and the initial state only: the reducers import this module, never the reverse.
 */
import type {ClockOp} from '../engine/lab-clock.js';
import type {DestinationRef} from '../engine/model.js';
import type {EngineSnapshot} from '../engine/snapshot.js';
import type {ConditionsDialog} from './create-job/conditions.js';
import type {WizardAction} from './create-job/wizard-update.js';
import type {WizardState} from './create-job/wizard-state.js';
import type {DescribeCertificate} from './detail/detail-lines.js';
import type {EngineApi, ManagerLink, PendingAgent} from './engine-context.js';
import {initialJobStatus, type JobStatusAction, type JobStatusState} from './job-status/index.js';
import {
	initialDefinitions,
	type DefinitionsAction,
	type DefinitionsModal,
	type DefinitionsState,
} from './definitions/state.js';
import {LIST_TOP, type ListCursor, type ListMove} from './list-nav.js';
import type {Flash} from './screen.js';
import type {Packing, SiteAction, SiteDialog} from './site/site-state.js';
import type {TextEdit, TextOp} from './text-edit.js';
import type {ExportFormat, ExportPort} from './export-port.js';
import type {ClipboardPort} from './clipboard-port.js';

export type Pane = 'packages' | 'destinations' | 'jobs';
export const PANES: readonly Pane[] = ['packages', 'destinations', 'jobs'];

export interface PaneList extends ListCursor {
	/** The `/` filter; null when the list is not filtered. */
	filter: TextEdit | null;
	/** Keys type into the filter (after `/`, until enter or esc). */
	filtering: boolean;
}

export type LabAnswer = 'yes' | 'later' | 'cancel';

/** What covers the panes; overlays above the wizard carry the wizard they return to. */
export type Modal =
	| null
	| {kind: 'define-job'; destination: DestinationRef; packageIds: string[]; cursor: number}
	| {kind: 'wizard'; wizard: WizardState}
	| {kind: 'wizard-picker'; wizard: WizardState; what: 'destination' | 'package'; list: ListCursor; filter: TextEdit}
	| {kind: 'change-conditions'; wizard: WizardState; dialog: ConditionsDialog}
	| {kind: 'confirm-discard'; wizard: WizardState}
	/** `search` narrows the keys to those matching (after `/`); `searching` while it is typed. */
	| {kind: 'help'; scroll: number; search: TextEdit | null; searching: boolean}
	/** This session's actions as `rim …` command lines (the audit log's lines for this TUI). */
	/** `plain`: the highlighted line shown alone for selection (it could not be copied: why). */
	| {kind: 'session-log'; scroll: number; plain?: string}
	/** `unsaved`: writes are failing, so quitting now loses the changes not yet on disk. */
	| {kind: 'confirm-quit'; running: number; unsaved?: boolean}
	| {kind: 'host-detail'; hostId: string; scroll: number}
	/** `fromHost`: opened in the host view, which it returns to. */
	| {kind: 'lab-fault'; hostId: string; cursor: number; fromHost?: boolean}
	| {kind: 'lab-answer'; hostId: string; cursor: number; fromHost?: boolean}
	| DefinitionsModal
	/** Add package, New group, a group's members, a removal's confirmation (src/screens/site/). */
	| {kind: 'site'; dialog: SiteDialog};

/** What pane 3 shows: Job Execution Status, or the Job Definition window's tree. */
export type JobsView = 'status' | 'definitions';

export interface UiState {
	focus: Pane;
	packages: PaneList;
	destinations: PaneList;
	/** The package picked with space, waiting to be dropped on a destination. */
	picked: string | null;
	modal: Modal;
	flash: Flash | null;
	jobStatus: JobStatusState;
	jobsView: JobsView;
	definitions: DefinitionsState;
	/** A package being packed (its dialog may be closed meanwhile). */
	packing: Packing | null;
	/** Attached to a manager that went away: the admin may make this rim the manager (MANAGER_LOST_KEYS). */
	managerLost: boolean;
	/** The command line of the last action, shown on the hint line until the next key. */
	lastCommand: string | null;
	/** Every action of this session as a command line, oldest first (at most SESSION_LOG_MAX). */
	commands: readonly {at: number; line: string}[];
}

export const SESSION_LOG_MAX = 500;

export type MenuMove = 'up' | 'down' | 'page-up' | 'page-down' | 'home' | 'end';

export type UiAction =
	| {type: 'focus'; pane: Pane}
	/** An action of this session was made; `line` is its `rim …` command line (`at`: lab time). */
	| {type: 'did'; line: string; at: number}
	| {type: 'session-log'}
	/** Focus pane 3 showing this view. */
	| {type: 'jobs-view'; view: JobsView}
	| {type: 'definitions'; action: DefinitionsAction}
	| {type: 'focus-step'; by: 1 | -1}
	| {type: 'list'; move: ListMove}
	| {type: 'filter-start'}
	| {type: 'pane-esc'}
	| {type: 'pick'}
	| {type: 'drop'}
	| {type: 'host-detail'}
	| {type: 'lab'; what: 'answer' | 'fault' | 'power' | 'certificate'}
	| {type: 'text'; op: TextOp}
	| {type: 'text-commit'}
	| {type: 'text-cancel'}
	| {type: 'menu'; move: MenuMove}
	| {type: 'menu-choose'}
	| {type: 'modal-close'}
	| {type: 'wizard'; action: WizardAction}
	| {type: 'confirm'; yes: boolean}
	/** `scope`: the help section to open at (the focused pane's keys). */
	| {type: 'help'; scope?: string}
	| {type: 'quit'}
	| {type: 'quit-now'}
	| {type: 'redraw'}
	| {type: 'clock'; op: ClockOp}
	| {type: 'jobs'; action: JobStatusAction}
	| {type: 'site'; action: SiteAction}
	| {type: 'flash'; flash: Flash}
	| {type: 'job-created'; jobId: string; flash: Flash}
	| {type: 'definition-saved'; definitionId: string; flash: Flash}
	| {type: 'submit-failed'; flash: Flash}
	/** The link to the manager changed (a TUI attached to one). */
	| {type: 'manager-link'; link: ManagerLink}
	| {type: 'become-manager'}
	/** c in the session log: copy the highlighted line; `copy-failed`: show it plainly instead. */
	| {type: 'copy-line'}
	| {type: 'copy-failed'; why: string}
	/** w / W: the focused view to a CSV or JSON file (export-view.ts). */
	| {type: 'export'; format: ExportFormat};

export interface UiContext {
	snapshot: EngineSnapshot;
	now: number;
	/** Visible rows of the windowed lists at the current terminal size. */
	heights: {packages: number; destinations: number; modal: number};
	/** A real site's agents waiting for the admin (absent or null: none, as on the demo). */
	pending?: readonly PendingAgent[] | null;
	/** The size a full-screen dialog gets, and the certificate reader its lines use (to scroll Detailed Information). */
	/** Where export files go (absent: this rim cannot write them). */
	exports?: ExportPort;
	/** How the session log copies a line (absent: it shows the line for selection). */
	clipboard?: ClipboardPort;
	room?: {
		width: number;
		height: number;
		describe?: DescribeCertificate;
		labDevice?: EngineApi['labDevice'];
		hostDetail?: EngineApi['hostDetail'];
	};
}

/** An engine call the router runs; the action it resolves to is dispatched (usually a flash). */
export type UiEffect = (api: EngineApi, dispatch?: (action: UiAction) => void) => Promise<UiAction | null>;

export interface UiUpdate {
	state: UiState;
	effect?: UiEffect;
	quit?: boolean;
	/** Clear the terminal and draw the frame whole. */
	redraw?: boolean;
}

const emptyList = (): PaneList => ({...LIST_TOP, filter: null, filtering: false});

export function initialUi(): UiState {
	return {
		focus: 'packages',
		packages: emptyList(),
		destinations: emptyList(),
		picked: null,
		modal: null,
		flash: null,
		jobStatus: initialJobStatus(),
		jobsView: 'status',
		definitions: initialDefinitions(),
		packing: null,
		managerLost: false,
		lastCommand: null,
		commands: [],
	};
}

/** What a key asks of the Job Execution Status pane and its modals. */
import type {DetailAction} from '../detail/keymap.js';
import type {ListMove} from '../list-nav.js';

export type JobStatusAction =
	| {type: 'move'; move: ListMove}
	/** enter: open the job, open a destination's detail, or list a code's destinations. */
	| {type: 'open'}
	/** esc: back one view, or close the modal / cancel the confirmation. */
	| {type: 'back'}
	| {type: 'rerun'}
	| {type: 'delete'}
	| {type: 'failures'}
	/** o in a job's destinations: show the selected host in the Destinations pane. */
	| {type: 'show-host'}
	| {type: 'confirm'}
	/** w / W: the view to a CSV or JSON file (the app writes it: screens/export-view.ts). */
	| {type: 'export'; format: 'csv' | 'json'}
	| DetailAction;

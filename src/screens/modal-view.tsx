/** Draws the open dialog in place of the panes (simpler and cheaper than an overlay, docs/tui.md, Ink notes). */
import {ConditionsDialog} from './create-job/ConditionsDialog.js';
import {CreateJob} from './create-job/CreateJob.js';
import {PickerDialog} from './create-job/PickerDialog.js';
import {isChanged} from './create-job/wizard-state.js';
import {takenNames} from '../engine/definitions.js';
import {DefineJobDialog} from './define-job-dialog.js';
import type {EngineSnapshot} from '../engine/snapshot.js';
import {HelpOverlay} from './help-overlay.js';
import {SessionLog} from './session-log.js';
import {HostDetailView} from './host-detail/HostDetailView.js';
import {LabMenu, Question} from './small-dialogs.js';
import type {Modal, UiState} from './ui-state.js';
import {FolderNameDialog, moveChoices, MoveMenu} from './definitions/index.js';
import {sanitize} from '../output/sanitize.js';
import {plural} from '../engine/plural.js';
import {SiteDialogView} from './site/site-dialog-view.js';

export function ModalView(props: {
	modal: NonNullable<Modal>;
	snapshot: EngineSnapshot;
	now: number;
	width: number;
	height: number;
	listHeight: number;
	dataDir?: string;
	packing?: UiState['packing'];
	commands?: readonly {at: number; line: string}[];
}) {
	const {modal, snapshot, now, width, height, listHeight, dataDir, commands = []} = props;
	const inventory = snapshot.inventory;
	switch (modal.kind) {
		case 'define-job':
			return (
				<DefineJobDialog
					destination={modal.destination}
					packageIds={modal.packageIds}
					cursor={modal.cursor}
					inventory={inventory}
					now={now}
					width={width}
					height={height}
				/>
			);
		case 'wizard':
			return (
				<CreateJob
					wizard={modal.wizard}
					inventory={inventory}
					now={now}
					existingNames={takenNames(snapshot, modal.wizard.definition)}
					width={width}
					height={height}
				/>
			);
		case 'wizard-picker':
			return (
				<PickerDialog
					what={modal.what}
					list={modal.list}
					filter={modal.filter}
					inventory={inventory}
					width={width}
					height={height}
					listHeight={listHeight}
				/>
			);
		case 'change-conditions':
			return (
				<ConditionsDialog
					wizard={modal.wizard}
					dialog={modal.dialog}
					inventory={inventory}
					width={width}
					height={height}
				/>
			);
		case 'confirm-discard':
			return (
				<Question
					title="Discard the new job?"
					width={width}
					height={height}
					lines={[
						isChanged(modal.wizard) ? 'The job has changes that were not saved.' : 'Nothing was saved.',
						'y throws it away; n goes back to the wizard.',
					]}
				/>
			);
		case 'confirm-quit':
			return (
				<Question
					title="Quit rim?"
					width={width}
					height={height}
					lines={
						modal.unsaved
							? [
									'The latest changes are NOT saved: rim cannot write the data directory (see the line below the panes).',
									'Quitting now loses them; n stays, and rim keeps retrying until the disk has room again.',
								]
							: [
									`${modal.running === 1 ? '1 job is' : `${modal.running} jobs are`} still running.`,
									`rim keeps their state on disk${dataDir ? ` (${dataDir})` : ''} either way: they continue the next time rim starts.`,
								]
					}
				/>
			);
		case 'session-log':
			return <SessionLog commands={commands} scroll={modal.scroll} plain={modal.plain} width={width} height={height} />;
		case 'help':
			return (
				<HelpOverlay
					scroll={modal.scroll}
					search={modal.search}
					searching={modal.searching}
					width={width}
					height={height}
				/>
			);
		case 'host-detail':
			return <HostDetailView hostId={modal.hostId} scroll={modal.scroll} width={width} height={height} />;
		case 'lab-fault':
		case 'lab-answer':
			return <LabMenu kind={modal.kind} hostId={modal.hostId} cursor={modal.cursor} width={width} height={height} />;
		case 'confirm-delete-definition':
			return (
				<Question
					title={`Delete definition ${sanitize(modal.name)}?`}
					width={width}
					height={height}
					lines={[
						'This cannot be undone.',
						modal.executions
							? `Its ${plural(modal.executions, 'execution')} ${modal.executions === 1 ? 'stays' : 'stay'} in Job Execution Status.`
							: 'It was never executed.',
					]}
				/>
			);
		case 'confirm-delete-folder':
			return (
				<Question
					title={`Delete folder ${sanitize(modal.path)}?`}
					width={width}
					height={height}
					lines={[
						modal.contents ? `It is not empty: ${modal.contents} go with it. This cannot be undone.` : 'It is empty.',
					]}
				/>
			);
		case 'folder-name':
			return <FolderNameDialog modal={modal} width={width} height={height} />;
		case 'move-definition':
			return (
				<MoveMenu
					name={modal.name}
					choices={moveChoices(snapshot)}
					cursor={modal.cursor}
					width={width}
					height={height}
				/>
			);
		case 'site':
			return (
				<SiteDialogView
					dialog={modal.dialog}
					inventory={inventory}
					packing={props.packing ?? null}
					width={width}
					height={height}
					listHeight={listHeight}
				/>
			);
	}
}

/** The Job Execution Status pane and its modals: the contract the app shell integrates. */
export type {JobStatusState, StatusView, StatusModal, Cursor} from './state.js';
export {initialJobStatus, focusJob, jobStatusModalOpen} from './state.js';
export type {JobStatusAction} from './actions.js';
export {jobStatusKeymap, JOB_STATUS_SCOPES} from './keymap.js';
export {updateJobStatus} from './update.js';
export {JobStatusPane, type JobStatusPaneProps} from './JobStatusPane.js';
export {JobStatusModal, type JobStatusModalProps} from './JobStatusModal.js';

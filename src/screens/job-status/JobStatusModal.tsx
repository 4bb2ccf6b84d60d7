/** The pane's full-screen modal: the re-execute or delete confirmation, or the Detailed Information modal. */
import {Box} from 'ink';
import {Text} from '../text.js';
import type {EngineSnapshot} from '../../engine/snapshot.js';
import {DetailModal} from '../detail/DetailModal.js';
import {confirmView} from './confirm-lines.js';
import {hintLine} from '../key-binding.js';
import {jobStatusKeymap} from './keymap.js';
import {LineText} from '../lines/LineText.js';
import type {JobStatusState} from './state.js';
import {paint} from '../lines/symbols.js';

export interface JobStatusModalProps {
	state: JobStatusState;
	snapshot: EngineSnapshot;
	width: number;
	height: number;
	now: number;
}

export function JobStatusModal({state, snapshot, width, height, now}: JobStatusModalProps) {
	const modal = state.modal;
	if (!modal) return <Box width={width} height={height} />;
	if (modal.kind === 'detail')
		return (
			<DetailModal
				jobId={modal.jobId}
				hostId={modal.hostId}
				attempt={modal.attempt}
				scroll={modal.scroll}
				snapshot={snapshot}
				width={width}
				height={height}
				now={now}
			/>
		);
	const view = confirmView(modal, snapshot, {width: width - 2, rows: Math.max(1, height - 5)});
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={paint('yellow')}>
			<Text bold wrap="truncate" color={paint('yellow')}>
				{view.title}
			</Text>
			<Text> </Text>
			{view.lines.map((line, i) => (
				<LineText key={i} line={line} />
			))}
			<Box flexGrow={1} />
			<Text wrap="truncate" color={paint('cyan')}>
				{hintLine(jobStatusKeymap(state))}
			</Text>
		</Box>
	);
}

/** The Detailed Information modal (docs/tui.md, Screens): lays out detailView and the remedy keys that apply now. */
import {Box} from 'ink';
import {Text} from '../text.js';
import type {EngineSnapshot} from '../../engine/snapshot.js';
import {useOptionalEngineApi} from '../engine-context.js';
import {hintLine} from '../keymap.js';
import {LineText} from '../lines/LineText.js';
import {paint} from '../lines/symbols.js';
import {detailView} from './detail-lines.js';
import {ATTEMPT_KEYS, CLOSE_DETAIL, REMEDY_KEYS, REMEDY_ORDER} from './keymap.js';
import {detailSubject, remedyAvailability, stepAttempt} from './remedies.js';

export interface DetailModalProps {
	jobId: string;
	hostId: string;
	/** An earlier attempt to show; absent shows the current one. */
	attempt?: number;
	snapshot: EngineSnapshot;
	width: number;
	height: number;
	now: number;
}

const close = [CLOSE_DETAIL];

export function DetailModal({jobId, hostId, attempt, snapshot, width, height, now}: DetailModalProps) {
	const inner = Math.max(10, width - 2);
	const rows = Math.max(3, height - 2);
	const api = useOptionalEngineApi();
	const subject = detailSubject(snapshot, jobId, hostId, attempt);
	if (!subject) {
		return (
			<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={paint('cyan')}>
				<Text bold wrap="truncate">Detailed Information</Text>
				<Text wrap="truncate">{`${hostId} is no longer a destination of job ${jobId}.`}</Text>
				<Text wrap="truncate" dimColor>{hintLine(close)}</Text>
			</Box>
		);
	}
	// Rows between the title and the keys line.
	const view = detailView(subject, snapshot, {width: inner, now, rows: rows - 2, describe: api?.describeCertificate,
		device: api?.labDevice?.(hostId)});
	const remedies = REMEDY_ORDER.filter(r => remedyAvailability(subject, r).ok).map(r => REMEDY_KEYS[r]);
	const attempts = ATTEMPT_KEYS.filter(k => stepAttempt(subject, k.action.type === 'attempt' ? k.action.step : 1) !== attempt);
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={paint('cyan')}>
			<Text bold wrap="truncate">{view.title}</Text>
			{view.fields.map((line, i) => <LineText key={i} line={line} />)}
			{view.historyTitle === null ? null : <Text bold wrap="truncate">{view.historyTitle}</Text>}
			{view.history.map((line, i) => <LineText key={`h${i}`} line={line} />)}
			<Box flexGrow={1} />
			<Text wrap="truncate" color={paint('cyan')}>{`Keys: ${hintLine([...remedies, ...attempts, ...close])}`}</Text>
		</Box>
	);
}

/** The Detailed Information modal (docs/tui.md, Screens): lays out detailView and the remedy keys that apply now. */
import {Box} from 'ink';
import {Text} from '../text.js';
import type {EngineSnapshot} from '../../engine/snapshot.js';
import {useOptionalEngineApi} from '../engine-context.js';
import {hintLine} from '../key-binding.js';
import {LineText} from '../lines/LineText.js';
import {paint} from '../lines/symbols.js';
import {detailGeometry, detailView} from './detail-lines.js';
import {ATTEMPT_KEYS, CLOSE_DETAIL, REMEDY_KEYS, REMEDY_ORDER} from './keymap.js';
import {detailSubject, remedyAvailability, stepAttempt} from './remedies.js';

export interface DetailModalProps {
	jobId: string;
	hostId: string;
	/** An earlier attempt to show; absent shows the current one. */
	attempt?: number;
	/** The first line shown (detailScroll keeps it in range). */
	scroll?: number;
	snapshot: EngineSnapshot;
	width: number;
	height: number;
	now: number;
}

const close = [CLOSE_DETAIL];

export function DetailModal({jobId, hostId, attempt, scroll = 0, snapshot, width, height, now}: DetailModalProps) {
	const api = useOptionalEngineApi();
	const subject = detailSubject(snapshot, jobId, hostId, attempt);
	if (!subject) {
		return (
			<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={paint('cyan')}>
				<Text bold wrap="truncate">
					Detailed Information
				</Text>
				<Text wrap="truncate">{`${hostId} is no longer a destination of job ${jobId}.`}</Text>
				<Text wrap="truncate" dimColor>
					{hintLine(close)}
				</Text>
			</Box>
		);
	}
	const room = detailGeometry(width, height);
	const view = detailView(subject, snapshot, {
		width: room.width,
		now,
		describe: api?.describeCertificate,
		device: api?.labDevice?.(hostId),
	});
	const total = view.lines.length;
	const start = Math.max(0, Math.min(scroll, total - room.rows));
	const shown = view.lines.slice(start, start + room.rows);
	const more =
		total > room.rows
			? ` · ${start + 1}–${start + shown.length} of ${total}${start + shown.length < total ? ' ↓' : ''}`
			: '';
	const remedies = REMEDY_ORDER.filter(r => remedyAvailability(subject, r).ok).map(r => REMEDY_KEYS[r]);
	const attempts = ATTEMPT_KEYS.filter(
		k => stepAttempt(subject, k.action.type === 'attempt' ? k.action.step : 1) !== attempt,
	);
	const scrollKeys = total > room.rows ? ' · ↑↓ scroll' : '';
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={paint('cyan')}>
			<Box flexShrink={0}>
				<Text bold wrap="truncate">{`${view.title}${more}`}</Text>
			</Box>
			<Box flexDirection="column" height={room.rows} overflow="hidden">
				{shown.map((line, i) => (
					<LineText key={start + i} line={line} />
				))}
			</Box>
			<Text
				wrap="truncate"
				color={paint('cyan')}
			>{`Keys: ${hintLine([...remedies, ...attempts, ...close])}${scrollKeys}`}</Text>
		</Box>
	);
}

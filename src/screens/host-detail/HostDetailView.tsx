/** The host view of Destinations (enter or i on a host): what hostDetailLines says, scrolled; its keys are on the hint bar. */
import {Box} from 'ink';
import {Text} from '../text.js';
import {useEngineApi} from '../engine-context.js';
import {LineText} from '../lines/LineText.js';
import {paint} from '../lines/symbols.js';
import {sanitize} from '../../output/sanitize.js';
import {hostDetailGeometry} from './keymap.js';
import {hostDetailLines} from './host-detail-lines.js';

export function HostDetailView({
	hostId,
	scroll,
	width,
	height,
}: {
	hostId: string;
	scroll: number;
	width: number;
	height: number;
}) {
	const detail = useEngineApi().hostDetail(hostId);
	const room = hostDetailGeometry(width, height);
	const lines = detail
		? hostDetailLines(detail, room.width)
		: [
				[
					{
						text:
							detail === undefined
								? `Reading ${sanitize(hostId)} from the manager…`
								: `${sanitize(hostId)} is no longer in the inventory.`,
					},
				],
			];
	const start = Math.max(0, Math.min(scroll, lines.length - room.rows));
	const shown = lines.slice(start, start + room.rows);
	const more =
		lines.length > room.rows
			? ` · ${start + 1}–${start + shown.length} of ${lines.length}${start + shown.length < lines.length ? ' ↓' : ''}`
			: '';
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={paint('cyan')}>
			<Box flexShrink={0}>
				<Text bold wrap="truncate">{`Host ${sanitize(hostId)}${more}`}</Text>
			</Box>
			<Box flexDirection="column" height={room.rows} overflow="hidden">
				{shown.map((line, i) => (
					<LineText key={start + i} line={line} />
				))}
			</Box>
		</Box>
	);
}

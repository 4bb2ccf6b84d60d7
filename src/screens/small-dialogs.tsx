/** Small dialogs: yes/no questions and the training-lab menus. */
import {Text} from './text.js';
import {Frame} from './frame.js';
import {ANSWER_CHOICES, FAULT_CHOICES} from './lab-menus.js';
import {colour, SYMBOL} from './theme.js';

export function Question(props: {title: string; lines: readonly string[]; width: number; height: number}) {
	const {title, lines, width, height} = props;
	return (
		<Frame title={title} width={width} height={height}>
			{lines.map((line, i) => (
				<Text key={i} wrap="wrap">
					{line}
				</Text>
			))}
			<Text> </Text>
			<Text bold color={colour('yellow')}>
				y yes · n no
			</Text>
		</Frame>
	);
}

export function LabMenu(props: {
	kind: 'lab-fault' | 'lab-answer';
	hostId: string;
	cursor: number;
	width: number;
	height: number;
}) {
	const {kind, hostId, cursor, width, height} = props;
	const items = kind === 'lab-fault' ? FAULT_CHOICES.map(c => c.label) : ANSWER_CHOICES.map(c => c.label);
	const title =
		kind === 'lab-fault'
			? `Training lab: inject a fault on ${hostId}`
			: `Training lab: answer for the user of ${hostId}`;
	return (
		<Frame title={title} width={width} height={height}>
			{items.map((label, i) => (
				<Text
					key={label}
					wrap="truncate"
					inverse={i === cursor}
				>{`${i === cursor ? SYMBOL.pointer : ' '} ${label}`}</Text>
			))}
		</Frame>
	);
}

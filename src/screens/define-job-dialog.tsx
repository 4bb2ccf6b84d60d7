/** Define New Job (docs/rules.md, Job types): every job type, the ones that cannot run here disabled with the rule's reason. */
import {Text} from './text.js';
import {jobTypeChoices} from '../engine/define.js';
import {destinationName} from '../engine/inventory.js';
import type {DestinationRef, Inventory} from '../engine/model.js';
import {defineJobLines} from './define-job-lines.js';
import {Frame} from './frame.js';
import {sanitize} from '../output/sanitize.js';
import {colour, SYMBOL} from './theme.js';

export function DefineJobDialog(props: {
	destination: DestinationRef;
	packageIds: readonly string[];
	cursor: number;
	inventory: Inventory;
	now: number;
	width: number;
	height: number;
}) {
	const {destination, packageIds, cursor, inventory, now, width, height} = props;
	const choices = jobTypeChoices({packageIds: [...packageIds], destination, inventory, now});
	const what = packageIds.length ? packageIds.map(sanitize).join(', ') : 'no package';
	const where = `${destination.kind} ${sanitize(destination.id)} (${sanitize(destinationName(destination, inventory))})`;
	// Inside the border and under the title.
	const lines = defineJobLines(choices, `${what} ${SYMBOL.pointer} ${where}`, cursor, width - 2, height - 3);
	return (
		<Frame title="Define New Job" width={width} height={height}>
			{lines.map((line, i) =>
				line.kind === 'choice' ? (
					<Text
						key={i}
						wrap="truncate"
						inverse={line.index === cursor}
						dimColor={!line.enabled}
						color={line.enabled ? colour('green') : undefined}
					>
						{line.text}
					</Text>
				) : (
					<Text key={i} wrap="truncate" dimColor={line.kind === 'reason'}>
						{line.text || ' '}
					</Text>
				),
			)}
		</Frame>
	);
}

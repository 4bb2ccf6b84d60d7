/** Define New Job (docs/rules.md, Job types): every job type, the ones that cannot run here disabled with the rule's reason. */
import {Box} from 'ink';
import {Text} from './text.js';
import {jobTypeChoices} from '../engine/define.js';
import {destinationName} from '../engine/inventory.js';
import type {DestinationRef, Inventory} from '../engine/model.js';
import {Frame} from './frame.js';
import {sanitize} from '../output/sanitize.js';
import {colour, SYMBOL} from './theme.js';

export function DefineJobDialog(props: {destination: DestinationRef; packageIds: readonly string[]; cursor: number; inventory: Inventory;
	now: number; width: number; height: number}) {
	const {destination, packageIds, cursor, inventory, now, width, height} = props;
	const choices = jobTypeChoices({packageIds: [...packageIds], destination, inventory, now});
	const what = packageIds.length ? packageIds.map(sanitize).join(', ') : 'no package';
	const where = `${destination.kind} ${sanitize(destination.id)} (${sanitize(destinationName(destination, inventory))})`;
	return (
		<Frame title="Define New Job" width={width} height={height}>
			<Text wrap="truncate">{`${what} ${SYMBOL.pointer} ${where}`}</Text>
			<Text> </Text>
			<Text wrap="truncate">Job type:</Text>
			{choices.map((choice, i) => (
				<Box key={choice.type} flexDirection="column">
					<Text wrap="truncate" inverse={i === cursor} dimColor={!choice.enabled} color={choice.enabled ? colour('green') : undefined}>
						{`${i === cursor ? SYMBOL.pointer : ' '} ${choice.enabled ? SYMBOL.ok : SYMBOL.lock} ${choice.label}${choice.enabled ? '' : ' (disabled)'}`}
					</Text>
					{choice.reasons.map((reason, j) => (
						<Box key={j} paddingLeft={6}>
							<Text wrap="wrap" dimColor>{sanitize(reason)}</Text>
						</Box>
					))}
				</Box>
			))}
		</Frame>
	);
}

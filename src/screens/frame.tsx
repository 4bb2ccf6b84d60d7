/** Building blocks shared by panes and dialogs: a bordered frame with a title, and a windowed list of text rows. */
import {Box} from 'ink';
import {Text} from './text.js';
import {memo, type ReactNode} from 'react';
import {fit} from '../output/text-fit.js';
import {colour} from './theme.js';

export function Frame(props: {title: string; width: number; height: number; focused?: boolean; children?: ReactNode}) {
	const {title, width, height, focused = true, children} = props;
	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			borderStyle="round"
			borderColor={focused ? colour('cyan') : colour('gray')}
			overflow="hidden"
		>
			{/* Never squeezed out: when the content is too tall, the content is cut, not the title. */}
			<Box flexShrink={0}>
				<Text bold wrap="truncate">
					{fit(title, width - 2)}
				</Text>
			</Box>
			{children}
		</Box>
	);
}

export interface ListLine {
	key: string;
	text: string;
	selected?: boolean;
	dim?: boolean;
	bold?: boolean;
	tint?: ReturnType<typeof colour>;
}

/** Exactly `height` lines: the rows given (already the visible window), then blank lines. */
export function ListView(props: {lines: readonly ListLine[]; height: number; width: number; active: boolean}) {
	const {lines, height, width, active} = props;
	return (
		<Box flexDirection="column" height={height} overflow="hidden">
			{lines.slice(0, height).map(line => (
				<ListRow
					key={line.key}
					text={line.text}
					width={width}
					active={active}
					selected={line.selected}
					dim={line.dim}
					bold={line.bold}
					tint={line.tint}
				/>
			))}
		</Box>
	);
}

/** One row; rendered again only when its own text or style changed (a key moves the highlight over two rows). */
const ListRow = memo(function ListRow(props: Omit<ListLine, 'key'> & {width: number; active: boolean}) {
	const {text, width, active, selected, dim, bold, tint} = props;
	return (
		<Text wrap="truncate" inverse={selected && active} bold={bold || (selected && !active)} dimColor={dim} color={tint}>
			{fit(text, width)}
		</Text>
	);
});

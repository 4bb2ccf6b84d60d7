/**
 * `L`: this session's actions as `rim …` command lines, newest last. `c` copies the highlighted one (OSC 52); where
 * the terminal cannot take that, the line is shown alone, without a frame, for the mouse to select: a line wider than
 * the screen is broken between words with a shell continuation (` \`), so what is selected still pastes as one command.
 */
import {Box} from 'ink';
import {Text} from './text.js';
import {Frame} from './frame.js';
import {cellWidth, truncate} from '../output/text-fit.js';
import {formatUtc} from '../engine/rules/fields.js';

/** Splits a shell line at spaces outside quotes into rows of at most `width` cells, each but the last ending in ` \`. */
export function shellRows(line: string, width: number): string[] {
	const words: string[] = [];
	let word = '';
	let quoted = false;
	for (let i = 0; i < line.length; i++) {
		const ch = line[i]!;
		if (ch === ' ' && !quoted) {
			if (word) words.push(word);
			word = '';
			continue;
		}
		word += ch;
		if (ch === "'") quoted = !quoted;
		else if (ch === '\\' && !quoted && i + 1 < line.length) word += line[++i];
	}
	if (word) words.push(word);
	const rows: string[] = [];
	let row = '';
	for (const next of words) {
		const joined = row ? `${row} ${next}` : next;
		// Room for the ` \` that ends every row but the last.
		if (row && cellWidth(joined) + 2 > width) {
			rows.push(`${row} \\`);
			row = `  ${next}`;
		} else row = joined;
	}
	rows.push(row);
	return rows;
}

export function SessionLog({
	commands,
	scroll,
	plain,
	width,
	height,
}: {
	commands: readonly {at: number; line: string}[];
	scroll: number;
	plain?: string;
	width: number;
	height: number;
}) {
	const line = commands[scroll]?.line;
	if (plain !== undefined && line !== undefined) {
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text
					wrap="wrap"
					dimColor
				>{`Not copied: ${plain}. Select the command below with the mouse; any key goes back to the log.`}</Text>
				<Text> </Text>
				{shellRows(line, width).map((row, i) => (
					<Text key={i}>{row}</Text>
				))}
			</Box>
		);
	}
	const visible = Math.max(1, height - 3);
	const start = Math.max(0, Math.min(scroll - visible + 1, commands.length - visible));
	const inner = width - 2;
	const title = commands.length
		? `Session log: ${commands.length} action${commands.length === 1 ? '' : 's'} as rim command lines`
		: 'Session log';
	return (
		<Frame title={title} width={width} height={height}>
			{commands.length === 0 && (
				<Text wrap="truncate">
					{truncate(
						'Nothing done yet in this session: each action you make shows here as the rim command line that does the same.',
						inner,
					)}
				</Text>
			)}
			{commands.slice(start, start + visible).map((c, i) => (
				<Text key={start + i} wrap="truncate" inverse={start + i === scroll}>
					{truncate(`${formatUtc(c.at).slice(11, 16)}  ${c.line}`, inner)}
				</Text>
			))}
		</Frame>
	);
}

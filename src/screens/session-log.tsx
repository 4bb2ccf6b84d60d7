/** `L`: this session's actions as `rim …` command lines, newest last, plain text to select and copy into a script. */
import {Text} from './text.js';
import {Frame} from './frame.js';
import {truncate} from '../output/text-fit.js';
import {formatUtc} from '../engine/rules/fields.js';

export function SessionLog({commands, scroll, width, height}: {commands: readonly {at: number; line: string}[]; scroll: number; width: number; height: number}) {
	const visible = Math.max(1, height - 3);
	const start = Math.max(0, Math.min(scroll - visible + 1, commands.length - visible));
	const inner = width - 2;
	const title = commands.length ? `Session log: ${commands.length} action${commands.length === 1 ? '' : 's'} as rim command lines` : 'Session log';
	return (
		<Frame title={title} width={width} height={height}>
			{commands.length === 0 && <Text wrap="truncate">{truncate('Nothing done yet in this session: each action you make shows here as the rim command line that does the same.', inner)}</Text>}
			{commands.slice(start, start + visible).map((c, i) => (
				<Text key={start + i} wrap="truncate" inverse={start + i === scroll}>{truncate(`${formatUtc(c.at).slice(11, 16)}  ${c.line}`, inner)}</Text>
			))}
		</Frame>
	);
}

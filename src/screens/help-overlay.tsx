/** The `?` overlay: every scope's keys, generated from the key tables (help.ts), scrollable. */
import {Text} from './text.js';
import {Frame} from './frame.js';
import {fit, padEnd} from '../output/format.js';
import {helpLines} from './help.js';

export function HelpOverlay({scroll, width, height}: {scroll: number; width: number; height: number}) {
	const lines = helpLines();
	const visible = Math.max(1, height - 3);
	const start = Math.max(0, Math.min(scroll, lines.length - visible));
	const inner = width - 2;
	return (
		<Frame title={`Keys (${start + 1}–${Math.min(lines.length, start + visible)} of ${lines.length})`} width={width} height={height}>
			{lines.slice(start, start + visible).map((line, i) => {
				if (line.kind === 'title') return <Text key={i} bold wrap="truncate">{fit(line.text, inner)}</Text>;
				if (line.kind === 'group') return <Text key={i} dimColor wrap="truncate">{fit(`  ${line.text}`, inner)}</Text>;
				if (line.kind === 'blank') return <Text key={i}> </Text>;
				return <Text key={i} wrap="truncate">{fit(`    ${padEnd(line.keys ?? '', 14)} ${line.text}`, inner)}</Text>;
			})}
		</Frame>
	);
}

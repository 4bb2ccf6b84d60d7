/** The `?` overlay: every scope's keys, generated from the key tables (help.ts), scrollable and searchable with `/`. */
import {Text} from './text.js';
import {Frame} from './frame.js';
import {fit, truncate} from '../output/text-fit.js';
import {helpLines} from './help.js';
import type {TextEdit} from './text-edit.js';
import {TextField} from './text-field.js';
import {colour} from './theme.js';

export function HelpOverlay({
	scroll,
	search,
	searching,
	width,
	height,
}: {
	scroll: number;
	search: TextEdit | null;
	searching: boolean;
	width: number;
	height: number;
}) {
	const lines = helpLines(undefined, search?.value ?? '');
	const visible = Math.max(1, height - 3 - (search ? 1 : 0));
	const start = Math.max(0, Math.min(scroll, lines.length - visible));
	const inner = width - 2;
	const range = lines.length ? `${start + 1}–${Math.min(lines.length, start + visible)} of ${lines.length}` : 'none';
	return (
		<Frame title={`Keys (${range})  / search`} width={width} height={height}>
			{search ? (
				<Text wrap="truncate">
					<Text color={colour('cyan')}>/</Text>
					{searching ? <TextField edit={search} /> : search.value}
					{lines.length ? null : <Text dimColor> (no key matches)</Text>}
				</Text>
			) : null}
			{lines.slice(start, start + visible).map((line, i) => {
				if (line.kind === 'title')
					return (
						<Text key={i} bold wrap="truncate">
							{truncate(line.text, inner)}
						</Text>
					);
				if (line.kind === 'group')
					return (
						<Text key={i} dimColor wrap="truncate">
							{truncate(`  ${line.text}`, inner)}
						</Text>
					);
				if (line.kind === 'blank') return <Text key={i}> </Text>;
				return (
					<Text key={i} wrap="truncate">
						{truncate(`    ${fit(line.keys ?? '', 14)} ${line.text}`, inner)}
					</Text>
				);
			})}
		</Frame>
	);
}

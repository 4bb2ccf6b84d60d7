/** Prints one pre-fitted line of coloured segments on a single terminal row. */
import {Text} from '../text.js';
import type {Line} from './segments.js';
import {paint} from './symbols.js';

export function LineText({line, inverse = false, dim = false}: {line: Line; inverse?: boolean; dim?: boolean}) {
	return (
		<Text wrap="truncate" inverse={inverse} dimColor={dim}>
			{line.map((segment, i) => (
				<Text key={i} color={paint(segment.tone)} bold={segment.bold}>
					{segment.text}
				</Text>
			))}
		</Text>
	);
}

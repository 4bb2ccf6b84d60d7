/** A text field drawn from a TextEdit: the cursor is an inverse cell (plain text has no visible cursor). */
import {Text} from './text.js';
import type {TextEdit} from './text-edit.js';
import {sanitize} from '../output/sanitize.js';

export function TextField({edit, active = true}: {edit: TextEdit; active?: boolean}) {
	const before = sanitize(edit.value.slice(0, edit.cursor));
	const at = edit.value.slice(edit.cursor, edit.cursor + 1);
	const after = sanitize(edit.value.slice(edit.cursor + 1));
	return (
		<Text>
			{before}
			<Text inverse={active}>{at ? sanitize(at) : ' '}</Text>
			{after}
		</Text>
	);
}

/** New host group: an id and a name. Whether it is security-PC-only is derived from its members, never chosen. */
import {Box} from 'ink';
import {fit} from '../../output/text-fit.js';
import {Frame} from '../frame.js';
import {TextField} from '../text-field.js';
import {Text} from '../text.js';
import {colour, SYMBOL} from '../theme.js';
import type {GroupForm} from './site-state.js';

const FIELDS = [
	{field: 'id', label: 'Group id', note: '1–44 characters A-Z 0-9 - _'},
	{field: 'name', label: 'Name', note: 'empty: the id; 1–50 characters, no \\ or ;'},
] as const;

export function GroupCreateDialog(props: {form: GroupForm; width: number; height: number}) {
	const {form, width, height} = props;
	return (
		<Frame title="New host group (as rim group create)" width={width} height={height}>
			{FIELDS.map(({field, label}, i) => (
				<Box key={field} height={1}>
					<Text wrap="truncate">{`${i === form.row ? SYMBOL.pointer : ' '} ${fit(label, 12)}`}</Text>
					{i === form.row && !form.busy ? (
						<Text wrap="truncate">
							<TextField edit={form[field]} />
						</Text>
					) : (
						<Text wrap="truncate">{form[field].value}</Text>
					)}
				</Box>
			))}
			<Text> </Text>
			<Text wrap="truncate" dimColor>
				{FIELDS[form.row].note}
			</Text>
			<Text wrap="wrap" dimColor>
				The group starts empty: m on it adds hosts. A group whose members are all security PCs is security-PC-only
				(derived from its members).
			</Text>
			{form.refusal ? <Text wrap="wrap" color={colour('red')}>{`${SYMBOL.problem} ${form.refusal}`}</Text> : null}
		</Frame>
	);
}

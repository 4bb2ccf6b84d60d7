/** Add a destination or a package to the wizard's job: a windowed, filterable list. */
import {Text} from '../text.js';
import type {Inventory} from '../../engine/model.js';
import {Frame, ListView} from '../frame.js';
import {windowStart, type ListCursor} from '../list-nav.js';
import {pickerItems} from '../picker.js';
import type {TextEdit} from '../text-edit.js';
import {TextField} from '../text-field.js';

export function PickerDialog(props: {
	what: 'destination' | 'package';
	list: ListCursor;
	filter: TextEdit;
	inventory: Inventory;
	width: number;
	height: number;
	listHeight: number;
}) {
	const {what, list, filter, inventory, width, height, listHeight} = props;
	const items = pickerItems(what, inventory, filter.value);
	const inner = width - 2;
	const start = windowStart(list.cursor, listHeight, items.length, list.start);
	const lines = items.slice(start, start + listHeight).map((item, i) => ({
		key: item.key,
		selected: start + i === list.cursor,
		text: item.text(inner, start + i === list.cursor),
	}));
	return (
		<Frame title={`Add a ${what} (${items.length})`} width={width} height={height}>
			<Text wrap="truncate">
				filter: <TextField edit={filter} />
			</Text>
			<ListView lines={lines} height={listHeight} width={inner} active />
		</Frame>
	);
}

/** What the wizard's add-destination and add-package pickers list: hosts and groups, or packages, filtered. Pure. */
import type {DestinationRef, Inventory} from '../engine/model.js';
import {destinationRef, destinationRowText, destinationRows, isDestinationRow} from './destination-rows.js';
import {packageRowText, packageRows} from './package-rows.js';

export interface PickerItem {
	key: string;
	text(width: number, selected: boolean): string;
	destination?: DestinationRef;
	packageId?: string;
}

let memo: {what: string; inventory: Inventory; filter: string; items: PickerItem[]} | null = null;

/** Memoised for the latest (what, inventory, filter): the reducer and the view ask for the same list per key. */
export function pickerItems(what: 'destination' | 'package', inventory: Inventory, filter: string): PickerItem[] {
	if (memo && memo.what === what && memo.inventory === inventory && memo.filter === filter) return memo.items;
	const items = buildItems(what, inventory, filter);
	memo = {what, inventory, filter, items};
	return items;
}

function buildItems(what: 'destination' | 'package', inventory: Inventory, filter: string): PickerItem[] {
	if (what === 'package') {
		return packageRows(inventory, filter).flatMap(row =>
			row.kind === 'package'
				? [
						{
							key: row.pkg.id,
							packageId: row.pkg.id,
							text: (w: number, s: boolean) => packageRowText(row, w, {selected: s, picked: false}),
						},
					]
				: [],
		);
	}
	return destinationRows(inventory, filter).flatMap(row =>
		!isDestinationRow(row)
			? []
			: [
					{
						key: `${row.kind}:${row.kind === 'host' ? row.host.id : row.group.id}`,
						destination: destinationRef(row),
						text: (w: number, s: boolean) => destinationRowText(row.kind === 'host' ? {...row, depth: 0} : row, w, s),
					},
				],
	);
}

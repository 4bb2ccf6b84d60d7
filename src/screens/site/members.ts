/** The group members dialog as pure functions: the hosts it lists, and what Save changes. */
import {isSecurityOnlyGroup} from '../../engine/inventory.js';
import type {Host, HostGroup, Inventory} from '../../engine/model.js';

/** Host rows the dialog shows: a dialog's list height, plus the line the members dialog has no hint for. */
export const membersRows = (modalListHeight: number) => Math.max(1, modalListHeight + 1);

let memo: {inventory: Inventory; filter: string; hosts: Host[]} | null = null;

/** Every host of the site whose id or name holds `filter` (ignoring case), in inventory order; memoised. */
export function memberCandidates(inventory: Inventory, filter: string): Host[] {
	if (memo && memo.inventory === inventory && memo.filter === filter) return memo.hosts;
	const needle = filter.toLowerCase();
	const hosts = needle
		? inventory.hosts.filter(h => h.id.toLowerCase().includes(needle) || h.name.toLowerCase().includes(needle))
		: [...inventory.hosts];
	memo = {inventory, filter, hosts};
	return hosts;
}

/** What Save does: the ticked hosts that are not members are added, the members no longer ticked are removed. */
export function membersChange(group: HostGroup, chosen: readonly string[]): {add: string[]; remove: string[]} {
	const ticked = new Set(chosen);
	return {add: chosen.filter(id => !group.members.includes(id)), remove: group.members.filter(id => !ticked.has(id))};
}

/** Whether the group would be security-PC-only with these members: derived from them, never set by hand. */
export function wouldBeSecurityOnly(group: HostGroup, chosen: readonly string[], inventory: Inventory): boolean {
	return isSecurityOnlyGroup({...group, members: [...chosen]}, inventory);
}

/**
 * The Destinations pane as rows: the relay tree under the managing server, then the host groups (docs/tui.md, Screens). Pure;
 * built once per inventory object and filter (a 10,000-host tree takes a few ms).
 */
import {isSecurityOnlyGroup} from '../engine/inventory.js';
import type {DestinationRef, Host, HostGroup, Inventory} from '../engine/model.js';
import {fit} from '../output/text-fit.js';
import {sanitize} from '../output/sanitize.js';
import {BADGE, SYMBOL} from './theme.js';
import {plural} from '../engine/plural.js';

export type DestinationRow =
	| {kind: 'section'; title: string}
	| {kind: 'host'; host: Host; depth: number}
	| {kind: 'group'; group: HostGroup; securityOnly: boolean; securityPcs: number};

export const isDestinationRow = (
	row: DestinationRow | undefined,
): row is Extract<DestinationRow, {kind: 'host' | 'group'}> => row?.kind === 'host' || row?.kind === 'group';

export function destinationRef(row: Extract<DestinationRow, {kind: 'host' | 'group'}>): DestinationRef {
	return row.kind === 'host' ? {kind: 'host', id: row.host.id} : {kind: 'group', id: row.group.id};
}

const hit = (id: string, name: string, needle: string) =>
	!needle || id.toLowerCase().includes(needle) || name.toLowerCase().includes(needle);

function treeRows(hosts: readonly Host[], needle: string): DestinationRow[] {
	const children = new Map<string | null, Host[]>();
	const ids = new Set(hosts.map(h => h.id));
	for (const host of hosts) {
		// A host whose parent is unknown hangs under the server rather than vanishing.
		const parent = host.parent !== null && ids.has(host.parent) ? host.parent : null;
		const list = children.get(parent) ?? [];
		list.push(host);
		children.set(parent, list);
	}
	const rows: DestinationRow[] = [];
	const seen = new Set<string>();
	const stack: {host: Host; depth: number}[] = [...(children.get(null) ?? [])]
		.reverse()
		.map(host => ({host, depth: 0}));
	while (stack.length) {
		const {host, depth} = stack.pop()!;
		if (seen.has(host.id)) continue;
		seen.add(host.id);
		if (hit(host.id, host.name, needle)) rows.push({kind: 'host', host, depth: needle ? 0 : depth});
		const below = children.get(host.id) ?? [];
		for (let i = below.length - 1; i >= 0; i--) stack.push({host: below[i]!, depth: depth + 1});
	}
	return rows;
}

let memo: {inventory: Inventory; filter: string; rows: DestinationRow[]} | null = null;

export function destinationRows(inventory: Inventory, filter: string): DestinationRow[] {
	if (memo && memo.inventory === inventory && memo.filter === filter) return memo.rows;
	const needle = filter.toLowerCase();
	const hosts = treeRows(inventory.hosts, needle);
	const kinds = new Map(inventory.hosts.map(h => [h.id, h.kind]));
	const groups: DestinationRow[] = inventory.groups
		.filter(g => hit(g.id, g.name, needle))
		.map(group => ({
			kind: 'group',
			group,
			securityOnly: isSecurityOnlyGroup(group, inventory),
			securityPcs: group.members.filter(id => kinds.get(id) === 'security-pc').length,
		}));
	const rows: DestinationRow[] = [];
	if (hosts.length) rows.push({kind: 'section', title: 'Managing server — relay tree'}, ...hosts);
	if (groups.length) rows.push({kind: 'section', title: 'Host groups'}, ...groups);
	memo = {inventory, filter, rows};
	return rows;
}

function hostBadges(host: Host): string {
	if (host.kind === 'relay') return BADGE.relay;
	const power = host.started ? BADGE.started : BADGE.stopped;
	return host.kind === 'security-pc' ? `${power} ${BADGE.security}` : power;
}

/** One row as text, exactly `width` columns. */
export function destinationRowText(row: DestinationRow, width: number, selected: boolean): string {
	const pointer = selected ? SYMBOL.pointer : ' ';
	switch (row.kind) {
		case 'section':
			return fit(`${pointer}── ${row.title}`, width);
		case 'host': {
			const {host} = row;
			const glyph = host.kind === 'relay' ? SYMBOL.relay : host.kind === 'security-pc' ? SYMBOL.security : SYMBOL.pc;
			const indent = '  '.repeat(Math.min(row.depth, 6));
			const badges = ` ${hostBadges(host)}`;
			const left = `${pointer}${indent}${glyph} ${sanitize(host.id)}  ${sanitize(host.name)}`;
			return fitWithRight(left, badges, width);
		}
		case 'group': {
			const {group} = row;
			const badge = row.securityOnly
				? ` ${BADGE.securityOnly}`
				: row.securityPcs
					? ` ${SYMBOL.security} ${row.securityPcs} SEC`
					: '';
			const left = `${pointer}${SYMBOL.group} ${sanitize(group.id)}  ${sanitize(group.name)}`;
			return fitWithRight(left, ` ${plural(group.members.length, 'host')}${badge}`, width);
		}
	}
}

/** Left text cut to leave the right part (badges) visible; the badges win over a long name. */
function fitWithRight(left: string, right: string, width: number): string {
	const rightWidth = [...right].length;
	if (rightWidth >= width - 10) return fit(left + right, width);
	return fit(left, width - rightWidth) + right;
}

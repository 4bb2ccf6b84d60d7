/**
 * The Destinations pane as rows: the relay tree under the managing server, then the host groups, then on a real site the
 * agents waiting for the admin (docs/tui.md, Screens). Pure; built once per inventory, pending list and filter (see
 * destinationRows). Under a real relay that has reported itself, two more lines (not selectable): its state, and
 * its cache with what it holds.
 */
import {isSecurityOnlyGroup} from '../engine/inventory.js';
import type {DestinationRef, Host, HostGroup, Inventory, RelayStatus} from '../engine/model.js';
import {formatUtc} from '../engine/rules/fields.js';
import {humanSize} from '../output/format.js';
import {fit} from '../output/text-fit.js';
import {sanitize} from '../output/sanitize.js';
import {BADGE, SYMBOL} from './theme.js';
import {plural} from '../engine/plural.js';
import {sameRecords} from './same-records.js';
import type {PendingAgent} from '../net/agents/pending-view.js';
import {shortKeyHash} from '../shared/key-hash.js';
import {relativeTime} from './lines/segments.js';

export type DestinationRow =
	| {kind: 'section'; title: string}
	| {kind: 'host'; host: Host; depth: number}
	| {kind: 'relay-status'; line: 'state' | 'cache'; host: Host; status: RelayStatus; depth: number}
	| {kind: 'group'; group: HostGroup; securityOnly: boolean; securityPcs: number}
	/** An agent that asked to enrol without a join token (`A` accepts it). */
	| {kind: 'pending'; agent: PendingAgent};

/** The title of the pending agents' section (shown only while one waits). */
export const PENDING_SECTION = 'Pending agents — A accepts';

export const isDestinationRow = (
	row: DestinationRow | undefined,
): row is Extract<DestinationRow, {kind: 'host' | 'group'}> => row?.kind === 'host' || row?.kind === 'group';

export function destinationRef(row: Extract<DestinationRow, {kind: 'host' | 'group'}>): DestinationRef {
	return row.kind === 'host' ? {kind: 'host', id: row.host.id} : {kind: 'group', id: row.group.id};
}

const hit = (id: string, name: string, needle: string) =>
	!needle || id.toLowerCase().includes(needle) || name.toLowerCase().includes(needle);

/** The relay tree as rows, with the position in `hosts` of each row's host. */
function treeRows(hosts: readonly Host[], needle: string): {rows: DestinationRow[]; positions: number[]} {
	const children = new Map<string | null, number[]>();
	const ids = new Set(hosts.map(h => h.id));
	hosts.forEach((host, i) => {
		// A host whose parent is unknown hangs under the server rather than vanishing.
		const parent = host.parent !== null && ids.has(host.parent) ? host.parent : null;
		const list = children.get(parent) ?? [];
		list.push(i);
		children.set(parent, list);
	});
	const rows: DestinationRow[] = [];
	const positions: number[] = [];
	const seen = new Set<string>();
	const stack: {at: number; depth: number}[] = [...(children.get(null) ?? [])].reverse().map(at => ({at, depth: 0}));
	while (stack.length) {
		const {at, depth} = stack.pop()!;
		const host = hosts[at]!;
		if (seen.has(host.id)) continue;
		seen.add(host.id);
		if (hit(host.id, host.name, needle)) {
			rows.push({kind: 'host', host, depth: needle ? 0 : depth});
			positions.push(at);
			if (host.kind === 'relay' && host.relay) {
				for (const line of ['state', 'cache'] as const) {
					rows.push({kind: 'relay-status', line, host, status: host.relay, depth: needle ? 0 : depth});
					positions.push(at);
				}
			}
		}
		const below = children.get(host.id) ?? [];
		for (let i = below.length - 1; i >= 0; i--) stack.push({at: below[i]!, depth: depth + 1});
	}
	return {rows, positions};
}

/** What the rows were built from: while it holds, the rows stand (see destinationRows). */
interface Built {
	hosts: readonly Host[];
	groups: readonly HostGroup[];
	filter: string;
	pending: readonly PendingAgent[] | null;
	rows: DestinationRow[];
	/** For each row, the position in `hosts` of its host; -1 for sections, groups and pending agents. */
	positions: number[];
}

let memo: Built | null = null;

/**
 * Whether a host's place in the rows is the same: its tree position, its filter match, its kind (group badges) and, for
 * a relay, its last report (the lines under it).
 */
const samePlace = (a: Host, b: Host) =>
	a.id === b.id && a.parent === b.parent && a.name === b.name && a.kind === b.kind && a.relay === b.relay;

/**
 * Rows for an inventory and filter, built once per inventory and filter: the engine publishes a new inventory with
 * every change (a running job replaces hosts' records as their PCs report), and building the tree takes milliseconds
 * at 10,000 hosts. While the hosts keep their places (same ids, parents, names and kinds) and the groups are the same
 * records, the previous rows stand, each pointing at its host's current record.
 */
export function destinationRows(
	inventory: Inventory,
	filter: string,
	pending: readonly PendingAgent[] | null = null,
): DestinationRow[] {
	const {hosts, groups} = inventory;
	if (
		memo &&
		memo.filter === filter &&
		memo.pending === pending &&
		sameRecords(memo.groups, groups) &&
		memo.hosts.length === hosts.length
	) {
		const before = memo.hosts;
		let same = true;
		let moved = false;
		for (let i = 0; i < hosts.length && same; i++) {
			if (hosts[i] === before[i]) continue;
			moved = true;
			same = samePlace(hosts[i]!, before[i]!);
		}
		if (same && !moved) return memo.rows;
		if (same) {
			const {positions} = memo;
			const rows = memo.rows.map((row, r) =>
				(row.kind === 'host' || row.kind === 'relay-status') && hosts[positions[r]!] !== row.host
					? {...row, host: hosts[positions[r]!]!}
					: row,
			);
			memo = {...memo, hosts, rows};
			return rows;
		}
	}
	memo = build(inventory, filter, pending);
	return memo.rows;
}

function build(inventory: Inventory, filter: string, pending: readonly PendingAgent[] | null): Built {
	const needle = filter.toLowerCase();
	const tree = treeRows(inventory.hosts, needle);
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
	const positions: number[] = [];
	if (tree.rows.length) {
		rows.push({kind: 'section', title: 'Managing server — relay tree'}, ...tree.rows);
		positions.push(-1, ...tree.positions);
	}
	if (groups.length) {
		rows.push({kind: 'section', title: 'Host groups'}, ...groups);
		positions.push(-1, ...groups.map(() => -1));
	}
	// Last, so that an agent asking never moves the rows above the cursor.
	const waiting = (pending ?? []).filter(a => hit(a.id, a.id, needle));
	if (waiting.length) {
		rows.push({kind: 'section', title: PENDING_SECTION}, ...waiting.map(agent => ({kind: 'pending' as const, agent})));
		positions.push(-1, ...waiting.map(() => -1));
	}
	return {hosts: inventory.hosts, groups: inventory.groups, filter, pending, rows, positions};
}

function hostBadges(host: Host): string {
	if (host.kind === 'relay') return BADGE.relay;
	const power = host.started ? BADGE.started : BADGE.stopped;
	return host.kind === 'security-pc' ? `${power} ${BADGE.security}` : power;
}

/** What the pending row says of an agent beside its name: role, OS, key hash, the relay it asked through. */
export function pendingFacts(agent: PendingAgent): string {
	const via = agent.parent ? ` · via ${sanitize(agent.parent)}` : '';
	return `${agent.role} · ${sanitize(agent.os)} · key ${shortKeyHash(agent.keySha256)}${via}`;
}

/** One row as text, exactly `width` columns; `wallNow` (wall-clock ms) dates a pending agent's request. */
export function destinationRowText(row: DestinationRow, width: number, selected: boolean, wallNow = 0): string {
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
		case 'relay-status': {
			const text = row.line === 'state' ? relayStateText(row.host, row.status) : relayCacheText(row.status);
			return fit(`${pointer}${'  '.repeat(Math.min(row.depth, 6))}  ↳ ${text}`, width);
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
		case 'pending': {
			const {agent} = row;
			const left = `${pointer}? ${sanitize(agent.id)}  ${pendingFacts(agent)}`;
			return fitWithRight(left, ` asked ${relativeTime(agent.requestedAt, wallNow)}`, width);
		}
	}
}

/** A relay's state in words: `online · heard 2026-11-30 15:02 UTC · fetching 1 · 3 results waiting`. */
export function relayStateText(host: Host, status: RelayStatus): string {
	return [
		host.started ? 'online' : 'offline',
		`${host.started ? 'heard' : 'last heard'} ${formatUtc(status.reportedAt)}`,
		status.fetching ? `fetching ${status.fetching}` : '',
		status.waitingResults ? `${plural(status.waitingResults, 'result')} waiting` : '',
	]
		.filter(Boolean)
		.join(' · ');
}

/** A relay's cache in words: `cache 5.0 MiB of 10 GiB · 2 packages: TOOL 7, 3f2a…`. */
export function relayCacheText(status: RelayStatus): string {
	const held = status.packages.map(p => (p.id === null ? p.digest.slice(0, 12) : `${p.id} ${p.version ?? ''}`.trim()));
	const more = status.packageCount > held.length ? [`${status.packageCount - held.length} more`] : [];
	const list = [...held, ...more].join(', ');
	const size = `cache ${humanSize(status.cacheBytes)} of ${humanSize(status.capacityBytes)}`;
	return sanitize(`${size} · ${plural(status.packageCount, 'package')}${list ? `: ${list}` : ''}`);
}

/** Left text cut to leave the right part (badges) visible; the badges win over a long name. */
function fitWithRight(left: string, right: string, width: number): string {
	const rightWidth = [...right].length;
	if (rightWidth >= width - 10) return fit(left + right, width);
	return fit(left, width - rightWidth) + right;
}

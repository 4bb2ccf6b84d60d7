/** The Packages pane as rows: cabinets as headers, their packages below (docs/tui.md, Screens). Pure; width and filter in. */
import type {Cabinet, Inventory, Package} from '../engine/model.js';
import {fit, truncate} from '../output/text-fit.js';
import {humanSize, shown} from '../output/format.js';
import {sanitize} from '../output/sanitize.js';
import {BADGE, SYMBOL} from './theme.js';
import {sameRecords} from './same-records.js';

export type PackageRow = {kind: 'cabinet'; cabinet: Cabinet; count: number} | {kind: 'package'; pkg: Package};

export const isPackageRow = (row: PackageRow | undefined): row is Extract<PackageRow, {kind: 'package'}> =>
	row?.kind === 'package';

const matches = (pkg: Package, needle: string) =>
	!needle || pkg.id.toLowerCase().includes(needle) || pkg.name.toLowerCase().includes(needle);

let memo: {packages: readonly Package[]; cabinets: readonly Cabinet[]; filter: string; rows: PackageRow[]} | null =
	null;

/**
 * Rows for an inventory and filter text (case-insensitive on id and name); memoised for the latest pair. The engine
 * publishes a new inventory with every change, mostly of hosts: the rows stand while the packages and cabinets are the
 * same records.
 */
export function packageRows(inventory: Inventory, filter: string): PackageRow[] {
	if (
		memo &&
		memo.filter === filter &&
		sameRecords(memo.packages, inventory.packages) &&
		sameRecords(memo.cabinets, inventory.cabinets)
	)
		return memo.rows;
	const needle = filter.toLowerCase();
	const byCabinet = new Map<string, Package[]>();
	for (const pkg of inventory.packages) {
		if (!matches(pkg, needle)) continue;
		const list = byCabinet.get(pkg.cabinet) ?? [];
		list.push(pkg);
		byCabinet.set(pkg.cabinet, list);
	}
	const rows: PackageRow[] = [];
	const cabinets = [...inventory.cabinets];
	for (const id of byCabinet.keys()) if (!cabinets.some(c => c.id === id)) cabinets.push({id, name: id});
	for (const cabinet of cabinets) {
		const pkgs = byCabinet.get(cabinet.id);
		if (!pkgs?.length) continue;
		rows.push({kind: 'cabinet', cabinet, count: pkgs.length});
		for (const pkg of pkgs) rows.push({kind: 'package', pkg});
	}
	memo = {packages: inventory.packages, cabinets: inventory.cabinets, filter, rows};
	return rows;
}

/** One row as text, exactly `width` columns (the pointer and pick marks come first). */
export function packageRowText(row: PackageRow, width: number, opts: {selected: boolean; picked: boolean}): string {
	const pointer = opts.selected ? SYMBOL.pointer : ' ';
	if (row.kind === 'cabinet') {
		return fit(
			`${pointer}${SYMBOL.cabinet} [${sanitize(row.cabinet.id)}] ${sanitize(row.cabinet.name)} (${row.count})`,
			width,
		);
	}
	const {pkg} = row;
	const mark = opts.picked ? SYMBOL.picked : ' ';
	// Narrow panes (80-column terminals) keep the kind as its symbol alone and give the room to the id.
	const compact = width < 48;
	const kind =
		pkg.kind === 'update-data'
			? compact
				? SYMBOL.updateData
				: BADGE.updateData
			: compact
				? SYMBOL.standard
				: BADGE.standard;
	const right = ` v${truncate(sanitize(pkg.version), 6).padEnd(compact ? 4 : 6)} ${humanSize(pkg.size).padStart(compact ? 7 : 8)}`;
	const leftWidth = Math.max(0, width - [...right].length);
	const prefix = `${pointer}${mark} ${kind} `;
	const idWidth = Math.min(compact ? 14 : 18, Math.max(8, leftWidth - [...prefix].length - (compact ? 3 : 6)));
	const left = `${prefix}${fit(shown(pkg.id, idWidth), idWidth)} ${sanitize(pkg.name)}`;
	return leftWidth < 20 ? fit(left, width) : fit(left, leftWidth) + right;
}

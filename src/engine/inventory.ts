/** Read-only questions about the inventory (docs/rules.md, Vocabulary). */
import type {DestinationRef, Host, HostGroup, Inventory, Package} from './model.js';

export interface InventoryIndex {
	hosts: Map<string, Host>;
	groups: Map<string, HostGroup>;
	packages: Map<string, Package>;
}

const cache = new WeakMap<Inventory, InventoryIndex>();

/** Id lookups, cached per inventory object (inventories are replaced, never mutated in place). */
export function indexOf(inventory: Inventory): InventoryIndex {
	let index = cache.get(inventory);
	if (!index) {
		index = {
			hosts: new Map(inventory.hosts.map(h => [h.id, h])),
			groups: new Map(inventory.groups.map(g => [g.id, g])),
			packages: new Map(inventory.packages.map(p => [p.id, p])),
		};
		cache.set(inventory, index);
	}
	return index;
}

/** A group is security-PC-only when it is non-empty and every member is a security PC (derived, never stored). */
export function isSecurityOnlyGroup(group: HostGroup, inventory: Inventory): boolean {
	const {hosts} = indexOf(inventory);
	return group.members.length > 0 && group.members.every(id => hosts.get(id)?.kind === 'security-pc');
}

/** The hosts a destination stands for, in member order, without duplicates. */
export function hostsOf(destinations: readonly DestinationRef[], inventory: Inventory): Host[] {
	const {hosts, groups} = indexOf(inventory);
	const seen = new Set<string>();
	const out: Host[] = [];
	const add = (id: string) => {
		const host = hosts.get(id);
		if (host && !seen.has(id)) {
			seen.add(id);
			out.push(host);
		}
	};
	for (const ref of destinations) {
		if (ref.kind === 'host') add(ref.id);
		else for (const id of groups.get(ref.id)?.members ?? []) add(id);
	}
	return out;
}

/** Relays between the managing server and a host, top first; `lookup` finds a host by id (a loop in the data ends it). */
export function relayRoute(host: Host, lookup: (id: string) => Host | undefined): Host[] {
	const route: Host[] = [];
	for (
		let parent = host.parent ? lookup(host.parent) : undefined;
		parent && !route.includes(parent);
		parent = parent.parent ? lookup(parent.parent) : undefined
	) {
		route.unshift(parent);
	}
	return route;
}

/** A display name for a destination reference. */
export function destinationName(ref: DestinationRef, inventory: Inventory): string {
	const {hosts, groups} = indexOf(inventory);
	return (ref.kind === 'host' ? hosts.get(ref.id)?.name : groups.get(ref.id)?.name) ?? ref.id;
}

/** Finds a destination by id; hosts win over groups when both share an id. */
export function findDestination(id: string, inventory: Inventory): DestinationRef | null {
	const {hosts, groups} = indexOf(inventory);
	if (hosts.has(id)) return {kind: 'host', id};
	if (groups.has(id)) return {kind: 'group', id};
	return null;
}

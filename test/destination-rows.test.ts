/**
 * The panes' rows are kept while the records they come from stand: the engine publishes a new inventory with every
 * change (a running job replaces hosts' records), and rebuilding the 10,000-host tree for each would cost milliseconds.
 * Whatever the changes, the rows handed out are the rows a fresh build gives, pointing at the current records.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import type {Host, Inventory} from '../src/engine/model.js';
import {destinationRows} from '../src/screens/destination-rows.js';
import {packageRows} from '../src/screens/package-rows.js';
import {testDemo} from './support/engine.js';

/** Rows built from nothing: another filter first, so nothing kept can be handed out. */
function fresh<R>(rowsFor: (inventory: Inventory, filter: string) => R, inventory: Inventory, filter: string): R {
	rowsFor(inventory, `${filter}\u0000`);
	return rowsFor(inventory, filter);
}

type Change = (host: Host, inventory: Inventory) => Host;
const changes: Change[] = [
	host => ({...host, started: !host.started}),
	host => ({...host, installed: []}),
	host => ({...host, name: `${host.name} renamed`}),
	(host, inventory) => ({...host, parent: host.parent ? null : inventory.hosts.find(h => h.kind === 'relay')!.id}),
	host => ({...host, kind: host.kind === 'security-pc' ? 'standard-pc' : 'security-pc'}),
];

describe('Destinations rows', () => {
	const demo = testDemo();

	it('are the same rows while only other parts of the inventory changed', () => {
		const inventory = demo.state.inventory;
		const rows = fresh(destinationRows, inventory, '');
		const published: Inventory = {...inventory, hosts: inventory.hosts.slice(), groups: inventory.groups.slice()};
		expect(destinationRows(published, '')).toBe(rows);
		const packages = fresh(packageRows, inventory, '');
		expect(packageRows({...inventory, packages: inventory.packages.slice()}, '')).toBe(packages);
	});

	it('equal a fresh build after any sequence of replaced host records, pointing at the current records', () => {
		const step = fc.record({
			at: fc.nat(),
			change: fc.nat(changes.length - 1),
			filter: fc.constantFrom('', '', 'sal', 'sec', 'osaka'),
			newGroup: fc.boolean(),
		});
		fc.assert(
			fc.property(fc.array(step, {minLength: 1, maxLength: 12}), steps => {
				let inventory = demo.state.inventory;
				destinationRows(inventory, '');
				for (const {at, change, filter, newGroup} of steps) {
					const hosts = inventory.hosts.slice();
					const i = at % hosts.length;
					hosts[i] = changes[change]!(hosts[i]!, inventory);
					const groups = newGroup ? inventory.groups.map((g, k) => (k === 0 ? {...g} : g)) : inventory.groups.slice();
					inventory = {...inventory, hosts, groups};
					const rows = destinationRows(inventory, filter);
					for (const row of rows) if (row.kind === 'host') expect(inventory.hosts).toContain(row.host);
					expect(rows).toEqual(fresh(destinationRows, inventory, filter));
				}
			}),
			{numRuns: 100},
		);
	});
});

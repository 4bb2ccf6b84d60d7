/** Documents as older schema versions wrote them, made from one this rim wrote, for the migration tests. */

/** Takes out what version 5 added (definitions, folders, their counters, an execution's definition). */
export function withoutDefinitions(state: {
	jobs: {definition?: unknown}[];
	definitions?: unknown;
	folders?: unknown;
	nextDefinitionNumber?: unknown;
	nextFolderNumber?: unknown;
}): void {
	delete state.definitions;
	delete state.folders;
	delete state.nextDefinitionNumber;
	delete state.nextFolderNumber;
	for (const job of state.jobs) delete job.definition;
}

/** Takes out what version 6 added (a relay's last report of itself on each host record). */
export function withoutRelayReports(state: {inventory: {hosts: {relay?: unknown}[]}}): void {
	for (const host of state.inventory.hosts) delete host.relay;
}

/** The fleet request each command of the job machine stands for (the machine decides; the fleet carries out). */
import type {FleetRequest, PackageOrder, RunKey} from './fleet.js';
import type {RunCommand} from './job-machine.js';
import type {Job, Package} from './model.js';

export interface RequestInputs {
	job: Job;
	key: RunKey;
	packages: readonly Package[];
	orders: PackageOrder[];
	security: boolean;
}

type FleetCommand = Exclude<RunCommand['cmd'], 'wake-at' | 'record-installed'>;

const REQUESTS: Record<FleetCommand, (x: RequestInputs) => FleetRequest> = {
	'power-on': ({key}) => ({kind: 'power', host: key.host, on: true}),
	'shut-down': ({key}) => ({kind: 'power', host: key.host, on: false}),
	deliver: ({job, key, orders, security}) => ({
		kind: 'deliver',
		key,
		jobType: job.type,
		packages: orders,
		splitBytes: job.settings.split?.bytes ?? null,
		splitIntervalMs: (job.settings.split?.intervalSeconds ?? 0) * 1000,
		security,
	}),
	'ask-user': ({key}) => ({kind: 'ask-user', key}),
	restart: ({key}) => ({kind: 'restart', key}),
	download: ({key, orders}) => ({kind: 'download', key, packages: orders}),
	authenticate: ({key, packages}) => ({
		kind: 'authenticate',
		key,
		packages: packages.filter(p => p.kind === 'update-data').map(p => p.id),
	}),
	install: ({key, orders}) => ({kind: 'install', key, packages: orders}),
	collect: ({key}) => ({kind: 'collect', key}),
};

export function isFleetCommand(command: RunCommand): command is Extract<RunCommand, {cmd: FleetCommand}> {
	return command.cmd in REQUESTS;
}

export function fleetRequest(command: Extract<RunCommand, {cmd: FleetCommand}>, inputs: RequestInputs): FleetRequest {
	return REQUESTS[command.cmd](inputs);
}

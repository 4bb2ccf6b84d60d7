/**
 * The embedded demo fleet (docs/rules.md, Training lab and demo fleet), created deterministically from a seed: the same seed and host count give
 * the same site (certificate key material aside, which comes from the OS's key generator).
 */
import {createHash} from 'node:crypto';
import {defaultConditions} from '../define.js';
import {DAY_MS} from '../durations.js';
import type {Cabinet, EngineState, Host, HostGroup, Package, PackageKind} from '../model.js';
import type {SimulatedPc, SimulationState} from '../sim/pc.js';
import {createOffice, healthyDevice, signPackage, type Office} from '../pki/index.js';
import {seededRng, type Rng} from '../rng.js';
import {certificateRecord, DEVICE_CERT_VALIDITY_MS} from '../certificates.js';

export interface DemoOptions {
	now: number;
	seed: number;
	/** Total hosts including relays; 40 gives the hand-made training site, more scales it up. */
	hosts?: number;
	/** Share of security PCs when scaling (default 0.2). */
	securityShare?: number;
	/** Reuse an existing office (tests create one per file: RSA key generation is slow). */
	office?: Office;
}

export interface DemoFleet {
	state: EngineState;
	/** The simulated PCs' truth, one per host (the fleet's own section of the site). */
	simulation: SimulationState;
	office: Office;
	payloads: Map<string, Uint8Array>;
}

const GB = 1_000_000_000;
const LAN = 12_500_000; // 100 Mbit/s
const WAN = 1_250_000; // 10 Mbit/s

const CABINETS: Cabinet[] = [
	{id: 'UD', name: 'Update data'},
	{id: 'OF', name: 'Office software'},
	{id: 'TL', name: 'Tools'},
];

interface PackageSeed {
	id: string;
	name: string;
	version: string;
	cabinet: string;
	kind: PackageKind;
	kb: number;
	platforms: string[];
}

const PACKAGES: PackageSeed[] = [
	{
		id: 'SEC-PATCH-2611',
		name: 'Security patch 2026-11',
		version: '2611',
		cabinet: 'UD',
		kind: 'update-data',
		kb: 48,
		platforms: [],
	},
	{
		id: 'AV-DEFS-0482',
		name: 'Antivirus definitions 482',
		version: '0482',
		cabinet: 'UD',
		kind: 'update-data',
		kb: 96,
		platforms: [],
	},
	{
		id: 'OFFICE-SUITE',
		name: 'Office suite',
		version: '1610',
		cabinet: 'OF',
		kind: 'standard',
		kb: 256,
		platforms: ['windows-11', 'windows-10'],
	},
	{id: 'PDF-READER', name: 'PDF reader', version: '2402', cabinet: 'OF', kind: 'standard', kb: 64, platforms: []},
	{id: 'BROWSER', name: 'Web browser', version: '131', cabinet: 'OF', kind: 'standard', kb: 128, platforms: []},
	{
		id: 'DEV-TOOLS',
		name: 'Developer tool chain',
		version: '0907',
		cabinet: 'TL',
		kind: 'standard',
		kb: 512,
		platforms: ['windows-11'],
	},
	{
		id: 'REMOTE-AGENT',
		name: 'Remote support agent',
		version: '0303',
		cabinet: 'TL',
		kind: 'standard',
		kb: 32,
		platforms: [],
	},
];

/** One machine of the site: the server's record of it and what the simulated PC really is. */
interface Machine {
	host: Host;
	pc: SimulatedPc;
}

type MachineExtra = Partial<Pick<Host, 'kind' | 'os' | 'started'>> & Partial<Omit<SimulatedPc, 'id' | 'started'>>;

function pc(id: string, name: string, parent: string | null, rng: Rng, extra: MachineExtra = {}): Machine {
	const started = extra.started ?? true;
	const device = extra.device ?? null;
	// Both are drawn even when overridden, so a seed always gives the same site.
	const disk = rng.int(20, 200) * GB;
	const afterMs = rng.int(5, 30) * 1000;
	return {
		host: {
			id,
			name,
			kind: extra.kind ?? 'standard-pc',
			parent,
			os: extra.os ?? 'windows-11',
			started,
			installed: [],
			certificate: device?.deviceCertPem ? certificateRecord(device.deviceCertPem) : null,
			relay: null,
		},
		pc: {
			id,
			started,
			linkBytesPerSecond: extra.linkBytesPerSecond ?? LAN,
			freeDiskBytes: extra.freeDiskBytes ?? disk,
			installed: [],
			relayStore: [],
			user: extra.user ?? {answer: 'yes', afterMs},
			device,
		},
	};
}

function securityPc(
	id: string,
	parent: string | null,
	rng: Rng,
	office: Office,
	now: number,
	expired: boolean,
): Machine {
	const notBefore = expired ? now - 400 * DAY_MS : now - 30 * DAY_MS;
	const notAfter = expired ? now - 10 * DAY_MS : notBefore + DEVICE_CERT_VALIDITY_MS;
	const device = healthyDevice(office, {hostId: id, notBefore, notAfter, rng});
	return pc(id, `Security PC ${id.slice(4)}`, parent, rng, {kind: 'security-pc', os: 'windows-10', device});
}

function relay(id: string, name: string, parent: string | null): Machine {
	return {
		host: {id, name, kind: 'relay', parent, os: 'linux', started: true, installed: [], certificate: null, relay: null},
		pc: {
			id,
			started: true,
			linkBytesPerSecond: WAN,
			freeDiskBytes: 2000 * GB,
			installed: [],
			relayStore: [],
			user: {answer: 'yes', afterMs: 0},
			device: null,
		},
	};
}

/** The hand-made 40-host training site. */
function trainingSite(rng: Rng, office: Office, now: number): {hosts: Machine[]; groups: HostGroup[]} {
	const hosts: Machine[] = [relay('RLY-TOKYO', 'Tokyo relay', null), relay('RLY-OSAKA', 'Osaka relay', 'RLY-TOKYO')];
	const ids = (prefix: string, n: number) =>
		Array.from({length: n}, (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`);
	const security = ids('SEC', 8);
	security.forEach((id, i) =>
		hosts.push(securityPc(id, i < 4 ? null : 'RLY-OSAKA', rng, office, now, id === 'SEC-05')),
	);
	const accounting = ids('ACC', 10);
	// ACC-10's user cancels what asks for an answer: a GUI installation there ends in 3000AD010000.
	accounting.forEach(id =>
		hosts.push(pc(id, `Accounting ${id.slice(4)}`, null, rng, id === 'ACC-10' ? {user: {answer: 'cancel'}} : {})),
	);
	const development = ids('DEV', 10);
	development.forEach(id =>
		hosts.push(
			pc(
				id,
				`Development ${id.slice(4)}`,
				'RLY-TOKYO',
				rng,
				id === 'DEV-09' ? {os: 'ubuntu-24.04'} : id === 'DEV-10' ? {freeDiskBytes: 100_000} : {},
			),
		),
	);
	const sales = ids('SAL', 10);
	sales.forEach(id =>
		hosts.push(pc(id, `Sales ${id.slice(4)}`, 'RLY-OSAKA', rng, {started: !['SAL-09', 'SAL-10'].includes(id)})),
	);
	const groups: HostGroup[] = [
		{id: 'SECURITY-PCS', name: 'Security PCs', members: security},
		{id: 'ACCOUNTING', name: 'Accounting', members: accounting},
		{id: 'DEVELOPMENT', name: 'Development', members: development},
		{id: 'SALES', name: 'Sales (Osaka)', members: sales},
		{id: 'FLOOR-3', name: 'Floor 3 (mixed)', members: [...accounting.slice(0, 4), ...security.slice(0, 2)]},
	];
	return {hosts, groups};
}

/** A scaled site: relays of up to 500 hosts each, a share of security PCs, groups of 100. */
function scaledSite(
	count: number,
	share: number,
	rng: Rng,
	office: Office,
	now: number,
): {hosts: Machine[]; groups: HostGroup[]} {
	const relays = Math.max(2, Math.ceil(count / 500));
	const hosts: Machine[] = Array.from({length: relays}, (_, i) =>
		relay(`RLY-${String(i + 1).padStart(3, '0')}`, `Relay ${i + 1}`, null),
	);
	const clients = count - relays;
	const securityCount = Math.round(clients * share);
	const width = String(clients).length;
	const security: string[] = [];
	const standard: string[] = [];
	for (let i = 0; i < clients; i++) {
		const parent = hosts[i % relays]!.host.id;
		if (i < securityCount) {
			const id = `SEC-${String(i + 1).padStart(width, '0')}`;
			security.push(id);
			hosts.push(securityPc(id, parent, rng, office, now, false));
		} else {
			const id = `PC-${String(i + 1).padStart(width, '0')}`;
			standard.push(id);
			hosts.push(pc(id, `PC ${i + 1}`, parent, rng, {started: i % 97 !== 0}));
		}
	}
	const groups: HostGroup[] = [{id: 'SECURITY-PCS', name: 'Security PCs', members: security}];
	for (let i = 0; i < standard.length; i += 100) {
		groups.push({
			id: `PCS-${String(i / 100 + 1).padStart(3, '0')}`,
			name: `PCs ${i + 1}–${Math.min(i + 100, standard.length)}`,
			members: standard.slice(i, i + 100),
		});
	}
	return {hosts, groups};
}

function makePackages(
	rng: Rng,
	office: Office,
	now: number,
	extra: number,
): {packages: Package[]; payloads: Map<string, Uint8Array>} {
	const seeds = [...PACKAGES];
	for (let i = 0; i < extra; i++) {
		seeds.push({
			id: `PKG-${String(i + 1).padStart(4, '0')}`,
			name: `Package ${i + 1}`,
			version: String(rng.int(1, 999)),
			cabinet: 'TL',
			kind: 'standard',
			kb: rng.int(1, 16),
			platforms: [],
		});
	}
	const payloads = new Map<string, Uint8Array>();
	const packages = seeds.map((seed, i): Package => {
		const bytes = rng.bytes(seed.kb * 1024);
		payloads.set(seed.id, bytes);
		const sha256 = createHash('sha256').update(bytes).digest('hex');
		const auth = seed.kind === 'update-data' ? signPackage(office, {id: seed.id, version: seed.version, sha256}) : null;
		return {
			id: seed.id,
			name: seed.name,
			version: seed.version,
			generation: 1 + (i % 3),
			cabinet: seed.cabinet,
			kind: seed.kind,
			size: bytes.length,
			sha256,
			platforms: seed.platforms,
			conditions: defaultConditions(now),
			installScript: null,
			auth,
			createdAt: now,
		};
	});
	return {packages, payloads};
}

/** Builds the demo site. Pure apart from RSA key generation when no office is given. */
export function createDemoFleet(options: DemoOptions): DemoFleet {
	const {now, seed} = options;
	const rng = seededRng(seed);
	const office = options.office ?? createOffice({now, rng});
	const count = options.hosts ?? 40;
	const site =
		count === 40 ? trainingSite(rng, office, now) : scaledSite(count, options.securityShare ?? 0.2, rng, office, now);
	const extraPackages = count === 40 ? 0 : Math.max(0, Math.floor(count / 5) - PACKAGES.length);
	const {packages, payloads} = makePackages(rng, office, now, extraPackages);
	const state: EngineState = {
		inventory: {hosts: site.hosts.map(m => m.host), groups: site.groups, cabinets: CABINETS, packages},
		jobs: [],
		definitions: [],
		folders: [],
		office: office.public,
		clockHighWater: now,
		nextJobNumber: 1,
		nextDefinitionNumber: 1,
		nextFolderNumber: 1,
		seed,
	};
	return {state, simulation: {kind: 'simulated', pcs: site.hosts.map(m => m.pc)}, office, payloads};
}

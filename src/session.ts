/**
 * The composition root: opens the data directory (store, lock, keys, payloads), creates the demo fleet on first run,
 * builds the site's fleet and the engine on the chosen clock, and injects the one into the other. The TUI and every
 * CLI command start here.
 */
import {RealClock, VirtualClock, type Clock} from './engine/clock.js';
import {createDemoFleet} from './engine/demo/demo-fleet.js';
import {Engine, type Ticker} from './engine/engine.js';
import type {FleetKind} from './engine/model.js';
import {createOffice, type Office} from './engine/pki/index.js';
import {seededRng} from './engine/rng.js';
import {simulationOf} from './engine/sim/pc.js';
import {err, ok, type Result} from './shared/result.js';
import {SimulatedFleet, siteWorld} from './engine/sim/sim-fleet.js';
import {SCHEMA_VERSION, validateEngineState, type SiteDocument} from './data/schema.js';
import {onDisk, openStore, roomFor, wipeData, type StoreOptions} from './data/store.js';
import type {Store} from './data/store-port.js';
import {MIGRATIONS} from './migrations.js';
import {simulatedPcSaver, storePersistence} from './persistence.js';
import {applyRecord} from './persistence-replay.js';
import {packagePayload} from './site-packages.js';
import {recordAction} from './audit.js';
import {randomInt} from 'node:crypto';
import type {Fleet} from './engine/fleet.js';
import {AgentDesk} from './net/agents/desk.js';
import {NetworkFleet} from './net/agents/network-fleet.js';
import {agentPortLimits} from './net/agents/protocol.js';
import {AgentRegistry} from './net/agents/registry.js';

export const DEMO_SEED = 1;

export interface Session {
	engine: Engine;
	/** `simulated` for the demo, `network` for a site made by `rim init`. */
	fleetKind: FleetKind;
	store: Store<SiteDocument>;
	/** A network site's enrolment desk and agent fleet; absent on the demo. */
	agents?: AgentDesk;
	/** Flushes pending writes and releases the lock; says why when the last writes could not be made. */
	close(): Promise<Result<void, string>>;
}

export type ClockChoice = {kind: 'virtual'} | {kind: 'real'; speed: number};

export interface SessionOptions {
	dataDir: string;
	/** Wall-clock time now (the CLI and TUI pass Date.now()). */
	now: number;
	clock: ClockChoice;
	ticker?: Ticker;
	/** Hears every write's outcome (null: durable); the engine's save state (snapshot.saving) is built from the same. */
	onWriteResult?: (failure: string | null) => void;
	/** Called when something was wrong and has been fixed (a key file readable by others). */
	onWarning?: (message: string) => void;
	/** rim.json smaller than this is rewritten whole on every save instead of journalled (default 1 MB; tests pass 0). */
	journalFromBytes?: number;
	/** The journal is folded into rim.json once larger than this and than rim.json (default 8 MB; tests pass less). */
	compactBytes?: number;
	/** Pick running jobs up where they stood (default). A read-only command passes false and changes nothing. */
	resume?: boolean;
}

const SECRET_NAMES = {caKeyPem: 'ca-key', signerKeyPem: 'signer-key', deviceKeyPem: 'device-key'} as const;

/** How rim opens its data directory's document: version, validation, migrations, journal replay. */
const SITE_DOCUMENT = {
	schemaVersion: SCHEMA_VERSION,
	validate: validateEngineState,
	migrations: MIGRATIONS,
	applyRecord,
} satisfies Partial<StoreOptions<SiteDocument>>;

function readOffice(store: Store<SiteDocument>, state: SiteDocument): Result<Office, string> {
	const secrets = {} as Office['secrets'];
	for (const [field, name] of Object.entries(SECRET_NAMES) as [keyof Office['secrets'], string][]) {
		const text = store.readSecret(name);
		if (!text)
			return err(
				`the certification office key ${store.dir}/keys/${name}.pem is missing; run \`rim demo reset\` to create a new office and fleet`,
			);
		secrets[field] = text;
	}
	return ok({public: state.office, secrets});
}

/**
 * Writes a new site (payloads, keys, then the document that names them) into an open, empty store. Any failed write (a
 * full disk) undoes every file written so far and closes the store without writing: the directory is left without a
 * site, never with half of one.
 */
async function seedSite(
	store: Store<SiteDocument>,
	doc: SiteDocument,
	secrets: Office['secrets'],
	payloads: ReadonlyMap<string, Uint8Array> = new Map(),
): Promise<Result<SiteDocument, string>> {
	const failed = async (message: string) => {
		const wiped = wipeData(store.dir);
		await store.close({discard: true});
		return err(wiped.ok ? `${message} (nothing was kept)` : `${message}; also ${wiped.error.message}`);
	};
	for (const [id, bytes] of payloads) {
		const written = store.writePayload(id, bytes);
		if (!written.ok) return failed(written.error.message);
	}
	for (const [field, name] of Object.entries(SECRET_NAMES) as [keyof Office['secrets'], string][]) {
		const written = store.writeSecret(name, secrets[field]);
		if (!written.ok) return failed(written.error.message);
	}
	const saved = await store.saveNow(doc);
	return saved.ok ? ok(doc) : failed(saved.error.message);
}

type DemoSite = ReturnType<typeof createDemoFleet>;

/** What a new site takes on disk: its payloads, rim.json and its backup copy, the keys and the lock. */
function siteBytes(doc: SiteDocument, payloads: ReadonlyMap<string, Uint8Array>): number {
	let total =
		2 * onDisk(Buffer.byteLength(JSON.stringify({schemaVersion: SCHEMA_VERSION, state: doc}))) + 4 * onDisk(1);
	for (const bytes of payloads.values()) total += onDisk(bytes.length);
	return total;
}

const demoDocument = (demo: DemoSite): SiteDocument => ({...demo.state, fleet: demo.simulation});

export async function openSession(opts: SessionOptions): Promise<Result<Session, string>> {
	const writeListeners: ((failure: string | null) => void)[] = [];
	const opened = await openStore<SiteDocument>({
		dir: opts.dataDir,
		...SITE_DOCUMENT,
		journalFromBytes: opts.journalFromBytes,
		compactBytes: opts.compactBytes,
		onWriteResult: e => {
			for (const listener of writeListeners) listener(e?.message ?? null);
			opts.onWriteResult?.(e?.message ?? null);
		},
		onWarning: message => opts.onWarning?.(message),
	});
	if (!opened.ok) return err(opened.error.message);
	const store = opened.value;
	let state = store.initial();
	if (state === null) {
		const demo = createDemoFleet({now: opts.now, seed: DEMO_SEED});
		const seeded = await seedSite(store, demoDocument(demo), demo.office.secrets, demo.payloads);
		if (!seeded.ok) return err(`could not create the demo fleet in ${store.dir}: ${seeded.error}`);
		state = seeded.value;
	}
	const office = readOffice(store, state);
	if (!office.ok) {
		await store.close();
		return err(office.error);
	}
	const start = Math.max(opts.now, state.clockHighWater);
	const clock: Clock =
		opts.clock.kind === 'virtual' ? new VirtualClock(start) : new RealClock(opts.clock.speed, state.clockHighWater);
	// The journal's records are read from the engine's indexed state when the store writes; the fleet reads the
	// site's topology and packages from the engine, which exists once the fleet is built.
	let engine: Engine | undefined;
	const live = () => engine!;
	const payload = (id: string) => packagePayload(store, live().pkg(id)?.sha256, id);
	// A network site's machines are agents (src/net/agents/); the demo's are simulated PCs.
	let agents: AgentDesk | undefined;
	let fleet: Fleet;
	if (state.fleet.kind === 'network') {
		const network = new NetworkFleet(
			store.dir,
			{host: id => live().host(id), pkg: id => live().pkg(id)},
			agentPortLimits(),
		);
		const registry = new AgentRegistry(store.dir, office.value, seededRng(randomInt(2 ** 31)));
		agents = new AgentDesk(registry, network, {
			host: id => live().host(id),
			addHost: host => live().addHost(host),
			noteAction: action => live().noteAction(action),
			now: () => Date.now(),
			siteNow: () => live().now(),
			caCertPem: office.value.public.caCertPem,
			officeFingerprint: office.value.public.fingerprint,
		});
		fleet = network;
	} else {
		const simulated: SimulatedFleet = new SimulatedFleet(
			siteWorld(live, office.value, payload),
			clock,
			state.seed,
			simulationOf(state.fleet),
			simulatedPcSaver(store, state, id => simulated.pc(id)),
		);
		fleet = simulated;
	}
	engine = new Engine(state, {
		clock,
		office: office.value,
		ticker: opts.ticker,
		fleet,
		persistence: storePersistence(store, state, live, listener => writeListeners.push(listener)),
	});
	engine.onAction(action => recordAction(store.dir, action, message => opts.onWarning?.(message)));
	if (opts.resume !== false) engine.resume();
	return ok({
		engine,
		fleetKind: state.fleet.kind,
		store,
		agents,
		close: async () => {
			if (clock instanceof RealClock) clock.cancelAll();
			engine.fleet.reset();
			await agents?.fleet.durable().catch(() => {}); // a queue that cannot be written is rebuilt: the engine re-drives its runs
			const registry = await agents?.registry.durable().then(
				() => null,
				(e: unknown) => `the agent registry is NOT saved: ${e instanceof Error ? e.message : String(e)}`,
			);
			const closed = await store.close();
			if (registry) return err(registry);
			return closed.ok ? ok(undefined) : err(closed.error.message);
		},
	});
}

/** An empty real site: a new certification office, no hosts, no groups, no packages; its fleet is the network. */
export function emptySite(now: number, seed: number): {doc: SiteDocument; office: Office} {
	const office = createOffice({now, rng: seededRng(seed)});
	const doc: SiteDocument = {
		inventory: {hosts: [], groups: [], cabinets: [], packages: []},
		jobs: [],
		definitions: [],
		folders: [],
		office: office.public,
		clockHighWater: now,
		nextJobNumber: 1,
		nextDefinitionNumber: 1,
		nextFolderNumber: 1,
		seed,
		fleet: {kind: 'network'},
	};
	return {doc, office};
}

/** `rim init`: creates an empty real site in the data directory; refuses one that holds a site already. */
export async function initSite(opts: {
	dataDir: string;
	now: number;
	seed: number;
}): Promise<Result<SiteDocument, string>> {
	const opened = await openStore<SiteDocument>({dir: opts.dataDir, ...SITE_DOCUMENT});
	if (!opened.ok) return err(opened.error.message);
	const store = opened.value;
	try {
		const existing = store.initial();
		if (existing) {
			const {hosts, packages} = existing.inventory;
			return err(
				`${store.dir} holds a rim site already (${existing.fleet.kind}, ${hosts.length} hosts, ${packages.length} packages); ` +
					'use another --data-dir, or `rim demo reset` to replace it with the demo',
			);
		}
		const {doc, office} = emptySite(opts.now, opts.seed);
		const seeded = await seedSite(store, doc, office.secrets);
		if (seeded.ok) recordAction(store.dir, {kind: 'init'});
		return seeded;
	} finally {
		await store.close();
	}
}

/**
 * `rim demo reset`: wipes the data directory and seeds a new demo fleet. The new fleet is built in memory first, and
 * refused before anything is deleted when the disk cannot hold it; a write that fails anyway (the disk filled meanwhile)
 * leaves the directory without a site rather than with half of one.
 */
export async function resetDemo(opts: {
	dataDir: string;
	now: number;
	seed: number;
	hosts?: number;
}): Promise<Result<SiteDocument, string>> {
	const demo = createDemoFleet({now: opts.now, seed: opts.seed, hosts: opts.hosts});
	const doc = demoDocument(demo);
	const room = roomFor(opts.dataDir, siteBytes(doc, demo.payloads));
	if (!room.ok) return err(`${room.error} (nothing was changed)`);
	const wiped = wipeData(opts.dataDir);
	if (!wiped.ok) return err(wiped.error.message);
	const opened = await openStore<SiteDocument>({dir: opts.dataDir, ...SITE_DOCUMENT});
	if (!opened.ok) return err(opened.error.message);
	const seeded = await seedSite(opened.value, doc, demo.office.secrets, demo.payloads);
	if (!seeded.ok)
		return err(
			`demo reset failed: ${seeded.error}; the data directory holds no site now: free space and run \`rim demo reset\` again`,
		);
	recordAction(opened.value.dir, {kind: 'demo-reset', hosts: opts.hosts ?? null, seed: opts.seed});
	await opened.value.close();
	return seeded;
}

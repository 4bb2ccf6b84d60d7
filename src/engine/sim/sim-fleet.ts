/**
 * The simulated fleet: carries out the engine's requests against its own simulated PCs with believable times, and
 * reports back through the Fleet port. Every outcome comes from the state of a PC or of the data (a PC that is not
 * started, a full disk, an unsupported OS, a device certificate that really expired); randomness only sets durations.
 * It owns its PCs' truth (sim/pc.ts) and persists it through `onChange`; the engine only sees its reports.
 */
import {actionRng} from '../certificates.js';
import {CODES, installerFailedCode} from '../codes.js';
import type {Clock} from '../clock.js';
import type {Failure, Fleet, FleetReport, FleetRequest, LabControls, LabError, PackageOrder, RunKey} from '../fleet.js';
import type {Host, InstalledPackage, Package} from '../model.js';
import {
	applyDeviceFault,
	AUTH_MEMORY_REQUIRED,
	authenticateOnDevice,
	receivedPayload,
	type AuthDevice,
	type DeviceFault,
	type Office,
} from '../pki/index.js';
import {err, ok, type Result} from '../../shared/result.js';
import {seededRng, type Rng} from '../rng.js';
import type {SimulatedPc, SimulationState} from './pc.js';
import {TIMINGS, between, transferMs} from './timings.js';

/**
 * What the simulated fleet reads of the site: the topology (kind, parent, OS of each host), the packages with their
 * payloads and authentication data (what a real PC receives with a job), and the certification office (the lab's
 * faults issue certificates from it).
 */
export interface FleetWorld {
	host(id: string): Host | undefined;
	/** Relays between the server and the host, top first. */
	route(hostId: string): Host[];
	pkg(id: string): Package | undefined;
	payload(id: string): Uint8Array | null;
	office(): Office;
}

/** Installer status of a package whose platforms do not include the host's OS. */
export const INSTALLER_UNSUPPORTED_OS = 0x0b;

/** FNV-1a over the first UTF-16 unit of each character (code point) of the parts joined by NUL. */
function hashKey(...parts: (string | number)[]): number {
	const text = parts.join('\u0000');
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		const unit = text.charCodeAt(i);
		h ^= unit;
		h = Math.imul(h, 0x01000193) >>> 0;
		// A surrogate pair is one character: its second unit is not hashed.
		if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
			const next = text.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) i++;
		}
	}
	return h;
}

export class SimulatedFleet implements Fleet {
	readonly lab: LabControls = {
		answer: (hostId, answer) => this.answerFor(hostId, answer),
		fault: (hostId, fault) => this.applyFault(hostId, fault),
		device: hostId => {
			const pc = this.pc(hostId);
			return pc ? pc.device : undefined;
		},
		holdDialogs: hold => {
			this.dialogsHeld = hold;
			if (!hold) return;
			for (const dialog of [...this.asking.values()].flat()) {
				if (dialog.timer !== null) this.cancel(dialog.timer);
				dialog.timer = null;
			}
		},
	};
	private dialogsHeld = false;
	private listener: (report: FleetReport) => void = () => {};
	private timers = new Set<number>();
	/** Security-PC confirmation dialogs on screen, per host. */
	private asking = new Map<string, {key: RunKey; timer: number | null}[]>();
	private readonly pcPos = new Map<string, number>();

	/** `onChange` is called after a field of a PC's truth changed (the site persists the simulation's section). */
	constructor(
		private readonly world: FleetWorld,
		private readonly clock: Clock,
		private readonly seed: number,
		readonly simulation: SimulationState,
		private readonly onChange: (pcId: string, field: keyof SimulatedPc) => void = () => {},
	) {
		simulation.pcs.forEach((pc, i) => this.pcPos.set(pc.id, i));
	}

	/** A simulated PC's truth, by host id. */
	pc(id: string): SimulatedPc | undefined {
		const i = this.pcPos.get(id);
		return i === undefined ? undefined : this.simulation.pcs[i];
	}

	onReport(listener: (report: FleetReport) => void): void {
		this.listener = listener;
	}

	reset(): void {
		for (const t of this.timers) this.clock.cancel(t);
		this.timers.clear();
		this.asking.clear();
	}

	request(request: FleetRequest): void {
		switch (request.kind) {
			case 'deliver':
				return this.deliver(request);
			case 'ask-user':
				return this.askUser(request.key);
			case 'restart':
				return this.after(request.key, 'restart', TIMINGS.restartMs, () => ({kind: 'restarted', key: request.key}));
			case 'download':
				return this.download(request.key, request.packages);
			case 'authenticate':
				return this.after(request.key, 'auth', TIMINGS.authenticateMs, () =>
					this.authenticate(request.key, request.packages),
				);
			case 'install':
				return this.install(request.key, request.packages);
			case 'collect':
				return this.after(request.key, 'collect', TIMINGS.collectMs, () => this.collect(request.key));
			case 'power':
				return this.power(request.host, request.on);
			case 'device-certificate':
				return this.putCertificate(request);
		}
	}

	/** The trainer answers the confirmation dialog on a security PC. Returns how many dialogs were answered. */
	private answerFor(hostId: string, answer: 'yes' | 'later' | 'cancel'): number {
		const dialogs = this.asking.get(hostId) ?? [];
		this.asking.delete(hostId);
		for (const dialog of dialogs) {
			if (dialog.timer !== null) this.cancel(dialog.timer);
			this.emit({kind: 'user-answered', key: dialog.key, answer});
		}
		return dialogs.length;
	}

	/** Dialogs waiting for an answer on a host. */
	pendingDialogs(hostId: string): number {
		return this.asking.get(hostId)?.length ?? 0;
	}

	/** Changes one field of a PC's truth (a new PC object: snapshots keep the old one). */
	private update<F extends keyof SimulatedPc>(id: string, field: F, value: (pc: SimulatedPc) => SimulatedPc[F]): void {
		const i = this.pcPos.get(id);
		if (i === undefined) return;
		const pc = this.simulation.pcs[i]!;
		this.simulation.pcs[i] = {...pc, [field]: value(pc)};
		this.onChange(id, field);
	}

	private applyFault(hostId: string, fault: DeviceFault): Result<null, LabError> {
		const pc = this.pc(hostId);
		const kind = this.world.host(hostId)?.kind;
		if (!pc || !kind) return err({kind: 'not-found', message: `no host "${hostId}"`});
		if (!pc.device)
			return err({kind: 'input', message: `${hostId} is a ${kind}; only security PCs have an authentication device`});
		const now = this.clock.now();
		const device = applyDeviceFault(pc.device, fault, this.world.office(), {
			hostId,
			now,
			rng: actionRng(this.seed, hostId, fault, now),
		});
		this.update(hostId, 'device', () => device);
		return ok(null);
	}

	private putCertificate(request: Extract<FleetRequest, {kind: 'device-certificate'}>): void {
		const fresh: AuthDevice = {
			pkiOffice: request.officeFingerprint,
			freeMemoryBytes: 4 * AUTH_MEMORY_REQUIRED,
			deviceCertPem: null,
			caCertPem: null,
			corruptPayloadOffsets: [],
		};
		this.update(request.host, 'device', pc => ({
			...(pc.device ?? fresh),
			deviceCertPem: request.certPem,
			caCertPem: request.caCertPem,
			pkiOffice: request.officeFingerprint,
		}));
	}

	private rng(key: RunKey, step: string): Rng {
		return seededRng(hashKey(this.seed, key.job, key.host, key.attempt, step));
	}

	private emit(report: FleetReport): void {
		this.listener(report);
	}

	private at(time: number, fn: () => void): number {
		const handle = this.clock.schedule(time, () => {
			this.timers.delete(handle);
			fn();
		});
		this.timers.add(handle);
		return handle;
	}

	private cancel(handle: number): void {
		this.clock.cancel(handle);
		this.timers.delete(handle);
	}

	private after(key: RunKey, step: string, range: readonly [number, number], report: () => FleetReport): void {
		this.at(this.clock.now() + between(this.rng(key, step), range), () => this.emit(report()));
	}

	private deliver(request: Extract<FleetRequest, {kind: 'deliver'}>): void {
		const {key, packages} = request;
		const target = this.world.host(key.host);
		if (!target) return;
		const rng = this.rng(key, 'deliver');
		const hops = [...this.world.route(key.host), target];
		const bytes =
			request.security || request.jobType === 'get-software-info' ? 0 : packages.reduce((n, p) => n + p.size, 0);
		const keeps = request.jobType !== 'get-software-info' && packages.length > 0;
		let time = this.clock.now() + between(rng, TIMINGS.dispatchMs);
		for (const hop of hops) {
			const link = this.pc(hop.id)?.linkBytesPerSecond ?? 0;
			const cached = hop.kind === 'relay' && packages.length > 0 && packages.every(p => this.heldAt(hop.id, p, time));
			if (!cached) time += transferMs(rng, bytes, link, request.splitBytes, request.splitIntervalMs);
			const arrival = time;
			if (hop.kind === 'relay') {
				this.at(arrival, () => {
					if (keeps) this.keepAtRelay(hop.id, packages);
					this.emit({kind: 'reached-relay', key, relay: hop.id});
				});
				const expired = packages.find(p => p.relayExpiresAt < arrival);
				if (expired) {
					this.at(arrival, () =>
						this.emit({
							kind: 'delivery-failed',
							key,
							failure: {
								code: CODES.expiredAtRelay,
								detail: `package ${expired.id} expired at relay ${hop.id} before it could be delivered`,
							},
						}),
					);
					return;
				}
			} else {
				this.at(arrival, () => this.emit({kind: 'reached-client', key}));
			}
		}
	}

	private heldAt(relayId: string, order: PackageOrder, time: number): boolean {
		return (
			this.pc(relayId)?.relayStore.some(
				s => s.packageId === order.id && s.version === order.version && s.expiresAt >= time,
			) ?? false
		);
	}

	/** Relays keep the packages that pass through them until their expiration (docs/rules.md, Vocabulary). */
	private keepAtRelay(relayId: string, orders: PackageOrder[]): void {
		this.update(relayId, 'relayStore', relay => [
			...relay.relayStore.filter(s => !orders.some(o => o.id === s.packageId)),
			...orders.map(o => ({packageId: o.id, version: o.version, expiresAt: o.relayExpiresAt})),
		]);
	}

	private askUser(key: RunKey): void {
		const pc = this.pc(key.host);
		// The dialog appears when the PC is running; a stopped PC shows it at its next start (the engine asks again).
		if (!pc || !pc.started) return;
		const dialogs = this.asking.get(key.host) ?? [];
		if (dialogs.some(d => d.key.job === key.job && d.key.attempt === key.attempt)) return;
		const rng = this.rng(key, `ask${dialogs.length}`);
		const policy = pc.user;
		const delay = policy.answer === 'yes' ? policy.afterMs : between(rng, TIMINGS.userOtherAnswerMs);
		const dialog = {key, timer: null as number | null};
		if (this.dialogsHeld) {
			this.asking.set(key.host, [...dialogs, dialog]);
			return;
		}
		dialog.timer = this.at(this.clock.now() + delay, () => {
			const list = this.asking.get(key.host)?.filter(d => d !== dialog) ?? [];
			if (list.length) this.asking.set(key.host, list);
			else this.asking.delete(key.host);
			this.emit({kind: 'user-answered', key, answer: policy.answer});
		});
		this.asking.set(key.host, [...dialogs, dialog]);
	}

	private authenticate(key: RunKey, packageIds: string[]): FleetReport {
		const device = this.pc(key.host)?.device;
		if (!device)
			return {
				kind: 'authenticated',
				key,
				result: err({code: CODES.noDeviceCert, detail: 'the PC has no authentication device'}),
			};
		for (const id of packageIds) {
			const pkg = this.world.pkg(id);
			const payload = this.world.payload(id);
			if (!pkg?.auth || !payload) {
				return {
					kind: 'authenticated',
					key,
					result: err({
						code: CODES.dataAltered,
						detail: `package ${id} has no authentication data or payload on the server`,
					}),
				};
			}
			const result = authenticateOnDevice({
				device,
				hostId: key.host,
				expectedOffice: this.world.office().public.fingerprint,
				auth: pkg.auth,
				packageId: pkg.id,
				version: pkg.version,
				payload: receivedPayload(device, payload),
				now: this.clock.now(),
			});
			if (!result.ok) return {kind: 'authenticated', key, result: err(result.error)};
		}
		return {kind: 'authenticated', key, result: ok(null)};
	}

	/** A security PC fetches the update data over its own link once it has restarted (the delivery carried none). */
	private download(key: RunKey, packages: PackageOrder[]): void {
		const pc = this.pc(key.host);
		if (!pc) return;
		const bytes = packages.reduce((n, p) => n + p.size, 0);
		const duration = transferMs(this.rng(key, 'download'), bytes, pc.linkBytesPerSecond, null, 0);
		this.at(this.clock.now() + duration, () => this.emit({kind: 'downloaded', key}));
	}

	private install(key: RunKey, packages: PackageOrder[]): void {
		const host = this.world.host(key.host);
		const pc = this.pc(key.host);
		if (!host || !pc) return;
		const rng = this.rng(key, 'install');
		const bytes = packages.reduce((n, p) => n + p.size, 0);
		const duration = between(rng, TIMINGS.installMs) + Math.round(bytes / TIMINGS.installBytesPerMs);
		this.at(this.clock.now() + duration, () => {
			const result = this.installOutcome(key.host, packages);
			if (result.ok)
				this.update(key.host, 'installed', p => [
					...p.installed.filter(x => !result.value.some(n => n.packageId === x.packageId)),
					...result.value,
				]);
			this.emit({kind: 'installed', key, result});
		});
	}

	private installOutcome(hostId: string, packages: PackageOrder[]): Result<InstalledPackage[], Failure> {
		const host = this.world.host(hostId);
		const pc = this.pc(hostId);
		if (!host || !pc) return err({code: CODES.connection, detail: `host ${hostId} is no longer in the inventory`});
		const bytes = packages.reduce((n, p) => n + p.size, 0);
		if (pc.freeDiskBytes < bytes) {
			return err({code: CODES.diskSpace, detail: `needs ${bytes} bytes, ${pc.freeDiskBytes} free on ${host.id}`});
		}
		const installed: InstalledPackage[] = [];
		for (const order of packages) {
			const pkg = this.world.pkg(order.id);
			if (pkg && pkg.platforms.length > 0 && !pkg.platforms.includes(host.os)) {
				return err({
					code: installerFailedCode(INSTALLER_UNSUPPORTED_OS),
					detail: `the installer of ${order.id} supports ${pkg.platforms.join(', ')}, not ${host.os}`,
				});
			}
			if (order.mode === 'gui' && pc.user.answer === 'cancel') {
				return err({
					code: CODES.userMarkedFailed,
					detail: `the PC user marked the installation of ${order.id} as failed`,
				});
			}
			installed.push({packageId: order.id, version: order.version, installedAt: this.clock.now()});
		}
		return ok(installed);
	}

	private collect(key: RunKey): FleetReport {
		return {kind: 'collected', key, packages: [...(this.pc(key.host)?.installed ?? [])]};
	}

	private power(hostId: string, on: boolean): void {
		const host = this.world.host(hostId);
		if (!host || host.kind === 'relay' || !this.pc(hostId)) return;
		if (!on) {
			this.update(hostId, 'started', () => false);
			return this.emit({kind: 'host-power', host: hostId, started: false});
		}
		const rng = seededRng(hashKey(this.seed, hostId, 'boot', this.clock.now()));
		this.at(this.clock.now() + between(rng, TIMINGS.bootMs), () => {
			this.update(hostId, 'started', () => true);
			this.emit({kind: 'host-power', host: hostId, started: true});
		});
	}
}

/** The simulated fleet's view of a site whose engine is built after it (the fleet is injected into the engine). */
export function siteWorld(
	engine: () => {host(id: string): Host | undefined; route(id: string): Host[]; pkg(id: string): Package | undefined},
	office: Office,
	payload: (id: string) => Uint8Array | null,
): FleetWorld {
	return {
		host: id => engine().host(id),
		route: id => engine().route(id),
		pkg: id => engine().pkg(id),
		payload,
		office: () => office,
	};
}

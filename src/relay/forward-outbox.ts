/**
 * The relay's durable outbox (docs/relay.md, Results): every result a host below sends, and every report the relay
 * makes about a host's task, is written here before the host gets its ack, and leaves only when the manager (or the
 * relay above) acknowledges it. While upstream is unreachable results wait here; each keeps its id, so the manager
 * records it once however often it is sent.
 */
import path from 'node:path';
import {z} from 'zod';
import type {AgentFiles} from '../agent/agent-state.js';
import {hopSchema, resultSchema, type AgentResult, type Hop} from '../net/agents/protocol.js';

const fileSchema = z.object({
	version: z.literal(1),
	entries: z.array(z.object({hops: z.array(hopSchema), result: resultSchema})),
});
type Entry = z.infer<typeof fileSchema>['entries'][number];

/** The route a result travels: the host it is about, then the relays between it and this one. */
export const routeKey = (hops: Hop[]) => hops.map(h => `${h.id}/${h.serial}`).join('>');

export class ForwardOutbox {
	private entries: Entry[] = [];
	private readonly file: string;
	/** Result ids on their way upstream right now (not sent twice at once). */
	private readonly sending = new Set<string>();
	/** Called when results wait to be sent: added, or sent and not acked (the forwarder wakes). */
	onWaiting: () => void = () => {};

	constructor(private readonly files: AgentFiles) {
		this.file = path.join(files.dir, 'forward.json');
		const text = files.read(this.file);
		if (text !== null) {
			const parsed = fileSchema.safeParse(JSON.parse(text));
			if (!parsed.success) throw new Error(`${this.file} is not a relay outbox (${parsed.error.issues[0]?.message})`);
			this.entries = parsed.data.entries;
		}
	}

	get size(): number {
		return this.entries.length;
	}

	/** Keeps results on disk (a result id already here is not added twice). */
	add(hops: Hop[], results: AgentResult[]): void {
		const known = new Set(this.entries.map(e => e.result.id));
		const fresh = results.filter(r => !known.has(r.id));
		if (fresh.length === 0) return;
		this.entries.push(...fresh.map(result => ({hops, result})));
		this.save();
		this.onWaiting();
	}

	/**
	 * A host on `hops` connected with a renewed certificate: results kept on routes through it travel with its new serial
	 * (the manager stops accepting the old one once it has seen the new).
	 */
	follow(hops: Hop[]): void {
		const serials = new Map(hops.map(h => [h.id, h.serial]));
		let changed = false;
		for (const entry of this.entries) {
			if (!entry.hops.some(h => serials.has(h.id) && serials.get(h.id) !== h.serial)) continue;
			entry.hops = entry.hops.map(h => ({id: h.id, serial: serials.get(h.id) ?? h.serial}));
			changed = true;
		}
		if (changed) this.save();
	}

	/** Up to `max` results waiting on one route and not on their way already; they count as sending until settled. */
	take(key: string, max: number): AgentResult[] {
		const picked = this.entries
			.filter(e => routeKey(e.hops) === key && !this.sending.has(e.result.id))
			.slice(0, max)
			.map(e => e.result);
		for (const r of picked) this.sending.add(r.id);
		return picked;
	}

	/** Routes with results not on their way, each with its hops. */
	waiting(): Hop[][] {
		const routes = new Map<string, Hop[]>();
		for (const e of this.entries) if (!this.sending.has(e.result.id)) routes.set(routeKey(e.hops), e.hops);
		return [...routes.values()];
	}

	/** Upstream answered: acked results leave, the others may be sent again. */
	settle(sent: AgentResult[], acks: string[]): void {
		for (const r of sent) this.sending.delete(r.id);
		const acked = new Set(acks);
		const before = this.entries.length;
		this.entries = this.entries.filter(e => !acked.has(e.result.id));
		if (this.entries.length !== before) this.save();
		if (sent.some(r => !acked.has(r.id))) this.onWaiting();
	}

	private save(): void {
		this.files.write(this.file, JSON.stringify({version: 1, entries: this.entries}), 0o600);
	}
}

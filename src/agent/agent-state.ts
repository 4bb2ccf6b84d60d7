/**
 * Everything an agent keeps, under its folder A (docs/agent-protocol.md, The agent's folder): its TLS identity
 * (`tls/`, key mode 0600), its state (`state.json`: outbox, received tasks, step results, a restart in progress),
 * the installed-package list (`installed.json`), partial downloads (`downloads/`) and, on a security PC, the
 * authentication device (`device/`). Every write is atomic, so a kill at any moment leaves the old or the new file.
 */
import {existsSync, mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {z} from 'zod';
import {writeFileDurableSync} from '../data/atomic-file.js';
import {reportSchema, resultSchema, ROLES, taskSchema} from '../net/agents/protocol.js';

const stateSchema = z.object({
	version: z.literal(1),
	name: z.string(),
	role: z.enum(ROLES),
	/** Fingerprint of the office this agent enrolled with: the authorized PKI environment of its device. */
	officeFingerprint: z.string().nullable(),
	outbox: z.array(resultSchema),
	/** Tasks received and not yet carried out, oldest first. */
	queue: z.array(taskSchema),
	/** Ids of tasks already taken (bounded): a task the manager hands out again is not done twice. */
	handled: z.array(z.string()),
	/** The report of each step done, by job:attempt:kind, so a step asked again is answered, not redone. */
	done: z.record(z.string(), reportSchema),
	/** The restart task this agent is restarting for; its `restarted` report is sent after the restart. */
	restartFor: z.string().nullable(),
	seq: z.number().int().min(0),
});
export type AgentState = z.infer<typeof stateSchema>;

const installedSchema = z.array(
	z.object({packageId: z.string(), version: z.string(), digest: z.string(), installedAt: z.number()}),
);
export type InstalledList = z.infer<typeof installedSchema>;

export class AgentFiles {
	constructor(readonly dir: string) {}

	get tls() {
		return {
			key: path.join(this.dir, 'tls', 'key.pem'),
			cert: path.join(this.dir, 'tls', 'cert.pem'),
			ca: path.join(this.dir, 'tls', 'ca.pem'),
		};
	}

	get device() {
		return {
			dir: path.join(this.dir, 'device'),
			cert: path.join(this.dir, 'device', 'cert.pem'),
			ca: path.join(this.dir, 'device', 'ca.pem'),
			pki: path.join(this.dir, 'device', 'pki.json'),
			key: path.join(this.dir, 'device', 'key.pem'),
		};
	}

	get downloads(): string {
		return path.join(this.dir, 'downloads');
	}

	/** An open confirmation dialog (`--answer ask`), and the answer `rim agent answer` leaves for it. */
	get dialog(): string {
		return path.join(this.dir, 'dialog.json');
	}

	get answer(): string {
		return path.join(this.dir, 'answer');
	}

	get pidFile(): string {
		return path.join(this.dir, 'agent.pid');
	}

	write(file: string, text: string, mode = 0o644): void {
		mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
		writeFileDurableSync(file, Buffer.from(text), mode);
	}

	read(file: string): string | null {
		return existsSync(file) ? readFileSync(file, 'utf8') : null;
	}

	loadState(fresh: () => AgentState): AgentState {
		const text = this.read(path.join(this.dir, 'state.json'));
		if (text === null) return fresh();
		const parsed = stateSchema.safeParse(JSON.parse(text));
		if (!parsed.success)
			throw new Error(
				`${path.join(this.dir, 'state.json')} is not an agent state file (${parsed.error.issues[0]?.message})`,
			);
		return parsed.data;
	}

	saveState(state: AgentState): void {
		this.write(path.join(this.dir, 'state.json'), JSON.stringify(state), 0o600);
	}

	installed(): InstalledList {
		const text = this.read(path.join(this.dir, 'installed.json'));
		return text === null ? [] : installedSchema.parse(JSON.parse(text));
	}

	saveInstalled(list: InstalledList): void {
		this.write(path.join(this.dir, 'installed.json'), JSON.stringify(list));
	}
}

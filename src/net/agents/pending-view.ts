/**
 * Agents waiting for the admin (they asked without a join token), as the TUI and `rim host pending` show them: what the
 * registry knows of each, and the SHA-256 of its public key. The agent prints the same hash while it waits, so the
 * admin can tell that the request on the screen comes from the machine in front of them before accepting it.
 */
import {z} from 'zod';
import {ROLES, type AgentRole} from './protocol.js';

export interface PendingAgent {
	/** The name it asked for (a host id once accepted). */
	id: string;
	role: AgentRole;
	os: string;
	/** The relay it asked through; null: straight to the manager. */
	parent: string | null;
	/** Wall-clock time of its first request (ms). */
	requestedAt: number;
	/** SHA-256 (hex) of the DER of its public key. */
	keySha256: string;
}

/** A manager names at most this many pending agents to a client; a longer list is not one it sent. */
const MAX_PENDING = 10_000;

const pendingAgentSchema = z.object({
	id: z.string().min(1).max(64),
	role: z.enum(ROLES),
	os: z.string().min(1).max(32),
	parent: z.string().min(1).max(64).nullable(),
	requestedAt: z.number().finite().min(0).max(8.64e15),
	keySha256: z.string().regex(/^[0-9a-f]{64}$/),
});
const pendingListSchema = z.array(pendingAgentSchema).max(MAX_PENDING);

/** A list as it arrives over the admin socket (hostile input): the records, or null when it is not such a list. */
export function parsePendingAgents(raw: unknown): PendingAgent[] | null {
	const parsed = pendingListSchema.safeParse(raw);
	return parsed.success ? parsed.data : null;
}

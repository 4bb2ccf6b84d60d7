/**
 * The admin's side of enrolment: `rim token create` (a join token), `rim host accept HOST` (admit a pending agent),
 * `rim host pending` (who waits). Refusals are one line, exit 2; a site without agents (the demo) says so.
 */
import {NO_AGENTS, type AgentDesk} from '../net/agents/desk.js';
import {shortKeyHash} from '../shared/key-hash.js';
import {ROLES, type AgentRole} from '../net/agents/protocol.js';
import {noExtra, parse, positional, UsageError} from './args.js';
import {InputError, withSession, type CommandContext} from './context.js';
import {json, table} from './output.js';

const UNITS: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000};

/** `90s`, `30m`, `24h`, `7d`: from `min` (default 1 second) to 365 days. */
export function parseDuration(
	text: string,
	option = 'expires',
	min: {ms: number; shown: string} = {ms: 1000, shown: '1 s'},
): number {
	const m = /^(\d{1,6})([smhd])$/.exec(text);
	const ms = m ? Number(m[1]) * UNITS[m[2]!]! : Number.NaN;
	if (!(ms >= min.ms && ms <= 365 * UNITS.d!))
		throw new UsageError(
			`--${option} wants a duration such as 30m, 24h or 7d (${min.shown} to 365 d), not ${JSON.stringify(text)}`,
		);
	return ms;
}

function deskOf(agents: AgentDesk | undefined): AgentDesk {
	if (!agents) throw new InputError(NO_AGENTS);
	return agents;
}

export async function tokenCmd(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {
		role: {type: 'string'},
		uses: {type: 'string'},
		expires: {type: 'string'},
	});
	const verb = positional(positionals, 0, 'token action (create)');
	noExtra(positionals, 1);
	if (verb !== 'create') throw new UsageError(`unknown token action "${verb}": use create`);
	const role = String(values.role ?? '');
	if (!ROLES.includes(role as AgentRole))
		throw new UsageError(`--role must be ${ROLES.join(' or ')}, not ${JSON.stringify(role)}`);
	const uses = values.uses === undefined ? 1 : Number(values.uses);
	if (!Number.isSafeInteger(uses) || uses < 1 || uses > 100_000)
		throw new UsageError(`--uses wants a whole number from 1 to 100000, not ${JSON.stringify(values.uses)}`);
	const expires = values.expires === undefined ? '1d' : String(values.expires);
	const ttl = parseDuration(expires);
	return withSession(ctx, values['data-dir'], {kind: 'virtual'}, async ({agents, engine}) => {
		const desk = deskOf(agents);
		const now = ctx.wallNow();
		const token = desk.registry.createToken({role: role as AgentRole, uses, expiresAt: now + ttl, now});
		await desk.registry.durable(); // on disk before anyone can paste it
		// The audit log names the token by its id (rim1.<id>.<secret>.<ca>); the secret is printed here only.
		engine.noteAction({
			kind: 'create-token',
			token: token.split('.')[1] ?? '?',
			role: role as AgentRole,
			uses,
			expires,
		});
		if (values.json) json(ctx.out, {token, role, uses, expiresAt: new Date(now + ttl).toISOString()});
		else ctx.out.log(token);
		return 0;
	});
}

export async function hostAccept(ctx: CommandContext, id: string, asJson: boolean, dataDir: unknown): Promise<number> {
	return withSession(ctx, dataDir, {kind: 'virtual'}, async ({agents}) => {
		const accepted = await deskOf(agents).accept(id);
		if (!accepted.ok) throw new InputError(accepted.error);
		if (asJson) json(ctx.out, {accepted: {id: accepted.value.id, role: accepted.value.role, os: accepted.value.os}});
		else
			ctx.out.log(
				`accepted ${accepted.value.id} (${accepted.value.role}): the certification office signed its certificate`,
			);
		return 0;
	});
}

export async function hostPending(ctx: CommandContext, asJson: boolean, dataDir: unknown): Promise<number> {
	return withSession(ctx, dataDir, {kind: 'virtual'}, async ({agents}) => {
		const pending = deskOf(agents)
			.pendingAgents()
			.map(a => ({
				id: a.id,
				role: a.role,
				os: a.os,
				requestedAt: new Date(a.requestedAt).toISOString(),
				parent: a.parent,
				keySha256: a.keySha256,
			}));
		if (asJson) json(ctx.out, {pending});
		else if (pending.length === 0) ctx.out.log('no agent waits for acceptance');
		else
			table(
				ctx.out,
				['HOST', 'ROLE', 'OS', 'ASKED', 'VIA', 'KEY'],
				pending.map(p => [p.id, p.role, p.os, p.requestedAt, p.parent ?? '(server)', shortKeyHash(p.keySha256)]),
			);
		return 0;
	});
}

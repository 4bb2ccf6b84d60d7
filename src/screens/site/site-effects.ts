/** The engine calls of the site dialogs; each resolves to the action that reports its result. */
import {humanSize} from '../../output/format.js';
import {sanitize} from '../../output/sanitize.js';
import type {PackageRequest} from '../../engine/site.js';
import {everyPercent} from '../../engine/site.js';
import {plural} from '../../engine/plural.js';
import {flashOf} from '../screen.js';
import type {UiAction, UiEffect} from '../ui-state.js';
import type {Removal, SiteAction} from './site-state.js';

const site = (action: SiteAction): UiAction => ({type: 'site', action});

/** Packs and adds; progress arrives as `packing` actions (at most one per percent), the result as the last action. */
export function addPackageEffect(request: PackageRequest): UiEffect {
	return async (api, dispatch) => {
		const added = await api.addPackage(
			request,
			everyPercent(progress => dispatch?.(site({kind: 'packing', progress}))),
		);
		if (!added.ok) return site({kind: 'package-refused', message: added.error.message});
		const {package: pkg, shared} = added.value;
		const kind = pkg.kind === 'update-data' ? 'update data' : 'standard';
		const text =
			`Added ${kind} package ${sanitize(pkg.id)} ${sanitize(pkg.version)} in cabinet ${sanitize(pkg.cabinet)}: ` +
			`${humanSize(pkg.size)}${shared ? ' (payload shared)' : ''}${pkg.auth ? ', manifest signed' : ''}`;
		return site({kind: 'package-added', id: pkg.id, text});
	};
}

export function createGroupEffect(id: string, name: string | undefined): UiEffect {
	return async api => {
		const created = await api.createGroup(id, name);
		if (!created.ok) return site({kind: 'group-refused', message: created.error.message});
		const group = created.value;
		return site({
			kind: 'group-created',
			id: group.id,
			text: `Created group ${sanitize(group.id)} "${sanitize(group.name)}" (no members): m on it adds hosts`,
		});
	};
}

/** Adds the newly ticked hosts, then removes the unticked members (each step is refused whole, or done). */
export function changeMembersEffect(groupId: string, add: readonly string[], remove: readonly string[]): UiEffect {
	return async api => {
		const done: string[] = [];
		let members = 0;
		for (const [action, hosts] of [
			['add', add],
			['remove', remove],
		] as const) {
			if (!hosts.length) continue;
			const changed = await api.changeGroup(groupId, action, [...hosts]);
			if (!changed.ok) {
				const before = done.length ? `${done.join('; ')}; then ` : '';
				return site({
					kind: 'members-done',
					error: true,
					text: `Group ${groupId}: ${before}${sanitize(changed.error.message)}`,
				});
			}
			members = changed.value.members.length;
			done.push(`${action === 'add' ? 'added' : 'removed'} ${hosts.join(', ')}`);
		}
		return site({
			kind: 'members-done',
			error: false,
			text: `Group ${groupId}: ${done.join('; ')}; ${plural(members, 'member')}`,
		});
	};
}

/** Accepts a pending agent; a success moves the cursor to the host it became. */
export function acceptAgentEffect(id: string): UiEffect {
	return async api => {
		const accepted = await api.acceptAgent(id);
		if (!accepted.ok) return {type: 'flash', flash: {kind: 'error', text: sanitize(accepted.error.message)}};
		const agent = accepted.value;
		const text = agent.already
			? `${sanitize(agent.id)} is enrolled already (accepted before): nothing to do`
			: `Accepted ${sanitize(agent.id)} (${agent.role}, ${sanitize(agent.os)}): the certification office signed its certificate; it joins at its next request`;
		return site({kind: 'agent-accepted', id: agent.id, text});
	};
}

export function removalEffect(removal: Removal): UiEffect {
	return async api => {
		switch (removal.kind) {
			case 'package':
				return {
					type: 'flash',
					flash: flashOf(
						await api.removePackage(removal.id),
						pkg => `Removed package ${sanitize(pkg.id)} ${sanitize(pkg.version)}`,
					),
				};
			case 'group':
				return {
					type: 'flash',
					flash: flashOf(await api.deleteGroup(removal.id), group => `Deleted group ${sanitize(group.id)}`),
				};
			case 'host':
				return {
					type: 'flash',
					flash: flashOf(
						await api.removeHost(removal.id),
						host => `Removed host ${sanitize(host.id)} (${host.kind}) from the site and its groups`,
					),
				};
		}
	};
}

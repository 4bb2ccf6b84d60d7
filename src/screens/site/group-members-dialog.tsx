/** A group's members: every host of the site with a tick for the members; Save adds and removes the difference. */
import type {Inventory} from '../../engine/model.js';
import {plural} from '../../engine/plural.js';
import {sanitize} from '../../output/sanitize.js';
import {clampCursor} from '../list-nav.js';
import {Frame, ListView, type ListLine} from '../frame.js';
import {TextField} from '../text-field.js';
import {Text} from '../text.js';
import {BADGE, colour, SYMBOL} from '../theme.js';
import {memberCandidates, membersChange, membersRows, wouldBeSecurityOnly} from './members.js';
import type {MembersForm} from './site-state.js';

const KIND_BADGE = {relay: BADGE.relay, 'security-pc': BADGE.security, 'standard-pc': 'PC'} as const;

export function GroupMembersDialog(props: {
	form: MembersForm;
	inventory: Inventory;
	width: number;
	height: number;
	listHeight: number;
}) {
	const {form, inventory, width, height, listHeight} = props;
	const group = inventory.groups.find(g => g.id === form.groupId);
	const hosts = memberCandidates(inventory, form.filter.value);
	const rows = membersRows(listHeight);
	const list = clampCursor(form.list, hosts.length, rows);
	const ticked = new Set(form.chosen);
	const lines: ListLine[] = hosts.slice(list.start, list.start + rows).map((host, i) => {
		const selected = list.start + i === list.cursor;
		const kind = KIND_BADGE[host.kind as keyof typeof KIND_BADGE] ?? host.kind;
		return {
			key: host.id,
			selected,
			tint: ticked.has(host.id) ? colour('green') : undefined,
			text: `${selected ? SYMBOL.pointer : ' '} [${ticked.has(host.id) ? 'x' : ' '}] ${sanitize(host.id)}  ${sanitize(host.name)}  ${kind}`,
		};
	});
	const change = group ? membersChange(group, form.chosen) : {add: [], remove: []};
	const securityOnly = group ? wouldBeSecurityOnly(group, form.chosen, inventory) : false;
	return (
		<Frame
			title={`Members of ${sanitize(form.groupId)}${group ? ` (${sanitize(group.name)})` : ''}`}
			width={width}
			height={height}
		>
			<Text wrap="truncate">
				<Text color={colour('cyan')}>filter: </Text>
				<TextField edit={form.filter} />
				{hosts.length === 0 ? <Text dimColor> (no host matches)</Text> : null}
			</Text>
			<ListView lines={lines} height={rows} width={width - 2} active />
			<Text wrap="truncate">{`${plural(form.chosen.length, 'member')} ticked · +${change.add.length} to add · -${change.remove.length} to remove`}</Text>
			<Text wrap="truncate" dimColor>
				{`Security-PC-only: ${securityOnly ? 'yes' : 'no'} (derived from the members: every member a security PC)`}
			</Text>
		</Frame>
	);
}

/** The wizard's Destination page: the job's destinations, added from the inventory and removed with d. */
import {Box} from 'ink';
import {Text} from '../../text.js';
import {isSecurityOnlyGroup, indexOf} from '../../../engine/inventory.js';
import type {Inventory} from '../../../engine/model.js';
import {sanitize} from '../../../output/sanitize.js';
import {BADGE, SYMBOL} from '../../theme.js';
import type {WizardState} from '../wizard-state.js';
import {plural} from '../../../engine/plural.js';

export function DestinationPage({wizard, inventory}: {wizard: WizardState; inventory: Inventory}) {
	const {hosts, groups} = indexOf(inventory);
	const {destinations} = wizard.def;
	return (
		<Box flexDirection="column">
			{destinations.length === 0 ? <Text dimColor> No destination: press a to add one.</Text> : null}
			{destinations.map((ref, i) => {
				const selected = i === wizard.row;
				let text: string;
				if (ref.kind === 'group') {
					const group = groups.get(ref.id);
					const security = group && isSecurityOnlyGroup(group, inventory) ? `  ${BADGE.securityOnly}` : '';
					text = `${SYMBOL.group} group ${sanitize(ref.id)}  ${sanitize(group?.name ?? '?')}  ${plural(group?.members.length ?? 0, 'host')}${security}`;
				} else {
					const host = hosts.get(ref.id);
					const security =
						host?.kind === 'security-pc' ? `  ${BADGE.security}` : host?.kind === 'relay' ? `  ${BADGE.relay}` : '';
					text = `${SYMBOL.pc} host ${sanitize(ref.id)}  ${sanitize(host?.name ?? '?')}${security}`;
				}
				return (
					<Text
						key={`${ref.kind}:${ref.id}`}
						wrap="truncate"
						inverse={selected}
					>{`${selected ? SYMBOL.pointer : ' '} ${text}`}</Text>
				);
			})}
			<Text dimColor> a add · d remove</Text>
		</Box>
	);
}

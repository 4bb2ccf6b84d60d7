/** The wizard's Package page: the job's packages, add/remove, and c for Change Installation Conditions. */
import {Box} from 'ink';
import {Text} from '../../text.js';
import {effectiveConditions} from '../../../engine/define.js';
import {indexOf} from '../../../engine/inventory.js';
import type {Inventory} from '../../../engine/model.js';
import {formatUtc} from '../../../engine/rules/fields.js';
import {humanSize} from '../../../output/format.js';
import {sanitize} from '../../../output/sanitize.js';
import {BADGE, SYMBOL} from '../../theme.js';
import {CONDITIONS, type ConditionSpec} from '../conditions.js';
import type {WizardState} from '../wizard-state.js';

/** The conditions the line always shows; the others appear, by these names, once the job changes them. */
const ALWAYS_SHOWN: ReadonlySet<ConditionSpec['id']> = new Set(['replaceExisting', 'relayExpiresAt']);
const SHORT_NAMES: Partial<Record<ConditionSpec['id'], string>> = {
	timing: 'timing',
	mode: 'mode',
	installAt: 'install at',
};

export function PackagePage({wizard, inventory, locked}: {wizard: WizardState; inventory: Inventory; locked: boolean}) {
	const {packages} = indexOf(inventory);
	const chosen = wizard.def.packages;
	if (locked) return <Text dimColor> This job carries no package.</Text>;
	return (
		<Box flexDirection="column">
			{chosen.length === 0 ? <Text dimColor> No package: press a to add one.</Text> : null}
			{chosen.map((entry, i) => {
				const selected = i === wizard.row;
				const pkg = packages.get(entry.id);
				const badge = pkg?.kind === 'update-data' ? BADGE.updateData : BADGE.standard;
				const conditions = pkg ? effectiveConditions(pkg, wizard.def) : null;
				// Every changed condition is named on the line, so "(changed)" never points at a value the page hides.
				const others = CONDITIONS.filter(c => !ALWAYS_SHOWN.has(c.id) && c.id in entry.conditions);
				const extra = conditions
					? others.map(c => ` · ${SHORT_NAMES[c.id] ?? c.label} ${c.show(conditions)}`).join('')
					: '';
				const changed = Object.keys(entry.conditions).length ? ' (changed)' : '';
				return (
					<Box key={entry.id} flexDirection="column">
						<Text wrap="truncate" inverse={selected}>
							{`${selected ? SYMBOL.pointer : ' '} ${badge} ${sanitize(entry.id)}  ${sanitize(pkg?.name ?? 'unknown package')}  ` +
								`v${sanitize(pkg?.version ?? '?')}  ${pkg ? humanSize(pkg.size) : ''}`}
						</Text>
						{conditions ? (
							<Text wrap="wrap" dimColor>
								{`      replace: ${conditions.replaceExisting ? 'yes' : 'no'} · relay expiry ${formatUtc(conditions.relayExpiresAt)}${extra}${changed}`}
							</Text>
						) : null}
					</Box>
				);
			})}
			<Text dimColor> a add · d remove · c Change Installation Conditions</Text>
		</Box>
	);
}

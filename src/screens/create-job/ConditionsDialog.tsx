/** Change Installation Conditions: the package's conditions; the ones this job cannot change are view-only, marked. */
import {Box} from 'ink';
import {Text} from '../text.js';
import type {Inventory} from '../../engine/model.js';
import {Frame} from '../frame.js';
import {fit} from '../../output/text-fit.js';
import {sanitize} from '../../output/sanitize.js';
import {TextField} from '../text-field.js';
import {colour, SYMBOL} from '../theme.js';
import {CONDITIONS, conditionsOf, editableConditions, type ConditionsDialog as Dialog} from './conditions.js';
import type {WizardState} from './wizard-state.js';

export function ConditionsDialog(props: {
	wizard: WizardState;
	dialog: Dialog;
	inventory: Inventory;
	width: number;
	height: number;
}) {
	const {wizard, dialog, inventory, width, height} = props;
	const current = conditionsOf(wizard.def, dialog.packageId, inventory);
	const editable = editableConditions(wizard.def, inventory);
	let section = '';
	return (
		<Frame title={`Change Installation Conditions — ${sanitize(dialog.packageId)}`} width={width} height={height}>
			{current === null ? <Text color={colour('red')}>This package is no longer in the inventory.</Text> : null}
			{current &&
				CONDITIONS.map((spec, i) => {
					const selected = i === dialog.row;
					const viewOnly = !editable.includes(spec.id);
					const editing = dialog.edit?.field === spec.id ? dialog.edit : null;
					const heading = spec.section !== section ? (section = spec.section) : null;
					return (
						<Box key={spec.id} flexDirection="column">
							{heading ? <Text bold>{`${heading} page`}</Text> : null}
							<Text wrap="truncate" inverse={selected && !editing} dimColor={viewOnly}>
								{`${selected ? SYMBOL.pointer : ' '} ${fit(spec.label, 40)}`}
								{editing ? (
									<TextField edit={editing.text} />
								) : (
									`${spec.show(current)}${viewOnly ? `  ${SYMBOL.viewOnly} view-only` : ''}`
								)}
							</Text>
							{editing?.errors.map((e, j) => (
								<Text key={j} wrap="wrap" color={colour('red')}>{`    ${SYMBOL.problem} ${sanitize(e)}`}</Text>
							))}
						</Box>
					);
				})}
		</Frame>
	);
}

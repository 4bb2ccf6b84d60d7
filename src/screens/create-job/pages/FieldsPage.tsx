/** A wizard page made of settings (Job, Job Distribution Attributes, Schedule, Client Control): label, value, lock. */
import {Box} from 'ink';
import {Text} from '../../text.js';
import type {Inventory} from '../../../engine/model.js';
import type {WizardPage} from '../../../engine/rules/page-locks.js';
import {fit} from '../../../output/text-fit.js';
import {sanitize} from '../../../output/sanitize.js';
import {TextField} from '../../text-field.js';
import {colour, SYMBOL} from '../../theme.js';
import {fieldLock, fieldNote, pageFields, type WizardState} from '../wizard-state.js';

export function FieldsPage({
	wizard,
	page,
	inventory,
	width,
}: {
	wizard: WizardState;
	page: WizardPage;
	inventory: Inventory;
	width: number;
}) {
	const fields = pageFields(wizard.def, page);
	const labelWidth = Math.min(36, Math.max(...fields.map(f => f.label.length)) + 2);
	return (
		<Box flexDirection="column" width={width}>
			{fields.map((spec, i) => {
				const selected = i === wizard.row;
				const lock = fieldLock(spec, wizard.def, inventory);
				const editing = wizard.edit?.field === spec.id ? wizard.edit : null;
				const note = fieldNote(spec, wizard.def, inventory);
				const marker = lock
					? `  ${SYMBOL.lock} ${lock.forced ? 'forced' : lock.reason}`
					: spec.kind === 'read-only'
						? `  ${SYMBOL.viewOnly} read-only`
						: note
							? `  ${SYMBOL.viewOnly} ${note}`
							: '';
				// The definition's own value: the wizard keeps forced values in it, so what is shown is what is saved.
				const value = spec.show(wizard.def);
				return (
					<Box key={spec.id} flexDirection="column">
						<Text wrap="truncate" inverse={selected && !editing}>
							{`${selected ? SYMBOL.pointer : ' '} ${fit(spec.label, labelWidth)}`}
							{editing ? (
								<TextField edit={editing.text} />
							) : (
								<Text dimColor={Boolean(lock)}>
									{sanitize(value)}
									{marker}
								</Text>
							)}
						</Text>
						{editing?.errors.map((e, j) => (
							<Text key={j} wrap="wrap" color={colour('red')}>{`    ${SYMBOL.problem} ${sanitize(e)}`}</Text>
						))}
						{editing && spec.hint ? <Text wrap="truncate" dimColor>{`    ${spec.hint}`}</Text> : null}
					</Box>
				);
			})}
		</Box>
	);
}

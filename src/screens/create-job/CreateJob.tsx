/** The Create Job wizard (docs/rules.md, The Create Job wizard): six pages like tabs, locked pages with forced values and the reason, buttons. */
import {Box} from 'ink';
import {Text} from '../text.js';
import type {Inventory} from '../../engine/model.js';
import {JOB_TYPES} from '../../engine/rules/job-types.js';
import {WIZARD_PAGES} from '../../engine/rules/page-locks.js';
import {Frame} from '../frame.js';
import {sanitize} from '../../output/sanitize.js';
import {colour, SYMBOL} from '../theme.js';
import {DestinationPage} from './pages/DestinationPage.js';
import {FieldsPage} from './pages/FieldsPage.js';
import {PackagePage} from './pages/PackagePage.js';
import {wizardTabs} from './rows.js';
import {lockOf, pageOf, profileOf, violationsOf, type WizardState} from './wizard-state.js';

export function CreateJob(props: {
	wizard: WizardState;
	inventory: Inventory;
	now: number;
	existingNames: readonly string[];
	width: number;
	height: number;
}) {
	const {wizard, inventory, now, existingNames, width, height} = props;
	const inner = width - 2;
	const page = pageOf(wizard);
	const profile = profileOf(wizard.def, inventory);
	const violations = violationsOf(wizard.def, inventory, now, existingNames);
	const lock = lockOf(wizard.def, page, inventory);
	const tabs = wizardTabs(profile, wizard.page, violations, inner);
	const problems = violations.filter(v => v.page === page);
	return (
		<Frame
			title={`${wizard.definition ? 'Change Job Definition' : 'Create Job'} — ${JOB_TYPES[wizard.def.type].label}${profile === 'security-install' ? ` (${SYMBOL.security} security PCs)` : ''}`}
			width={width}
			height={height}
		>
			<Text wrap="truncate">
				{tabs.map(tab => (
					<Text key={tab.index} inverse={tab.current} bold={tab.current}>
						{tab.text}
					</Text>
				))}
			</Text>
			<Text wrap="truncate" dimColor>
				{'─'.repeat(inner)}
			</Text>
			{lock ? (
				<Text wrap="wrap" color={colour('yellow')}>
					{`${lock.status === 'locked' ? `${SYMBOL.lock} Locked` : `${SYMBOL.limited} Limited`}: ${lock.reason}`}
				</Text>
			) : null}
			<Box flexDirection="column" flexGrow={1} overflow="hidden">
				{page === 'destination' ? (
					<DestinationPage wizard={wizard} inventory={inventory} />
				) : page === 'package' ? (
					<PackagePage wizard={wizard} inventory={inventory} locked={lock?.status === 'locked'} />
				) : (
					<FieldsPage wizard={wizard} page={page} inventory={inventory} width={inner} />
				)}
				{problems.map((v, i) => (
					<Text key={i} wrap="wrap" color={colour('red')}>{`${SYMBOL.problem} ${sanitize(v.message)}`}</Text>
				))}
			</Box>
			<Text wrap="truncate" bold>
				{wizard.busy
					? 'Saving…'
					: `[e] Execute   [E] Save and Execute   [s] Save   [esc] Close    page ${wizard.page + 1}/${WIZARD_PAGES.length}`}
			</Text>
		</Frame>
	);
}

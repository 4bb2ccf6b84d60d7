/** Add package: the fields of `rim package add`, each checked as it is typed, and the packing's progress. */
import {Box} from 'ink';
import type {Inventory} from '../../engine/model.js';
import {fit} from '../../output/text-fit.js';
import {humanSize} from '../../output/format.js';
import {Frame} from '../frame.js';
import {TextField} from '../text-field.js';
import {Text} from '../text.js';
import {colour, SYMBOL} from '../theme.js';
import {FIELD_LABELS, FIELD_NOTES, formField, formProblems} from './package-form.js';
import {PACKAGE_FORM_FIELDS, type PackageForm, type Packing} from './site-state.js';

const LABEL_WIDTH = 16;

interface StatusLine {
	key: string;
	text: string;
	tint?: ReturnType<typeof colour>;
	dim?: boolean;
}
const BAR_WIDTH = 30;

/** `[██████░░░░] 45% (450 MB of 1.0 GB)`; before the first report, `starting…`. */
export function progressText(packing: Packing): string {
	const {done, total} = packing.progress;
	if (total <= 0) return 'starting…';
	const ratio = Math.min(1, done / total);
	const filled = Math.round(ratio * BAR_WIDTH);
	return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${Math.floor(ratio * 100)}% (${humanSize(done)} of ${humanSize(total)})`;
}

export function PackageAddDialog(props: {
	form: PackageForm;
	inventory: Inventory;
	packing: Packing | null;
	width: number;
	height: number;
}) {
	const {form, inventory, packing, width, height} = props;
	const problems = formProblems(form, inventory);
	const focused = formField(form);
	const focusedProblem = problems[focused];
	const typed = (field: (typeof PACKAGE_FORM_FIELDS)[number]) => field === 'kind' || form.text[field].value !== '';
	// Under the fields, as many as fit (a 16-row terminal has room for one): packing, the refusal, the field's rule.
	const status: StatusLine[] = [];
	if (packing)
		status.push({key: 'packing', text: `Packing ${packing.id}: ${progressText(packing)}`, tint: colour('cyan')});
	if (form.refusal)
		status.push({key: 'refusal', text: `${SYMBOL.problem} Not added: ${form.refusal}`, tint: colour('red')});
	status.push(
		focusedProblem && typed(focused)
			? {key: 'field', text: `${SYMBOL.problem} ${focusedProblem}`, tint: colour('red')}
			: {key: 'field', text: `${FIELD_LABELS[focused]}: ${FIELD_NOTES[focused]}`, dim: true},
	);
	return (
		<Frame title="Add package: pack a file or a folder (as rim package add)" width={width} height={height}>
			{PACKAGE_FORM_FIELDS.map((field, i) => {
				const active = i === form.row;
				const problem = problems[field] !== undefined && typed(field);
				const mark = problem ? SYMBOL.problem : ' ';
				return (
					<Box key={field} height={1}>
						<Text wrap="truncate" color={problem ? colour('red') : undefined}>
							{`${active ? SYMBOL.pointer : ' '}${mark} ${fit(FIELD_LABELS[field], LABEL_WIDTH)}`}
						</Text>
						{field === 'kind' ? (
							<Text wrap="truncate" inverse={active}>
								{`${form.kind === 'standard' ? SYMBOL.started : SYMBOL.stopped} standard  ${form.kind === 'update-data' ? SYMBOL.started : SYMBOL.stopped} update data`}
							</Text>
						) : active && !packing ? (
							<Text wrap="truncate">
								<TextField edit={form.text[field]} />
							</Text>
						) : (
							<Text wrap="truncate">{form.text[field].value}</Text>
						)}
					</Box>
				);
			})}
			{status.slice(0, Math.max(1, height - 3 - PACKAGE_FORM_FIELDS.length)).map(line => (
				<Text key={line.key} wrap="truncate" color={line.tint} dimColor={line.dim}>
					{line.text}
				</Text>
			))}
		</Frame>
	);
}

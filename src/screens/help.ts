/**
 * The `?` overlay and the README key section, both generated from the key tables (docs/ARCHITECTURE.md P7): nothing here is
 * typed by hand except the headings.
 */
import {formatKeys, type KeyBinding, type KeyScope} from './key-binding.js';
import {JOB_STATUS_SCOPES} from './job-status/index.js';
import {RIM_SCOPES} from './keymaps.js';

export function allScopes(): KeyScope[] {
	return [...RIM_SCOPES, ...JOB_STATUS_SCOPES];
}

export interface HelpLine {
	kind: 'title' | 'group' | 'key' | 'blank';
	keys?: string;
	text: string;
}

/**
 * The help overlay's lines: each scope, its bindings grouped as the tables group them. With a query, only the
 * bindings whose keys or words contain it (all of a scope whose title does), under their scope's title.
 */
export function helpLines(scopes: readonly KeyScope[] = allScopes(), query = ''): HelpLine[] {
	const needle = query.trim().toLowerCase();
	const matches = (text: string) => text.toLowerCase().includes(needle);
	const lines: HelpLine[] = [];
	for (const scope of scopes) {
		const bindings =
			!needle || matches(scope.title)
				? scope.keymap
				: scope.keymap.filter(b => matches(formatKeys(b.keys)) || matches(labelOf(b)));
		if (!bindings.length) continue;
		if (lines.length) lines.push({kind: 'blank', text: ''});
		lines.push({kind: 'title', text: scope.title});
		let group: string | undefined;
		for (const binding of bindings) {
			if (binding.group !== group && binding.group) lines.push({kind: 'group', text: binding.group});
			group = binding.group;
			lines.push({kind: 'key', keys: formatKeys(binding.keys), text: labelOf(binding)});
		}
	}
	return lines;
}

const counts = new Map<string, number>();
export function helpLineCount(query = ''): number {
	let count = counts.get(query);
	if (count === undefined) {
		count = helpLines(allScopes(), query).length;
		if (counts.size > 100) counts.clear();
		counts.set(query, count);
	}
	return count;
}

/** The first line of a scope's section (where `?` opens help), 0 when the scope is not listed. */
export function helpStart(title: string | undefined): number {
	if (!title) return 0;
	return Math.max(
		0,
		helpLines().findIndex(line => line.kind === 'title' && line.text === title),
	);
}

/** The label, with "(asks first)" for keys that confirm before acting unless the label says so already. */
function labelOf(binding: KeyBinding<unknown>): string {
	return binding.danger && !/asks|…$/.test(binding.label) ? `${binding.label} (asks first)` : binding.label;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The README's key section: one table per scope. */
export function keysMarkdown(scopes: readonly KeyScope[] = allScopes()): string {
	const out: string[] = [];
	for (const scope of scopes) {
		out.push(`### ${scope.title}`, '', '| key | action |', '|---|---|');
		for (const binding of scope.keymap) {
			out.push(`| \`${cell(formatKeys(binding.keys))}\` | ${cell(labelOf(binding))} |`);
		}
		out.push('');
	}
	return out.join('\n');
}

export const KEYS_START = '<!-- keys:start -->';
export const KEYS_END = '<!-- keys:end -->';

const INTRO = [
	'`rim` with no command opens the full-screen TUI (it needs a terminal; 60×16 at least, made for 80×24 and up).',
	'Packages and Destinations sit side by side, Job Execution Status below. **Pick and drop**: `space` picks the',
	'highlighted package, `2` moves to Destinations, `enter` drops it on a host or group and opens **Define New Job**;',
	'a job type the destination cannot run is listed disabled, with the rule’s reason. `enter` without a pick (or `i`)',
	'opens the **host view**: its authentication device with the certificate’s validity and every fault in effect, an',
	'open confirmation dialog, installed packages and jobs, with the training-lab keys; `enter` there (or on a group)',
	'offers Get software information. The **Create Job** wizard shows its six pages as tabs (`⊘` locked, `◐` limited, `✗n`',
	'problems on the page). **Execute** runs the job and keeps no definition; **Save** keeps it as a definition for',
	'reuse; **Save and Execute** keeps it and runs it. Pane 3 has two views: `3` shows **Job Execution Status** (every',
	'run, each a job of its own) and `4` the **Job Definition** window, the saved definitions in folders (up to 4',
	'levels): `x` executes one again as a new job, `enter` opens it in the wizard to change it (the page locks still',
	'apply; Save changes it for later runs only), `m` moves it to a folder, `n`/`N`/`r`/`d` make, rename and delete',
	'folders. `q` asks first while a job is running; rim keeps job state on disk, and running jobs continue the next',
	'time it starts. `?` opens the help at the keys of the focused pane, and `/` there searches every key. The lab clock',
	'(header: its speed) pauses with `p`, steps to the next event with `.`, runs faster or slower with `+` and `-`.',
	'`NO_COLOR` turns colour off; every state and badge also has a symbol. Generated from the key tables by',
	'`node --import tsx scripts/keys-doc.ts --write`.',
].join('\n');

/** The README section between the markers (markers included). */
export function keysSection(): string {
	return `${KEYS_START}\n${INTRO}\n\n${keysMarkdown().trimEnd()}\n${KEYS_END}`;
}

/** The text with its key section replaced by the generated one; null when the markers are missing. */
export function withKeysSection(text: string): string | null {
	const start = text.indexOf(KEYS_START);
	const end = text.indexOf(KEYS_END);
	if (start < 0 || end < start) return null;
	return text.slice(0, start) + keysSection() + text.slice(end + KEYS_END.length);
}

/** `rim log`: the audit log of the data directory, each action with who did it, from where, and its `rim …` line. */
import {readAudit} from '../data/audit-log.js';
import {dateOption, noExtra, parse} from './args.js';
import {dataDirOf, InputError, type CommandContext} from './context.js';
import {json} from './output.js';

export async function logCmd(ctx: CommandContext): Promise<number> {
	const {values, positionals} = parse(ctx.argv, {since: {type: 'string'}});
	noExtra(positionals, 0);
	const since = dateOption(values.since, 'since');
	const dir = dataDirOf(ctx, values['data-dir']);
	const read = readAudit(dir);
	if (!read.ok) throw new InputError(read.error.message);
	const entries = read.value.entries.filter(e => since === null || Date.parse(e.at) >= since);
	if (values.json) {
		json(ctx.out, entries);
		return 0;
	}
	if (!entries.length)
		ctx.out.log(
			since === null ? `nothing logged yet in ${dir}` : `nothing logged since ${new Date(since).toISOString()}`,
		);
	for (const e of entries) {
		const command =
			e.command === null
				? `# ${e.what} (no command does this)`
				: `${e.command}${e.exact ? '' : `  # nearly: ${e.what}`}`;
		ctx.out.log(`${e.at.slice(0, 19).replace('T', ' ')}  ${e.user}  ${e.origin}  ${command}`);
	}
	if (read.value.skipped)
		ctx.out.error(
			`rim: warning: ${read.value.skipped} line(s) of the audit log are not whole entries (a write cut short) and were skipped`,
		);
	return 0;
}

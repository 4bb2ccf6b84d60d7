/** The shell commands that carry out a maintenance code's remedies (the CLI's side of the Detailed Information keys). */
import type {RemedyAction} from '../engine/codes.js';

const COMMANDS: Record<RemedyAction, ((to: {host: string; job: string}) => string) | null> = {
	'issue-certificate': ({host}) => `rim cert issue ${host}`,
	'clear-fault': ({host}) => `rim lab fault ${host} clear`,
	'power-on-host': ({host}) => `rim lab power ${host} on`,
	'rerun-host': ({host, job}) => `rim job rerun ${job} --host ${host} --wait`,
	// The TUI moves to the host; the CLI has no place to move to.
	'open-host': null,
};

export function remedyCommands(remedies: readonly RemedyAction[], to: {host: string; job: string}): string[] {
	return remedies.flatMap(r => COMMANDS[r]?.(to) ?? []);
}

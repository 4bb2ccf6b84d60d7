/**
 * Screen-reader mode for the TUI: RIM_SCREEN_READER=1, or Ink's own switch INK_SCREEN_READER=true (which Ink reads
 * itself when no choice is passed). rim passes its choice to Ink's `isScreenReaderEnabled`, so both switches lead to
 * the same mode. A value rim does not know is refused rather than guessed.
 */
import {UsageError} from './cli/args.js';

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['', '0', 'false', 'no', 'off']);

export function screenReaderChoice(env: NodeJS.ProcessEnv = process.env): boolean {
	const rim = env.RIM_SCREEN_READER?.trim().toLowerCase();
	if (rim !== undefined && !ON.has(rim) && !OFF.has(rim)) {
		throw new UsageError(`RIM_SCREEN_READER must be 1 (screen-reader mode) or 0, not "${env.RIM_SCREEN_READER}"`);
	}
	return (rim !== undefined && ON.has(rim)) || env.INK_SCREEN_READER === 'true';
}

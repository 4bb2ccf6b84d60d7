/**
 * Copying a line to the clipboard of the admin's own machine with OSC 52 (`ESC ] 52 ; c ; BASE64 BEL`), which works
 * over SSH because the terminal emulator, not the server, sets the clipboard. Terminals that do not know it ignore
 * it silently, so rim sends it only where it can tell that it works, and otherwise shows the line for selection:
 *
 * - `RIM_CLIPBOARD=osc52` sends it always, `RIM_CLIPBOARD=off` never;
 * - inside tmux, tmux decides: with `set-clipboard on` tmux takes the sequence (its own buffer, and the outer
 *   terminal's clipboard when that one supports it); with only `allow-passthrough on` the sequence is wrapped in
 *   tmux's passthrough so it reaches the outer terminal; with neither (tmux's defaults) it would be dropped;
 * - otherwise, the terminals known to accept it, by what they put in the environment (kitty, WezTerm, iTerm2,
 *   Alacritty, foot, Ghostty, Windows Terminal). GNOME Terminal and other VTE terminals do not; they say xterm-256color,
 *   like xterm itself, whose support depends on its configuration — those get the line shown.
 *
 * The text is sanitized first (a control character becomes its visible escape, as everywhere rim prints), and base64
 * carries it: the sequence is the only control sequence written, and rim builds it.
 */
import {sanitize} from '../output/sanitize.js';

export type ClipboardRoute = {kind: 'osc52'} | {kind: 'tmux-passthrough'} | {kind: 'none'; why: string};

const KNOWN_TERMS = new Set(['xterm-kitty', 'alacritty', 'foot', 'foot-extra', 'xterm-ghostty', 'wezterm', 'contour']);
const KNOWN_PROGRAMS = new Set(['iTerm.app', 'WezTerm', 'ghostty']);

/** tmux's answers about its options (`tmux show-options -gv NAME`), asked only inside tmux; null when unknown. */
export type TmuxOption = (name: 'set-clipboard' | 'allow-passthrough') => string | null;

export function clipboardRoute(env: NodeJS.ProcessEnv, tmuxOption: TmuxOption): ClipboardRoute {
	const forced = env.RIM_CLIPBOARD?.trim().toLowerCase();
	if (forced === 'off' || forced === 'none') return {kind: 'none', why: 'RIM_CLIPBOARD=off'};
	const inTmux = Boolean(env.TMUX);
	if (inTmux) {
		if (tmuxOption('set-clipboard') === 'on') return {kind: 'osc52'};
		const passthrough = tmuxOption('allow-passthrough');
		if (passthrough === 'on' || passthrough === 'all') return {kind: 'tmux-passthrough'};
		if (forced === 'osc52') return {kind: 'osc52'};
		return {kind: 'none', why: 'tmux drops it: `tmux set -g set-clipboard on` lets rim copy'};
	}
	if (forced === 'osc52') return {kind: 'osc52'};
	if (
		KNOWN_TERMS.has(env.TERM ?? '') ||
		KNOWN_PROGRAMS.has(env.TERM_PROGRAM ?? '') ||
		env.LC_TERMINAL === 'iTerm2' ||
		env.WT_SESSION
	) {
		return {kind: 'osc52'};
	}
	return {kind: 'none', why: 'this terminal may not support OSC 52 (RIM_CLIPBOARD=osc52 forces it)'};
}

/** The bytes that put `text` on the clipboard by this route (empty for none). */
export function clipboardBytes(text: string, route: ClipboardRoute): string {
	if (route.kind === 'none') return '';
	const osc = `\u001B]52;c;${Buffer.from(sanitize(text), 'utf8').toString('base64')}\u0007`;
	// tmux passthrough: DCS tmux; … ST, with every ESC inside doubled.
	return route.kind === 'tmux-passthrough' ? `\u001BPtmux;${osc.replaceAll('\u001B', '\u001B\u001B')}\u001B\\` : osc;
}

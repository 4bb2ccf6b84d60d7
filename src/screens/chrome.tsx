/** The lines around the panes: header, flash line, hint bar; and the too-small notice. */
import {Box} from 'ink';
import {Text} from './text.js';
import type {ClockRate} from '../engine/clock.js';
import {formatUtc} from '../engine/rules/fields.js';
import {fit, truncate} from '../output/text-fit.js';
import {formatKeys, type KeyBinding} from './key-binding.js';
import {MIN_SIZE, type ScreenSize} from './layout.js';
import {sanitize} from '../output/sanitize.js';
import type {Flash} from './screen.js';
import type {FleetKind} from '../engine/model.js';
import type {Packing} from './site/site-state.js';
import {colour, SYMBOL} from './theme.js';
import {UNSAVED_GLYPH} from './lines/symbols.js';
import type {SaveState} from '../engine/save-state.js';

const FLEET_NAMES: Record<FleetKind, string> = {simulated: 'simulated demo', network: 'network site'};

/** How far packing has come, for the header: `packing EDITOR 42%`. */
export function packingText(packing: Packing | null): string {
	if (!packing) return '';
	const {done, total} = packing.progress;
	return `packing ${sanitize(packing.id)} ${total > 0 ? Math.floor((done / total) * 100) : 0}% · `;
}

/**
 * rim's name, the fleet kind, the pick, packing, how many jobs run, and the lab clock: its speed (or that it is
 * paused) and lab time, to the second while paused (a step moves it by seconds). On a narrow terminal the product's
 * long name gives way first, so the fleet kind and the clock stay.
 */
export function Header(props: {
	width: number;
	now: number;
	picked: string | null;
	running: number;
	fleet?: FleetKind | null;
	packing?: Packing | null;
	managerLost?: boolean;
	unsaved?: boolean;
	clock?: ClockRate;
}) {
	const {width, now, picked, running, fleet, packing = null, managerLost, unsaved, clock} = props;
	const pick = picked ? `   ${SYMBOL.picked} picked ${sanitize(picked)}` : '';
	const site = fleet ? ` · ${FLEET_NAMES[fleet]}` : '';
	const lost = managerLost ? `${SYMBOL.problem} no manager (M) · ` : '';
	const rate = clock ? (clock.paused ? 'paused ' : `${clock.speed}× `) : '';
	const right = `${unsaved ? `${UNSAVED_GLYPH.symbol} NOT SAVED · ` : ''}${lost}${packingText(packing)}${running ? `${running} running · ` : ''}lab ${rate}${formatUtc(now, {seconds: clock?.paused})}`;
	const fits = (text: string) => width - [...text].length - [...right].length >= 2;
	// The pick outlasts the fleet kind: it says what enter will drop. Too narrow even for "rim": the right side (not
	// saved, the clock) stays in view.
	const left = [`rim · Remote Installation Manager${site}${pick}`, `rim${site}${pick}`, `rim${pick}`, 'rim'].find(fits);
	const text = left ? left + ' '.repeat(width - [...left].length - [...right].length) + right : fit(right, width);
	return (
		<Text bold wrap="truncate" color={colour(unsaved ? 'red' : 'cyan')}>
			{text}
		</Text>
	);
}

/** The line under the panes: the last action's message; while writes fail and no message is up, why nothing is saved. */
export function FlashLine({
	flash,
	width,
	saving,
	whole,
}: {
	flash: Flash | null;
	width: number;
	saving?: SaveState;
	whole?: boolean;
}) {
	// `whole` (screen-reader mode): the message is not cut to the width; the output layer folds it.
	const cut = (text: string) => (whole ? text : truncate(text, width));
	if (!flash && saving?.kind === 'not-saved') {
		return (
			<Text wrap="truncate" color={colour('red')}>
				{cut(
					`${UNSAVED_GLYPH.symbol} Not saved since ${formatUtc(saving.since)}: ${sanitize(saving.reason)} · rim retries by itself`,
				)}
			</Text>
		);
	}
	if (!flash) return <Text> </Text>;
	const mark = flash.kind === 'error' ? SYMBOL.problem : SYMBOL.ok;
	return (
		<Text wrap="truncate" color={flash.kind === 'error' ? colour('red') : colour('green')}>
			{cut(`${mark} ${sanitize(flash.text)}`)}
		</Text>
	);
}

/** One hint as the bar prints it: `tab pane`. */
export function barHint(binding: KeyBinding<unknown>): string {
	return `${formatKeys(binding.keys.slice(0, 1))} ${binding.short ?? binding.label}`;
}

/**
 * The bar's text within `width`: the scope's keys in table order, then the global ones. When it does not fit, the
 * scope's last keys give way first, so `? help` and `q quit` stay visible on a narrow terminal.
 */
export function hintBarText(
	local: readonly KeyBinding<unknown>[],
	global: readonly KeyBinding<unknown>[],
	width: number,
): string {
	const join = (items: readonly KeyBinding<unknown>[]) => items.map(barHint).join('  ');
	const tail = join(global);
	const kept = [...local];
	while (kept.length && [...[join(kept), tail].filter(Boolean).join('  ')].length > width) kept.pop();
	return truncate([join(kept), tail].filter(Boolean).join('  '), width);
}

export function HintBar({
	local,
	global,
	width,
}: {
	local: readonly KeyBinding<unknown>[];
	global: readonly KeyBinding<unknown>[];
	width: number;
}) {
	return (
		<Text wrap="truncate" dimColor>
			{fit(hintBarText(local, global, width), width)}
		</Text>
	);
}

/** After an action: the `rim …` line that does the same, until the next key (L lists every one of this session). */
export function CommandHint({line, width, whole}: {line: string; width: number; whole?: boolean}) {
	const text = `${line}   (L: session log)`;
	return (
		<Text wrap="truncate" color={colour('cyan')}>
			{whole ? text : fit(truncate(text, width), width)}
		</Text>
	);
}

export function TooSmall({size}: {size: ScreenSize}) {
	const message = `terminal too small: need ${MIN_SIZE.columns}×${MIN_SIZE.rows}, have ${size.columns}×${size.rows}`;
	return (
		<Box flexDirection="column" width={size.columns} height={Math.max(1, size.rows - 1)}>
			<Text wrap="wrap">{message}</Text>
			<Text wrap="wrap" dimColor>
				enlarge the window; q quits
			</Text>
		</Box>
	);
}

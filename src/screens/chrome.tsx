/** The lines around the panes: header, flash line, hint bar; and the too-small notice. */
import {Box} from 'ink';
import {Text} from './text.js';
import {formatUtc} from '../engine/rules/fields.js';
import {fit, padEnd} from '../output/format.js';
import {formatKeys, type KeyBinding} from './keymap.js';
import {MIN_SIZE, type ScreenSize} from './layout.js';
import {sanitize} from '../output/sanitize.js';
import type {Flash} from './screen.js';
import {colour, SYMBOL} from './theme.js';

export function Header(props: {width: number; now: number; picked: string | null; running: number}) {
	const {width, now, picked, running} = props;
	const left = `rim · Remote Installation Manager${picked ? `   ${SYMBOL.picked} picked ${sanitize(picked)}` : ''}`;
	const right = `${running ? `${running} running · ` : ''}lab ${formatUtc(now)}`;
	const space = width - [...left].length - [...right].length;
	const text = space >= 2 ? left + ' '.repeat(space) + right : padEnd(left, width);
	return <Text bold wrap="truncate" color={colour('cyan')}>{text}</Text>;
}

export function FlashLine({flash, width}: {flash: Flash | null; width: number}) {
	if (!flash) return <Text> </Text>;
	const mark = flash.kind === 'error' ? SYMBOL.problem : SYMBOL.ok;
	return (
		<Text wrap="truncate" color={flash.kind === 'error' ? colour('red') : colour('green')}>
			{fit(`${mark} ${sanitize(flash.text)}`, width)}
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
export function hintBarText(local: readonly KeyBinding<unknown>[], global: readonly KeyBinding<unknown>[], width: number): string {
	const join = (items: readonly KeyBinding<unknown>[]) => items.map(barHint).join('  ');
	const tail = join(global);
	const kept = [...local];
	while (kept.length && [...[join(kept), tail].filter(Boolean).join('  ')].length > width) kept.pop();
	return fit([join(kept), tail].filter(Boolean).join('  '), width);
}

export function HintBar({local, global, width}: {local: readonly KeyBinding<unknown>[]; global: readonly KeyBinding<unknown>[]; width: number}) {
	return <Text wrap="truncate" dimColor>{padEnd(hintBarText(local, global, width), width)}</Text>;
}

export function TooSmall({size}: {size: ScreenSize}) {
	const message = `terminal too small: need ${MIN_SIZE.columns}×${MIN_SIZE.rows}, have ${size.columns}×${size.rows}`;
	return (
		<Box flexDirection="column" width={size.columns} height={Math.max(1, size.rows - 1)}>
			<Text wrap="wrap">{message}</Text>
			<Text wrap="wrap" dimColor>enlarge the window; q quits</Text>
		</Box>
	);
}

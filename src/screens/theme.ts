/**
 * Colours and symbols. Every state and badge carries a symbol or a word, so the screen reads the same without colour;
 * colour only adds emphasis and is switched off by NO_COLOR (https://no-color.org: any non-empty value).
 */
export const NO_COLOR = typeof process !== 'undefined' && Boolean(process.env.NO_COLOR);

type Colour = 'cyan' | 'gray' | 'green' | 'red' | 'yellow' | 'magenta' | 'blue';

/** A colour name, or undefined when colour is off (Ink then prints plain text). */
export function colour(name: Colour): Colour | undefined {
	return NO_COLOR ? undefined : name;
}

export const SYMBOL = {
	pointer: '›',
	picked: '✚',
	updateData: '◆',
	standard: '◇',
	relay: '⇅',
	pc: '▪',
	security: '◈',
	started: '●',
	stopped: '○',
	group: '▤',
	lock: '⊘',
	limited: '◐',
	problem: '✗',
	ok: '✓',
	viewOnly: '◌',
	cabinet: '▾',
} as const;

export const BADGE = {
	updateData: `${SYMBOL.updateData} UPD`,
	standard: `${SYMBOL.standard} std`,
	security: `${SYMBOL.security} SEC`,
	securityOnly: `${SYMBOL.security} SEC-ONLY`,
	relay: `${SYMBOL.relay} relay`,
	started: `${SYMBOL.started} on`,
	stopped: `${SYMBOL.stopped} off`,
} as const;

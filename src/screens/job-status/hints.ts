/** Hint lines rendered from key tables (style.md rule 7), never typed by hand. */
import {formatKeys, type KeyBinding} from '../keymap.js';

export function hintText(bindings: readonly KeyBinding<unknown>[]): string {
	return bindings.map(b => `${formatKeys(b.keys)} ${b.short ?? b.label}`).join(' · ');
}

/**
 * Which rows of a long list are drawn (docs/tui.md, Ink notes): only the visible window is rendered, and the window moves
 * only when the selection leaves it. Idempotent for a given previous start, so re-rendering is safe.
 */
export function windowStart(selected: number, height: number, total: number, previousStart: number): number {
	let start = previousStart;
	if (selected < start) start = selected;
	if (selected >= start + height) start = selected - height + 1;
	return Math.max(0, Math.min(start, Math.max(0, total - height)));
}

/** Small presentation helpers shared by the panes: sizes, widths, padding. Pure. */
import {sanitize} from './sanitize.js';

/** 1.5 KiB, 256 KiB, 3.2 MiB: sizes as an admin reads them. */
export function humanSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	const units = ['KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes / 1024;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Cuts text to `width` columns (one column per code point: rim's data is ASCII, symbols are narrow) with an ellipsis. */
export function fit(text: string, width: number): string {
	if (width <= 0) return '';
	const chars = [...text];
	if (chars.length <= width) return text;
	return width === 1 ? '…' : chars.slice(0, width - 1).join('') + '…';
}

export function padEnd(text: string, width: number): string {
	const length = [...text].length;
	return length >= width ? fit(text, width) : text + ' '.repeat(width - length);
}

/** Data from the inventory, made inert (control characters as visible escapes) and cut to a width. */
export function shown(text: string, width: number): string {
	return fit(sanitize(text), width);
}

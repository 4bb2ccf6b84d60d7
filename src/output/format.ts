/** Small presentation helpers shared by the panes: sizes, inert data. Pure. (Cutting and padding: text-fit.ts.) */
import {sanitize} from './sanitize.js';
import {truncate} from './text-fit.js';

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

/** Data from the inventory, made inert (control characters as visible escapes) and cut to a width. */
export function shown(text: string, width: number): string {
	return truncate(sanitize(text), width);
}

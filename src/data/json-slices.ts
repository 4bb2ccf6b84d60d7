/**
 * JSON.stringify in slices: the same text for plain data (objects, arrays, strings, numbers, booleans, null; a value
 * with toJSON is serialised whole by JSON.stringify), produced piece by piece so that the caller can yield to the
 * event loop between pieces. Large arrays (and the objects and arrays that hold them) are walked one element at a
 * time; everything else is serialised whole. An array is read element by element as the walk reaches it, so the
 * caller must accept a text whose parts were read at different moments (the store replays the journal over it).
 */

/** Arrays with at least this many elements are walked element by element. */
const LARGE = 64;
/** Below this depth a value is always serialised whole. */
const MAX_DEPTH = 6;

const isWalkable = (v: unknown): v is object =>
	typeof v === 'object' && v !== null && typeof (v as {toJSON?: unknown}).toJSON !== 'function';

/** True when `value` holds a large array within MAX_DEPTH levels (so it is worth walking rather than stringifying). */
function holdsLarge(value: unknown, depth: number): boolean {
	if (depth > MAX_DEPTH || !isWalkable(value)) return false;
	if (Array.isArray(value)) return value.length >= LARGE || value.some(v => holdsLarge(v, depth + 1));
	for (const key in value) {
		if (Object.hasOwn(value, key) && holdsLarge((value as Record<string, unknown>)[key], depth + 1)) return true;
	}
	return false;
}

/** The pieces of the JSON text of `value`; each piece is small (one element of a large array at the most). */
export function* jsonPieces(value: unknown, depth = 0): Generator<string, void, undefined> {
	if (!holdsLarge(value, depth)) {
		// JSON.stringify gives undefined for undefined, functions and symbols; inside an array that is null.
		yield JSON.stringify(value) ?? 'null';
		return;
	}
	if (Array.isArray(value)) {
		const items = value.slice();
		yield '[';
		for (let i = 0; i < items.length; i++) {
			if (i > 0) yield ',';
			yield* jsonPieces(items[i], depth + 1);
		}
		yield ']';
		return;
	}
	const record = value as Record<string, unknown>;
	let first = true;
	yield '{';
	for (const key of Object.keys(record)) {
		const v = record[key];
		if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
		yield `${first ? '' : ','}${JSON.stringify(key)}:`;
		first = false;
		yield* jsonPieces(v, depth + 1);
	}
	yield '}';
}

/**
 * Writes the JSON text of `value` through `write` in chunks of about `chunkBytes`, yielding to the event loop whenever
 * `sliceMs` of work has passed, so that no stretch of it blocks the loop for long. Resolves with the bytes written.
 */
export async function writeJsonInSlices(
	value: unknown,
	write: (chunk: Buffer) => Promise<void>,
	opts: {sliceMs?: number; chunkBytes?: number; onSlice?: (ms: number) => void} = {},
): Promise<number> {
	const sliceMs = opts.sliceMs ?? 8;
	const chunkBytes = opts.chunkBytes ?? 1 << 20;
	let text = '';
	let bytes = 0;
	let sliceStart = performance.now();
	let n = 0;
	for (const piece of jsonPieces(value)) {
		text += piece;
		if (text.length >= chunkBytes) {
			const chunk = Buffer.from(text, 'utf8');
			text = '';
			bytes += chunk.length;
			opts.onSlice?.(performance.now() - sliceStart);
			await write(chunk);
			sliceStart = performance.now();
		} else if ((++n & 63) === 0 && performance.now() - sliceStart > sliceMs) {
			opts.onSlice?.(performance.now() - sliceStart);
			await new Promise(resolve => setImmediate(resolve));
			sliceStart = performance.now();
		}
	}
	const last = Buffer.from(text, 'utf8');
	bytes += last.length;
	opts.onSlice?.(performance.now() - sliceStart);
	await write(last);
	return bytes;
}

/** A seeded pseudo-random generator (mulberry32): the same seed gives the same sequence on every run. */
export interface Rng {
	/** A float in [0, 1). */
	next(): number;
	/** An integer in [min, max]. */
	int(min: number, max: number): number;
	/** A random element of a non-empty array. */
	pick<T>(items: readonly T[]): T;
	/** n pseudo-random bytes. */
	bytes(n: number): Uint8Array;
	/** The internal state, so a run can be resumed exactly. */
	state(): number;
}

export function seededRng(seed: number): Rng {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		pick: items => {
			if (items.length === 0) throw new Error('pick from an empty array');
			return items[Math.floor(next() * items.length)]!;
		},
		bytes: n => Uint8Array.from({length: n}, () => Math.floor(next() * 256)),
		state: () => a,
	};
}

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

/** Mulberry32. A class rather than closures: a job makes one per simulated step, so it must cost next to nothing. */
class Mulberry32 implements Rng {
	constructor(private a: number) {}

	next(): number {
		this.a = (this.a + 0x6d2b79f5) >>> 0;
		let t = this.a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Error('pick from an empty array');
		return items[Math.floor(this.next() * items.length)]!;
	}

	bytes(n: number): Uint8Array {
		return Uint8Array.from({length: n}, () => Math.floor(this.next() * 256));
	}

	state(): number {
		return this.a;
	}
}

export function seededRng(seed: number): Rng {
	return new Mulberry32(seed >>> 0);
}

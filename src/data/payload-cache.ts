/**
 * Package payloads read from disk, kept by package id up to a byte budget (least recently used out first). The
 * returned bytes are shared: callers must not change them.
 */
const DEFAULT_BUDGET = 64 * 1024 * 1024;

export class PayloadCache {
	private readonly entries = new Map<string, Uint8Array>();
	private bytes = 0;

	constructor(private readonly budget = DEFAULT_BUDGET) {}

	get(id: string, read: () => Uint8Array | null): Uint8Array | null {
		const hit = this.entries.get(id);
		if (hit) {
			this.entries.delete(id);
			this.entries.set(id, hit);
			return hit;
		}
		const bytes = read();
		if (!bytes || bytes.byteLength > this.budget) return bytes;
		this.entries.set(id, bytes);
		this.bytes += bytes.byteLength;
		for (const [old, value] of this.entries) {
			if (this.bytes <= this.budget) break;
			this.entries.delete(old);
			this.bytes -= value.byteLength;
		}
		return bytes;
	}

	forget(id: string): void {
		const hit = this.entries.get(id);
		if (!hit) return;
		this.entries.delete(id);
		this.bytes -= hit.byteLength;
	}
}

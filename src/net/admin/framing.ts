/**
 * The admin socket's framing: one JSON message per line (UTF-8, `\n`-terminated), at most `maxMessageBytes` per
 * message. The decoder does no I/O: it is fed bytes as they arrive, in chunks of any size, and returns the complete
 * messages; a line that grows past the limit or does not parse ends the stream with a coded error.
 */

export type FrameError = {code: 'too-large'; message: string} | {code: 'not-json'; message: string};

export type Decoded = {ok: true; messages: unknown[]} | {ok: false; error: FrameError};

const NEWLINE = 0x0a;

export class LineDecoder {
	private parts: Uint8Array[] = [];
	private size = 0;
	private failed: FrameError | null = null;
	private readonly text = new TextDecoder('utf-8', {fatal: false});

	constructor(private readonly maxMessageBytes: number) {
		if (!Number.isSafeInteger(maxMessageBytes) || maxMessageBytes < 2)
			throw new RangeError(`maxMessageBytes must be an integer ≥ 2, not ${maxMessageBytes}`);
	}

	/** Bytes held for an incomplete message. */
	get buffered(): number {
		return this.size;
	}

	push(chunk: Uint8Array): Decoded {
		if (this.failed) return {ok: false, error: this.failed};
		const messages: unknown[] = [];
		let start = 0;
		for (let nl = chunk.indexOf(NEWLINE, start); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
			const piece = chunk.subarray(start, nl);
			start = nl + 1;
			if (this.size + piece.length > this.maxMessageBytes) return this.fail(this.tooLarge());
			const line = this.take(piece);
			if (line.trim() === '') continue;
			try {
				messages.push(JSON.parse(line));
			} catch {
				return this.fail({code: 'not-json', message: 'a message on the admin socket is not JSON'});
			}
		}
		const rest = chunk.subarray(start);
		if (this.size + rest.length > this.maxMessageBytes) return this.fail(this.tooLarge());
		if (rest.length) {
			this.parts.push(Uint8Array.from(rest));
			this.size += rest.length;
		}
		return {ok: true, messages};
	}

	private take(last: Uint8Array): string {
		if (!this.parts.length) return this.text.decode(last);
		const all = new Uint8Array(this.size + last.length);
		let at = 0;
		for (const part of this.parts) {
			all.set(part, at);
			at += part.length;
		}
		all.set(last, at);
		this.parts = [];
		this.size = 0;
		return this.text.decode(all);
	}

	private tooLarge(): FrameError {
		return {code: 'too-large', message: `a message on the admin socket is larger than ${this.maxMessageBytes} bytes`};
	}

	private fail(error: FrameError): Decoded {
		this.failed = error;
		this.parts = [];
		this.size = 0;
		return {ok: false, error};
	}
}

/** One message as a line; refuses (returns null) a message larger than the limit rather than sending it. */
export function encodeLine(message: unknown, maxMessageBytes: number): string | null {
	const line = `${JSON.stringify(message)}\n`;
	return Buffer.byteLength(line, 'utf8') - 1 > maxMessageBytes ? null : line;
}

/** The admin socket's framing and message checks: no I/O, fed one byte at a time, with a maximum message size. */
import {describe, expect, it} from 'vitest';
import {encodeLine, LineDecoder} from '../src/net/admin/framing.js';
import {ADMIN_DEFAULTS, checkLimits, parseReply, parseRequest} from '../src/net/admin/protocol.js';

const bytes = (text: string) => new TextEncoder().encode(text);

function byteByByte(decoder: LineDecoder, text: string): unknown[] {
	const out: unknown[] = [];
	for (const b of bytes(text)) {
		const decoded = decoder.push(Uint8Array.of(b));
		if (!decoded.ok) throw new Error(decoded.error.code);
		out.push(...decoded.messages);
	}
	return out;
}

describe('the line decoder', () => {
	it('yields the same messages fed one byte at a time as fed whole, multi-byte characters split across pushes included', () => {
		const messages = [{id: 1, op: 'command', argv: ['jobs', '--json']}, {id: 2, out: 'Ünïcödé ✓ 日本'}, {bye: 'x'}];
		const text = messages.map(m => encodeLine(m, 1000)!).join('');
		expect(byteByByte(new LineDecoder(1000), text)).toEqual(messages);
		const whole = new LineDecoder(1000).push(bytes(text));
		expect(whole).toEqual({ok: true, messages});
		expect(new LineDecoder(1000).push(bytes('\n\n{"a":1}\n'))).toEqual({ok: true, messages: [{a: 1}]});
	});

	it('holds an incomplete message until its newline', () => {
		const decoder = new LineDecoder(100);
		expect(decoder.push(bytes('{"id":'))).toEqual({ok: true, messages: []});
		expect(decoder.buffered).toBe(6);
		expect(decoder.push(bytes('7}\n{"id"'))).toEqual({ok: true, messages: [{id: 7}]});
		expect(decoder.buffered).toBe(5);
	});

	it('refuses a message past the maximum size, even without its newline, and stays failed', () => {
		const decoder = new LineDecoder(10);
		expect(byteByByte(new LineDecoder(10), '{"a":"12"}\n')).toEqual([{a: '12'}]);
		let last;
		for (const b of bytes('{"a":"123"}')) last = decoder.push(Uint8Array.of(b));
		expect(last).toEqual({
			ok: false,
			error: {code: 'too-large', message: 'a message on the admin socket is larger than 10 bytes'},
		});
		expect(decoder.push(bytes('\n{}\n')).ok).toBe(false);
		expect(decoder.buffered).toBe(0);
	});

	it('refuses a line that is not JSON', () => {
		expect(new LineDecoder(100).push(bytes('hello\n'))).toEqual({
			ok: false,
			error: {code: 'not-json', message: 'a message on the admin socket is not JSON'},
		});
	});

	it('will not encode a message larger than the limit', () => {
		expect(encodeLine({a: 'x'.repeat(20)}, 10)).toBeNull();
		expect(encodeLine({a: 1}, 10)).toBe('{"a":1}\n');
	});
});

describe('admin messages', () => {
	it('accepts the three requests and says what is wrong with anything else', () => {
		expect(parseRequest({id: 1, op: 'command', argv: ['jobs']})).toEqual({
			ok: true,
			value: {id: 1, op: 'command', argv: ['jobs']},
		});
		expect(parseRequest({id: 2, op: 'watch'})).toEqual({ok: true, value: {id: 2, op: 'watch'}});
		expect(parseRequest({id: 3, op: 'call', method: 'execute', args: ['J0001']}).ok).toBe(true);
		expect(parseRequest([1])).toEqual({ok: false, reason: 'a request must be a JSON object'});
		expect(parseRequest({id: -1, op: 'watch'})).toEqual({
			ok: false,
			reason: 'a request needs a non-negative integer id',
		});
		expect(parseRequest({id: 1, op: 'command', argv: ['jobs', 3]})).toEqual({
			ok: false,
			reason: 'command needs argv: string[]',
		});
		expect(parseRequest({id: 1, op: 'shell'})).toEqual({ok: false, reason: 'unknown op "shell"'});
	});

	it('reads replies and ignores what is not one', () => {
		expect(parseReply({hello: {pid: 5, dataDir: '/d'}})).toEqual({hello: {pid: 5, dataDir: '/d'}});
		expect(parseReply({id: 1, exit: 0})).toEqual({id: 1, exit: 0});
		expect(parseReply({id: 1, out: 'x'})).toEqual({id: 1, out: 'x'});
		expect(parseReply({id: 'x', exit: 0})).toBeNull();
		expect(parseReply({hello: {pid: 'x'}})).toBeNull();
	});

	it('checks its limits when built', () => {
		expect(checkLimits({})).toEqual(ADMIN_DEFAULTS);
		expect(() => checkLimits({maxRequestBytes: 0})).toThrow(
			'admin option maxRequestBytes must be a positive integer, not 0',
		);
		expect(() => new LineDecoder(1)).toThrow(RangeError);
	});
});

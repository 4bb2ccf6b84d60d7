/**
 * Every wait is bounded or says what it waits for: a real-time timer years ahead fires at its time (not after
 * setTimeout's 24.8-day limit), and `--wait --realtime` on a job whose start is scheduled far ahead stops at once,
 * naming the start, instead of waiting for it.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, describe, expect, it, vi} from 'vitest';
import {main} from '../src/cli.js';
import {RealClock} from '../src/engine/clock.js';

const DAY = 86_400_000;
const dirs: string[] = [];
afterAll(() => {
	for (const dir of dirs) rmSync(dir, {recursive: true, force: true});
});
afterEach(() => {
	vi.useRealTimers();
});

describe('RealClock', () => {
	it("fires a timer 40 days ahead at its time, not when setTimeout's longest delay (24.8 days) runs out", () => {
		vi.useFakeTimers({now: Date.UTC(2026, 10, 30)});
		const clock = new RealClock(1);
		const fired: number[] = [];
		const at = clock.now() + 40 * DAY;
		clock.schedule(at, () => fired.push(clock.now()));
		vi.advanceTimersByTime(2 ** 31 + 1000);
		expect(fired).toEqual([]);
		expect(clock.pending()).toBe(1);
		vi.advanceTimersByTime(at - clock.now());
		expect(fired).toEqual([at]);
		expect(clock.pending()).toBe(0);
	});

	it('cancels a long timer in any of its legs', () => {
		vi.useFakeTimers({now: Date.UTC(2026, 10, 30)});
		const clock = new RealClock(1);
		let fired = false;
		const handle = clock.schedule(clock.now() + 60 * DAY, () => (fired = true));
		vi.advanceTimersByTime(30 * DAY);
		clock.cancel(handle);
		vi.advanceTimersByTime(40 * DAY);
		expect(fired).toBe(false);
		expect(clock.pending()).toBe(0);
	});
});

describe('--wait --realtime on a start scheduled far ahead', () => {
	it('stops at once with exit 3 and names the scheduled start', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'rim-wait-'));
		dirs.push(dir);
		const out: string[] = [];
		const sink = {log: (l: string) => out.push(l), error: (l: string) => out.push(l)};
		expect(await main(['demo', 'reset', '--data-dir', dir], sink, {})).toBe(0);
		const nextYear = new Date(Date.now() + 365 * DAY).toISOString().slice(0, 10);
		const code = await main(
			[
				'job',
				'create',
				'--type',
				'install',
				'--package',
				'SEC-PATCH-2611',
				'--destination',
				'SEC-01',
				'--at',
				nextYear,
				'--wait',
				'--realtime',
				'--data-dir',
				dir,
			],
			sink,
			{},
		);
		expect(code).toBe(3);
		expect(out.join('\n')).toMatch(
			new RegExp(`not waiting that long: SEC-01: scheduled for later: starts ${nextYear} 00:00 UTC`),
		);
	});
});

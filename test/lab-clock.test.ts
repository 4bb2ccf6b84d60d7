/**
 * The trainer's lab clock (issue #8 item 11): a clock that follows the wall clock at a speed, pauses, resumes and steps
 * to the next event, driven here by a wall clock the test moves by hand; and the engine on it, stepping a security-PC
 * job one event at a time while its snapshots carry the clock's rate.
 */
import {describe, expect, it} from 'vitest';
import {RealClock, nextSpeed} from '../src/engine/clock.js';
import {describeState} from '../src/engine/job-machine.js';
import {controlClock} from '../src/engine/lab-clock.js';
import {createDemoFleet} from '../src/engine/demo/demo-fleet.js';
import {simulatedEngine, T0, testEngine, testOffice} from './support/engine.js';
import {HandWall} from './support/hand-wall.js';
import {jobDef} from './support/jobs.js';

describe('the lab clock', () => {
	it('runs at its speed, changes speed without a jump, and stands still while paused', () => {
		const wall = new HandWall(T0);
		const clock = new RealClock(10, 0, wall);
		wall.advance(1_000);
		expect(clock.now()).toBe(T0 + 10_000);
		clock.setSpeed(100);
		expect(clock.now()).toBe(T0 + 10_000);
		wall.advance(1_000);
		expect(clock.now()).toBe(T0 + 110_000);
		clock.setPaused(true);
		wall.advance(60_000);
		expect(clock.now()).toBe(T0 + 110_000);
		expect(clock.rate()).toEqual({speed: 100, paused: true});
		clock.setPaused(false);
		wall.advance(10);
		expect(clock.now()).toBe(T0 + 111_000);
	});

	it('fires timers at lab time, none while paused, and a step runs the next event (and what is due with it) at once', () => {
		const wall = new HandWall(T0);
		const clock = new RealClock(10, 0, wall);
		const fired: string[] = [];
		clock.schedule(T0 + 5_000, () => fired.push('a'));
		clock.schedule(T0 + 20_000, () => {
			fired.push('b');
			clock.schedule(T0 + 20_000, () => fired.push('b-then'));
		});
		const cancelled = clock.schedule(T0 + 30_000, () => fired.push('cancelled'));
		clock.schedule(T0 + 90_000, () => fired.push('c'));
		clock.cancel(cancelled);
		wall.advance(500);
		expect(fired).toEqual(['a']);

		clock.setPaused(true);
		wall.advance(10_000);
		expect(fired).toEqual(['a']);
		expect(wall.armed).toBe(0);

		expect(clock.step()).toBe(T0 + 20_000);
		expect(fired).toEqual(['a', 'b', 'b-then']);
		expect(clock.now()).toBe(T0 + 20_000);
		// The cancelled timer is skipped: the next step goes to c.
		expect(clock.step()).toBe(T0 + 90_000);
		expect(fired).toEqual(['a', 'b', 'b-then', 'c']);
		expect(clock.step()).toBeNull();
		expect(clock.pending()).toBe(0);
	});

	it('arms no wall timer past the longest Node allows, and fires a far timer all the same', () => {
		const wall = new HandWall(T0);
		const clock = new RealClock(1, 0, wall);
		let fired = false;
		const far = 40 * 86_400_000;
		clock.schedule(T0 + far, () => (fired = true));
		expect(Math.max(...wall.delays)).toBe(2 ** 31 - 1);
		wall.advance(2 ** 31 - 1);
		expect(fired).toBe(false);
		wall.advance(far - (2 ** 31 - 1));
		expect(fired).toBe(true);
	});

	it('steps speeds through 1, 2, 5, 10 … 1000 and stops at either end', () => {
		expect(nextSpeed(20, 1)).toBe(50);
		expect(nextSpeed(20, -1)).toBe(10);
		expect(nextSpeed(7, 1)).toBe(10);
		expect(nextSpeed(1000, 1)).toBe(1000);
		expect(nextSpeed(1, -1)).toBe(1);
	});

	it('runs a burst of timers due at once in slices of wall time, in order, with the event loop free in between', () => {
		// A wall clock whose timers the test fires one at a time, and whose time moves 1 ms per timer run (the work).
		let now = T0;
		const pending: (() => void)[] = [];
		const wall = {
			now: () => now,
			setTimer: (fn: () => void) => {
				pending.push(fn);
				return () => pending.splice(pending.indexOf(fn) >>> 0, 1);
			},
		};
		const clock = new RealClock(1, 0, wall);
		const fired: number[] = [];
		for (let i = 0; i < 100; i++)
			clock.schedule(T0 + 1_000, () => {
				fired.push(i);
				now += 1;
			});
		now += 1_000;
		const slices: number[] = [];
		while (pending.length > 0) {
			pending.shift()!();
			slices.push(fired.length);
		}
		expect(fired).toEqual(Array.from({length: 100}, (_, i) => i));
		// Each wall timer ran about 20 ms of them, then armed the next one for the rest.
		expect(slices.length).toBeGreaterThanOrEqual(5);
		expect(slices[0]).toBe(20);
	});
});

describe('the engine on the lab clock', () => {
	it('lets a trainer pause a security-PC job and step it event by event; the snapshot carries the rate', async () => {
		const demo = createDemoFleet({now: T0, seed: 1, office: testOffice()});
		const wall = new HandWall(T0);
		const clock = new RealClock(20, T0, wall);
		const {engine} = simulatedEngine(demo, clock);
		const published: unknown[] = [];
		engine.subscribe(() => published.push(engine.getSnapshot().clock));
		expect(engine.getSnapshot().clock).toEqual({speed: 20, paused: false});

		expect(controlClock(clock, 'toggle')).toMatchObject({ok: true, value: {rate: {speed: 20, paused: true}}});
		expect(engine.getSnapshot().clock).toEqual({speed: 20, paused: true});
		expect(published.at(-1)).toEqual({speed: 20, paused: true});

		const defined = await engine.executeJob({def: jobDef({to: ['SEC-01'], packages: ['SEC-PATCH-2611']})});
		if (!defined.ok) throw new Error(defined.error.message);
		const history = () => engine.job(defined.value.id)!.runs[0]!.history.length;
		const started = history();
		// An hour of wall time passes; paused, the lab moves not at all.
		wall.advance(3_600_000);
		expect(history()).toBe(started);
		const status = () => engine.job(defined.value.id)!.runs[0]!.status;
		const state = () => status().state;
		const seen = [describeState(status())];
		for (let i = 0; i < 100 && state() !== 'finished'; i++) {
			const before = engine.now();
			const step = controlClock(clock, 'step');
			if (!step.ok) throw new Error(step.error.message);
			expect(step.value.message).toMatch(/^Stepped to the next event at 2026-11-24 \d\d:\d\d:\d\d UTC$/);
			expect(engine.now()).toBeGreaterThanOrEqual(before);
			if (seen.at(-1) !== describeState(status())) seen.push(describeState(status()));
		}
		// Between two steps the trainer sees each stage at the client: confirm, restart, download, install.
		const stages = [/confirm the update/, /restarting/, /downloading/, /installing/, /^finished/];
		const at = stages.map(stage => seen.findIndex(text => stage.test(text)));
		expect(
			at.every(i => i >= 0),
			seen.join(' | '),
		).toBe(true);
		expect(at).toEqual([...at].sort((a, b) => a - b));
		expect(controlClock(clock, 'faster')).toMatchObject({ok: true, value: {rate: {speed: 50, paused: true}}});
		expect(controlClock(clock, {speed: 1000})).toMatchObject({
			ok: true,
			value: {message: 'Lab clock paused (1000× when resumed)'},
		});
		expect(controlClock(clock, 'faster')).toMatchObject({
			ok: true,
			value: {message: 'the lab clock is at its fastest, 1000×'},
		});
		clock.cancelAll();
	});

	it('says why a virtual clock has no controls', () => {
		const {clock, engine} = testEngine();
		expect(controlClock(clock, 'pause')).toEqual({
			ok: false,
			error: {message: expect.stringMatching(/^this lab clock is virtual/)},
		});
		expect(engine.getSnapshot().clock).toBeUndefined();
	});
});

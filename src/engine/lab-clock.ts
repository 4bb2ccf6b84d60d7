/**
 * The trainer's clock controls as one table of operations on the clock's ClockControls: pause, resume, step to the
 * next event, faster, slower. The TUI keys, `rim lab clock` and the admin socket all come here.
 */
import {nextSpeed, type Clock, type ClockRate} from './clock.js';
import {formatUtc} from './rules/fields.js';
import {BOUNDS} from '../shared/bounds.js';
import {err, ok, type Result} from '../shared/result.js';

export const CLOCK_OPS = ['toggle', 'pause', 'resume', 'step', 'faster', 'slower'] as const;
/** One of CLOCK_OPS, or a speed to set (BOUNDS.clockSpeed). */
export type ClockOp = (typeof CLOCK_OPS)[number] | {speed: number};

export function isClockOp(x: unknown): x is ClockOp {
	if (typeof x === 'string') return (CLOCK_OPS as readonly string[]).includes(x);
	const speed = (x as {speed?: unknown} | null)?.speed;
	return (
		typeof speed === 'number' &&
		Number.isSafeInteger(speed) &&
		speed >= BOUNDS.clockSpeed.min &&
		speed <= BOUNDS.clockSpeed.max
	);
}

export interface ClockOutcome {
	rate: ClockRate;
	/** What happened, in one line for the flash line or the terminal. */
	message: string;
}

/** `speed×`, or `paused` (at that speed once resumed). */
export const rateText = (rate: ClockRate): string =>
	rate.paused ? `paused (${rate.speed}× when resumed)` : `${rate.speed}×`;

export function controlClock(clock: Clock, op: ClockOp): Result<ClockOutcome, {message: string}> {
	const controls = clock.controls;
	if (!controls)
		return err({
			message:
				'this lab clock is virtual: it moves only while a command waits (--wait), so there is nothing to pause or speed up',
		});
	const before = controls.rate();
	if (typeof op === 'object') {
		controls.setSpeed(op.speed);
		return ok({rate: controls.rate(), message: `Lab clock ${rateText(controls.rate())}`});
	}
	switch (op) {
		case 'toggle':
			return controlClock(clock, before.paused ? 'resume' : 'pause');
		case 'pause':
			controls.setPaused(true);
			return ok({
				rate: controls.rate(),
				message: before.paused
					? 'the lab clock was paused already'
					: 'Lab clock paused: . steps to the next event, p resumes',
			});
		case 'resume':
			controls.setPaused(false);
			return ok({rate: controls.rate(), message: `Lab clock running at ${controls.rate().speed}×`});
		case 'faster':
		case 'slower': {
			const speed = nextSpeed(before.speed, op === 'faster' ? 1 : -1);
			if (speed === before.speed)
				return ok({
					rate: before,
					message: `the lab clock is at its ${op === 'faster' ? 'fastest' : 'slowest'}, ${speed}×`,
				});
			controls.setSpeed(speed);
			return ok({rate: controls.rate(), message: `Lab clock ${rateText(controls.rate())}`});
		}
		case 'step': {
			const at = controls.step();
			if (at === null)
				return ok({
					rate: controls.rate(),
					message: 'Nothing is scheduled: the lab waits for you (a job, an answer, a power key)',
				});
			return ok({rate: controls.rate(), message: `Stepped to the next event at ${formatUtc(at, {seconds: true})}`});
		}
	}
}

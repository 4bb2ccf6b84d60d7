/**
 * Tampering (issue #4): every single-byte change of a signed update data package's payload or manifest ends in
 * 300097078100 (data altered) and never in an install. Property tests over byte positions (and the value XORed in):
 * through authenticateOnDevice with the package's own authentication data, and through real jobs on the engine.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {CODES} from '../src/engine/codes.js';
import {defaultSettings} from '../src/engine/define.js';
import {authenticateOnDevice} from '../src/engine/pki/index.js';
import {testEngine} from './support/engine.js';

const PKG = 'SEC-PATCH-2611';
const HOST = 'SEC-01';

const flip = (bytes: Uint8Array, at: number, xor: number) => {
	const copy = Uint8Array.from(bytes);
	copy[at] = copy[at]! ^ xor;
	return copy;
};
// The manifest is ASCII text stored as a JSON string; XOR values below 0x80 keep the flipped byte ASCII, so the change
// is exactly one byte of its UTF-8 encoding (a byte ≥ 0x80 alone is not valid UTF-8 and could not be stored as text).
const flipText = (text: string, at: number, xor: number) =>
	Buffer.from(flip(Buffer.from(text, 'utf8'), at, xor)).toString('utf8');

describe('a single flipped byte of signed update data', () => {
	const {engine, demo, fleet} = testEngine();
	const pkg = engine.pkg(PKG)!;
	const payload = demo.payloads.get(PKG)!;
	const auth = pkg.auth!;
	const manifestBytes = Buffer.byteLength(auth.manifest, 'utf8');
	expect(manifestBytes).toBe(auth.manifest.length); // ASCII
	const check = (over: {payload?: Uint8Array; manifest?: string}) =>
		authenticateOnDevice({
			device: fleet.pc(HOST)!.device!,
			hostId: HOST,
			expectedOffice: engine.state.office.fingerprint,
			auth: {...auth, manifest: over.manifest ?? auth.manifest},
			packageId: PKG,
			version: pkg.version,
			payload: over.payload ?? payload,
			now: engine.now(),
		});

	it('is genuine before any flip', () => {
		expect(check({})).toEqual({ok: true});
	});

	it('in the payload, at any position, fails with 300097078100', () => {
		fc.assert(
			fc.property(fc.integer({min: 0, max: payload.length - 1}), fc.integer({min: 1, max: 255}), (at, xor) => {
				const result = check({payload: flip(payload, at, xor)});
				expect(result.ok ? 'installed' : result.error.code).toBe(CODES.dataAltered);
			}),
			{numRuns: 300},
		);
	});

	it('in the manifest, at any position, fails with 300097078100', () => {
		// The manifest is short: every position, each with a random value, then random pairs on top.
		for (let at = 0; at < manifestBytes; at++) {
			const result = check({manifest: flipText(auth.manifest, at, 1 + ((at * 37) % 127))});
			expect(result.ok ? 'installed' : result.error.code, `manifest byte ${at}`).toBe(CODES.dataAltered);
		}
		fc.assert(
			fc.property(fc.integer({min: 0, max: manifestBytes - 1}), fc.integer({min: 1, max: 127}), (at, xor) => {
				const result = check({manifest: flipText(auth.manifest, at, xor)});
				expect(result.ok ? 'installed' : result.error.code).toBe(CODES.dataAltered);
			}),
			{numRuns: 200},
		);
	});

	it('through a real job, ends in 300097078100 and installs nothing', async () => {
		// One engine; each run tampers the server's copy (payload bytes or manifest), runs a job to one security PC to its
		// end on the virtual clock, checks the destination's code and the PC's installed list, then restores the package.
		const {engine, clock, demo} = testEngine();
		const pkg = engine.pkg(PKG)!;
		const original = {payload: demo.payloads.get(PKG)!, manifest: pkg.auth!.manifest};
		const installedBefore = structuredClone(engine.host(HOST)!.installed);
		let n = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					fc.record({
						where: fc.constant('payload' as const),
						at: fc.integer({min: 0, max: original.payload.length - 1}),
						xor: fc.integer({min: 1, max: 255}),
					}),
					fc.record({
						where: fc.constant('manifest' as const),
						at: fc.integer({min: 0, max: manifestBytes - 1}),
						xor: fc.integer({min: 1, max: 127}),
					}),
				),
				async ({where, at, xor}) => {
					if (where === 'payload') demo.payloads.set(PKG, flip(original.payload, at, xor));
					else pkg.auth = {...pkg.auth!, manifest: flipText(original.manifest, at, xor)};
					try {
						const executed = await engine.executeJob({
							def: {
								name: `TAMPER${++n}`,
								type: 'install',
								destinations: [{kind: 'host', id: HOST}],
								packages: [{id: PKG, conditions: {replaceExisting: true}}],
								settings: defaultSettings(),
							},
						});
						if (!executed.ok) throw new Error(executed.error.message);
						clock.runUntilIdle();
						const run = engine.job(executed.value.id)!.runs[0]!;
						expect(run.status.state).toBe('error');
						expect('code' in run.status && run.status.code).toBe(CODES.dataAltered);
						expect(engine.host(HOST)!.installed).toEqual(installedBefore);
					} finally {
						demo.payloads.set(PKG, original.payload);
						pkg.auth = {...pkg.auth!, manifest: original.manifest};
					}
				},
			),
			{numRuns: 60},
		);
		// Untampered, the same job installs: the failures above came from the flips.
		const control = await engine.executeJob({
			def: {
				name: 'CONTROL',
				type: 'install',
				destinations: [{kind: 'host', id: HOST}],
				packages: [{id: PKG, conditions: {replaceExisting: true}}],
				settings: defaultSettings(),
			},
		});
		if (!control.ok) throw new Error(control.error.message);
		clock.runUntilIdle();
		expect(engine.job(control.value.id)!.runs[0]!.status.state).toBe('finished');
		expect(engine.host(HOST)!.installed.map(p => p.packageId)).toContain(PKG);
	});
});

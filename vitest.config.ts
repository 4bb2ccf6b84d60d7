import {configDefaults, defineConfig} from 'vitest/config';

/**
 * The fast suite: pure engine, rules, PKI, reducers, rows and key tables — no process, no disk, no terminal, no Ink
 * render. Everything else (CLI processes, data directories, rendered frames, tmux) is the slow suite. `npm test` runs
 * both; `npm run test:fast` / `npm run test:slow` run one. A new test file is slow unless it is listed here.
 *
 * The fast files share their worker's modules (`isolate: false`): React, Ink and node-forge load once per worker instead
 * of once per file, and the certification office and demo fleet of test/support/engine.ts are built once. That is
 * safe only because these files hold no module state of their own (no vi.mock, no stubbed globals): keep it so.
 */
export const FAST_TESTS = [
	'test/admin-framing.test.ts',
	'test/codes.test.ts',
	'test/definitions.test.ts',
	'test/destination-rows.test.ts',
	'test/docs-citations.test.ts',
	'test/engine-fake-fleet.test.ts',
	'test/engine-save-state.test.ts',
	'test/engine.test.ts',
	'test/job-machine.test.ts',
	'test/job-status-rows.test.tsx',
	'test/layering.test.ts',
	'test/live-delta.test.ts',
	'test/persistence-replay.test.ts',
	'test/pki.test.ts',
	'test/rules.test.ts',
	'test/schema-model.test.ts',
	'test/text-fit.test.ts',
	'test/tui/keymaps.test.ts',
	'test/tui/ui-state.test.ts',
];

export default defineConfig({
	test: {
		environment: 'node',
		setupFiles: ['./test/setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		projects: [
			{extends: true, test: {name: 'fast', include: FAST_TESTS, isolate: false}},
			{
				extends: true,
				test: {name: 'slow', include: ['test/**/*.test.{ts,tsx}'], exclude: [...configDefaults.exclude, ...FAST_TESTS]},
			},
		],
	},
});

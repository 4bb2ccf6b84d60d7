/** `npm run bench`: runs the benchmarks in order and prints a table per benchmark. */
import {tuiBenchmark} from './tui.js';
import {engineBenchmark} from './engine.js';
import {storeBenchmark} from './store.js';
import {startupBenchmark} from './startup.js';
import {removeDataDirs} from './data-dirs.js';
import {managerBenchmark} from './manager.js';
import {packageBenchmark} from './package.js';
import {attachedBenchmark} from './attached.js';
import {agentsBenchmark} from './agents.js';
import {relayBenchmark} from './relay.js';

const only = process.argv.slice(2);
const want = (name: string) => only.length === 0 || only.includes(name);

try {
	if (want('tui')) await tuiBenchmark();
	if (want('engine')) await engineBenchmark();
	if (want('store')) await storeBenchmark();
	if (want('startup')) await startupBenchmark();
	if (want('manager')) await managerBenchmark();
	if (want('package')) await packageBenchmark();
	if (want('attached')) await attachedBenchmark();
	if (want('agents')) await agentsBenchmark();
	if (want('relay')) await relayBenchmark();
} finally {
	removeDataDirs();
}

// Runs vitest, then prints the plain "N passed, N failed" line that CI reads as the closing line.
import {spawnSync} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';

const report = '.vitest-report.json';
const run = spawnSync(
	'npx',
	['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
	{stdio: 'inherit'},
);
let summary;
try {
	summary = JSON.parse(readFileSync(report, 'utf8'));
	rmSync(report);
} catch {
	console.error('vitest wrote no report');
	process.exit(run.status || 1);
}
console.log(`${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
process.exit(run.status ?? 1);

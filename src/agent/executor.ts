/**
 * Carries out one task on the PC and says what happened, as the report the manager turns into a FleetReport: fetch
 * payloads, answer for the user, authenticate update data on the device, unpack into the install root, run the
 * install script with a time limit, list what is installed. Every failure is a maintenance code with its reason.
 */
import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {extract} from 'tar';
import {CODES, installerFailedCode} from '../engine/codes.js';
import {AUTH_MEMORY_REQUIRED, authenticateOnDevice, type AuthDevice} from '../engine/pki/index.js';
import type {AgentReport, Task, WirePackage} from '../net/agents/protocol.js';
import type {AgentFiles} from './agent-state.js';
import {fetchPayload, type DownloadOptions} from './download.js';
import type {DialogAnswer, TerminalAsk} from './terminal-prompt.js';
import type {Transport} from './transport.js';
import type {MaintenanceCode} from '../shared/maintenance-code.js';

export interface ExecutorOptions {
	files: AgentFiles;
	transport: Transport;
	installRoot: string;
	/**
	 * `ask`: the dialog stays open until the user answers it on the agent's terminal (`ask` given) or `rim agent answer`
	 * answers it from another shell, or `dialogTimeoutMs` passes (Later).
	 */
	answer: 'yes' | 'later' | 'cancel' | 'ask';
	dialogTimeoutMs: number;
	/** The prompt on the agent's terminal, when it runs on one. */
	ask?: TerminalAsk;
	/** The agent is stopping: a dialog still open closes unanswered (asked again at the next start). */
	signal?: AbortSignal;
	log: (line: string) => void;
	/** Free memory authentication needs on this PC (bytes). */
	authMemoryBytes: number;
	installTimeoutMs: number;
	officeFingerprint: string;
	name: string;
	download: DownloadOptions;
	now: () => number;
}

const failure = (code: MaintenanceCode, detail: string) => ({code, detail});

/** Installer status when the script could not start or ran past its time limit. */
const SCRIPT_DID_NOT_RUN = 0xfe;
const SCRIPT_TIMED_OUT = 0xfd;

/** What happened, or null when the agent stopped before the task was done (it stays queued for the next start). */
export async function carryOut(task: Task, opts: ExecutorOptions): Promise<AgentReport | null> {
	const {order} = task;
	switch (order.kind) {
		case 'deliver': {
			const fetched = await fetchAll(order.packages, opts);
			return fetched
				? {kind: 'delivery-failed', failure: failure(CODES.connection, fetched)}
				: {kind: 'reached-client'};
		}
		case 'ask-user': {
			const answer = opts.answer === 'ask' ? await askUser(task, opts) : opts.answer;
			return answer === null ? null : {kind: 'user-answered', answer};
		}
		case 'restart':
			return {kind: 'restarted'}; // the agent loop restarts before this report is sent
		case 'download': {
			const fetched = await fetchAll(order.packages, opts);
			return fetched ? {kind: 'delivery-failed', failure: failure(CODES.connection, fetched)} : {kind: 'downloaded'};
		}
		case 'authenticate':
			return {kind: 'authenticated', failure: authenticate(order.packages, opts)};
		case 'install':
			return install(order.packages, opts);
		case 'collect':
			return {
				kind: 'collected',
				packages: opts.files
					.installed()
					.map(({packageId, version, installedAt}) => ({packageId, version, installedAt})),
			};
		case 'device-certificate': {
			const {device} = opts.files;
			opts.files.write(device.cert, order.certPem);
			opts.files.write(device.ca, order.caCertPem);
			opts.files.write(device.pki, JSON.stringify({office: order.officeFingerprint}));
			return {kind: 'done'};
		}
	}
}

/**
 * The confirmation dialog: open until the user answers on the agent's terminal or from another shell (`rim agent
 * answer`), or Later once its time is up; null if the agent stops first.
 */
async function askUser(task: Task, opts: ExecutorOptions): Promise<DialogAnswer | null> {
	const {files} = opts;
	const job = task.key?.job ?? 'the manager';
	files.write(files.dialog, JSON.stringify({job: task.key?.job ?? null, openedAt: opts.now()}));
	const seconds = Math.round(opts.dialogTimeoutMs / 1000);
	opts.log(
		`the update of ${job} waits for the PC user: restart this PC now, then download and install? No answer in ${seconds} s counts as Later.`,
	);
	opts.log(
		`${opts.ask ? 'answer below, or' : 'answer'} from another shell: rim agent answer yes|later|cancel --dir ${files.dir}`,
	);
	const closed = new AbortController();
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		closed.abort();
	}, opts.dialogTimeoutMs);
	const onStop = () => closed.abort();
	opts.signal?.addEventListener('abort', onStop, {once: true});
	try {
		const answer = await Promise.race([
			opts.ask?.(closed.signal) ?? new Promise<null>(() => {}),
			answerFile(files, closed.signal),
			new Promise<null>(resolve => closed.signal.addEventListener('abort', () => resolve(null), {once: true})),
		]);
		if (answer !== null) {
			opts.log(`the PC user answered ${answer}`);
			return answer;
		}
		// Ended before its time: the agent is stopping (Ctrl-C at the prompt comes here before its signal does).
		if (!timedOut) return null;
		opts.log(`nobody answered the dialog within ${seconds} s: Later (asked again at the next start)`);
		return 'later';
	} finally {
		clearTimeout(timer);
		closed.abort();
		opts.signal?.removeEventListener('abort', onStop);
		rmSync(files.answer, {force: true});
		rmSync(files.dialog, {force: true});
	}
}

/** The answer `rim agent answer` leaves in the agent's folder, looked for a few times a second until `signal` ends. */
async function answerFile(files: AgentFiles, signal: AbortSignal): Promise<DialogAnswer | null> {
	while (!signal.aborted) {
		const answer = files.read(files.answer)?.trim();
		if (answer === 'yes' || answer === 'later' || answer === 'cancel') return answer;
		await sleep(200, undefined, {signal}).catch(() => {});
	}
	return null;
}

/** Downloads every package; the reason of the first that cannot be fetched, or null. */
async function fetchAll(packages: WirePackage[], opts: ExecutorOptions): Promise<string | null> {
	for (const pkg of packages) {
		const fetched = await fetchPayload(opts.transport, opts.files, pkg, opts.download);
		if (!fetched.ok) return fetched.error;
	}
	return null;
}

/** The device as it is on disk now; a file that cannot be read is an exception inside authentication (78700). */
function readDevice(opts: ExecutorOptions): AuthDevice {
	const {device} = opts.files;
	const pki = JSON.parse(readFileSync(device.pki, 'utf8')) as {office?: unknown};
	// The PC's free memory, scaled so that the agent's own requirement lines up with the check's.
	const freeMemoryBytes = Math.floor((os.freemem() / opts.authMemoryBytes) * AUTH_MEMORY_REQUIRED);
	return {
		pkiOffice: typeof pki.office === 'string' ? pki.office : '',
		freeMemoryBytes,
		deviceCertPem: existsSync(device.cert) ? readFileSync(device.cert, 'utf8') : null,
		caCertPem: existsSync(device.ca) ? readFileSync(device.ca, 'utf8') : null,
		corruptPayloadOffsets: [],
	};
}

function authenticate(packages: WirePackage[], opts: ExecutorOptions): {code: MaintenanceCode; detail: string} | null {
	let device: AuthDevice;
	try {
		device = readDevice(opts);
	} catch (e) {
		return failure(
			CODES.authException,
			`the authentication device could not be read: ${e instanceof Error ? e.message : String(e)}`,
		);
	}
	for (const pkg of packages) {
		if (!pkg.auth) return failure(CODES.dataAltered, `package ${pkg.id} came without authentication data`);
		const file = path.join(opts.files.downloads, `${pkg.digest}.tar.gz`);
		if (!existsSync(file)) return failure(CODES.authOther, `the update data of ${pkg.id} is not on the PC`);
		const result = authenticateOnDevice({
			device,
			hostId: opts.name,
			expectedOffice: opts.officeFingerprint,
			auth: pkg.auth,
			packageId: pkg.id,
			version: pkg.version,
			payload: readFileSync(file),
			now: opts.now(),
		});
		if (!result.ok) return result.error;
	}
	return null;
}

async function install(packages: WirePackage[], opts: ExecutorOptions): Promise<AgentReport> {
	const fetched = await fetchAll(packages, opts);
	if (fetched) return {kind: 'installed', installed: [], failure: failure(CODES.connection, fetched)};
	const done: {packageId: string; version: string; installedAt: number}[] = [];
	for (const pkg of packages) {
		// Replace-existing semantics: the package's folder is replaced whole.
		const target = path.join(opts.installRoot, pkg.id);
		rmSync(target, {recursive: true, force: true});
		mkdirSync(target, {recursive: true});
		try {
			await extract({file: path.join(opts.files.downloads, `${pkg.digest}.tar.gz`), cwd: target, strict: true});
		} catch (e) {
			return {
				kind: 'installed',
				installed: done,
				failure: failure(
					installerFailedCode(SCRIPT_DID_NOT_RUN),
					`${pkg.id} could not be unpacked: ${e instanceof Error ? e.message : String(e)}`,
				),
			};
		}
		if (pkg.installScript) {
			const status = await runScript(path.join(target, pkg.installScript), target, opts.installTimeoutMs);
			if (status !== 0) {
				return {
					kind: 'installed',
					installed: done,
					failure: failure(
						installerFailedCode(status),
						status === SCRIPT_TIMED_OUT
							? `the install script of ${pkg.id} ran past its ${opts.installTimeoutMs} ms limit and was stopped`
							: `the install script of ${pkg.id} exited with status ${status}`,
					),
				};
			}
		}
		const entry = {packageId: pkg.id, version: pkg.version, installedAt: opts.now()};
		opts.files.saveInstalled([
			...opts.files.installed().filter(p => p.packageId !== pkg.id),
			{...entry, digest: pkg.digest},
		]);
		done.push(entry);
	}
	return {kind: 'installed', installed: done, failure: null};
}

/** Runs an install script in its folder; its exit status (0–255), or a status of ours when it could not run or ran too long. */
function runScript(file: string, cwd: string, timeoutMs: number): Promise<number> {
	return new Promise(resolve => {
		// A script packed without its executable bit still runs, through the shell.
		const executable = (statSync(file, {throwIfNoEntry: false})?.mode ?? 0) & 0o111;
		const child = executable
			? spawn(file, [], {cwd, stdio: 'ignore'})
			: spawn('/bin/sh', [file], {cwd, stdio: 'ignore'});
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			resolve(SCRIPT_TIMED_OUT);
		}, timeoutMs);
		child.on('error', () => {
			clearTimeout(timer);
			resolve(SCRIPT_DID_NOT_RUN);
		});
		child.on('exit', code => {
			clearTimeout(timer);
			resolve(code === null ? SCRIPT_TIMED_OUT : Math.min(255, code));
		});
	});
}

/**
 * The maintenance-code catalogue (docs/rules.md, Maintenance codes): one table read by the Detailed Information modal, the CLI and the
 * tests. `source: 'jp1'` codes are the reference product's; `source: 'rim'` codes are ours, all in the 3000E0xxxx00
 * range, which the reference does not use.
 */

/**
 * What the admin can do about a code now, in rim; screens map these to keys, the CLI to commands. `clear-fault` is
 * the training lab's repair of an injected device fault: the faults behind the "Contact the system administrator"
 * codes and the memory shortage stay on the device, so a re-execute alone fails the same way again.
 */
import {parseMaintenanceCode, type MaintenanceCode} from '../shared/maintenance-code.js';

export type RemedyAction = 'issue-certificate' | 'clear-fault' | 'rerun-host' | 'open-host' | 'power-on-host';

export interface CodeEntry {
	code: MaintenanceCode;
	/** rim's short title, shown beside the code. */
	title: string;
	/** For the reference's codes, the reference's own words, unchanged. */
	cause: string;
	action: string;
	/**
	 * rim's own words beside the reference's action: what the administrator would check, or why a re-execute alone
	 * fails again. Null when the action says it all.
	 */
	check: string | null;
	source: 'jp1' | 'rim';
	severity: 'success' | 'error';
	remedies: RemedyAction[];
}

/** A code of the table below, written as rim writes it; a typo in the table stops rim at start, not at run time. */
function known(text: string): MaintenanceCode {
	const code = parseMaintenanceCode(text);
	if (code === null || code !== text)
		throw new Error(`the codes table holds "${text}", which is not a maintenance code`);
	return code;
}

export const CODES = {
	success: known('900000000000'),
	jobTypeNotSupported: known('300093010000'),
	pkiEnvironment: known('300097079100'),
	lowMemory: known('300097078200'),
	noDeviceCert: known('300097078300'),
	noCaCert: known('300097078600'),
	deviceCertInvalid: known('300097078400'),
	deviceCertExpired: known('300097078500'),
	dataAltered: known('300097078100'),
	authException: known('300097078700'),
	authOther: known('30009707FF00'),
	userMarkedFailed: known('3000AD010000'),
	connection: known('3000E0010000'),
	expiredAtRelay: known('3000E0020000'),
	diskSpace: known('3000E0030000'),
	userCancelled: known('3000E0040000'),
} as const;

const ADMIN = 'Contact the system administrator.';
const NEW_CERT = 'Issue a new certification.';
const CERT_FIX: RemedyAction[] = ['issue-certificate', 'rerun-host'];
const LAB_FIX: RemedyAction[] = ['clear-fault', 'rerun-host'];

type Entry = Omit<CodeEntry, 'check' | 'severity'> & {check?: string; severity?: CodeEntry['severity']};

/** The nine security-PC codes carry the reference's Cause and Action word for word; `check` is rim's. */
const table: Entry[] = [
	{
		code: CODES.success,
		title: 'Finished',
		cause: 'The job ended normally at this destination.',
		action: 'None.',
		source: 'jp1',
		severity: 'success',
		remedies: [],
	},
	{
		code: CODES.jobTypeNotSupported,
		title: 'Job type not supported',
		source: 'jp1',
		cause: 'The destination cannot execute this job type (a security PC accepts only Install package of update data).',
		action: 'Check the job type and the destination, then create the job again.',
		remedies: ['open-host'],
	},
	{
		code: CODES.dataAltered,
		title: 'Update data altered',
		source: 'jp1',
		cause: 'Authentication could not be performed. The authentication data has been altered.',
		action: ADMIN,
		check:
			"The administrator would check the PC's download path: the data it receives no longer matches the digest the " +
			'managing server signed, so a re-execute alone fails again.',
		remedies: LAB_FIX,
	},
	{
		code: CODES.lowMemory,
		title: 'Not enough memory to authenticate',
		source: 'jp1',
		cause: 'A memory shortage occurred.',
		action: 'Stop unnecessary applications.',
		check:
			'The PC leaves too little memory for authentication: a re-execute alone fails again until applications are stopped.',
		remedies: LAB_FIX,
	},
	{
		code: CODES.noDeviceCert,
		title: 'No device certificate',
		source: 'jp1',
		cause: 'The authentication device does not have a certification.',
		action: NEW_CERT,
		remedies: CERT_FIX,
	},
	{
		code: CODES.deviceCertInvalid,
		title: 'Device certificate not valid',
		source: 'jp1',
		cause: 'The authentication device does not have a valid certification.',
		action: NEW_CERT,
		remedies: CERT_FIX,
	},
	{
		code: CODES.deviceCertExpired,
		title: 'Device certificate expired',
		source: 'jp1',
		cause: 'The certification of the authentication device has expired.',
		action: NEW_CERT,
		remedies: CERT_FIX,
	},
	{
		code: CODES.noCaCert,
		title: 'No certification office certificate',
		source: 'jp1',
		cause: 'There is no certification from the certification office.',
		action: ADMIN,
		check:
			"The administrator would check that the PC's authentication device holds the certification office's CA certificate.",
		remedies: LAB_FIX,
	},
	{
		code: CODES.authException,
		title: 'Exception during authentication',
		source: 'jp1',
		cause: 'An internal error occurred.',
		action: ADMIN,
		check: 'The administrator would check that the certificate data on the authentication device can be read.',
		remedies: LAB_FIX,
	},
	{
		code: CODES.pkiEnvironment,
		title: 'PKI environment not authorized',
		source: 'jp1',
		cause: 'The environment for executing PKI authentication is unauthorized.',
		action: ADMIN,
		check:
			"The administrator would check which certification office the PC's PKI environment trusts: it must be this one.",
		remedies: LAB_FIX,
	},
	{
		code: CODES.authOther,
		title: 'Authentication failed',
		source: 'jp1',
		cause: 'Other error occurred.',
		action: ADMIN,
		check:
			"The administrator would check the device certificate's subject: one issued to another PC does not authenticate this one.",
		remedies: LAB_FIX,
	},
	{
		code: CODES.userMarkedFailed,
		title: 'Marked failed by the client user',
		source: 'jp1',
		cause: 'The user of the client marked the installation as failed.',
		action: 'Ask the client user why, then execute again.',
		remedies: ['rerun-host'],
	},
	{
		code: CODES.connection,
		title: 'Connection error',
		source: 'rim',
		cause: 'The destination did not answer, or was not started, before the execution time limit.',
		action: 'Start the destination PC (or check its network), then re-execute.',
		remedies: ['power-on-host', 'rerun-host'],
	},
	{
		code: CODES.expiredAtRelay,
		title: 'Package expired at the relay',
		source: 'rim',
		cause: 'The package reached its expiration date at the relay system before it was delivered.',
		action: 'Extend the package expiration at the relay (Change Installation Conditions), then re-execute.',
		remedies: ['rerun-host'],
	},
	{
		code: CODES.diskSpace,
		title: 'Not enough disk space',
		source: 'rim',
		cause: 'The destination does not have enough free disk space for the package.',
		action: 'Free disk space on the destination, then re-execute.',
		remedies: ['open-host', 'rerun-host'],
	},
	{
		code: CODES.userCancelled,
		title: 'Cancelled by the client user',
		source: 'rim',
		cause: 'The user of the client cancelled the job at the confirmation dialog.',
		action: 'Agree a time with the user, then re-execute.',
		remedies: ['rerun-host'],
	},
];

const entries: CodeEntry[] = table.map(e => ({...e, check: e.check ?? null, severity: e.severity ?? 'error'}));

const byCode = new Map(entries.map(e => [e.code, e]));

/** Installer failures carry the installer's status in the code: 30009F07xx00 (docs/rules.md, Maintenance codes). */
export function installerFailedCode(status: number): MaintenanceCode {
	return known(`30009F07${(status & 0xff).toString(16).toUpperCase().padStart(2, '0')}00`);
}

const INSTALLER = /^30009F07([0-9A-F]{2})00$/;

/** What rim knows of a code; null when it does not know it. */
export function describeCode(code: MaintenanceCode): CodeEntry | null {
	const entry = byCode.get(code);
	if (entry) return entry;
	const installer = INSTALLER.exec(code);
	if (installer) {
		return {
			code,
			title: `Installation failed (installer status 0x${installer[1]})`,
			source: 'jp1',
			severity: 'error',
			cause: `The installer ended with status 0x${installer[1]} on the destination.`,
			check: null,
			action: 'Check the package against the destination (operating system, prerequisites), then re-execute.',
			remedies: ['open-host', 'rerun-host'],
		};
	}
	return null;
}

export const CODE_CATALOGUE: readonly CodeEntry[] = entries;

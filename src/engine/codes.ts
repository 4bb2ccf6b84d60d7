/**
 * The maintenance-code catalogue (domain.md §7): one table read by the Detailed Information modal, the CLI and the
 * tests. `source: 'jp1'` codes are the reference product's; `source: 'rim'` codes are ours, all in the 3000E0xxxx00
 * range, which the reference does not use.
 */

/** What the admin can do about a code now, in rim; screens map these to keys, the CLI to commands. */
export type RemedyAction = 'issue-certificate' | 'rerun-host' | 'open-host' | 'power-on-host';

export interface CodeEntry {
	code: string;
	title: string;
	cause: string;
	action: string;
	source: 'jp1' | 'rim';
	severity: 'success' | 'error';
	remedies: RemedyAction[];
}

export const SUCCESS = '900000000000';

export const CODES = {
	success: '900000000000',
	jobTypeNotSupported: '300093010000',
	pkiEnvironment: '300097079100',
	lowMemory: '300097078200',
	noDeviceCert: '300097078300',
	noCaCert: '300097078600',
	deviceCertInvalid: '300097078400',
	deviceCertExpired: '300097078500',
	dataAltered: '300097078100',
	authException: '300097078700',
	authOther: '30009707FF00',
	userMarkedFailed: '3000AD010000',
	connection: '3000E0010000',
	expiredAtRelay: '3000E0020000',
	diskSpace: '3000E0030000',
	userCancelled: '3000E0040000',
} as const;

const ADMIN = 'Contact the system administrator.';
const NEW_CERT = 'Issue a new certification.';

const entries: CodeEntry[] = [
	{code: CODES.success, title: 'Finished', cause: 'The job ended normally at this destination.', action: 'None.',
		source: 'jp1', severity: 'success', remedies: []},
	{code: CODES.jobTypeNotSupported, title: 'Job type not supported', source: 'jp1', severity: 'error',
		cause: 'The destination cannot execute this job type (a security PC accepts only Install package of update data).',
		action: 'Check the job type and the destination, then create the job again.', remedies: ['open-host']},
	{code: CODES.pkiEnvironment, title: 'PKI environment not authorized', source: 'jp1', severity: 'error',
		cause: 'The PKI environment on the security PC is not the authorized one.', action: ADMIN,
		remedies: ['issue-certificate', 'rerun-host']},
	{code: CODES.lowMemory, title: 'Not enough memory to authenticate', source: 'jp1', severity: 'error',
		cause: 'The security PC does not have enough free memory to run authentication.',
		action: 'Stop unnecessary applications, then execute the job again.', remedies: ['rerun-host']},
	{code: CODES.noDeviceCert, title: 'No device certificate', source: 'jp1', severity: 'error',
		cause: 'The authentication device of the security PC holds no certificate.', action: NEW_CERT,
		remedies: ['issue-certificate', 'rerun-host']},
	{code: CODES.noCaCert, title: 'No certification office certificate', source: 'jp1', severity: 'error',
		cause: 'The authentication device holds no certificate of the certification office.', action: NEW_CERT,
		remedies: ['issue-certificate', 'rerun-host']},
	{code: CODES.deviceCertInvalid, title: 'Device certificate not valid', source: 'jp1', severity: 'error',
		cause: 'The device certificate was not issued by this certification office, its signature is bad, or it is not yet valid.',
		action: NEW_CERT, remedies: ['issue-certificate', 'rerun-host']},
	{code: CODES.deviceCertExpired, title: 'Device certificate expired', source: 'jp1', severity: 'error',
		cause: 'The validity period of the device certificate has ended.', action: NEW_CERT,
		remedies: ['issue-certificate', 'rerun-host']},
	{code: CODES.dataAltered, title: 'Update data altered', source: 'jp1', severity: 'error',
		cause: 'The signature of the update data or its payload digest does not verify: the data was altered.',
		action: ADMIN, remedies: ['rerun-host']},
	{code: CODES.authException, title: 'Exception during authentication', source: 'jp1', severity: 'error',
		cause: 'An unexpected exception occurred inside authentication (for example, unreadable certificate data).',
		action: ADMIN, remedies: ['issue-certificate', 'rerun-host']},
	{code: CODES.authOther, title: 'Authentication failed', source: 'jp1', severity: 'error',
		cause: 'Authentication failed for another reason (for example, a certificate issued to another device).',
		action: ADMIN, remedies: ['issue-certificate', 'rerun-host']},
	{code: CODES.userMarkedFailed, title: 'Marked failed by the client user', source: 'jp1', severity: 'error',
		cause: 'The user of the client marked the installation as failed.', action: 'Ask the client user why, then execute again.',
		remedies: ['rerun-host']},
	{code: CODES.connection, title: 'Connection error', source: 'rim', severity: 'error',
		cause: 'The destination did not answer, or was not started, before the execution time limit.',
		action: 'Start the destination PC (or check its network), then re-execute.', remedies: ['power-on-host', 'rerun-host']},
	{code: CODES.expiredAtRelay, title: 'Package expired at the relay', source: 'rim', severity: 'error',
		cause: 'The package reached its expiration date at the relay system before it was delivered.',
		action: 'Extend the package expiration at the relay (Change Installation Conditions), then re-execute.',
		remedies: ['rerun-host']},
	{code: CODES.diskSpace, title: 'Not enough disk space', source: 'rim', severity: 'error',
		cause: 'The destination does not have enough free disk space for the package.',
		action: 'Free disk space on the destination, then re-execute.', remedies: ['open-host', 'rerun-host']},
	{code: CODES.userCancelled, title: 'Cancelled by the client user', source: 'rim', severity: 'error',
		cause: 'The user of the client cancelled the job at the confirmation dialog.',
		action: 'Agree a time with the user, then re-execute.', remedies: ['rerun-host']},
];

const byCode = new Map(entries.map(e => [e.code, e]));

/** Installer failures carry the installer's status in the code: 30009F07xx00 (domain.md §7). */
export function installerFailedCode(status: number): string {
	return `30009F07${(status & 0xff).toString(16).toUpperCase().padStart(2, '0')}00`;
}

const INSTALLER = /^30009F07([0-9A-F]{2})00$/;

/** Looks up a code (case-insensitive); null when rim does not know it. */
export function describeCode(code: string): CodeEntry | null {
	const upper = code.trim().toUpperCase();
	const known = byCode.get(upper);
	if (known) return known;
	const installer = INSTALLER.exec(upper);
	if (installer) {
		return {code: upper, title: `Installation failed (installer status 0x${installer[1]})`, source: 'jp1',
			severity: 'error', cause: `The installer ended with status 0x${installer[1]} on the destination.`,
			action: 'Check the package against the destination (operating system, prerequisites), then re-execute.',
			remedies: ['open-host', 'rerun-host']};
	}
	return null;
}

export const CODE_CATALOGUE: readonly CodeEntry[] = entries;

export const isMaintenanceCode = (text: string): boolean => /^[0-9A-Fa-f]{12}$/.test(text.trim());

/** The training-lab menus of the Destinations pane (docs/pki.md, Lab faults): the PC user's answers and the device faults. */
import {DEVICE_FAULTS, type DeviceFault} from '../engine/device-faults.js';
import type {LabAnswer} from './ui-state.js';

export const ANSWER_CHOICES: readonly {answer: LabAnswer; label: string}[] = [
	{answer: 'yes', label: 'Yes — restart now, then download and install'},
	{answer: 'later', label: 'Later — ask again at the next start'},
	{answer: 'cancel', label: 'Cancel — refuse the job (rejected)'},
];

const FAULT_TEXT: Record<DeviceFault, string> = {
	'unauthorized-pki': 'PKI environment configured for another office (300097079100)',
	'low-memory': 'not enough free memory to authenticate (300097078200)',
	'no-cert': 'remove the device certificate (300097078300)',
	'no-ca-cert': 'remove the certification-office certificate (300097078600)',
	'foreign-cert': 'device certificate from another CA (300097078400)',
	'expired-cert': 'device certificate expired (300097078500)',
	'tampered-data': 'download channel flips a payload byte (300097078100)',
	'internal-error': 'unreadable certificate data (300097078700)',
	'other-error': 'certificate issued to another device (30009707FF00)',
	clear: 'repair: healthy device with a new certificate',
};

export const FAULT_CHOICES: readonly {fault: DeviceFault; label: string}[] = DEVICE_FAULTS.map(fault => ({
	fault,
	label: `${fault}: ${FAULT_TEXT[fault]}`,
}));

/**
 * The host view of Destinations as lines: what the host is, its authentication device (certificate validity and every
 * fault in effect, with the code each leads to), open confirmation dialogs, installed packages and its jobs. Pure;
 * every data string sanitized.
 */
import type {HostKind} from '../../engine/model.js';
import {formatUtc} from '../../engine/rules/fields.js';
import type {HostDetail} from '../engine-context.js';
import {plain, type Line} from '../lines/segments.js';
import {STATE_GLYPHS, type Tone} from '../lines/symbols.js';
import {sanitize} from '../../output/sanitize.js';
import {fit, wrapText} from '../../output/text-fit.js';

const LABEL_WIDTH = 12;
const KIND_WORDS: Record<HostKind, string> = {
	'standard-pc': 'standard PC',
	'security-pc': 'security PC',
	relay: 'relay system',
};

function field(label: string, text: string, width: number, tone?: Tone): Line[] {
	return wrapText(text, Math.max(8, width - LABEL_WIDTH)).map((part, i) => [
		{text: fit(i === 0 ? label : '', LABEL_WIDTH), bold: true},
		tone ? {text: part, tone} : plain(part),
	]);
}

const list = (label: string, items: readonly string[], none: string, width: number, tone?: Tone): Line[] =>
	(items.length ? items : [none]).flatMap((item, i) =>
		field(i ? '' : label, item, width, items.length ? tone : undefined),
	);

function deviceLines(device: NonNullable<HostDetail['device']>, width: number): Line[] {
	const cert = device.certificate;
	const certText =
		cert === 'missing'
			? 'none on the device'
			: cert === 'unreadable'
				? 'present but unreadable'
				: `${sanitize(cert.subject)} from ${sanitize(cert.issuer)} · ${
						cert.validity === 'valid'
							? `valid until ${formatUtc(cert.notAfter)}`
							: cert.validity === 'expired'
								? `EXPIRED ${formatUtc(cert.notAfter)}`
								: `not valid before ${formatUtc(cert.notBefore)}`
					}`;
	const certTone: Tone = typeof cert === 'object' && cert.validity === 'valid' ? 'green' : 'red';
	const mib = (bytes: number) => `${Math.floor(bytes / 1_048_576)} MiB`;
	return [
		...field('Certificate', certText, width, certTone),
		...field('CA copy', device.caCopy, width, device.caCopy === 'this office' ? undefined : 'red'),
		...field(
			'PKI',
			device.pkiAuthorized ? 'authorized for this office' : 'set up for another office',
			width,
			device.pkiAuthorized ? undefined : 'red',
		),
		...field(
			'Memory',
			`${mib(device.freeMemoryBytes)} free for authentication (needs ${mib(device.memoryRequiredBytes)})`,
			width,
			device.freeMemoryBytes < device.memoryRequiredBytes ? 'red' : undefined,
		),
		...list(
			'Faults',
			device.findings.map(f => `${f.fault}: ${sanitize(f.text)} → ${f.code}`),
			'none: the device is healthy',
			width,
			'red',
		),
	];
}

/** The office's record of the certificate it issued: what the managing server knows even without the lab. */
function issuedText(cert: NonNullable<HostDetail['certificate']>): string {
	const validity =
		cert.validity === 'valid'
			? `valid until ${formatUtc(cert.notAfter)}`
			: cert.validity === 'expired'
				? `EXPIRED ${formatUtc(cert.notAfter)}`
				: `not valid before ${formatUtc(cert.notBefore)}`;
	return `device certificate serial ${sanitize(cert.serial)} · ${validity}`;
}

export function hostDetailLines(detail: HostDetail, width: number): Line[] {
	const power = detail.kind === 'relay' ? 'always started' : detail.started ? 'started' : 'not started';
	const route = detail.route.length
		? `managing server › ${detail.route.map(sanitize).join(' › ')}`
		: 'managing server (directly)';
	return [
		...field(
			'Host',
			`${sanitize(detail.id)}  ${sanitize(detail.name)} · ${KIND_WORDS[detail.kind]} · ${sanitize(detail.os)}`,
			width,
		),
		...field('Power', power, width, detail.started ? 'green' : 'gray'),
		...field('Route', route, width),
		...field('Groups', detail.groups.length ? detail.groups.map(sanitize).join(', ') : 'none', width),
		...(detail.certificate
			? field(
					'Issued',
					issuedText(detail.certificate),
					width,
					detail.certificate.validity === 'valid' ? undefined : 'red',
				)
			: []),
		...(detail.device ? deviceLines(detail.device, width) : []),
		...(detail.kind === 'security-pc'
			? list(
					'Dialog',
					detail.dialogs.map(
						d =>
							`${d.jobId} ${sanitize(d.jobName)}: asks its user to confirm` +
							(d.onScreen ? ' (on screen; a answers)' : ' (shown at the next start)'),
					),
					'none open',
					width,
					'yellow',
				)
			: []),
		...(detail.kind === 'relay'
			? []
			: list(
					'Installed',
					detail.installed.map(p => `${sanitize(p.packageId)} ${sanitize(p.version)} · ${formatUtc(p.installedAt)}`),
					'nothing from rim',
					width,
				)),
		...list(
			'Jobs',
			detail.jobs.map(
				j =>
					`${j.jobId} ${sanitize(j.jobName)} · ${STATE_GLYPHS[j.state].symbol} ${STATE_GLYPHS[j.state].word}` +
					(j.code ? ` ${j.code}` : ''),
			),
			'none',
			width,
		),
	];
}

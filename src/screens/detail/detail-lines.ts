/**
 * The Detailed Information modal as lines (docs/tui.md, Screens): host, job, packages, state, maintenance code with cause
 * and action, the device of a security PC, and the state history with times. Pure; every data string sanitized.
 */
import type {HistoryEntry, Host, HostCertificate, HostKind, Package} from '../../engine/model.js';
import type {AuthDevice, CertificateSummary} from '../../engine/pki/index.js';
import {STATE_PROGRESS} from '../../engine/model.js';
import {describeState} from '../../engine/job-machine.js';
import {JOB_TYPES} from '../../engine/rules/job-types.js';
import {clientDateOf} from '../../engine/rules/page-locks.js';
import {formatUtc} from '../../engine/rules/fields.js';
import type {EngineSnapshot} from '../../engine/snapshot.js';
import {sanitize} from '../../output/sanitize.js';
import {clockTime, plain, relativeTime, type Line, type Segment} from '../lines/segments.js';
import {STATE_GLYPHS, type Tone} from '../lines/symbols.js';
import {fit, wrapText} from '../../output/text-fit.js';
import type {ListMove} from '../list-nav.js';
import type {DetailSubject} from './remedies.js';
import {plural} from '../../engine/plural.js';

const LABEL_WIDTH = 10;

const KIND_WORDS: Record<HostKind, string> = {
	'standard-pc': 'standard PC',
	'security-pc': 'security PC',
	relay: 'relay system',
};

/** A labelled field, word-wrapped under its label. */
function field(label: string, text: string, width: number, tone?: Tone): Line[] {
	return wrapText(text, Math.max(8, width - LABEL_WIDTH)).map((part, i) => [
		{text: fit(i === 0 ? label : '', LABEL_WIDTH), bold: true},
		tone ? {text: part, tone} : plain(part),
	]);
}

function hostText(hostId: string, host: Host | undefined): string {
	if (!host) return `${sanitize(hostId)} · no longer in the inventory`;
	const power = host.kind === 'relay' ? '' : ` · ${host.started ? 'started' : 'not started'}`;
	return `${sanitize(host.id)}  ${sanitize(host.name)} · ${KIND_WORDS[host.kind]}${power} · ${sanitize(host.os)}`;
}

function packageTexts(ids: readonly string[], packages: readonly Package[]): string[] {
	if (!ids.length) return ['none (this job type takes no package)'];
	return ids.map(id => {
		const pkg = packages.find(p => p.id === id);
		if (!pkg) return `${sanitize(id)} · no longer in a cabinet`;
		return `${sanitize(pkg.id)}  ${sanitize(pkg.name)} · version ${sanitize(pkg.version)} · ${pkg.kind === 'update-data' ? 'update data' : 'standard'}`;
	});
}

/** Reads a certificate for display; the engine provides it (screens never parse certificates themselves). */
export type DescribeCertificate = (pem: string) => CertificateSummary | null;

/**
 * A security PC's authentication device: which pieces are present, whether they match this certification office, and,
 * when a certificate reader is given, the device certificate's subject and validity against `now`.
 */
export function deviceText(
	device: AuthDevice,
	office: EngineSnapshot['office'],
	now: number,
	describe?: DescribeCertificate,
): string {
	const cert = device.deviceCertPem ? certificateText(device.deviceCertPem, now, describe) : 'no device certificate';
	const ca =
		device.caCertPem === null
			? 'no CA certificate'
			: device.caCertPem.trim() === office.caCertPem.trim()
				? 'CA certificate of this office'
				: 'CA certificate of another office';
	const pki = device.pkiOffice === office.fingerprint ? 'PKI environment authorized' : 'PKI environment not authorized';
	const memory = `${Math.floor(device.freeMemoryBytes / 1_048_576)} MB free for authentication`;
	return [cert, ca, pki, memory].join(' · ');
}

/** What the certification office recorded of the certificate it last issued to the host (all a real manager knows). */
function issuedText(c: HostCertificate, now: number): string {
	const validity =
		now > c.notAfter
			? `expired ${formatUtc(c.notAfter)}`
			: now < c.notBefore
				? `not valid before ${formatUtc(c.notBefore)}`
				: `valid until ${formatUtc(c.notAfter)}`;
	return `last issued device certificate, serial ${sanitize(c.serial)}, ${validity}`;
}

function certificateText(pem: string, now: number, describe?: DescribeCertificate): string {
	if (!describe) return 'device certificate present';
	const c = describe(pem);
	if (!c) return 'device certificate unreadable';
	const validity =
		now > c.notAfter
			? `expired ${formatUtc(c.notAfter)}`
			: now < c.notBefore
				? `not valid before ${formatUtc(c.notBefore)}`
				: `valid until ${formatUtc(c.notAfter)}`;
	return `device certificate ${sanitize(c.subject)} from ${sanitize(c.issuer)}, ${validity}`;
}

/** History rows, newest last; the date is printed on the first row shown and wherever the day changes. */
function historyLines(entries: readonly HistoryEntry[], width: number): Line[] {
	let previousDay = '';
	return entries.map(entry => {
		const day = new Date(entry.at).toISOString().slice(0, 10);
		const when = day === previousDay ? `${' '.repeat(11)}${clockTime(entry.at)}` : `${day} ${clockTime(entry.at)}`;
		previousDay = day;
		const glyph = STATE_GLYPHS[entry.state];
		const head: Segment[] = [plain(`  ${when}  `), {text: `${glyph.symbol} ${fit(glyph.word, 12)}`, tone: glyph.tone}];
		const room = Math.max(4, width - 2 - 19 - 2 - 14 - 1);
		return [...head, plain(` ${fit(sanitize(entry.text), room)}`)];
	});
}

/** The job's execution date at the client, with the note when this job's destinations ignore it. */
function clientDateField(job: DetailSubject['job'], snapshot: EngineSnapshot, width: number): Line[] {
	const client = clientDateOf(job, snapshot.inventory);
	return client ? field('Client at', `${formatUtc(client.at)}${client.note ? ` · ${client.note}` : ''}`, width) : [];
}

export interface DetailView {
	title: string;
	/** Every line: the fields, then the history heading and the whole history (the modal scrolls through them). */
	lines: Line[];
}

/** The modal's room: inside the border, under the title, above the keys line. */
export function detailGeometry(width: number, height: number): {width: number; rows: number} {
	return {width: Math.max(10, width - 2), rows: Math.max(1, height - 4)};
}

/** The first line shown after a move, kept so that the last line can reach the bottom and no further. */
export function detailScroll(scroll: number, move: ListMove, total: number, rows: number): number {
	const max = Math.max(0, total - rows);
	const page = Math.max(1, rows - 1);
	const target = {
		up: scroll - 1,
		down: scroll + 1,
		'page-up': scroll - page,
		'page-down': scroll + page,
		home: 0,
		end: max,
	}[move];
	return Math.max(0, Math.min(max, target));
}

export function detailView(
	subject: DetailSubject,
	snapshot: EngineSnapshot,
	{
		width,
		now,
		describe,
		device,
	}: {
		width: number;
		now: number;
		describe?: DescribeCertificate;
		/** The PC's authentication device as the training lab sees it; absent on a site without simulated PCs. */
		device?: AuthDevice | null;
	},
): DetailView {
	const {job, run, host, shown, code, entry} = subject;
	const glyph = STATE_GLYPHS[shown.status.state];
	const attempts = run.earlier.length + 1;
	const attemptText =
		attempts === 1
			? `attempt ${shown.attempt}`
			: subject.current
				? `attempt ${shown.attempt} of ${attempts}`
				: `attempt ${shown.attempt} of ${attempts}, an earlier one`;
	// Most telling first: when the modal is short, the package and device lines are the ones cut.
	const fields: Line[] = [
		...field('Host', hostText(run.host, host), width),
		...field('Job', `${job.id}  ${sanitize(job.name)} · ${JOB_TYPES[job.type].label}`, width),
		...clientDateField(job, snapshot, width),
		...field(
			'State',
			`${glyph.symbol} ${glyph.word} · ${STATE_PROGRESS[shown.status.state]}% · ${attemptText} · ` +
				`last heard ${relativeTime(shown.lastHeard, now)} (${formatUtc(shown.lastHeard)})`,
			width,
			glyph.tone,
		),
		...field('Detail', sanitize(describeState(shown.status)), width),
	];
	if (code) {
		fields.push(
			...field(
				'Code',
				`${code} · ${entry ? `${sanitize(entry.title)} (${entry.source === 'jp1' ? 'JP1/SD' : 'rim'})` : 'unknown code'}`,
				width,
				shown.status.state === 'finished' ? 'green' : 'red',
			),
		);
		if (entry) fields.push(...field('Cause', entry.cause, width), ...field('Action', entry.action, width));
		if (entry?.check) fields.push(...field('Note', entry.check, width));
	}
	fields.push(
		...packageTexts(
			job.packages.map(p => p.id),
			snapshot.inventory.packages,
		).flatMap((text, i) => field(i ? '' : 'Package', text, width)),
	);
	if (device) fields.push(...field('Device', deviceText(device, snapshot.office, now, describe), width));
	else if (host?.certificate) fields.push(...field('Device', issuedText(host.certificate, now), width));
	if (subject.current && run.collected)
		fields.push(
			...field('Collected', `${plural(run.collected.length, 'installed package')} reported by the client`, width),
		);
	return {
		title: `Detailed Information · ${sanitize(run.host)} in job ${job.id}${subject.current ? '' : ` · attempt ${shown.attempt} of ${attempts}`}`,
		lines: [...fields, [{text: 'History (UTC)', bold: true}], ...historyLines(shown.history, width)],
	};
}

/** The engine calls the panes and modals ask the router to run (screen.ts FlashEffect); each resolves to the Flash to show. */
import {flashOf, type FlashEffect} from './screen.js';
import {sanitize} from '../output/sanitize.js';
import {plural} from '../engine/plural.js';

export const rerunHosts =
	(jobId: string, hosts: readonly string[]): FlashEffect =>
	async api =>
		flashOf(
			await api.rerun(jobId, [...hosts]),
			done => `Re-executing ${plural(done.length, 'destination')} of ${jobId}`,
		);

export const deleteJob =
	(jobId: string): FlashEffect =>
	async api =>
		flashOf(await api.deleteJob(jobId), job => `Deleted job ${job.id} (${sanitize(job.name)})`);

export const issueCertificate =
	(hostId: string): FlashEffect =>
	async api =>
		flashOf(
			await api.issueCertificate(hostId),
			host => `Issued a new device certificate to ${sanitize(host.id)}; press r to re-execute`,
		);

export const clearFault =
	(hostId: string): FlashEffect =>
	async api =>
		flashOf(
			await api.labFault(hostId, 'clear'),
			host => `Cleared every lab fault on ${sanitize(host.id)}'s authentication device; press r to re-execute`,
		);

export const powerOn =
	(hostId: string): FlashEffect =>
	async api =>
		flashOf(await api.labPower(hostId, true), host => `Starting ${sanitize(host.id)}`);

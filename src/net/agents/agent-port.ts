/**
 * Opens the agent port of a manager: a TLS server certificate from the site's office for every name agents may dial,
 * then the HTTPS server. Payloads are served from the content-addressed store by digest.
 */
import {randomInt} from 'node:crypto';
import os from 'node:os';
import {blobFile} from '../../data/package-blobs.js';
import {ticketKeys} from '../../data/ticket-keys.js';
import {issueServerCertificate} from '../../engine/pki/agent-certs.js';
import type {Office} from '../../engine/pki/index.js';
import {seededRng} from '../../engine/rng.js';
import {err, ok, type Result} from '../../shared/result.js';
import {AgentServer} from './agent-server.js';
import type {AgentDesk} from './desk.js';
import type {AgentPortLimits} from './protocol.js';

export interface AgentPort {
	url: string;
	server: AgentServer;
	close(): Promise<void>;
}

/** Where a real site's manager listens for agents when `rim server` is given no `--listen`. */
export const DEFAULT_AGENT_LISTEN = {host: '127.0.0.1', port: 22470} as const;

/** `HOST:PORT` (IPv6 in brackets); port 0 picks a free one. */
export function parseListen(text: string): Result<{host: string; port: number}, string> {
	const m = /^(?:\[([0-9a-fA-F:]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text);
	const port = m ? Number(m[3]) : Number.NaN;
	if (!m || port > 65535)
		return err(
			`--listen wants HOST:PORT (e.g. ${DEFAULT_AGENT_LISTEN.host}:${DEFAULT_AGENT_LISTEN.port}; port 0 picks a free one), not ${JSON.stringify(text)}`,
		);
	return ok({host: m[1] ?? m[2]!, port});
}

export function namesFor(host: string): string[] {
	const names = ['localhost', '127.0.0.1', '::1', os.hostname(), host];
	if (host === '0.0.0.0' || host === '::') {
		for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.push(a.address);
	}
	return names;
}

export async function openAgentPort(opts: {
	desk: AgentDesk;
	office: Office;
	dataDir: string;
	host: string;
	port: number;
	now: number;
	limits?: Partial<AgentPortLimits>;
	log?: (line: string) => void;
}): Promise<Result<AgentPort, string>> {
	const tls = issueServerCertificate(opts.office, {
		names: namesFor(opts.host),
		now: opts.now,
		rng: seededRng(randomInt(2 ** 31)),
	});
	const server = new AgentServer({
		desk: opts.desk,
		tls: {...tls, caCertPem: opts.office.public.caCertPem, ticketKeys: ticketKeys(opts.dataDir, Date.now())},
		payloadFile: digest => blobFile(opts.dataDir, digest),
		limits: opts.limits,
		log: opts.log,
	});
	try {
		const bound = await server.listen(opts.host, opts.port);
		const shown = bound.host.includes(':') ? `[${bound.host}]` : bound.host;
		return ok({url: `https://${shown}:${bound.port}`, server, close: () => server.close()});
	} catch (e) {
		return err(`cannot listen on ${opts.host}:${opts.port}: ${e instanceof Error ? e.message : String(e)}`);
	}
}

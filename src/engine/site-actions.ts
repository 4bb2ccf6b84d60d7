/**
 * What an admin did to a site, as data: one entry per action that changed it (the audit log records each with who and
 * where from, and the TUI shows the equivalent command). Pure: the engine and the lab note these after each success.
 */
import type {DeviceFault} from './device-faults.js';
import type {JobDefinition} from './model.js';

/** The role an agent enrols with (a relay is an agent too). */
export type AgentRoleName = 'pc' | 'security-pc' | 'relay';

export type SiteAction =
	/** A new execution of `def` (Execute; from a definition opened in the wizard, the content as executed). */
	| {kind: 'execute-job'; job: string; def: JobDefinition}
	| {kind: 'execute-definition'; job: string; definition: string}
	/** `folder`: its path, null at the top; `replaced`: an existing definition got new content. */
	| {kind: 'save-definition'; definition: string; def: JobDefinition; folder: string | null; replaced: boolean}
	| {kind: 'delete-definition'; definition: string}
	| {kind: 'move-definition'; definition: string; folder: string | null}
	| {kind: 'create-folder'; path: string}
	| {kind: 'rename-folder'; path: string; name: string}
	| {kind: 'delete-folder'; path: string; force: boolean}
	| {kind: 'rerun'; job: string; hosts: readonly string[]}
	| {kind: 'delete-job'; job: string}
	/** `source`: the file or folder the payload was packed from. */
	| {
			kind: 'add-package';
			id: string;
			source: string;
			version: string;
			packageKind: 'standard' | 'update-data';
			name: string;
			cabinet: string;
			os: readonly string[];
			installScript: string | null;
	  }
	| {kind: 'remove-package'; id: string}
	| {kind: 'create-group'; id: string; name: string}
	| {kind: 'group-members'; id: string; change: 'add' | 'remove'; hosts: readonly string[]}
	| {kind: 'delete-group'; id: string}
	| {kind: 'remove-host'; id: string}
	/** An agent asked to enrol without a token: it waits for `rim host accept`. Done by the agent. */
	| {kind: 'agent-pending'; host: string; role: AgentRoleName}
	/** An agent enrolled with a join token. Done by the agent. */
	| {kind: 'agent-enrolled'; host: string; role: AgentRoleName}
	/** A join token, named by its id: its secret is printed once by the command that made it, never logged. */
	| {kind: 'create-token'; token: string; role: AgentRoleName; uses: number; expires: string}
	/** The admin admitted a pending agent. */
	| {kind: 'accept-agent'; host: string; role: AgentRoleName}
	| {kind: 'lab-fault'; host: string; fault: DeviceFault}
	| {kind: 'lab-answer'; host: string; answer: 'yes' | 'later' | 'cancel'}
	| {kind: 'lab-power'; host: string; on: boolean}
	| {kind: 'cert-issue'; host: string}
	| {kind: 'demo-reset'; hosts: number | null; seed: number}
	| {kind: 'init'};

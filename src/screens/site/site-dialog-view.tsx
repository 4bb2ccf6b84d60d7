/** Draws the open site dialog; a removal's confirmation says what goes and what stays. */
import type {Inventory} from '../../engine/model.js';
import {sanitize} from '../../output/sanitize.js';
import {Question} from '../small-dialogs.js';
import {GroupCreateDialog} from './group-create-dialog.js';
import {GroupMembersDialog} from './group-members-dialog.js';
import {PackageAddDialog} from './package-add-dialog.js';
import type {Packing, Removal, SiteDialog} from './site-state.js';
import type {PendingAgent} from '../engine-context.js';
import {shortKeyHash} from '../../shared/key-hash.js';

function acceptQuestion(agent: PendingAgent): {title: string; lines: string[]} {
	const id = sanitize(agent.id);
	const through = agent.parent ? `through relay ${sanitize(agent.parent)}` : 'straight to the manager';
	return {
		title: `Accept agent ${id}?`,
		lines: [
			`${id} asks to join as a ${agent.role} (${sanitize(agent.os)}), ${through}, since ${new Date(agent.requestedAt).toISOString().slice(0, 19).replace('T', ' ')} UTC.`,
			`Its key: ${shortKeyHash(agent.keySha256)}. The agent printed its own while it waits: accept only when they match.`,
			'The certification office signs its certificate and it joins the site as a host.',
		],
	};
}

function removalQuestion(removal: Removal): {title: string; lines: string[]} {
	const id = sanitize(removal.id);
	switch (removal.kind) {
		case 'package':
			return {
				title: `Remove package ${id}?`,
				lines: ['The package leaves the site; its stored payload goes too unless another package has the same bytes.'],
			};
		case 'group':
			return {title: `Delete group ${id}?`, lines: ['The group goes; its hosts stay in the site.']};
		case 'host':
			return {
				title: `Remove host ${id}?`,
				lines: ['rim forgets the host and takes it out of every group; the machine itself is not touched.'],
			};
	}
}

export function SiteDialogView(props: {
	dialog: SiteDialog;
	inventory: Inventory;
	packing: Packing | null;
	width: number;
	height: number;
	listHeight: number;
}) {
	const {dialog, inventory, packing, width, height, listHeight} = props;
	switch (dialog.kind) {
		case 'package-add':
			return (
				<PackageAddDialog form={dialog.form} inventory={inventory} packing={packing} width={width} height={height} />
			);
		case 'group-create':
			return <GroupCreateDialog form={dialog.form} width={width} height={height} />;
		case 'group-members':
			return (
				<GroupMembersDialog
					form={dialog.form}
					inventory={inventory}
					width={width}
					height={height}
					listHeight={listHeight}
				/>
			);
		case 'confirm-removal': {
			const {title, lines} = removalQuestion(dialog.removal);
			return <Question title={title} lines={lines} width={width} height={height} />;
		}
		case 'confirm-accept': {
			const {title, lines} = acceptQuestion(dialog.agent);
			return <Question title={title} lines={lines} width={width} height={height} />;
		}
	}
}

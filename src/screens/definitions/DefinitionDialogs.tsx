/** The Job Definition view's dialogs: the folder-name field and the Move-to-folder menu (questions use Question). */
import {Text} from '../text.js';
import {Frame} from '../frame.js';
import {sanitize} from '../../output/sanitize.js';
import {TextField} from '../text-field.js';
import {colour, SYMBOL} from '../theme.js';
import type {DefinitionsModal} from './state.js';

export function FolderNameDialog(props: {
	modal: Extract<DefinitionsModal, {kind: 'folder-name'}>;
	width: number;
	height: number;
}) {
	const {modal, width, height} = props;
	const {target} = modal;
	const title =
		target.op === 'create'
			? `New folder in ${target.parentPath ? sanitize(target.parentPath) : 'the top of Job Definition'}`
			: `Rename folder ${sanitize(target.path)}`;
	return (
		<Frame title={title} width={width} height={height}>
			<Text wrap="truncate">
				{'Folder name: '}
				<TextField edit={modal.edit} />
			</Text>
			{modal.errors.map((e, i) => (
				<Text key={i} wrap="wrap" color={colour('red')}>{`${SYMBOL.problem} ${sanitize(e)}`}</Text>
			))}
			<Text> </Text>
			<Text dimColor wrap="wrap">
				{'Up to 32 characters, none of \\ / * " : \' ! | . < > ? or space; folders nest 4 levels.'}
			</Text>
		</Frame>
	);
}

export function MoveMenu(props: {
	name: string;
	choices: readonly {label: string}[];
	cursor: number;
	width: number;
	height: number;
}) {
	const {name, choices, cursor, width, height} = props;
	return (
		<Frame title={`Move ${sanitize(name)} to…`} width={width} height={height}>
			{choices.map((c, i) => (
				<Text
					key={c.label}
					wrap="truncate"
					inverse={i === cursor}
				>{`${i === cursor ? SYMBOL.pointer : ' '} ${sanitize(c.label)}`}</Text>
			))}
		</Frame>
	);
}

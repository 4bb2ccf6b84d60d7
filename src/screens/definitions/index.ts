/** The Job Definition view of pane 3 (its own folder): state, keys, reducers and the components the app integrates. */
export {
	initialDefinitions,
	focusDefinition,
	type DefinitionsState,
	type DefinitionsAction,
	type DefinitionsModal,
} from './state.js';
export {DEFINITIONS_KEYS, MOVE_MENU_KEYS} from './keymap.js';
export {updateDefinitionsPane} from './update.js';
export {reduceDefinitionDialog, moveChoices} from './dialogs.js';
export {DefinitionsPane} from './DefinitionsPane.js';
export {FolderNameDialog, MoveMenu} from './DefinitionDialogs.js';

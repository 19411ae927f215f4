// The data chosen in the wizard, as the settings keep it and the commands take it: both
// front ends (the Ink app's actions and the plain wizard) remember it through here.

import os from 'node:os';
import path from 'node:path';
import type {SettingsStore} from '../config/settings.js';
import type {SourceChoice} from '../flows/wizard-ui.js';

/** A folder as typed (`~/data`, `./data`) made absolute, as it is remembered and handed to the commands. */
export function folderLocation(typed: string): string {
	const value = typed.trim();
	const home = value === '~' || value.startsWith('~/') ? path.join(os.homedir(), value.slice(1)) : value;
	return path.resolve(home);
}

/** Keeps the choice as the settings' `source` (the default is no source at all); returns what the commands take. */
export function rememberSource(store: SettingsStore, choice: SourceChoice): string | undefined {
	const source = choice.kind === 'default' ? undefined : choice.kind === 'folder' ? folderLocation(choice.location) : choice.location.trim();
	store.update(({source: _old, ...settings}) => ({...settings, ...(source ? {source} : {})}));
	return source;
}

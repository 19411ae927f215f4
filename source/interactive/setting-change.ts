// A choice changed on the Settings screen, written to the settings: the data through the same
// path as the wizard's question, the AWS names under `aws` (the settings' schema checks them
// again as they are written), the default credential chain as no profile at all.

import type {SettingsStore} from '../config/settings.js';
import type {SettingChange} from '../ui/actions.js';
import {rememberSource} from './source-choice.js';

export function applySettingChange(store: SettingsStore, change: SettingChange): void {
	switch (change.key) {
		case 'source':
			rememberSource(store, change.choice);
			return;
		case 'maxErrors':
			store.update(({maxErrors: _old, ...settings}) => ({...settings, ...(change.value === 0 ? {} : {maxErrors: change.value})}));
			return;
		case 'target':
			store.update((settings) => ({...settings, target: change.value}));
			return;
		case 'profile': {
			const profile = change.value;
			store.update(({aws: {profile: _old, ...aws} = {}, ...settings}) => ({...settings, aws: {...aws, ...(profile ? {profile} : {})}}));
			return;
		}
		case 'region':
		case 'clusterId': {
			const {key, value} = change;
			store.update((settings) => ({...settings, aws: {...settings.aws, [key]: value}}));
			return;
		}
	}
}

// The settings read straight from their file, for the interactive app's first frame: no
// schema library loaded, nothing written. Anything missing or unreadable reads as a fresh
// start; every write still goes through the validated store in settings.ts.

import fs from 'node:fs';
import path from 'node:path';
import type {HomePaths} from '../core/paths.js';
import type {Settings} from './settings.js';

export function settingsFile(paths: HomePaths): string {
	return path.join(paths.config, 'settings.json');
}

export function readSettingsFile(paths: HomePaths): Settings {
	try {
		const stored = JSON.parse(fs.readFileSync(settingsFile(paths), 'utf8')) as Partial<Settings>;
		return {...stored, schemaVersion: stored.schemaVersion ?? 0, steps: stored.steps ?? {}};
	} catch {
		return {schemaVersion: 0, steps: {}};
	}
}

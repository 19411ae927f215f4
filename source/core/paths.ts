// Where the tool keeps its settings, logs, generated data and the embedded warehouse.
// One folder, movable with SPARKIFY_DWH_HOME, so tests and users can keep runs apart.

import os from 'node:os';
import path from 'node:path';

export type HomePaths = {
	readonly home: string;
	readonly config: string;
	/** The settings file (written by conf, read through it: config/settings.ts). */
	readonly settings: string;
	readonly logs: string;
	readonly warehouse: string;
	readonly generated: string;
	readonly runs: string;
};

function defaultHome(env: NodeJS.ProcessEnv): string {
	const user = os.homedir();
	switch (process.platform) {
		case 'darwin':
			return path.join(user, 'Library', 'Application Support', 'sparkify-dwh');
		case 'win32':
			return path.join(env.LOCALAPPDATA ?? path.join(user, 'AppData', 'Local'), 'sparkify-dwh');
		default:
			return path.join(env.XDG_DATA_HOME ?? path.join(user, '.local', 'share'), 'sparkify-dwh');
	}
}

export function homePaths(env: NodeJS.ProcessEnv = process.env): HomePaths {
	const home = path.resolve(env.SPARKIFY_DWH_HOME?.trim() || defaultHome(env));
	return {
		home,
		config: path.join(home, 'config'),
		settings: path.join(home, 'config', 'settings.json'),
		logs: path.join(home, 'logs'),
		warehouse: path.join(home, 'warehouse'),
		generated: path.join(home, 'generated'),
		runs: path.join(home, 'runs'),
	};
}

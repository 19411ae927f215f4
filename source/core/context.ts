// What every step is handed: where things live and where the detail goes.
// Deliberately small; anything a step needs beyond this arrives in its options.

import type {HomePaths} from './paths.js';
import type {Logger} from './log.js';

export type Context = {
	readonly paths: HomePaths;
	readonly log: Logger;
	readonly env: NodeJS.ProcessEnv;
};

// Starts one embedded PostgreSQL for the whole test run (in a throwaway home) and hands
// its address to every test file through the environment. Tests make their own databases
// on it, so they never see each other's tables.
// Plain JavaScript: node's test runner loads this file before tsx's hooks apply to it,
// so it registers tsx itself and then loads the TypeScript it needs.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {register} from 'tsx/esm/api';

const unregister = register();
const {noLog} = await import('../../source/core/log.ts');
const {homePaths} = await import('../../source/core/paths.ts');
const {startEmbedded} = await import('../../source/warehouse/embedded.ts');
const {removeWarehousesOf} = await import('./tmp.ts');

let server;
let home;

export async function globalSetup() {
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkify-test-home-'));
	server = await startEmbedded(homePaths({SPARKIFY_DWH_HOME: home}), {log: noLog});
	process.env.SPARKIFY_TEST_DATABASE_URL = server.url;
}

export async function globalTeardown() {
	try {
		await server?.stop();
		if (home) {
			// The server's watchdog (another process) may still write in the home as it stops: a
			// removal that meets a file made meanwhile (ENOTEMPTY) tries again.
			fs.rmSync(home, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
			removeWarehousesOf([home]);
		}
		await unregister();
	} catch (error) {
		// Cleaning up after the run is not a test: a failure here is said, loudly, but does not
		// turn a run whose tests all passed into a failed one. (Thrown, it made the runner exit 1
		// after a summary of 915 passed tests, without a word: once in four runs.) Stopping a
		// server and removing its folders are tested on their own, in the embedded and fault suites.
		console.error('global teardown failed (the tests above are not affected):', error);
	}
}

// The embedded PostgreSQL's first-run setup (initdb, seconds long) runs beside the event loop,
// not in it: the screen's timers go on ticking while it works, and Ctrl-C stops it at once,
// leaving nothing half made, so the next start sets it up afresh.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {isCancelled} from '../../source/core/errors.js';
import {noLog} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {dataDirectoryFor, startEmbedded} from '../../source/warehouse/embedded.js';
import {makeTempDir} from '../support/tmp.js';

test('a first setup lets timers run meanwhile; Ctrl-C during it stops it and leaves no half-made warehouse', async () => {
	const paths = homePaths({SPARKIFY_DWH_HOME: path.join(makeTempDir('sparkify-setup'), 'home')});
	const controller = new AbortController();
	let ticks = 0;
	const timer = setInterval(() => ticks++, 20);
	let abortedAt = 0;
	const starting = startEmbedded(paths, {
		log: noLog,
		signal: controller.signal,
		// The notice comes just before initdb starts: give it a moment to be under way, then cancel.
		onNotice: () =>
			void setTimeout(() => {
				abortedAt = Date.now();
				controller.abort();
			}, 300),
	});
	try {
		await assert.rejects(starting, (error: unknown) => isCancelled(error));
	} finally {
		clearInterval(timer);
	}
	assert.ok(abortedAt > 0, 'the setup was under way when cancelled');
	assert.ok(ticks >= 10, `timers ran while initdb worked (${ticks} ticks)`);
	const dataDirectory = dataDirectoryFor(paths);
	assert.equal(fs.existsSync(path.join(dataDirectory, 'PG_VERSION')), false, 'no warehouse that looks whole');
	assert.deepEqual(
		fs.readdirSync(path.dirname(dataDirectory)).filter((name) => name.includes('.init-')),
		[],
		'the half-made folder is removed',
	);
	const server = await startEmbedded(paths, {log: noLog});
	try {
		assert.ok(server.port > 0, 'the next start sets it up afresh');
	} finally {
		await server.stop();
	}
});

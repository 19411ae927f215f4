// A generation stopped half way (Ctrl-C) is never loaded as if it were whole: an explicit
// --source is refused with what to do, and the default sample is made again.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {resolveSource} from '../../source/commands/source-arg.js';
import type {Context} from '../../source/core/context.js';
import {CancelledError, UserError} from '../../source/core/errors.js';
import {noLog} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {generateDataset, isUnfinishedGeneration} from '../../source/etl/generate.js';
import {recordingFrontEnd} from '../support/front-end.js';
import {makeTempDir} from '../support/tmp.js';

/** Generates and aborts at the first progress event after the song files: half a folder. */
async function generateHalf(out: string): Promise<void> {
	const controller = new AbortController();
	await assert.rejects(
		generateDataset(
			{out, songs: 50, events: 5000, seed: 7},
			(event) => {
				if (event.type === 'progress' && event.task === 'log_data') controller.abort();
			},
			controller.signal,
		),
		CancelledError,
	);
}

test('a cancelled generate leaves a folder marked unfinished, and --source refuses it', async () => {
	const out = path.join(makeTempDir('sparkify-half'), 'data');
	await generateHalf(out);
	assert.ok(fs.existsSync(path.join(out, 'song_data')), 'some files were written');
	assert.equal(isUnfinishedGeneration(out), true);
	const ctx: Context = {paths: homePaths({SPARKIFY_DWH_HOME: makeTempDir('sparkify-half-home')}), log: noLog, env: {}};
	const frontEnd = recordingFrontEnd();
	await assert.rejects(resolveSource({source: out}, ctx, frontEnd, new AbortController().signal), (error: unknown) => {
		assert.ok(error instanceof UserError);
		assert.equal(error.code, 'generate_unfinished');
		assert.match(error.message, /stopped before it finished/);
		assert.match(error.hint ?? '', /generate --out/);
		return true;
	});

	// Generating again into the same folder finishes it, and then it loads.
	await generateDataset({out, songs: 20, events: 200, seed: 7}, () => {}, new AbortController().signal);
	assert.equal(isUnfinishedGeneration(out), false);
	const source = await resolveSource({source: out}, ctx, frontEnd, new AbortController().signal);
	assert.ok(source);
});

test('the default sample, stopped half way, is generated again rather than loaded', async () => {
	const ctx: Context = {paths: homePaths({SPARKIFY_DWH_HOME: makeTempDir('sparkify-half-default')}), log: noLog, env: {}};
	const {defaultSampleFolder} = await import('../../source/commands/source-arg.js');
	const folder = defaultSampleFolder(ctx);
	await generateHalf(folder);
	const frontEnd = recordingFrontEnd();
	const {notices} = frontEnd;
	await resolveSource({source: undefined}, ctx, frontEnd, new AbortController().signal);
	assert.equal(isUnfinishedGeneration(folder), false);
	assert.ok(
		notices.some((notice) => /did not finish/.test(notice)),
		notices.join('\n'),
	);
});

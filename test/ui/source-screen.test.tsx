// The data question: what each choice says it is, a folder refused inline until it holds
// song_data/ and log_data/, the remembered choice offered first, and S3 only on Redshift.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, test} from 'node:test';
import {cleanup, render} from 'ink-testing-library';
import type {SourceChoice} from '../../source/flows/wizard-ui.js';
import {SourceScreen} from '../../source/ui/screens/source-screen.js';
import {validators} from './fake-actions.js';
import {cells, keys, lines, press, recorder, screen} from './ink-helpers.js';
import {makeTempDir} from '../support/tmp.js';

afterEach(() => cleanup());

const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures');
const sample = path.join(fixtures, 'sparkify-sample');

test('SourceScreen: on this machine, the generated sample (said to be synthetic, with its size), the real sample, or a folder', () => {
	const instance = render(<SourceScreen target="local" validators={validators} onDone={() => {}} />);
	assert.deepEqual(lines(instance), [
		'Which data should be loaded?',
		'❯ 1. The generated sample  synthetic: 1,000 songs, 20,000 events',
		'  2. The real Sparkify sample  the public data, 71 songs, 8,056 events',
		'  3. A folder of your own  with song_data/ and log_data/ in it',
		'↑↓ to move, Enter to choose, Esc to go back',
	]);
	for (const line of lines(instance)) assert.ok(cells(line) <= 80, line);
});

test('SourceScreen: Enter on the sample answers the default', async () => {
	const done = recorder<[SourceChoice]>();
	const instance = render(<SourceScreen target="local" validators={validators} onDone={done} />);
	await press(instance, keys.enter);
	assert.deepEqual(done.calls, [[{kind: 'default'}]]);
});

test('SourceScreen: a folder is refused inline until it exists and holds the data; a good one is accepted', async () => {
	const done = recorder<[SourceChoice]>();
	const instance = render(<SourceScreen target="local" validators={validators} onDone={done} />);
	await press(instance, keys.down, keys.down, keys.enter);
	assert.match(screen(instance), /^Folder: ▌~\/data\/sparkify$/m, 'an example as the placeholder, behind the cursor');
	await press(instance, '/no/such/place', keys.enter);
	assert.match(screen(instance), /↳ There is no \/no\/such\/place\./);
	assert.deepEqual(done.calls, []);
	for (let typed = 0; typed < '/no/such/place'.length; typed++) await press(instance, keys.backspace);
	await press(instance, fixtures, keys.enter);
	assert.match(screen(instance), /has no song_data\/ and no log_data\/ in it\./);
	assert.deepEqual(done.calls, [], 'a folder without the data is not taken');
	await press(instance, '/sparkify-sample');
	assert.doesNotMatch(screen(instance), /↳/, 'no complaint once it holds the data');
	await press(instance, keys.enter);
	assert.deepEqual(done.calls, [[{kind: 'folder', location: sample}]]);
});

test('SourceScreen: Esc in the field goes back to the list; Esc in the list steps back out', async () => {
	const cancel = recorder<[]>();
	const instance = render(<SourceScreen target="local" validators={validators} onDone={() => {}} onCancel={cancel} />);
	await press(instance, '3');
	assert.match(screen(instance), /Folder:/);
	await press(instance, keys.escape);
	assert.match(screen(instance), /❯ 3\. A folder of your own/);
	assert.equal(cancel.calls.length, 0);
	await press(instance, keys.escape);
	assert.equal(cancel.calls.length, 1);
});

test('SourceScreen: the real sample is one Enter, the folder that comes with the tool; remembered, it is marked', async () => {
	const done = recorder<[SourceChoice]>();
	const instance = render(<SourceScreen target="local" validators={validators} onDone={done} />);
	await press(instance, '2');
	assert.deepEqual(done.calls, [[{kind: 'folder', location: sample}]], 'the copy of the public data in the repo');
	cleanup();
	const again = render(<SourceScreen target="local" validators={validators} initial={sample} onDone={() => {}} />);
	assert.match(screen(again), /❯ 2\. The real Sparkify sample/);
});

test('SourceScreen: the remembered folder is marked and filled in', async () => {
	const done = recorder<[SourceChoice]>();
	const own = path.join(makeTempDir('sparkify-own-folder'), 'data');
	fs.cpSync(sample, own, {recursive: true});
	const instance = render(<SourceScreen target="local" validators={validators} initial={own} onDone={done} />);
	assert.match(screen(instance), /❯ 3\. A folder of your own/);
	await press(instance, keys.enter);
	assert.match(screen(instance), new RegExp(`Folder: ▌${own}`), 'the remembered folder as the default, which Enter accepts');
	await press(instance, keys.enter);
	assert.deepEqual(done.calls, [[{kind: 'folder', location: own}]]);
});

test('SourceScreen: on Redshift, the public bucket or an S3 location checked as typed; no folder', async () => {
	const done = recorder<[SourceChoice]>();
	const instance = render(<SourceScreen target="redshift" validators={validators} onDone={done} />);
	assert.deepEqual(lines(instance).slice(0, 3), [
		'Which data should the cluster load?',
		'❯ 1. The public Sparkify bucket  s3://udacity-dend/ (us-west-2), the real data',
		'  2. An S3 location of your own  laid out like the bucket',
	]);
	await press(instance, '2', 'my bucket', keys.enter);
	assert.match(screen(instance), /↳ Write it as s3:\/\/bucket\/prefix/);
	assert.deepEqual(done.calls, []);
	for (let typed = 0; typed < 'my bucket'.length; typed++) await press(instance, keys.backspace);
	await press(instance, 's3://my-bucket/sparkify/', keys.enter);
	assert.deepEqual(done.calls, [[{kind: 's3', location: 's3://my-bucket/sparkify/'}]]);
});

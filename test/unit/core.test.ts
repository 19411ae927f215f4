import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import type {StepEvent} from '../../source/core/events.js';
import {openLogFile} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {trackProgress} from '../../source/core/progress.js';
import {redact} from '../../source/core/redact.js';
import {makeTempDir} from '../support/tmp.js';

test('secrets are redacted from text', () => {
	assert.equal(redact('postgres://sparkify:s3cr3t@127.0.0.1:5432/db'), 'postgres://sparkify:***@127.0.0.1:5432/db');
	assert.equal(redact('password=hunter2 user=x'), 'password=*** user=x');
	assert.equal(redact('{"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG"}'), '{"SecretAccessKey": "***"}');
	assert.equal(redact('key AKIAIOSFODNN7EXAMPLE used'), 'key AKIA**************** used');
	assert.equal(redact('nothing secret here'), 'nothing secret here');
});

test('the log file is mode 0600 and holds no secret', () => {
	const folder = makeTempDir('sparkify-log');
	const log = openLogFile(folder);
	log.write('error', 'could not connect to postgres://u:topsecret@host/db', new Error('password=topsecret'));
	const text = fs.readFileSync(log.file!, 'utf8');
	assert.doesNotMatch(text, /topsecret/);
	assert.match(text, /^\S+Z ERROR could not connect to postgres:\/\/u:\*\*\*@host\/db Error: password=\*\*\*\n {4}at /);
	assert.equal(fs.statSync(log.file!).mode & 0o777, 0o600);
});

test('SPARKIFY_DWH_HOME moves settings, logs and the warehouse together', () => {
	assert.deepEqual(homePaths({SPARKIFY_DWH_HOME: '/tmp/somewhere', XDG_DATA_HOME: '/data'}), {
		home: '/tmp/somewhere',
		config: '/tmp/somewhere/config',
		settings: '/tmp/somewhere/config/settings.json',
		logs: '/tmp/somewhere/logs',
		warehouse: '/tmp/somewhere/warehouse',
		generated: '/tmp/somewhere/generated',
		runs: '/tmp/somewhere/runs',
	});
});

test('on Linux the home is under XDG_DATA_HOME, else ~/.local/share', {skip: process.platform === 'linux' ? false : 'XDG_DATA_HOME is read on Linux only'}, () => {
	const fallback = path.join(os.homedir(), '.local', 'share', 'sparkify-dwh');
	assert.equal(homePaths({}).home, fallback);
	// Not the fallback by chance: the two answers differ, so ignoring XDG_DATA_HOME fails here.
	assert.notEqual(fallback, '/data/sparkify-dwh');
	assert.equal(homePaths({XDG_DATA_HOME: '/data'}).home, '/data/sparkify-dwh');
	assert.equal(homePaths({XDG_DATA_HOME: '/data', SPARKIFY_DWH_HOME: '  '}).home, '/data/sparkify-dwh', 'a blank SPARKIFY_DWH_HOME is no home');
});

test('progress events are throttled, and the final one always comes', () => {
	const events: StepEvent[] = [];
	let clock = 0;
	const progress = trackProgress((event) => events.push(event), 'etl', 'staging_events', 'bytes', {intervalMs: 100, now: () => clock});
	for (let tick = 0; tick < 50; tick++) {
		clock += 10;
		progress.update({bytes: {done: tick * 10, total: 1000}, rows: {done: tick, total: null}});
	}
	progress.finish('done', {bytes: {done: 1000, total: 1000}});
	// 50 updates 10 ms apart: the first is sent (at 10 ms), then one per 100 ms (110 … 410 ms).
	const running = events.filter((event) => event.type === 'progress' && event.state === 'running');
	assert.deepEqual(
		running.map((event) => event.type === 'progress' && [event.done, event.elapsedMs]),
		[
			[0, 10],
			[100, 110],
			[200, 210],
			[300, 310],
			[400, 410],
		],
	);
	assert.equal(events.length, 6, 'the running events and the final one, nothing else');
	const last = events.at(-1);
	assert.equal(last?.type, 'progress');
	assert.ok(last?.type === 'progress');
	assert.equal(last.state, 'done');
	assert.equal(last.done, 1000);
	assert.equal(last.total, 1000);
	assert.deepEqual(last.counters, {bytes: {done: 1000, total: 1000}, rows: {done: 49, total: null}});
	assert.equal(last.elapsedMs, 500);
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
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
	assert.match(text, /ERROR could not connect/);
	assert.equal(fs.statSync(log.file!).mode & 0o777, 0o600);
});

test('SPARKIFY_DWH_HOME moves settings, logs and the warehouse together', () => {
	const paths = homePaths({SPARKIFY_DWH_HOME: '/tmp/somewhere'});
	assert.equal(paths.home, '/tmp/somewhere');
	assert.equal(paths.logs, '/tmp/somewhere/logs');
	assert.equal(paths.warehouse, '/tmp/somewhere/warehouse');
	assert.equal(homePaths({XDG_DATA_HOME: '/data'}).home, '/data/sparkify-dwh');
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
	const running = events.filter((event) => event.type === 'progress' && event.state === 'running');
	assert.ok(running.length >= 4 && running.length <= 6, `${running.length} running events`);
	const last = events.at(-1);
	assert.ok(last?.type === 'progress');
	assert.equal(last.state, 'done');
	assert.equal(last.done, 1000);
	assert.equal(last.counters.rows?.done, 49);
	assert.equal(last.elapsedMs, 500);
});

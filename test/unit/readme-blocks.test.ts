// The helpers that hold the README's sample outputs to real runs: they must find every marked
// block, split a `$` line as a shell does, and forgive only what varies between runs.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {linesMatch, normalise, readmeOutputBlocks, shellPipeline, toolArguments, unmarkedTextFences} from '../support/readme-blocks.js';

test('marked blocks are found with their command and lines; unmarked ```text fences are named', () => {
	const readme = [
		'# t',
		'<!-- output: loaded -->',
		'```text',
		'$ sparkify-dwh check --plain',
		'songplays 6,820',
		'```',
		'',
		'```text',
		'unmarked',
		'```',
		'```sh',
		'ls',
		'```',
	].join('\n');
	assert.deepEqual(readmeOutputBlocks(readme), [{kind: 'loaded', line: 2, command: 'sparkify-dwh check --plain', expected: ['songplays 6,820']}]);
	assert.deepEqual(unmarkedTextFences(readme), [8]);
	assert.throws(() => readmeOutputBlocks('<!-- output: loaded -->\n\n```text\n```'), /not followed by a ```text fence/);
	assert.throws(() => readmeOutputBlocks('<!-- output: loaded -->\n```text\nnever closed'), /never closed/);
});

test('a `$` line splits as a shell would, pipes included', () => {
	assert.deepEqual(shellPipeline(`sparkify-dwh check --json | jq '{tables, failed: [.checks[] | select(.passed | not)]}'`), [
		['sparkify-dwh', 'check', '--json'],
		['jq', '{tables, failed: [.checks[] | select(.passed | not)]}'],
	]);
	assert.deepEqual(shellPipeline('a "b c"d'), [['a', 'b cd']]);
	assert.deepEqual(toolArguments(['npm', 'start', '--silent', '--', 'run', '--yes']), ['run', '--yes']);
	assert.deepEqual(toolArguments(['npx', 'sparkify-dwh', 'check']), ['check']);
	assert.equal(toolArguments(['npm', 'start', '--', 'run']), undefined, 'npm start without --silent prints its own lines first');
});

test('only durations, rates, times, ports and places are normalised; the data is not', () => {
	const places = {home: '/tmp/x/home', checkout: '/work/repo'};
	assert.equal(
		normalise('done in 1.8 s on embedded PostgreSQL (port 43515)\n  ✔ songs: 71 rows in 3 ms\n57 MB/s   \n', places),
		'done in <duration> on embedded PostgreSQL (port <port>)\n  ✔ songs: 71 rows in <duration>\n<rate>\n',
	);
	assert.equal(normalise('in 2m 00s, in 59.9 s, in 999 ms'), 'in <duration>, in <duration>, in <duration>');
	assert.equal(normalise('✔ done Dec 2 05:12 CET · ✖ failed 2026-12-02 09:42 GMT+5:30 · 2026-12-02 04:12 UTC'), '✔ done <time> · ✖ failed <time> · <time>');
	assert.equal(normalise('Details: /tmp/x/home/logs/sparkify-dwh-2026-12-02.log', places), 'Details: ~/.local/share/sparkify-dwh/logs/sparkify-dwh-<date>.log');
	assert.equal(normalise('in /var/lib/sparkify-dwh/4ac246ed798a/warehouse'), 'in ~/.local/share/sparkify-dwh/warehouse');
	assert.equal(normalise('Profile of /work/repo/test/fixtures', places), 'Profile of ~/sparkify-dwh/test/fixtures');
	assert.equal(normalise('✔ done 2026-12-02 01:40 · now: 6,820 songplays'), '✔ done <time> · now: 6,820 songplays');
	// A slow machine adds a row rate and heartbeats; a fast one does not.
	assert.equal(
		normalise('  … staging_events: 45% of 3.6 MB, 2/30 files, 3,200 rows, 1,634 rows/s\n  ✔ staging_songs: 71 files, 19 KB, 71 rows, 1,634 rows/s in 612 ms\n'),
		'  ✔ staging_songs: 71 files, 19 KB, 71 rows in <duration>\n',
	);
	// Dates, counts and sizes in the data stay as they are.
	const data = 'first event (ts)  1541105830796  2018-11-01T20:57:10.796Z\n8,056 rows from 30 files (3.6 MB)\n29 of 29 passed';
	assert.equal(normalise(data, places), data);
});

test('"…" stands for any number of lines, and nothing else is forgiven', () => {
	assert.equal(linesMatch(['a', '…', 'd'], ['a', 'b', 'c', 'd']), true);
	assert.equal(linesMatch(['a', '…', 'd'], ['a', 'd']), true);
	assert.equal(linesMatch(['…', 'c', '…'], ['a', 'b', 'c', 'd']), true);
	assert.equal(linesMatch(['a', 'b'], ['a', 'b', 'c']), false, 'a line more');
	assert.equal(linesMatch(['a', 'b', 'c'], ['a', 'b']), false, 'a line less');
	assert.equal(linesMatch(['a', '…', 'x'], ['a', 'b', 'c']), false);
	assert.equal(linesMatch(['a', 'b'], ['a', 'b ']), false, 'spaces count');
});

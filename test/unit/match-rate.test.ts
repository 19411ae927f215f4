// The match rate says when a low share is the data's doing: few songs for many plays.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {matchRateLines} from '../../source/commands/match-rate.js';

const staged = (songs: number) => [
	{table: 'staging_songs', rows: songs, files: songs, bytes: 0, rejected: 0, elapsedMs: 1},
	{table: 'staging_events', rows: 8056, files: 30, bytes: 0, rejected: 0, elapsedMs: 1},
];

test('matchRateLines: the real sample (71 songs, 6,820 plays) says its 0.0% is expected, within 80 columns', () => {
	const lines = matchRateLines({match: {plays: 6820, matched: 1, rate: 1 / 6820}, staging: staged(71)});
	assert.deepEqual(lines, ['songplays matched to a song: 1 of 6,820 (0.0%)', '  expected: 71 songs for 6,820 plays, so most plays have no song to match']);
	for (const line of lines) assert.ok(line.length <= 80, line);
});

test('matchRateLines: a good rate, or a low one with songs enough to match, has no excuse', () => {
	assert.deepEqual(matchRateLines({match: {plays: 20000, matched: 16000, rate: 0.8}, staging: staged(1000)}), ['songplays matched to a song: 16,000 of 20,000 (80.0%)']);
	assert.equal(matchRateLines({match: {plays: 6820, matched: 10, rate: 10 / 6820}, staging: staged(5000)}).length, 1, 'many songs and few matches: worth a look, not excused');
	assert.equal(matchRateLines({match: {plays: 0, matched: 0, rate: 0}, staging: staged(0)}).length, 1);
});

// The profile's text report: every line fits 80 columns, whatever the names and numbers,
// and the numbers a reader looks for are there, formatted as people read them.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {profileReport} from '../../source/profile/report.js';
import type {FieldProfile, SourceProfile} from '../../source/profile/types.js';

const field = (missing: number, empty: number, records: number, invalid = 0): FieldProfile => ({
	missing,
	empty,
	invalid,
	missingShare: missing / records,
	emptyShare: empty / records,
});

const encoded = {values: 0, records: 0, distinct: 0, byField: {}};

function sampleProfile(overrides: {source?: string; pageName?: string; reason?: string} = {}): SourceProfile {
	const events = 1_234_567;
	return {
		source: overrides.source ?? '/data/sparkify',
		jsonPaths: 'source',
		songs: {
			files: 385_252,
			bytes: 84_123_456,
			records: 385_252,
			malformed: 3,
			recordsWithInvalidFields: 1,
			fields: {song_id: field(0, 0, 385_252), year: field(0, 0, 385_252), artist_latitude: field(241_000, 0, 385_252)},
			doubleEncoded: encoded,
			distinct: {song_id: 385_250, artist_id: 44_321},
			ranges: {
				duration: {count: 385_252, min: 0.78485, max: 3034.90567},
				year: {count: 200_000, min: 1922, max: 2018},
				num_songs: {count: 385_252, min: 1, max: 1},
				artist_latitude: {count: 144_252, min: -45.86, max: 69.65102},
				artist_longitude: {count: 144_252, min: -162.43, max: 174.76714},
			},
			yearZero: 185_252,
		},
		events: {
			files: 30,
			bytes: 3_755_598_123,
			records: events,
			malformed: 12,
			recordsWithInvalidFields: 2,
			fields: {userId: field(0, 43_210, events), song: field(234_567, 0, events), ts: field(0, 0, events, 2)},
			doubleEncoded: {values: 45_678, records: 40_001, distinct: 321, byField: {artist: 30_000, song: 15_678}},
			distinct: {userId: 9_876, sessionId: 123_456, song: 301_234, artist: 98_765},
			ranges: {
				ts: {count: events, min: 1541105830796, max: 1543607664796},
				length: {count: 1_000_000, min: 0.78322, max: 3024.66567},
				itemInSession: {count: events, min: 0, max: 1234},
				sessionId: {count: events, min: 1, max: 123_456},
				registration: {count: 1_191_357, min: 1539908999796, max: 1541048010796},
			},
			time: {first: '2018-11-01T20:57:10.796Z', last: '2018-11-30T19:54:24.796Z'},
			pages: [
				{page: 'NextSong', count: 1_000_000},
				{page: 'Home', count: 200_000},
				{page: overrides.pageName ?? 'Login', count: 34_000},
				{page: 'Submit Downgrade', count: 567},
			],
			emptyUserId: 43_210,
			nextSong: 1_000_000,
			nextSongUsers: 9_800,
			levelChangers: 1_234,
			match: {plays: 1_000_000, matched: 812_345, share: 0.812345},
		},
		skipped: [],
		issues: [
			{file: 'log_data/2018/11/2018-11-05-events.json', line: 17, reason: overrides.reason ?? 'is not valid JSON (Unexpected end of JSON input)'},
			{file: 'log_data/2018/11/2018-11-06-events.json', line: 3, field: 'ts', reason: 'should be epoch milliseconds, is string "yesterday"'},
		],
		notes: ["No log_json_path.json in the source: events were read with the bucket's standard keys, which is what the public bucket uses anyway."],
		elapsedMs: 65_432,
	};
}

function assertFits(lines: readonly string[]): void {
	for (const line of lines) assert.ok(line.length <= 80, `${line.length} columns: ${line}`);
}

test('every line of the report fits 80 columns', () => {
	assertFits(profileReport(sampleProfile()));
	const long = 'x'.repeat(150);
	assertFits(profileReport(sampleProfile({source: `s3://bucket/${long}`, pageName: long, reason: long})));
});

test('the report holds the key numbers, formatted', () => {
	const lines = profileReport(sampleProfile());
	const text = lines.join('\n');
	const has = (pattern: RegExp) => assert.match(text, pattern);
	has(/Profile of \/data\/sparkify/);
	has(/songs\s+385,252\s+80 MB\s+385,252\s+3\s+1/);
	has(/events\s+30\s+3\.5 GB\s+1,234,567\s+12\s+2/);
	has(/distinct song_id\s+385,250/);
	has(/distinct artist_id\s+44,321/);
	has(/songs with year 0\s+185,252\s+48\.1%/);
	has(/year \(other than 0\)\s+1922\s+to 2018/);
	has(/duration \(s\)\s+0\.78\s+to 3,034\.91/);
	has(/NextSong events \(plays\)\s+1,000,000\s+81\.0%/);
	has(/events with empty userId\s+43,210\s+3\.5%/);
	has(/users with plays\s+9,800/);
	has(/users who changed level\s+1,234/);
	has(/plays matched to a song file\s+812,345\s+81\.2% of plays/);
	has(/double-encoded names\s+45,678\s+in 40,001 events/);
	has(/first event \(ts\)\s+1541105830796\s+2018-11-01T20:57:10\.796Z/);
	has(/last event \(ts\)\s+1543607664796\s+2018-11-30T19:54:24\.796Z/);
	has(/registration\s+2018-10-19\s+to 2018-11-01/);
	has(/events\.song\s+19\.0%\s+0\.0%\s+0/);
	has(/log_data\/2018\/11\/2018-11-06-events\.json:3 field ts\n\s+should be epoch milliseconds, is string "yesterday"/);
	has(/Bad records \(first 2 of 18\)/);
});

test('the page mix is a table sorted by count, its numbers right-aligned', () => {
	const lines = profileReport(sampleProfile());
	const start = lines.indexOf('Page mix');
	assert.ok(start > 0, 'there is a page mix section');
	const rows = lines.slice(start + 2, start + 6);
	assert.deepEqual(
		rows.map((line) => line.trim().split(/\s{2,}/)),
		[
			['NextSong', '1,000,000', '81.0%'],
			['Home', '200,000', '16.2%'],
			['Login', '34,000', '2.8%'],
			['Submit Downgrade', '567', '0.0%'],
		],
	);
	assert.equal(new Set(rows.map((line) => line.length)).size, 1, 'the shares end in one column');
	const countEnd = (line: string) => {
		const count = line.trim().split(/\s{2,}/)[1]!;
		return line.indexOf(count) + count.length;
	};
	assert.equal(new Set(rows.map(countEnd)).size, 1, 'the counts end in one column');
});

test('an empty profile reports dashes, not NaN', () => {
	const profile = sampleProfile();
	const empty: SourceProfile = {
		...profile,
		events: {
			...profile.events,
			records: 0,
			nextSong: 0,
			pages: [],
			match: {plays: 0, matched: 0, share: 0},
			ranges: {...profile.events.ranges, ts: {count: 0, min: null, max: null}},
			time: {first: null, last: null},
		},
	};
	const text = profileReport(empty).join('\n');
	assert.doesNotMatch(text, /NaN|Infinity|undefined|null/);
	assert.doesNotMatch(text, /Page mix/);
});

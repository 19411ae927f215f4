import assert from 'node:assert/strict';
import {test} from 'node:test';
import {copyTextField} from '../../source/etl/copy-text.js';
import {defaultEventKeys, eventColumns, newRepairTally, songColumns, songKeys, toCopyRow} from '../../source/etl/records.js';

const event = {
	artist: "Des'ree",
	auth: 'Logged In',
	firstName: 'Kaylee',
	gender: 'F',
	itemInSession: 1,
	lastName: 'Summers',
	length: 246.30812,
	level: 'free',
	location: 'Phoenix-Mesa-Scottsdale, AZ',
	method: 'PUT',
	page: 'NextSong',
	registration: 1540344794796.0,
	sessionId: 139,
	song: 'You Gotta Be',
	status: 200,
	ts: 1541106106796,
	userAgent: '"Mozilla/5.0 (Windows NT 6.1; WOW64)"',
	userId: '8',
};

function row(record: unknown) {
	return toCopyRow(record, defaultEventKeys, eventColumns, newRepairTally());
}

test('an event becomes one COPY line with its columns in order', () => {
	const result = row(event);
	assert.ok(result.ok);
	const fields = result.row.slice(0, -1).split('\t');
	assert.equal(fields.length, 18);
	assert.equal(fields[0], "Des'ree");
	assert.equal(fields[6], '246.30812');
	assert.equal(fields[11], '1540344794796');
	assert.equal(fields[15], '2018-11-01T21:01:46.796Z');
	assert.equal(fields[16], '"Mozilla/5.0 (Windows NT 6.1; WOW64)"');
	assert.equal(fields[17], '8');
	assert.ok(result.row.endsWith('\n'));
});

test('empty text and nulls become NULL, as EMPTYASNULL does on Redshift', () => {
	const result = row({...event, userId: '', artist: null, length: null, firstName: ''});
	assert.ok(result.ok);
	const fields = result.row.slice(0, -1).split('\t');
	assert.equal(fields[0], '\\N');
	assert.equal(fields[2], '\\N');
	assert.equal(fields[6], '\\N');
	assert.equal(fields[17], '\\N');
});

test('numbers written as text are accepted, wrong types are not', () => {
	assert.ok(row({...event, sessionId: '139', length: '246.5', ts: '1541106106796'}).ok);
	const cases: Array<[Record<string, unknown>, string, RegExp]> = [
		[{ts: 'yesterday'}, 'ts', /epoch milliseconds/],
		[{ts: null}, 'ts', /required/],
		[{sessionId: 1.5}, 'sessionId', /whole number/],
		[{sessionId: 2 ** 40}, 'sessionId', /out of range/],
		[{length: 'long'}, 'length', /should be a number/],
		[{artist: {name: 'x'}}, 'artist', /should be text, is an object/],
		[{userId: 'abc'}, 'userId', /user id/],
		[{sessionId: ''}, 'sessionId', /NextSong event, and songplays\.session_id/],
		[{sessionId: null}, 'sessionId', /is null on a NextSong event/],
		// Cast to INTEGER, two spellings of one number would be one user twice.
		[{userId: '008'}, 'userId', /leading zeros/],
		[{userId: '8.0'}, 'userId', /user id/],
		[{userId: ' 8'}, 'userId', /user id/],
		[{userId: '2147483648'}, 'userId', /user id/],
		[{userId: -1}, 'userId', /user id/],
		[{level: 'gold'}, 'level', /not "free" or "paid"/],
		[{level: null}, 'level', /NextSong/],
		[{song: 'half \ud800 a pair'}, 'song', /lone UTF-16 surrogate/],
	];
	for (const [change, field, reason] of cases) {
		const result = row({...event, ...change});
		assert.equal(result.ok, false, JSON.stringify(change));
		if (!result.ok) {
			assert.equal(result.field, field);
			assert.match(result.reason, reason);
		}
	}
});

test('a missing key loads NULL (as Redshift), unless the field is required; a non-object is reported', () => {
	const {page: _page, ...withoutPage} = event;
	const loaded = row(withoutPage);
	assert.ok(loaded.ok);
	if (loaded.ok) assert.equal(loaded.row.split('\t')[10], '\\N');
	const {ts: _ts, ...withoutTs} = event;
	assert.deepEqual(row(withoutTs), {ok: false, field: 'ts', reason: 'is missing but required'});
	// The rules hold only where they must: a page other than NextSong needs no session.
	assert.ok(row({...event, page: 'Home', sessionId: null, level: null}).ok);
	const array = row([1, 2]);
	assert.equal(array.ok, false);
	if (!array.ok) assert.match(array.reason, /not a JSON object but an array/);
});

test('repaired names are counted per value and per record', () => {
	const tally = newRepairTally();
	toCopyRow({...event, artist: 'BjÃƒÂ¶rk', song: 'JÃƒÂ³ga'}, defaultEventKeys, eventColumns, tally);
	toCopyRow(event, defaultEventKeys, eventColumns, tally);
	assert.deepEqual({values: tally.values, records: tally.records}, {values: 2, records: 1});
});

test('songs are matched by key name and need their ids, title, artist name and duration', () => {
	const song = {
		num_songs: 1,
		artist_id: 'AR1',
		artist_latitude: null,
		artist_longitude: null,
		artist_location: '',
		artist_name: 'A',
		song_id: 'SO1',
		title: 'T',
		duration: 337.68444,
		year: 0,
	};
	const ok = toCopyRow(song, songKeys, songColumns, newRepairTally());
	assert.ok(ok.ok);
	assert.equal(ok.row, '1\tAR1\t\\N\t\\N\t\\N\tA\tSO1\tT\t337.68444\t0\n');
	const bad = toCopyRow({...song, song_id: null}, songKeys, songColumns, newRepairTally());
	assert.equal(bad.ok, false);
});

test('COPY text escapes the characters that would break a row', () => {
	assert.equal(copyTextField('a\tb\nc\\d\re'), 'a\\tb\\nc\\\\d\\re');
	assert.equal(copyTextField(null), '\\N');
	assert.equal(copyTextField(3.5), '3.5');
	assert.equal(copyTextField('plain'), 'plain');
});

test('text holding NUL is refused for that record, since COPY would fail the whole load on it', () => {
	const result = row({...event, song: 'bad\u0000song'});
	assert.ok(!result.ok);
	assert.equal(result.field, 'song');
	assert.match(result.reason, /NUL/);
	assert.ok(row({...event, song: 'tab\tand\nnewline'}).ok);
});

// The generator, checked by re-reading what it wrote with plain code of the test's own.

import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {before, describe, test} from 'node:test';
import {UserError} from '../../source/core/errors.js';
import {generateDataset, type GenerateSummary} from '../../source/etl/generate.js';
import {sampleData} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';

const signal = new AbortController().signal;
const eventKeys = [
	'artist',
	'auth',
	'firstName',
	'gender',
	'itemInSession',
	'lastName',
	'length',
	'level',
	'location',
	'method',
	'page',
	'registration',
	'sessionId',
	'song',
	'status',
	'ts',
	'userAgent',
	'userId',
];
const songKeys = ['num_songs', 'artist_id', 'artist_latitude', 'artist_longitude', 'artist_location', 'artist_name', 'song_id', 'title', 'duration', 'year'];

function filesUnder(root: string): string[] {
	return (fs.readdirSync(root, {recursive: true}) as string[]).filter((name) => fs.statSync(path.join(root, name)).isFile()).sort();
}

function digest(root: string): string {
	const hash = createHash('sha256');
	for (const name of filesUnder(root)) hash.update(name).update(fs.readFileSync(path.join(root, name)));
	return hash.digest('hex');
}

type Event = Record<string, unknown> & {page: string; userId: string; ts: number; level: string; song: string | null; artist: string | null; length: number | null};
type Song = {song_id: string; artist_id: string; title: string; artist_name: string; duration: number};

/** Undo the logs' double encoding the simple way (Latin-1 bytes read as UTF-8, twice). */
const undo = (text: string) => Buffer.from(Buffer.from(text, 'latin1').toString('utf8'), 'latin1').toString('utf8');

describe('generate', () => {
	let out: string;
	let summary: GenerateSummary;
	let events: Event[];
	let songs: Song[];
	let logFiles: string[];

	before(async () => {
		out = path.join(makeTempDir('sparkify-generate'), 'data');
		summary = await generateDataset({out, songs: 300, events: 12_000, seed: 11}, () => {}, signal);
		logFiles = filesUnder(path.join(out, 'log_data'));
		events = logFiles.flatMap((name) =>
			fs
				.readFileSync(path.join(out, 'log_data', name), 'utf8')
				.split('\n')
				.map((line) => JSON.parse(line) as Event),
		);
		songs = filesUnder(path.join(out, 'song_data')).map((name) => JSON.parse(fs.readFileSync(path.join(out, 'song_data', name), 'utf8')) as Song);
	});

	test('the same seed gives the same bytes; another seed does not', async () => {
		const again = path.join(makeTempDir('sparkify-generate-again'), 'data');
		await generateDataset({out: again, songs: 300, events: 12_000, seed: 11}, () => {}, signal);
		assert.equal(digest(again), digest(out));
		const other = path.join(makeTempDir('sparkify-generate-other'), 'data');
		await generateDataset({out: other, songs: 300, events: 12_000, seed: 12}, () => {}, signal);
		assert.notEqual(digest(other), digest(out));
	});

	test("the layout and field shapes are the bucket's", () => {
		for (const name of filesUnder(path.join(out, 'song_data'))) {
			const [a, b, c, file] = name.split(path.sep);
			assert.match(file!, /^TR[A-Z0-9]{16}\.json$/);
			assert.deepEqual([a, b, c], [file![2], file![3], file![4]]);
		}
		for (const name of logFiles) assert.match(name, /^2018\/11\/2018-11-\d\d-events\.json$/);
		for (const song of songs) assert.deepEqual(Object.keys(song), songKeys);
		for (const event of events) assert.deepEqual(Object.keys(event), eventKeys);
		for (const event of events) {
			assert.equal(typeof event.userId, 'string');
			assert.equal(typeof event.ts, 'number');
		}
		const someLog = fs.readFileSync(path.join(out, 'log_data', logFiles[0]!), 'utf8');
		assert.ok(!someLog.endsWith('\n'), 'no newline after the last line, like the sample');
		assert.match(someLog, /"registration":\d+\.0,/);
		assert.match(someLog, /"userAgent":"\\"Mozilla\\\/5\.0/);
		const someSong = fs.readFileSync(path.join(out, 'song_data', filesUnder(path.join(out, 'song_data'))[0]!), 'utf8');
		assert.match(someSong, /^\{"num_songs": 1, "artist_id": "AR[A-Z0-9]{16}", /);
		assert.equal(fs.readFileSync(path.join(out, 'log_json_path.json'), 'utf8'), fs.readFileSync(path.join(sampleData, 'log_json_path.json'), 'utf8'));
		for (const name of logFiles) {
			const times = fs
				.readFileSync(path.join(out, 'log_data', name), 'utf8')
				.split('\n')
				.map((line) => (JSON.parse(line) as Event).ts);
			assert.deepEqual(
				times,
				[...times].sort((x, y) => x - y),
				`${name} is in time order`,
			);
		}
	});

	test('the summary equals a recount of the files', () => {
		assert.equal(events.length, 12_000);
		assert.equal(songs.length, 300);
		assert.deepEqual(
			{songs: summary.songs, artists: summary.artists, events: summary.events, nextSongEvents: summary.nextSongEvents, users: summary.users, files: summary.files},
			{
				songs: songs.length,
				artists: new Set(songs.map((song) => song.artist_id)).size,
				events: events.length,
				nextSongEvents: events.filter((event) => event.page === 'NextSong').length,
				users: new Set(events.map((event) => event.userId).filter(Boolean)).size,
				files: filesUnder(out).filter((name) => name.endsWith('.json')).length,
			},
		);
		const bytes = filesUnder(out)
			.filter((name) => name.endsWith('.json'))
			.reduce((sum, name) => sum + fs.statSync(path.join(out, name)).size, 0);
		assert.equal(summary.bytes, bytes);
	});

	test('popularity is skewed: the top 1% of songs are played far more than the bottom half', () => {
		const plays = new Map<string, number>();
		const byKey = new Map(songs.map((song) => [`${song.title}|${song.artist_name}`, song.song_id]));
		for (const event of events) {
			if (event.page !== 'NextSong') continue;
			const id = byKey.get(`${undo(event.song!)}|${undo(event.artist!)}`) ?? byKey.get(`${event.song}|${event.artist}`);
			if (id) plays.set(id, (plays.get(id) ?? 0) + 1);
		}
		const counts = songs.map((song) => plays.get(song.song_id) ?? 0).sort((x, y) => y - x);
		const top = counts.slice(0, Math.ceil(counts.length / 100)).reduce((a, b) => a + b, 0);
		const bottomHalf = counts.slice(Math.floor(counts.length / 2)).reduce((a, b) => a + b, 0);
		assert.ok(top > 2 * bottomHalf, `top 1%: ${top} plays, bottom half: ${bottomHalf}`);
	});

	test('sessions, level changes, logged-out visitors and the page mix look like the real logs', () => {
		const nextSongShare = events.filter((event) => event.page === 'NextSong').length / events.length;
		assert.ok(nextSongShare > 0.78 && nextSongShare < 0.9, `NextSong share ${nextSongShare}`);
		const loggedOut = events.filter((event) => event.userId === '');
		assert.ok(loggedOut.length > 0);
		assert.ok(loggedOut.every((event) => event.auth === 'Logged Out' && event.firstName === null && event.page !== 'NextSong'));
		const levels = new Map<string, Set<string>>();
		for (const event of events.filter((event) => event.userId)) levels.set(event.userId, (levels.get(event.userId) ?? new Set()).add(event.level));
		assert.ok([...levels.values()].filter((seen) => seen.size === 2).length >= 2, 'some users moved between free and paid');
		assert.ok(events.some((event) => event.page === 'Submit Upgrade'));
		const pages = new Set(events.map((event) => event.page));
		for (const page of ['Home', 'Login', 'Logout', 'Settings', 'Help', 'About', 'Downgrade']) assert.ok(pages.has(page), page);
		const session = events.filter((event) => event.sessionId === events[100]!.sessionId).map((event) => event.itemInSession);
		assert.deepEqual(
			session,
			session.map((_, index) => index),
			'itemInSession counts up within a session',
		);
	});

	test('most plays match a song exactly; some do not; some names are double-encoded', () => {
		const catalogue = new Set(songs.map((song) => `${song.title}|${song.artist_name}|${song.duration}`));
		const plays = events.filter((event) => event.page === 'NextSong');
		const matched = plays.filter(
			(play) => catalogue.has(`${undo(play.song!)}|${undo(play.artist!)}|${play.length}`) || catalogue.has(`${play.song}|${play.artist}|${play.length}`),
		);
		const share = matched.length / plays.length;
		assert.ok(share > 0.75 && share < 0.95, `matched share ${share}`);
		const mangled = plays.filter((play) => /Ã/.test(`${play.song}${play.artist}`));
		assert.ok(mangled.length > 0, 'some names are double-encoded');
		assert.ok(
			songs.every((song) => !/Ã/.test(song.title + song.artist_name)),
			'song files keep correct names',
		);
	});

	test("another generation replaces its own output, but never someone else's folder", async () => {
		const folder = makeTempDir('sparkify-generate-foreign');
		fs.writeFileSync(path.join(folder, 'notes.txt'), 'mine');
		await assert.rejects(
			generateDataset({out: folder, songs: 5, events: 10, seed: 1}, () => {}, signal),
			(error: unknown) => error instanceof UserError && error.code === 'generate_out_not_empty',
		);
		const replaced = await generateDataset({out, songs: 5, events: 10, seed: 1}, () => {}, signal);
		assert.equal(filesUnder(path.join(out, 'song_data')).length, 5);
		assert.equal(replaced.events, 10);
	});

	test('bad options are refused with the reason', async () => {
		const folder = path.join(makeTempDir('sparkify-generate-bad'), 'x');
		await assert.rejects(
			generateDataset({out: folder, songs: 0, events: 10, seed: 1}, () => {}, signal),
			/--songs must be a whole number of at least 1/,
		);
		await assert.rejects(
			generateDataset({out: folder, songs: 5, events: -1, seed: 1}, () => {}, signal),
			/--events/,
		);
		await assert.rejects(
			generateDataset({out: folder, songs: 5, events: 5, seed: 1, startDate: 'soon'}, () => {}, signal),
			/not a date/,
		);
	});
});

// `sparkify-dwh profile` on real files: the sample's numbers equal both PROVENANCE.md and an
// independent plain reading; bad lines are counted, not fatal; Ctrl-C stops it; a generated
// set profiles to exactly what the generator was asked for; the files are read as they are
// listed, never listed whole first; a play matches only its own song's title and artist.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {Readable} from 'node:stream';
import {before, describe, test} from 'node:test';
import type {Context} from '../../source/core/context.js';
import {CancelledError} from '../../source/core/errors.js';
import type {StepEvent} from '../../source/core/events.js';
import type {FrontEnd, Outcome} from '../../source/core/front-end.js';
import {noLog} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {generateDataset} from '../../source/etl/generate.js';
import {localFolderSource, type DataSource, type Listed, type SourceFile, type SourceKind, type StreamOptions} from '../../source/etl/source.js';
import {profileSource} from '../../source/profile/profiler.js';
import type {SourceProfile} from '../../source/profile/types.js';
import {profileStep} from '../../source/steps/profile.js';
import {sampleData} from '../support/paths.js';
import {runCommand} from '../support/command.js';
import {defaultInput} from '../../source/cli/args.js';
import {execute} from '../../source/cli/dispatch.js';
import {profileExpectations, type ProfileExpectations} from '../support/profile-reference.js';
import {makeTempDir, sampleWithRepeatedLogs, sourceWithExtraLogLines} from '../support/tmp.js';

const signal = new AbortController().signal;
const ctx: Context = {paths: homePaths({SPARKIFY_DWH_HOME: makeTempDir('sparkify-profile-home')}), log: noLog, env: {}};
const toNumber = (text: string) => Number(text.replace(/,/g, ''));

/** The numbers PROVENANCE.md states, read from its "Counts" table and page list. */
function provenance(): {
	songFiles: number;
	logFiles: number;
	songBytes: number;
	logBytes: number;
	events: number;
	nextSong: number;
	players: number;
	users: number;
	emptyUserId: number;
	songs: number;
	songIds: number;
	artists: number;
	minTs: number;
	maxTs: number;
	minIso: string;
	maxIso: string;
	pages: Map<string, number>;
} {
	const text = fs.readFileSync(path.join(sampleData, 'PROVENANCE.md'), 'utf8');
	const counts = text.slice(text.indexOf('## Counts'));
	const table = new Map<string, string>();
	for (const line of counts.split('\n')) {
		const cells = /^\|\s*(.+?)\s*\|\s*(.+?)\s*\|$/.exec(line.trim());
		if (cells && !/^-+$/.test(cells[1]!)) table.set(cells[1]!, cells[2]!);
	}
	const cell = (name: string, pattern: RegExp) => {
		const value = table.get(name);
		assert.ok(value, `PROVENANCE.md has a "${name}" row`);
		const match = pattern.exec(value);
		assert.ok(match, `"${value}" reads as ${pattern}`);
		return match;
	};
	const files = cell('files (excluding this PROVENANCE.md)', /= ([\d,]+) song \+ ([\d,]+) log/);
	const bytes = cell('total bytes (same 102 files)', /songs ([\d,]+); logs ([\d,]+)/);
	const players = cell('distinct non-empty userId among NextSong events', /^([\d,]+) \(([\d,]+) across all events; ([\d,]+) events have empty userId\)/);
	const songs = cell('songs (song files / distinct song_id)', /^([\d,]+) \/ ([\d,]+)$/);
	const minTs = cell('min ts', /^(\d+) = (\S+)$/);
	const maxTs = cell('max ts', /^(\d+) = (\S+)$/);
	const pageList = /Page counts: ([^.]+)\./.exec(text.replace(/\n/g, ' '));
	assert.ok(pageList, 'PROVENANCE.md lists page counts');
	const pages = new Map(
		pageList[1]!.split(',').map((entry) => {
			const match = /^\s*(.+?) (\d+)\s*$/.exec(entry)!;
			return [match[1]!, Number(match[2])] as const;
		}),
	);
	return {
		songFiles: toNumber(files[1]!),
		logFiles: toNumber(files[2]!),
		songBytes: toNumber(bytes[1]!),
		logBytes: toNumber(bytes[2]!),
		events: toNumber(cell('log events (lines)', /^([\d,]+)$/)[1]!),
		nextSong: toNumber(cell("events with page = 'NextSong'", /^([\d,]+)$/)[1]!),
		players: toNumber(players[1]!),
		users: toNumber(players[2]!),
		emptyUserId: toNumber(players[3]!),
		songs: toNumber(songs[1]!),
		songIds: toNumber(songs[2]!),
		artists: toNumber(cell('distinct artist_id', /^([\d,]+)$/)[1]!),
		minTs: Number(minTs[1]),
		minIso: minTs[2]!,
		maxTs: Number(maxTs[1]),
		maxIso: maxTs[2]!,
		pages,
	};
}

function pageMap(profile: SourceProfile): Map<string, number> {
	return new Map(profile.events.pages.map(({page, count}) => [page, count]));
}

describe('profile of the Sparkify sample', () => {
	let profile: SourceProfile;
	let expected: ProfileExpectations;
	const events: StepEvent[] = [];

	before(async () => {
		profile = await profileStep.run(ctx, {source: localFolderSource(sampleData)}, (event) => events.push(event), signal);
		expected = profileExpectations(sampleData);
	});

	test('its numbers are those PROVENANCE.md states', () => {
		const stated = provenance();
		assert.equal(profile.songs.files, stated.songFiles);
		assert.equal(profile.events.files, stated.logFiles);
		assert.equal(profile.songs.bytes, stated.songBytes);
		assert.equal(profile.events.bytes, stated.logBytes);
		assert.equal(profile.events.records, stated.events);
		assert.equal(profile.events.nextSong, stated.nextSong);
		assert.equal(profile.events.nextSongUsers, stated.players);
		assert.equal(profile.events.distinct.userId, stated.users);
		assert.equal(profile.events.emptyUserId, stated.emptyUserId);
		assert.equal(profile.songs.records, stated.songs);
		assert.equal(profile.songs.distinct.song_id, stated.songIds);
		assert.equal(profile.songs.distinct.artist_id, stated.artists);
		assert.equal(profile.events.ranges.ts.min, stated.minTs);
		assert.equal(profile.events.ranges.ts.max, stated.maxTs);
		assert.equal(profile.events.time.first, stated.minIso);
		assert.equal(profile.events.time.last, stated.maxIso);
		assert.deepEqual(pageMap(profile), stated.pages);
		assert.equal(profile.songs.malformed + profile.events.malformed, 0, 'every file parses');
		assert.equal(profile.songs.recordsWithInvalidFields + profile.events.recordsWithInvalidFields, 0);
	});

	test('its numbers equal an independent plain reading of the files', () => {
		assert.equal(profile.events.records, expected.events);
		assert.equal(profile.events.nextSong, expected.nextSong);
		assert.equal(profile.events.nextSongUsers, expected.players);
		assert.equal(profile.events.emptyUserId, expected.emptyUserId);
		assert.deepEqual(pageMap(profile), expected.pages);
		assert.deepEqual(
			profile.events.pages.map((page) => page.count),
			[...expected.pages.values()].sort((a, b) => b - a),
			'sorted by count',
		);
		assert.equal(profile.events.levelChangers, expected.levelChangers);
		assert.ok(expected.levelChangers > 0, 'some users changed level');
		assert.deepEqual(profile.events.match, {plays: expected.nextSong, matched: expected.matchedPlays, share: expected.matchedPlays / expected.nextSong});
		assert.equal(profile.events.doubleEncoded.values, expected.doubleEncodedEventValues);
		assert.equal(profile.events.doubleEncoded.records, expected.doubleEncodedEvents);
		assert.equal(profile.songs.doubleEncoded.values, expected.doubleEncodedSongValues);
		assert.ok(expected.doubleEncodedEvents > 300, 'the sample has its known double-encoded names');
		assert.equal(profile.events.ranges.ts.min, expected.minTs);
		assert.equal(profile.events.ranges.ts.max, expected.maxTs);
		assert.equal(profile.songs.records, expected.songs);
		assert.equal(profile.songs.distinct.artist_id, expected.artistIds);
	});

	test('field shares: logged-out events miss their names, and empty userId is empty, not missing', () => {
		const share = expected.emptyUserId / expected.events;
		assert.equal(profile.events.fields.userId!.emptyShare, share);
		assert.equal(profile.events.fields.userId!.missing, 0);
		assert.equal(profile.events.fields.firstName!.missingShare, share);
		assert.equal(profile.events.fields.page!.missing, 0);
		assert.equal(profile.events.fields.song!.missing, expected.events - expected.nextSong);
		assert.ok(profile.songs.yearZero > 0 && profile.songs.ranges.year.min! > 0, 'year 0 is counted, not a minimum');
	});

	test('it reports files and bytes with their totals, for songs and for events', () => {
		for (const task of ['songs', 'events']) {
			const progress = events.filter((event): event is Extract<StepEvent, {type: 'progress'}> => event.type === 'progress' && event.task === task);
			assert.ok(progress.length >= 2, `${task} reports progress`);
			assert.ok(progress.every((event) => event.step === 'profile'));
			const last = progress.at(-1)!;
			assert.equal(last.state, 'done');
			assert.equal(last.counters.files?.done, last.counters.files?.total);
			assert.equal(last.counters.bytes?.done, last.counters.bytes?.total);
			assert.equal(last.counters.bytes?.total, task === 'songs' ? profile.songs.bytes : profile.events.bytes);
		}
	});

	test('the command hands the front end the profile as JSON and the report as lines', async () => {
		const outcomes: Outcome[] = [];
		const frontEnd = {
			report: () => {},
			notice: () => {},
			confirm: async () => true,
			outcome: (outcome: Outcome) => outcomes.push(outcome),
			failure: () => {},
		} as unknown as FrontEnd;
		const code = await runCommand('profile', {source: sampleData}, {ctx, frontEnd, signal});
		assert.equal(code, 0);
		const [outcome] = outcomes;
		assert.equal(outcome?.command, 'profile');
		assert.equal(outcome.ok, true);
		const data = JSON.parse(JSON.stringify(outcome.data)) as SourceProfile;
		assert.equal(data.events.records, expected.events);
		assert.equal(data.events.match.matched, expected.matchedPlays);
		assert.ok(outcome.summary.some((line) => line.includes('8,056')));
		assert.ok(outcome.summary.every((line) => line.length <= 80));
	});
});

describe('profile of bad input', () => {
	test('a malformed line, a wrong-typed field and a broken song file are counted with file and line', async () => {
		const goodLine = fs.readFileSync(path.join(sampleData, 'log_data', '2018', '11', '2018-11-05-events.json'), 'utf8').split('\n')[3]!;
		const good = JSON.parse(goodLine) as Record<string, unknown>;
		const root = sourceWithExtraLogLines(sampleData, [
			'{"artist": "Broken", "auth": "Logged In"',
			JSON.stringify({...good, ts: 'yesterday'}),
			'',
			'[1, 2, 3]',
			JSON.stringify({...good, length: {seconds: 3}, userId: 'abc'}),
			JSON.stringify({...good, page: 'NextSong', sessionId: null}),
		]);
		fs.writeFileSync(path.join(root, 'song_data', 'broken.json'), '{"num_songs": 1, "artist_id": "AR1",\n"title": ');
		fs.writeFileSync(
			path.join(root, 'song_data', 'typed.json'),
			JSON.stringify({
				num_songs: 1,
				artist_id: 'AR2',
				artist_latitude: null,
				artist_longitude: null,
				artist_location: '',
				artist_name: 'X',
				song_id: 'SO2',
				title: 'Y',
				duration: 'long',
				year: 1999,
			}),
		);
		const plain = profileExpectations(sourceWithExtraLogLines(sampleData, []));

		const profile = await profileSource(localFolderSource(root), () => {}, signal);
		const extra = 'log_data/2018/11/2018-11-99-extra.json';
		assert.equal(profile.events.records, plain.events + 3);
		assert.equal(profile.events.malformed, 2);
		assert.equal(profile.events.recordsWithInvalidFields, 3);
		assert.equal(profile.events.fields.ts!.invalid, 1);
		assert.equal(profile.events.fields.length!.invalid, 1);
		assert.equal(profile.events.fields.userId!.invalid, 1);
		assert.equal(profile.songs.records, 72);
		assert.equal(profile.songs.malformed, 1, 'the broken song file is one object cut short, as Redshift reads it');
		assert.equal(profile.songs.fields.duration!.invalid, 1);
		assert.deepEqual(
			profile.issues.map(({file, line, field}) => ({file, line, field})),
			[
				{file: 'song_data/broken.json', line: 1, field: undefined},
				{file: 'song_data/typed.json', line: 1, field: 'duration'},
				{file: extra, line: 1, field: undefined},
				{file: extra, line: 2, field: 'ts'},
				{file: extra, line: 4, field: undefined},
				{file: extra, line: 5, field: 'length'},
				{file: extra, line: 6, field: 'sessionId'},
			],
		);
		assert.match(profile.issues[2]!.reason, /not valid JSON/);
		assert.match(profile.issues[4]!.reason, /not a JSON object/);
	});

	test('records split across chunks, CRLF endings and a last line without newline are read whole', async () => {
		const lines = ['{"page":"NextSong","userId":"1","ts":5}', '{"page":"Home","userId":"","ts":7}', '{"page":"Home","userId":"2","ts":3}'];
		const bytes = Buffer.from(lines.join('\r\n'));
		const file: SourceFile = {name: 'log_data/a.json', size: bytes.length, location: 'a'};
		const source: DataSource = {
			label: 'memory',
			listFiles: async (kind: SourceKind) => ({files: kind === 'events' ? [file] : [], skipped: []}),
			// Three bytes at a time: every line straddles chunks.
			open: () => Readable.from(Array.from({length: Math.ceil(bytes.length / 3)}, (_, index) => bytes.subarray(index * 3, index * 3 + 3))),
			readJsonPaths: async () => undefined,
		};
		const profile = await profileSource(source, () => {}, signal);
		assert.equal(profile.events.records, 3);
		assert.equal(profile.events.malformed, 0);
		assert.deepEqual(profile.events.ranges.ts, {count: 3, min: 3, max: 7});
		assert.equal(profile.events.emptyUserId, 1);
		assert.equal(profile.events.bytes, bytes.length);
		assert.equal(profile.jsonPaths, 'default');
	});
});

describe('cancelling a profile', () => {
	test('an abort while events are read stops it with a CancelledError, part-way', async () => {
		const root = sampleWithRepeatedLogs(sampleData, 8);
		const controller = new AbortController();
		const progress: Array<Extract<StepEvent, {type: 'progress'}>> = [];
		const report = (event: StepEvent) => {
			if (event.type !== 'progress' || event.task !== 'events') return;
			progress.push(event);
			if ((event.counters.bytes?.done ?? 0) > 0 && !controller.signal.aborted) controller.abort();
		};
		await assert.rejects(profileSource(localFolderSource(root), report, controller.signal), CancelledError);
		const last = progress.at(-1)!;
		assert.equal(last.state, 'failed');
		assert.ok(last.counters.bytes!.done < last.counters.bytes!.total!, 'it stopped before the end');
	});

	test('the command stopped says what a profile leaves: nothing changed, not a load\'s "nothing committed"', async () => {
		const controller = new AbortController();
		const failures: unknown[] = [];
		const frontEnd = {
			report: (event: StepEvent) => {
				if (event.type === 'progress' && event.task === 'songs' && !controller.signal.aborted) controller.abort();
			},
			notice: () => {},
			confirm: async () => true,
			outcome: () => {},
			failure: (error: unknown) => failures.push(error),
		} as unknown as FrontEnd;
		const {exit} = await execute('profile', {...defaultInput('profile', {}), source: sampleWithRepeatedLogs(sampleData, 2)}, {ctx, frontEnd, signal: controller.signal});
		assert.equal(exit, 130);
		const hint = (failures[0] as {hint?: string}).hint ?? '';
		assert.match(hint, /profile was stopped; it only reads the source and changes nothing/);
		assert.doesNotMatch(hint, /committed/);
	});

	test('an abort before it starts reads nothing', async () => {
		const controller = new AbortController();
		controller.abort();
		let opened = 0;
		const folder = localFolderSource(sampleData);
		const source: DataSource = {
			...folder,
			label: folder.label,
			listFiles: folder.listFiles,
			readJsonPaths: folder.readJsonPaths,
			open: (file) => {
				opened++;
				return folder.open(file);
			},
		};
		await assert.rejects(
			profileSource(source, () => {}, controller.signal),
			CancelledError,
		);
		assert.equal(opened, 0);
	});
});

describe('profile of a generated dataset', () => {
	test('counts equal what the generator was asked for', async () => {
		const out = path.join(makeTempDir('sparkify-profile-generated'), 'data');
		const asked = {songs: 300, events: 5000, seed: 11};
		const summary = await generateDataset({out, ...asked}, () => {}, signal);
		const profile = await profileSource(localFolderSource(out), () => {}, signal);
		assert.equal(profile.songs.records, asked.songs);
		assert.equal(profile.songs.files, asked.songs);
		assert.equal(profile.songs.distinct.song_id, asked.songs);
		assert.equal(profile.songs.distinct.artist_id, summary.artists);
		assert.equal(profile.events.records, asked.events);
		assert.equal(profile.events.nextSong, summary.nextSongEvents);
		assert.equal(profile.events.distinct.userId, summary.users);
		assert.equal(profile.songs.files + profile.events.files + 1, summary.files);
		const jsonPaths = fs.statSync(path.join(out, 'log_json_path.json')).size;
		assert.equal(profile.songs.bytes + profile.events.bytes + jsonPaths, summary.bytes);
		assert.equal(profile.songs.malformed + profile.events.malformed, 0);
		assert.equal(profile.jsonPaths, 'source');
		const expected = profileExpectations(out);
		assert.equal(profile.events.match.matched, expected.matchedPlays);
		assert.equal(profile.events.doubleEncoded.values, expected.doubleEncodedEventValues);
		assert.equal(profile.events.levelChangers, expected.levelChangers);
	});
});

describe('a profile of many files', () => {
	test('reads the files as the listing finds them: never listed whole, never more than a few ahead', async () => {
		const songFiles = 400;
		const song = (index: number) =>
			Buffer.from(
				JSON.stringify({
					num_songs: 1,
					artist_id: `AR${index}`,
					artist_latitude: null,
					artist_longitude: null,
					artist_location: '',
					artist_name: `Artist ${index}`,
					song_id: `SO${index}`,
					title: `Song ${index}`,
					duration: 200 + index,
					year: 2000,
				}),
			);
		const play = Buffer.from(
			`${JSON.stringify({artist: 'Artist 7', auth: 'Logged In', firstName: 'A', gender: 'F', itemInSession: 0, lastName: 'B', length: 207.5, level: 'free', location: 'X', method: 'PUT', page: 'NextSong', registration: 1, sessionId: 1, song: 'Song 7', status: 200, ts: 1541105830796, userAgent: 'U', userId: '1'})}\n`,
		);
		const files = (kind: SourceKind): SourceFile[] =>
			kind === 'songs'
				? Array.from({length: songFiles}, (_, index) => ({name: `song_data/${String(index).padStart(4, '0')}.json`, size: song(index).length, location: `song:${index}`}))
				: [{name: 'log_data/2018/11/a.json', size: play.length, location: 'log'}];
		/** The reading's own listing: how far it has gone, against the files opened. */
		const read = {listed: 0, opened: 0, mostAhead: 0};
		const source: DataSource = {
			label: 'memory',
			listFiles: async () => {
				throw new Error('the profile asked for the whole listing at once');
			},
			async *streamFiles(kind: SourceKind, options: StreamOptions = {}): AsyncGenerator<Listed> {
				for (const file of files(kind)) {
					// Only the reading's listing counts here (readUpTo); the count ahead lists on its own.
					if (kind === 'songs' && options.readUpTo !== undefined) {
						read.listed++;
						read.mostAhead = Math.max(read.mostAhead, read.listed - read.opened);
					}
					yield file;
				}
			},
			open(file) {
				if (file.location.startsWith('song:')) read.opened++;
				return Readable.from([file.location === 'log' ? play : song(Number(file.location.slice(5)))]);
			},
			readJsonPaths: async () => undefined,
		};
		const progress: Array<Extract<StepEvent, {type: 'progress'}>> = [];
		const profile = await profileSource(source, (event) => event.type === 'progress' && progress.push(event), signal);
		assert.equal(profile.songs.files, songFiles);
		assert.equal(profile.songs.records, songFiles);
		assert.equal(read.listed, songFiles);
		assert.ok(read.mostAhead <= 40, `at most a few dozen files listed ahead of the one read (${read.mostAhead})`);
		assert.equal(profile.events.match.matched, 1, 'the play of Song 7 matches it');
		const songsDone = progress.filter((event) => event.task === 'songs').at(-1)!;
		assert.deepEqual(songsDone.counters.files, {done: songFiles, total: songFiles});
	});

	test('a play matches only the song of its own title and artist, however the two could be joined', async () => {
		const root = makeTempDir('sparkify-profile-catalogue');
		fs.mkdirSync(path.join(root, 'song_data'), {recursive: true});
		fs.mkdirSync(path.join(root, 'log_data'), {recursive: true});
		// Titles and names that run together the same way ("abc", and the same with quotes).
		const songs = [
			{title: 'ab', artist_name: 'c', duration: 100},
			{title: 'a', artist_name: 'bc', duration: 200},
			{title: 'x","y', artist_name: 'z', duration: 300},
			{title: 'x', artist_name: 'y","z', duration: 400},
		];
		for (const [index, song] of songs.entries()) {
			const record = {num_songs: 1, artist_id: `AR${index}`, artist_latitude: null, artist_longitude: null, artist_location: '', song_id: `SO${index}`, year: 2000, ...song};
			fs.writeFileSync(path.join(root, 'song_data', `${index}.json`), JSON.stringify(record));
		}
		const plays = [
			{song: 'ab', artist: 'c', length: 100.5}, // its own song: matched
			{song: 'a', artist: 'bc', length: 100.5}, // the other "abc": 100 s away from its own song
			{song: 'x","y', artist: 'z', length: 300}, // matched
			{song: 'x', artist: 'y","z', length: 300}, // its own song is 400 s long
		];
		const base = {
			auth: 'Logged In',
			firstName: 'A',
			gender: 'F',
			itemInSession: 0,
			lastName: 'B',
			level: 'free',
			location: 'X',
			method: 'PUT',
			page: 'NextSong',
			registration: 1,
			sessionId: 1,
			status: 200,
			userAgent: 'U',
			userId: '1',
		};
		const lines = plays.map((played, index) => JSON.stringify({...base, ...played, ts: 1541105830796 + index}));
		fs.writeFileSync(path.join(root, 'log_data', 'a.json'), `${lines.join('\n')}\n`);
		const profile = await profileSource(localFolderSource(root), () => {}, signal);
		assert.equal(profile.events.match.plays, 4);
		assert.equal(profile.events.match.matched, 2);
	});
});

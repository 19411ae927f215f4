// A corpus of bad and odd input, each case with its expected outcome, loaded into a real
// PostgreSQL: which rows arrive, which records are rejected (file, line, field, reason),
// which entries of the source are not read and why. After every load the staging counts are
// checked and the quality checks must pass (never exit 0 with wrong data); a case with a
// rejected record must fail the load under the default --max-errors 0 and change nothing;
// and the profiler must give the same verdicts as the loader, on the same bytes.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {after, before, describe, test} from 'node:test';
import type {Context} from '../../source/core/context.js';
import {UserError} from '../../source/core/errors.js';
import {localFolderSource} from '../../source/etl/source.js';
import {profileSource} from '../../source/profile/profiler.js';
import {checkStep} from '../../source/steps/check.js';
import {etlStep, type EtlResult} from '../../source/steps/etl.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {queryRows} from '../support/database.js';
import {sampleData} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';
import {warehouseWithTables} from '../support/warehouse.js';

const signal = new AbortController().signal;
const logName = '2018-11-05-events.json';
const baseLog = fs.readFileSync(path.join(sampleData, 'log_data', '2018', '11', logName), 'utf8');
const baseEvents = baseLog.split('\n').filter((line) => line.trim()).length;
const baseSongs = fs.readdirSync(path.join(sampleData, 'song_data'), {recursive: true}).filter((name) => String(name).endsWith('.json')).length;
const logs = 'log_data/2018/11';
const play = JSON.parse(baseLog.split('\n').find((line) => line.includes('"page":"NextSong"'))!) as Record<string, unknown>;
const home = JSON.parse(baseLog.split('\n').find((line) => !line.includes('"page":"NextSong"'))!) as Record<string, unknown>;
const song = {
	num_songs: 1,
	artist_id: 'ARCORPUS01',
	artist_latitude: null,
	artist_longitude: null,
	artist_location: 'Here',
	artist_name: 'Corpus',
	song_id: 'SOCORPUS01',
	title: 'Odd Input',
	duration: 200.5,
	year: 2001,
};

/** A log line: the play with some fields changed (undefined drops the key). */
function playWith(change: Record<string, unknown>): string {
	const record: Record<string, unknown> = {...play, ...change};
	for (const [key, value] of Object.entries(change)) if (value === undefined) delete record[key];
	return JSON.stringify(record);
}

function write(root: string, name: string, content: string | Buffer): void {
	const file = path.join(root, name);
	fs.mkdirSync(path.dirname(file), {recursive: true});
	fs.writeFileSync(file, content);
}

type Expected = {file: string; line: number; field?: string; reason: RegExp};

type Case = {
	readonly name: string;
	build(root: string): void;
	readonly acceptInvalidChars?: string;
	/** staging_events rows beyond the base log file's; staging_songs rows beyond the sample's. */
	readonly events?: number;
	readonly songs?: number;
	readonly rejected?: readonly Expected[];
	readonly skipped?: ReadonlyArray<{name: string; reason: RegExp}>;
	check?(url: string, result: EtlResult): Promise<void>;
};

const extra = `${logs}/extra.json`;
const rejectedAt = (line: number, field: string | undefined, reason: RegExp, file = extra): Expected => ({file, line, ...(field ? {field} : {}), reason});

const cases: Case[] = [
	// ---- links and loops
	{
		name: 'a folder link back up (a loop) is read once and named',
		build: (root) => fs.symlinkSync('..', path.join(root, logs, 'again')),
		skipped: [{name: `${logs}/again/`, reason: /a link to log_data\/2018\/, a folder already read \(a loop\)/}],
	},
	{
		name: 'a second symbolic link to a log file is read once and named',
		build: (root) => fs.symlinkSync(logName, path.join(root, logs, 'copy.json')),
		skipped: [{name: `${logs}/copy.json`, reason: new RegExp(`the same file as ${logs}/${logName}`)}],
	},
	{
		name: 'a hard link to a log file is read once and named',
		build: (root) => fs.linkSync(path.join(root, logs, logName), path.join(root, logs, 'a-hard-link.json')),
		skipped: [{name: `${logs}/a-hard-link.json`, reason: /the same file as/}],
	},
	{
		name: 'a link to nothing, not named as data, is named',
		build: (root) => fs.symlinkSync('nowhere', path.join(root, logs, 'notes')),
		skipped: [{name: `${logs}/notes`, reason: /a link to nothing \(ENOENT\)/}],
	},
	{
		name: 'a link to a folder outside the source is followed',
		build(root) {
			const outside = makeTempDir('sparkify-outside');
			write(outside, 'more.json', [playWith({ts: 1541999999000}), playWith({ts: 1541999999001})].join('\n'));
			fs.symlinkSync(outside, path.join(root, 'log_data', 'linked'));
		},
		events: 2,
	},
	// ---- names
	{name: 'an upper-case .JSON file is loaded', build: (root) => write(root, `${logs}/UPPER.JSON`, playWith({ts: 1541999999000})), events: 1},
	{
		name: 'files of other kinds are not loaded, and named',
		build: (root) => {
			write(root, `${logs}/notes.txt`, playWith({}));
			write(root, 'song_data/README.md', '# songs');
		},
		skipped: [
			{name: `${logs}/notes.txt`, reason: /not a \.json or \.json\.gz file/},
			{name: 'song_data/README.md', reason: /not a \.json/},
		],
	},
	// ---- gzip
	{
		name: 'a gzip log file is read, and its compressed bytes are what is counted',
		build: (root) => write(root, `${logs}/packed.json.gz`, zlib.gzipSync(baseLog)),
		events: baseEvents,
		async check(_url, result) {
			const events = result.staging.find((load) => load.table === 'staging_events')!;
			const stored = fs.statSync(path.join(sampleData, 'log_data', '2018', '11', logName)).size + zlib.gzipSync(baseLog).length;
			assert.equal(events.bytes, stored);
			assert.equal(events.files, 2);
		},
	},
	{name: 'gzip named .Json.GZ is read', build: (root) => write(root, `${logs}/packed.Json.GZ`, zlib.gzipSync(playWith({ts: 1541999999000}))), events: 1},
	{
		name: 'gzip under a .json name is known by its first bytes',
		build: (root) => write(root, `${logs}/secretly-packed.json`, zlib.gzipSync(playWith({ts: 1541999999000}))),
		events: 1,
	},
	{
		name: 'a song file in gzip is read',
		build: (root) => write(root, 'song_data/Z/packed.json.gz', zlib.gzipSync(JSON.stringify(song))),
		songs: 1,
	},
	{
		name: 'a gzip file cut short is a bad record where it stops',
		build(root) {
			const lines = Array.from({length: 400}, (_, index) => playWith({ts: 1541990000000 + index, song: `Song ${index} ${'x'.repeat(index % 37)}`}));
			const packed = zlib.gzipSync(lines.join('\n'));
			write(root, `${logs}/extra.json.gz`, packed.subarray(0, Math.floor(packed.length / 2)));
		},
		rejected: [{file: `${logs}/extra.json.gz`, line: -1, reason: /gzip that is cut short or corrupt/}],
		events: -1,
	},
	{
		name: 'corrupt gzip is a bad record',
		build: (root) => write(root, `${logs}/extra.json.gz`, Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(30, 0x55)])),
		rejected: [{file: `${logs}/extra.json.gz`, line: 1, reason: /gzip that is cut short or corrupt/}],
	},
	{name: 'an empty .gz file holds nothing', build: (root) => write(root, `${logs}/empty.json.gz`, Buffer.alloc(0))},
	// ---- byte order marks and encodings
	{
		name: 'a UTF-8 byte order mark on a log file is skipped',
		build: (root) => write(root, extra, `\ufeff${playWith({ts: 1541999999000})}\n${playWith({ts: 1541999999001})}`),
		events: 2,
	},
	{name: 'a UTF-8 byte order mark on a song file is skipped', build: (root) => write(root, 'song_data/Z/bom.json', `\ufeff${JSON.stringify(song)}`), songs: 1},
	{
		name: 'a UTF-16 file is refused at its first line',
		build: (root) => write(root, extra, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(playWith({}), 'utf16le')])),
		rejected: [rejectedAt(1, undefined, /UTF-16/)],
	},
	{
		name: 'bytes that are not UTF-8 reject the record, naming the field',
		build: (root) =>
			write(root, extra, Buffer.concat([Buffer.from(playWith({artist: 'Bj@rk'}).split('@')[0]!), Buffer.from([0xf6]), Buffer.from(playWith({artist: 'Bj@rk'}).split('@')[1]!)])),
		rejected: [rejectedAt(1, 'artist', /not valid UTF-8 .*0xf6/)],
	},
	{
		name: '--accept-invalid-chars replaces each invalid byte, and counts it',
		build: (root) =>
			write(
				root,
				extra,
				Buffer.concat([
					Buffer.from(playWith({artist: 'Bj@rk', ts: 1541999999000}).split('@')[0]!),
					Buffer.from([0xe2, 0x82]),
					Buffer.from(playWith({artist: 'Bj@rk'}).split('@')[1]!),
				]),
			),
		acceptInvalidChars: '?',
		events: 1,
		async check(url, result) {
			assert.deepEqual(result.invalidChars, {replaced: 2, with: '?'});
			assert.equal((await queryRows<{n: number}>(url, "SELECT COUNT(*)::int n FROM staging_events WHERE artist = 'Bj??rk'"))[0]!.n, 1);
		},
	},
	{
		name: 'a lone surrogate in a \\u escape rejects the record',
		build: (root) => write(root, extra, playWith({song: 'half \ud800 pair'})),
		rejected: [rejectedAt(1, 'song', /lone UTF-16 surrogate/)],
	},
	{
		name: 'a lone surrogate under --accept-invalid-chars becomes the character',
		build: (root) => write(root, extra, playWith({song: 'half \udc00 pair', ts: 1541999999000})),
		acceptInvalidChars: '_',
		events: 1,
		async check(url, result) {
			assert.equal(result.invalidChars.replaced, 1);
			assert.equal((await queryRows<{n: number}>(url, "SELECT COUNT(*)::int n FROM staging_events WHERE song = 'half _ pair'"))[0]!.n, 1);
		},
	},
	{name: 'a NUL character rejects the record', build: (root) => write(root, extra, playWith({location: 'a\u0000b'})), rejected: [rejectedAt(1, 'location', /NUL/)]},
	// ---- objects across lines, several to a line
	{
		name: 'a pretty-printed event spanning lines is one record',
		build: (root) => write(root, extra, `${JSON.stringify({...play, ts: 1541999999000}, null, 2)}\n${playWith({ts: 1541999999001})}`),
		events: 2,
		async check(url) {
			assert.equal((await queryRows<{n: number}>(url, "SELECT COUNT(*)::int n FROM staging_events WHERE ts = '2018-11-12T05:19:59Z'"))[0]!.n, 1);
		},
	},
	{name: 'a pretty-printed song file is one record', build: (root) => write(root, 'song_data/Z/pretty.json', JSON.stringify(song, null, 4)), songs: 1},
	{name: 'two objects on one line are two records', build: (root) => write(root, extra, `${playWith({ts: 1541999999000})} ${playWith({ts: 1541999999001})}`), events: 2},
	{
		name: 'an object cut short is one bad record; the next line loads',
		build: (root) => write(root, extra, `${playWith({}).slice(0, 60)}\n${playWith({ts: 1541999999000})}`),
		events: 1,
		rejected: [rejectedAt(1, undefined, /not valid JSON/)],
	},
	{name: 'CRLF line endings load', build: (root) => write(root, extra, `${playWith({ts: 1541999999000})}\r\n${playWith({ts: 1541999999001})}\r\n`), events: 2},
	{name: 'an empty file holds nothing', build: (root) => write(root, extra, '')},
	{name: 'a file of whitespace holds nothing', build: (root) => write(root, extra, '  \n\n\t \r\n ')},
	{
		name: 'an array at the top level is not a record',
		build: (root) => write(root, extra, `[${playWith({})}]`),
		rejected: [rejectedAt(1, undefined, /not a JSON object but an array/)],
	},
	{
		name: 'a nested object where text belongs is rejected',
		build: (root) => write(root, extra, playWith({artist: {name: 'x'}})),
		rejected: [rejectedAt(1, 'artist', /should be text, is an object/)],
	},
	{name: 'a nested value under a key no column takes is ignored', build: (root) => write(root, extra, playWith({ts: 1541999999000, extra: {deep: [1, {x: 2}]}})), events: 1},
	{
		name: 'a value over 4 MB is refused without being held',
		build: (root) => write(root, extra, `${playWith({song: 'x'.repeat(5 << 20)})}\n${playWith({ts: 1541999999000})}`),
		events: 1,
		rejected: [rejectedAt(1, undefined, /more than the limit of 4194304 \(Redshift's COPY takes at most 4 MB/)],
	},
	// ---- missing keys: NULL, as Redshift, unless the star schema needs the field
	{
		name: 'missing optional keys load NULL',
		build: (root) => write(root, extra, playWith({ts: 1541999999000, registration: undefined, location: undefined})),
		events: 1,
		async check(url) {
			assert.equal(
				(await queryRows<{n: number}>(url, "SELECT COUNT(*)::int n FROM staging_events WHERE ts = '2018-11-12T05:19:59Z' AND registration IS NULL AND location IS NULL"))[0]!.n,
				1,
			);
		},
	},
	{name: 'an event without page loads (it is no play)', build: (root) => write(root, extra, JSON.stringify({...home, page: undefined, ts: 1541999999000})), events: 1},
	{name: 'a missing ts is rejected', build: (root) => write(root, extra, playWith({ts: undefined})), rejected: [rejectedAt(1, 'ts', /is missing but required/)]},
	{name: 'a song without year loads NULL', build: (root) => write(root, 'song_data/Z/noyear.json', JSON.stringify({...song, year: undefined})), songs: 1},
	{
		name: 'a song without song_id is rejected',
		build: (root) => write(root, 'song_data/Z/noid.json', JSON.stringify({...song, song_id: undefined})),
		rejected: [rejectedAt(1, 'song_id', /is missing but required/, 'song_data/Z/noid.json')],
	},
	// ---- what would break the star schema
	{
		name: 'a play with a null session is rejected',
		build: (root) => write(root, extra, playWith({sessionId: null})),
		rejected: [rejectedAt(1, 'sessionId', /null on a NextSong event/)],
	},
	{name: 'a play with no level is rejected', build: (root) => write(root, extra, playWith({level: undefined})), rejected: [rejectedAt(1, 'level', /missing on a NextSong event/)]},
	{
		name: 'a level outside free and paid is rejected',
		build: (root) => write(root, extra, JSON.stringify({...home, level: 'gold'})),
		rejected: [rejectedAt(1, 'level', /not "free" or "paid"/)],
	},
	{
		name: 'user ids that would collide once cast are rejected; the canonical one loads',
		build: (root) =>
			write(
				root,
				extra,
				[
					playWith({userId: '8', ts: 1541999999000}),
					playWith({userId: '008'}),
					playWith({userId: '8.0'}),
					playWith({userId: ' 8'}),
					playWith({userId: '+8'}),
					playWith({userId: '2147483648'}),
					playWith({userId: 8, ts: 1541999999001}),
				].join('\n'),
			),
		events: 2,
		rejected: [2, 3, 4, 5, 6].map((line) => rejectedAt(line, 'userId', /should be a user id/)),
	},
	{name: 'a huge ts is rejected', build: (root) => write(root, extra, playWith({ts: 1e20})), rejected: [rejectedAt(1, 'ts', /not a valid time/)]},
	{name: 'a session id past 32 bits is rejected', build: (root) => write(root, extra, playWith({sessionId: 2 ** 40})), rejected: [rejectedAt(1, 'sessionId', /out of range/)]},
	{
		name: 'NaN-ish strings in number fields are rejected',
		build: (root) => write(root, extra, [playWith({length: 'NaN'}), playWith({length: 'Infinity'}), playWith({itemInSession: '1e3'}), playWith({status: true})].join('\n')),
		rejected: [
			rejectedAt(1, 'length', /should be a number/),
			rejectedAt(2, 'length', /should be a number/),
			rejectedAt(3, 'itemInSession', /whole number/),
			rejectedAt(4, 'status', /whole number/),
		],
	},
	{
		name: 'a number too large for a double is rejected',
		build: (root) => write(root, extra, playWith({length: 12345.678}).replace('12345.678', '1e999')),
		rejected: [rejectedAt(1, 'length', /should be a number/)],
	},
];

async function stagingCounts(url: string): Promise<{events: number; songs: number}> {
	const [row] = await queryRows<{events: number; songs: number}>(url, 'SELECT (SELECT COUNT(*)::int FROM staging_events) events, (SELECT COUNT(*)::int FROM staging_songs) songs');
	return row!;
}

function baseSource(): string {
	const root = makeTempDir('sparkify-corpus');
	fs.cpSync(path.join(sampleData, 'song_data'), path.join(root, 'song_data'), {recursive: true});
	fs.copyFileSync(path.join(sampleData, 'log_json_path.json'), path.join(root, 'log_json_path.json'));
	write(root, `${logs}/${logName}`, baseLog);
	return root;
}

describe('the bad-input corpus, on the real PostgreSQL', () => {
	let warehouse: Warehouse;
	let url: string;
	let ctx: Context;

	before(async () => {
		({url, ctx, warehouse} = await warehouseWithTables('corpus'));
	});
	after(async () => warehouse.close());

	test('has at least 30 cases', () => assert.ok(cases.length >= 30, String(cases.length)));

	for (const item of cases) {
		test(item.name, async () => {
			const root = baseSource();
			item.build(root);
			const text = item.acceptInvalidChars === undefined ? {} : {acceptInvalidChars: item.acceptInvalidChars};
			const result = await etlStep.run(ctx, {warehouse, source: localFolderSource(root), maxErrors: 1000, ...text}, () => {}, signal);

			// Rejected records: file, line, field and reason, in the report file too.
			const reported = result.rejected.file
				? fs
						.readFileSync(result.rejected.file, 'utf8')
						.trim()
						.split('\n')
						.map((line) => JSON.parse(line) as {file: string; line: number; field?: string; reason: string})
				: [];
			const expected = item.rejected ?? [];
			assert.equal(reported.length, expected.length, JSON.stringify(reported));
			expected.forEach((want, index) => {
				const got = reported[index]!;
				assert.equal(got.file, want.file);
				if (want.line !== -1) assert.equal(got.line, want.line);
				assert.equal(got.field, want.field);
				assert.match(got.reason, want.reason);
			});
			// Entries not read: named, with why.
			const skipped = item.skipped ?? [];
			assert.deepEqual(
				result.skipped.map((entry) => entry.name),
				skipped.map((entry) => entry.name).sort(),
			);
			for (const want of skipped) assert.match(result.skipped.find((entry) => entry.name === want.name)!.reason, want.reason);

			// What the warehouse holds: the rows expected, and a star schema that passes its checks.
			const counts = await stagingCounts(url);
			if (item.events === -1) assert.ok(counts.events > baseEvents && counts.events < baseEvents + 400, String(counts.events));
			else assert.equal(counts.events, baseEvents + (item.events ?? 0));
			assert.equal(counts.songs, baseSongs + (item.songs ?? 0));
			const quality = await checkStep.run(ctx, {warehouse}, () => {}, signal);
			assert.deepEqual(
				quality.checks.filter((check) => !check.passed).map((check) => check.name),
				[],
			);
			await item.check?.(url, result);

			// The profiler reads the same bytes to the same verdicts.
			const profile = await profileSource(localFolderSource(root), () => {}, signal, text);
			assert.deepEqual(
				profile.issues.map(({file, line, field}) => ({file, line, field})),
				reported.slice(0, 20).map(({file, line, field}) => ({file, line, field})),
			);
			assert.deepEqual(profile.skipped, result.skipped);
			// …and counts as loadable exactly the records the load staged (gzip and all).
			assert.equal(profile.events.records - profile.events.recordsWithInvalidFields, counts.events);
			assert.equal(profile.songs.records - profile.songs.recordsWithInvalidFields, counts.songs);
			assert.equal(profile.events.bytes, result.staging.find((load) => load.table === 'staging_events')!.bytes);

			// Under the default --max-errors 0 a bad record fails the load, and the warehouse keeps what it had.
			if (expected.length > 0) {
				await assert.rejects(
					etlStep.run(ctx, {warehouse, source: localFolderSource(root), ...text}, () => {}, signal),
					(error: unknown) => error instanceof UserError && error.code === 'too_many_bad_records',
				);
				assert.deepEqual(await stagingCounts(url), counts);
			}
		});
	}

	// Data that cannot be read is never skipped: the load would end with exit 0 and data missing.
	for (const [name, build, code] of [
		['a .json link to nothing', (root: string) => fs.symlinkSync('nowhere.json', path.join(root, logs, 'gone.json')), 'ENOENT'],
		[
			'a .json link in a loop of links',
			(root: string) => {
				fs.symlinkSync('loop-b.json', path.join(root, logs, 'loop-a.json'));
				fs.symlinkSync('loop-a.json', path.join(root, logs, 'loop-b.json'));
			},
			'ELOOP',
		],
	] as const) {
		test(`${name} fails the load and the profile, naming it; the warehouse keeps its load`, async () => {
			const root = baseSource();
			await etlStep.run(ctx, {warehouse, source: localFolderSource(root)}, () => {}, signal);
			const before = await stagingCounts(url);
			build(root);
			const named = (error: unknown) => (error as NodeJS.ErrnoException).code === code && String((error as NodeJS.ErrnoException).path).includes(`${logs}/`);
			await assert.rejects(
				etlStep.run(ctx, {warehouse, source: localFolderSource(root), maxErrors: 1000}, () => {}, signal),
				named,
			);
			await assert.rejects(
				profileSource(localFolderSource(root), () => {}, signal),
				named,
			);
			assert.deepEqual(await stagingCounts(url), before);
		});
	}

	test('any odd value in any field of a play: rejected at the record, or the star schema builds; the profiler agrees', async () => {
		const odd: unknown[] = [
			null,
			'',
			' ',
			'8',
			'008',
			'8.0',
			' 8',
			'00',
			-1,
			0,
			1.5,
			2 ** 31,
			-(2 ** 31) - 1,
			1e300,
			'NaN',
			'1e3',
			true,
			{},
			[],
			[1],
			'gold',
			'free',
			'paid',
			'NextSong',
			'\ud800',
			'a\u0000b',
			'BjÃ¶rk',
			'0',
			12,
		];
		const keys = Object.keys(play);
		const lines: string[] = [];
		let ts = 1542000000000;
		for (const key of keys) {
			for (const value of odd) lines.push(JSON.stringify({...play, ts: ts++, [key]: value}));
			lines.push(JSON.stringify(Object.fromEntries(Object.entries({...play, ts: ts++}).filter(([name]) => name !== key))));
		}
		const root = baseSource();
		write(root, extra, lines.join('\n'));
		const result = await etlStep.run(ctx, {warehouse, source: localFolderSource(root), maxErrors: lines.length}, () => {}, signal);
		const counts = await stagingCounts(url);
		assert.equal(counts.events, baseEvents + lines.length - result.rejected.count);
		assert.ok(result.rejected.count > 0 && result.rejected.count < lines.length);
		const quality = await checkStep.run(ctx, {warehouse}, () => {}, signal);
		assert.deepEqual(
			quality.checks.filter((check) => !check.passed).map((check) => check.name),
			[],
		);
		const reported = fs
			.readFileSync(result.rejected.file!, 'utf8')
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as {file: string; line: number; field?: string});
		const profile = await profileSource(localFolderSource(root), () => {}, signal);
		assert.equal(profile.events.malformed + profile.events.recordsWithInvalidFields, result.rejected.count);
		assert.deepEqual(
			profile.issues.map(({file, line, field}) => ({file, line, field})),
			reported.slice(0, 20).map(({file, line, field}) => ({file, line, field})),
		);
	});
});

// The whole pipeline on the real Sparkify sample, against a real PostgreSQL, compared with
// numbers read independently from the files (and with PROVENANCE.md's published counts).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {Context} from '../../source/core/context.js';
import type {StepEvent} from '../../source/core/events.js';
import {localFolderSource} from '../../source/etl/source.js';
import {checkStep} from '../../source/steps/check.js';
import {etlStep, type EtlResult} from '../../source/steps/etl.js';
import {tablesStep} from '../../source/steps/tables.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {queryRows} from '../support/database.js';
import {sampleData} from '../support/paths.js';
import {expectedFromFolder, type Expectations} from '../support/reference.js';
import {warehouseWithTables} from '../support/warehouse.js';

describe('loading the real Sparkify sample', () => {
	let warehouse: Warehouse;
	let url: string;
	let ctx: Context;
	let expected: Expectations;
	let first: EtlResult;
	const events: StepEvent[] = [];
	const signal = new AbortController().signal;
	/** Every table's rows after the load, as read independently from the files. */
	const expectedCounts = () => ({
		staging_events: expected.events,
		staging_songs: expected.songs,
		songplays: expected.nextSong,
		users: expected.users,
		songs: expected.songs,
		artists: expected.artists,
		time: expected.times,
	});

	before(async () => {
		({url, ctx, warehouse} = await warehouseWithTables('sample'));
		expected = expectedFromFolder(sampleData);
		first = await etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, (event) => events.push(event), signal);
	});
	after(async () => warehouse.close());

	test('the independent reading agrees with PROVENANCE.md', () => {
		const provenance = fs.readFileSync(path.join(sampleData, 'PROVENANCE.md'), 'utf8');
		const published = (label: string) => Number(new RegExp(`\\| ${label} \\| ([\\d,]+)`).exec(provenance)?.[1]?.replace(/,/g, ''));
		assert.equal(expected.events, published('log events \\(lines\\)'));
		assert.equal(expected.nextSong, published("events with page = 'NextSong'"));
		assert.equal(expected.users, published('distinct non-empty userId among NextSong events'));
		assert.equal(expected.artists, published('distinct artist_id'));
	});

	test('every table holds the expected number of rows', async () => {
		const counts = Object.fromEntries(
			(
				await queryRows<{t: string; n: number}>(
					url,
					`SELECT 'staging_events' t, COUNT(*)::int n FROM staging_events UNION ALL SELECT 'staging_songs', COUNT(*)::int FROM staging_songs
				 UNION ALL SELECT 'songplays', COUNT(*)::int FROM songplays UNION ALL SELECT 'users', COUNT(*)::int FROM users
				 UNION ALL SELECT 'songs', COUNT(*)::int FROM songs UNION ALL SELECT 'artists', COUNT(*)::int FROM artists
				 UNION ALL SELECT 'time', COUNT(*)::int FROM time`,
				)
			).map((row) => [row.t, row.n]),
		);
		assert.deepEqual(counts, expectedCounts());
	});

	test('the step reports the same counts it committed', () => {
		assert.equal(first.star.songplays, expected.nextSong);
		assert.equal(first.staging.find((load) => load.table === 'staging_events')?.rows, expected.events);
		assert.equal(first.rejected.count, 0);
	});

	test('double-encoded names are repaired, and counted', async () => {
		assert.equal(first.repaired.events, expected.repairedEvents);
		assert.ok(first.repaired.events > 0);
		const [mangled] = await queryRows<{n: number}>(url, "SELECT COUNT(*)::int n FROM staging_events WHERE artist LIKE '%Ã%' OR song LIKE '%Ã%'");
		assert.equal(mangled?.n, 0);
		const [bjork] = await queryRows<{n: number}>(url, "SELECT COUNT(*)::int n FROM staging_events WHERE song = 'La Boulette (Génération Nan Nan)'");
		assert.ok((bjork?.n ?? 0) > 0);
	});

	test('songplays find their song by title, artist and duration', async () => {
		assert.equal(first.match.matched, expected.matchedPlays);
		const rows = await queryRows<{title: string; name: string}>(
			url,
			'SELECT s.title, a.name FROM songplays p JOIN songs s ON s.song_id = p.song_id JOIN artists a ON a.artist_id = p.artist_id',
		);
		assert.equal(rows.length, expected.matchedPlays);
		assert.deepEqual(rows[0], {title: 'Setanta matins', name: 'Elena'});
	});

	test('users carry the level of their latest event', async () => {
		const rows = await queryRows<{user_id: number; level: string}>(url, 'SELECT user_id, level FROM users');
		assert.equal(rows.length, expected.usersByLatestLevel.size);
		for (const row of rows) assert.equal(row.level, expected.usersByLatestLevel.get(row.user_id), `user ${row.user_id}`);
	});

	test('start_time keeps the milliseconds of ts, in UTC', async () => {
		const [row] = await queryRows<{first: string}>(url, 'SELECT to_char(MIN(start_time), \'YYYY-MM-DD"T"HH24:MI:SS.MS\') AS first FROM songplays');
		const [firstPlay] = await queryRows<{ts: string}>(url, "SELECT to_char(MIN(ts), 'YYYY-MM-DD\"T\"HH24:MI:SS.MS') AS ts FROM staging_events WHERE page = 'NextSong'");
		assert.equal(row?.first, firstPlay?.ts);
		const [earliest] = await queryRows<{ts: string}>(url, 'SELECT to_char(MIN(ts), \'YYYY-MM-DD"T"HH24:MI:SS.MS\') AS ts FROM staging_events');
		assert.equal(earliest?.ts, '2018-11-01T20:57:10.796');
	});

	test('progress is reported per table as numbers, ending with the totals', () => {
		const done = events.filter((event): event is Extract<StepEvent, {type: 'progress'}> => event.type === 'progress' && event.state === 'done');
		const logs = done.find((event) => event.task === 'staging_events');
		assert.ok(logs);
		assert.equal(logs.counters.files?.done, 30);
		assert.equal(logs.counters.bytes?.done, logs.counters.bytes?.total);
		assert.equal(logs.counters.rows?.done, expected.events);
		// The two staging tables in turn, then the star's five tables two at a time (each with its
		// primary key): the order among those is the two connections' race, never a rule.
		const order = done.map((event) => event.task);
		assert.deepEqual(order.slice(0, 2), ['staging_songs', 'staging_events']);
		assert.deepEqual(order.slice(2, 7).sort(), ['artists', 'songplays', 'songs', 'time', 'users']);
		assert.deepEqual(order.slice(7), ['star schema']);
	});

	test('the transforms report which one runs, and how many of all are done', () => {
		const progress = events.filter((event): event is Extract<StepEvent, {type: 'progress'}> => event.type === 'progress');
		for (const table of ['artists', 'songs', 'users', 'time', 'songplays']) {
			const mine = progress.filter((event) => event.task === table);
			assert.equal(mine[0]?.state, 'running', `${table} is shown running before it ends`);
			assert.equal(mine.at(-1)?.state, 'done');
		}
		const star = progress.filter((event) => event.task === 'star schema');
		assert.equal(star.at(-1)?.state, 'done');
		// The whole is told before its parts, so a list of tasks shows it above them.
		assert.ok(progress.indexOf(star[0]!) < progress.findIndex((event) => event.task === 'artists'), 'star schema is first seen before artists');
		// Five transforms, each followed by its table's primary key, built over its rows.
		assert.deepEqual(star.at(-1)?.counters.statements, {done: 10, total: 10});
		// songplays, the longest, and time are taken first, one on each connection, so that the
		// rest is built beside songplays.
		const firstSeen = [...new Set(progress.map((event) => event.task).filter((task) => ['artists', 'songs', 'users', 'time', 'songplays'].includes(task)))];
		assert.deepEqual(firstSeen.slice(0, 2).sort(), ['songplays', 'time']);
		// While the transforms run, the count of those done climbs to the total, never past it.
		const counted = star.filter((event) => event.state === 'running').map((event) => event.counters.statements);
		assert.ok(counted.length >= 1);
		assert.ok(counted.every((counter) => counter?.total === 10 && counter.done < 10));
	});

	test('every quality check passes, and check reports every table', async () => {
		const checking: StepEvent[] = [];
		const result = await checkStep.run(ctx, {warehouse}, (event) => checking.push(event), signal);
		assert.deepEqual(
			result.checks.filter((check) => !check.passed),
			[],
		);
		assert.ok(result.checks.length >= 20);
		assert.equal(result.tables.songplays, expected.nextSong);
		assert.deepEqual(Object.keys(result.tables).sort(), ['artists', 'songplays', 'songs', 'staging_events', 'staging_songs', 'time', 'users']);
		assert.deepEqual(result.tables, expectedCounts(), "the row counts read on the checks' own passes");
		// Progress: each pass of checks shown running, then done with its count; the total known from the start.
		const progress = checking.filter((event): event is Extract<StepEvent, {type: 'progress'}> => event.type === 'progress');
		const passes = [...new Set(progress.map((event) => event.task).filter((task) => task.startsWith('checks: ')))];
		assert.ok(passes.length >= 2, `passes: ${passes.join(', ')}`);
		assert.equal(progress[0]?.task, 'quality checks', 'the whole is told before its passes');
		let counted = 0;
		for (const pass of passes) {
			const mine = progress.filter((event) => event.task === pass);
			assert.equal(mine[0]?.state, 'running');
			assert.equal(mine.at(-1)?.state, 'done');
			counted += mine.at(-1)?.counters.checks?.done ?? 0;
		}
		assert.equal(counted, result.checks.length);
		const overall = progress.filter((event) => event.task === 'quality checks');
		assert.ok(overall.length >= 2);
		assert.ok(overall.every((event) => event.total === result.checks.length && event.step === 'check'));
		assert.equal(overall.at(-1)?.state, 'done');
		assert.equal(overall.at(-1)?.done, result.checks.length);
	});

	test('a second run gives the same counts (the load replaces, never appends)', async () => {
		const second = await etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, () => {}, signal);
		assert.deepEqual(second.star, first.star);
		const [row] = await queryRows<{n: number}>(url, 'SELECT COUNT(*)::int n FROM staging_events');
		assert.equal(row?.n, expected.events);
		const again = await tablesStep.run(ctx, {warehouse}, () => {}, signal);
		assert.deepEqual(again.created, []);
		assert.equal(again.existing.length, 7);
	});
});

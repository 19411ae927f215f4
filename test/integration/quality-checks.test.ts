// Every quality check can fail: on the real sample, loaded, each check passes; then, inside a
// transaction that is rolled back, the warehouse is broken in exactly the way that check
// exists to catch, and that check must report failing rows. A check that cannot fail guards
// nothing, and the checks' SQL is what a faster rewrite will change: this holds it to its job.

import type {Context} from '../../source/core/context.js';
import assert from 'node:assert/strict';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type pg from 'pg';
import {localFolderSource} from '../../source/etl/source.js';
import {etlStep} from '../../source/steps/etl.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {sqlFilesIn, sqlStatements} from '../../source/warehouse/sql-files.js';
import {sampleData} from '../support/paths.js';
import {warehouseWithTables} from '../support/warehouse.js';

const signal = new AbortController().signal;

/** One row of songplays (and of each table) to break, chosen by the smallest key. */
const firstPlay = '(SELECT MIN(songplay_id) FROM songplays)';
/** PostgreSQL enforces keys and NOT NULL that Redshift does not: drop them, as a Redshift table would be. */
const unkeyed = (table: string, column: string) => [`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`, `ALTER TABLE ${table} ALTER COLUMN ${column} DROP NOT NULL`];
const nulled = (table: string, column: string) => [...unkeyed(table, column), `UPDATE ${table} SET ${column} = NULL WHERE ${column} = (SELECT MIN(${column}) FROM ${table})`];
const doubled = (table: string) => [
	`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`,
	`INSERT INTO ${table} ${table === 'songplays' ? 'OVERRIDING SYSTEM VALUE ' : ''}SELECT * FROM ${table} LIMIT 1`,
];
const oneGone = (table: string, column: string) => [`DELETE FROM ${table} WHERE ${column} = (SELECT MIN(${column}) FROM ${table})`];

/** Each check by its name, and the damage it must catch. */
const breakages: Record<string, readonly string[]> = {
	'songplays is not empty': ['DELETE FROM songplays'],
	'users is not empty': ['DELETE FROM users'],
	'songs is not empty': ['DELETE FROM songs'],
	'artists is not empty': ['DELETE FROM artists'],
	'time is not empty': ['DELETE FROM time'],
	'songplays.songplay_id and start_time are never NULL': [
		'ALTER TABLE songplays ALTER COLUMN start_time DROP NOT NULL',
		`UPDATE songplays SET start_time = NULL WHERE songplay_id = ${firstPlay}`,
	],
	'users.user_id is never NULL': nulled('users', 'user_id'),
	'songs.song_id is never NULL': nulled('songs', 'song_id'),
	'artists.artist_id is never NULL': nulled('artists', 'artist_id'),
	'time.start_time is never NULL': nulled('time', 'start_time'),
	'songplays.songplay_id is unique': doubled('songplays'),
	'users.user_id is unique': doubled('users'),
	'songs.song_id is unique': doubled('songs'),
	'artists.artist_id is unique': doubled('artists'),
	'time.start_time is unique': doubled('time'),
	'songplays.song_id resolves to songs': [`UPDATE songplays SET song_id = 'SONOSUCHSONG' WHERE songplay_id = ${firstPlay}`],
	'songplays.artist_id resolves to artists': [`UPDATE songplays SET artist_id = 'ARNOSUCHARTIST' WHERE songplay_id = ${firstPlay}`],
	'songplays.user_id resolves to users': [`UPDATE songplays SET user_id = -1 WHERE songplay_id = ${firstPlay}`],
	'songplays.start_time resolves to time': [`UPDATE songplays SET start_time = TIMESTAMP '1970-01-01 00:00:00' WHERE songplay_id = ${firstPlay}`],
	'songs.artist_id resolves to artists': [`UPDATE songs SET artist_id = 'ARNOSUCHARTIST' WHERE song_id = (SELECT MIN(song_id) FROM songs)`],
	'songplays have song_id and artist_id together or neither': [
		`UPDATE songplays SET artist_id = (SELECT MIN(artist_id) FROM artists) WHERE songplay_id = (SELECT MIN(songplay_id) FROM songplays WHERE song_id IS NULL)`,
	],
	'songplays.artist_id is the artist of songplays.song_id': [
		`UPDATE songplays p SET artist_id = (SELECT MIN(a.artist_id) FROM artists a JOIN songs s ON s.song_id = p.song_id WHERE a.artist_id <> s.artist_id) WHERE p.song_id IS NOT NULL`,
	],
	'songplays has one row per NextSong event': [`DELETE FROM songplays WHERE songplay_id = ${firstPlay}`],
	'users has every user with a songplay': oneGone('users', 'user_id'),
	'time has every distinct songplay start_time': oneGone('time', 'start_time'),
	'songs has every staged song_id': oneGone('songs', 'song_id'),
	'artists has every staged artist_id': oneGone('artists', 'artist_id'),
	'users.level is free or paid': [`UPDATE users SET level = 'gold' WHERE user_id = (SELECT MIN(user_id) FROM users)`],
	'time parts agree with start_time': [`UPDATE time SET hour = (hour + 1) % 24 WHERE start_time = (SELECT MIN(start_time) FROM time)`],
};

/** Every check's failing count, read with the check files' own statements on this connection. */
async function runChecks(client: pg.Client): Promise<Map<string, number>> {
	const failing = new Map<string, number>();
	for (const file of sqlFilesIn('quality').filter((name) => /^\d+_/.test(path.basename(name)))) {
		for (const statement of sqlStatements(file)) {
			for (const row of (await client.query<{check_name: string; failing: number}>(statement)).rows) failing.set(row.check_name, Number(row.failing));
		}
	}
	return failing;
}

describe('every quality check catches what it is for', () => {
	let warehouse: Warehouse;
	let client: pg.Client;

	before(async () => {
		let ctx: Context;
		({ctx, warehouse} = await warehouseWithTables('quality_checks'));
		await etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, () => {}, signal);
		client = await warehouse.connect();
	});
	after(async () => {
		await client.end();
		await warehouse.close();
	});

	test('on the loaded sample every check passes, and every check has a breakage here', async () => {
		const failing = await runChecks(client);
		assert.deepEqual(
			[...failing.entries()].filter(([, count]) => count !== 0),
			[],
		);
		assert.deepEqual([...failing.keys()].sort(), Object.keys(breakages).sort(), 'a check without a breakage below, or a breakage for a check that is gone');
	});

	for (const [check, statements] of Object.entries(breakages)) {
		test(`"${check}" fails when broken`, async () => {
			await client.query('BEGIN');
			try {
				for (const statement of statements) await client.query(statement);
				const failing = await runChecks(client);
				assert.ok((failing.get(check) ?? 0) > 0, `${check}: ${failing.get(check)}`);
			} finally {
				await client.query('ROLLBACK');
			}
		});
	}
});

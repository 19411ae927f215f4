// The load on PostgreSQL builds its tables beside the warehouse's (schema sparkify_load) and
// swaps them in at the end: readers see the previous load until then, grants and comments
// survive the swap, two loads take turns, what a killed load left is cleared, and a warehouse
// with a view (or anything else hanging on a table) is loaded in place instead, as before.

import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import pg from 'pg';
import type {Context} from '../../source/core/context.js';
import {UserError} from '../../source/core/errors.js';
import type {StepEvent} from '../../source/core/events.js';
import {localFolderSource} from '../../source/etl/source.js';
import {etlStep} from '../../source/steps/etl.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {prepareLoadSchema, swapBlockers, swapIn} from '../../source/warehouse/load-schema.js';
import {queryRows} from '../support/database.js';
import {gate, heldAfter} from '../support/held-source.js';
import {sampleData} from '../support/paths.js';
import {sampleWithRepeatedLogs} from '../support/tmp.js';
import {warehouseWithTables} from '../support/warehouse.js';

const noSignal = () => new AbortController().signal;

async function counts(url: string): Promise<Record<string, number>> {
	const rows = await queryRows<{t: string; n: number}>(
		url,
		`SELECT 'staging_events' t, COUNT(*)::int n FROM staging_events UNION ALL SELECT 'songplays', COUNT(*)::int FROM songplays
		 UNION ALL SELECT 'time', COUNT(*)::int FROM time UNION ALL SELECT 'max_songplay_id', COALESCE(MAX(songplay_id), 0)::int FROM songplays`,
	);
	return Object.fromEntries(rows.map((row) => [row.t, row.n]));
}

const loadSchemaExists = async (url: string) => (await queryRows<{n: number}>(url, `SELECT COUNT(*)::int n FROM pg_namespace WHERE nspname = 'sparkify_load'`))[0]!.n === 1;

describe('a load built beside the warehouse and swapped in', () => {
	let warehouse: Warehouse;
	let url: string;
	let ctx: Context;
	let first: Record<string, number>;
	let large: string;

	before(async () => {
		({url, ctx, warehouse} = await warehouseWithTables('beside'));
		await etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, () => {}, noSignal());
		first = await counts(url);
		large = sampleWithRepeatedLogs(sampleData, 3);
	});
	after(async () => warehouse.close());

	test('while a load runs, a reader is not held: it reads the previous load whole, then the new one', async () => {
		const {opened, open} = gate();
		const events: StepEvent[] = [];
		const loading = etlStep.run(ctx, {warehouse, source: heldAfter(localFolderSource(large), 'events', 1, opened)}, (event) => events.push(event), noSignal());
		// The load is under way: its songs are in sparkify_load, its logs wait at the gate.
		while (!events.some((event) => event.type === 'progress' && event.task === 'staging_songs' && event.state === 'done')) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		const reader = new pg.Client({connectionString: url, statement_timeout: 5000});
		await reader.connect();
		try {
			// A reader that had to wait for the load would hit its 5 s statement timeout here.
			const during = await reader.query<{songplays: number; events: number}>(
				'SELECT (SELECT COUNT(*)::int FROM songplays) AS songplays, (SELECT COUNT(*)::int FROM staging_events) AS events',
			);
			assert.deepEqual(during.rows[0], {songplays: first.songplays, events: first.staging_events});
		} finally {
			await reader.end();
		}
		open();
		const result = await loading;
		assert.equal(result.star.songplays, first.songplays! * 3);
		assert.deepEqual(await counts(url), {staging_events: first.staging_events! * 3, songplays: first.songplays! * 3, time: first.time, max_songplay_id: first.songplays! * 3});
		assert.equal(await loadSchemaExists(url), false, 'the load schema is gone once swapped in');
	});

	test('grants and table comments survive the swap; the new tables have their primary keys', async () => {
		const role = `beside_reader_${process.pid}`;
		await queryRows(url, `DROP ROLE IF EXISTS ${role}`);
		await queryRows(url, `CREATE ROLE ${role}`);
		try {
			await queryRows(url, `GRANT SELECT ON songplays, staging_events TO ${role}`);
			await queryRows(url, `GRANT INSERT ON time TO ${role} WITH GRANT OPTION`);
			await queryRows(url, `COMMENT ON TABLE songplays IS 'one row per NextSong event'`);
			const before_ = await queryRows<{oid: number}>(url, `SELECT 'songplays'::regclass::oid::int AS oid`);
			await etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, () => {}, noSignal());
			const after_ = await queryRows<{oid: number}>(url, `SELECT 'songplays'::regclass::oid::int AS oid`);
			assert.notEqual(after_[0]!.oid, before_[0]!.oid, 'songplays is a new table');
			const privileges = await queryRows<{t: string; p: string; g: boolean}>(
				url,
				`SELECT table_name AS t, privilege_type AS p, is_grantable = 'YES' AS g FROM information_schema.table_privileges
				 WHERE grantee = $1 ORDER BY 1, 2`,
				[role],
			);
			assert.deepEqual(privileges, [
				{t: 'songplays', p: 'SELECT', g: false},
				{t: 'staging_events', p: 'SELECT', g: false},
				{t: 'time', p: 'INSERT', g: true},
			]);
			const [comment] = await queryRows<{c: string}>(url, `SELECT obj_description('songplays'::regclass, 'pg_class') AS c`);
			assert.equal(comment!.c, 'one row per NextSong event');
			const keys = await queryRows<{t: string; k: string}>(
				url,
				`SELECT c.relname AS t, k.conname AS k FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
				 WHERE k.contype = 'p' AND c.relnamespace = current_schema()::regnamespace ORDER BY 1`,
			);
			assert.deepEqual(keys, [
				{t: 'artists', k: 'artists_pkey'},
				{t: 'load_runs', k: 'load_runs_pkey'},
				{t: 'songplays', k: 'songplays_pkey'},
				{t: 'songs', k: 'songs_pkey'},
				{t: 'time', k: 'time_pkey'},
				{t: 'users', k: 'users_pkey'},
			]);
			// songplay_id is still an identity that counts from 1 on every load.
			assert.deepEqual(await queryRows(url, 'SELECT MIN(songplay_id)::int AS lo, MAX(songplay_id)::int AS hi FROM songplays'), [{lo: 1, hi: first.songplays}]);
			assert.deepEqual(await queryRows(url, `SELECT pg_get_serial_sequence('songplays', 'songplay_id') IS NOT NULL AS has`), [{has: true}]);
		} finally {
			await queryRows(url, `REVOKE ALL ON songplays, staging_events, time FROM ${role}`);
			await queryRows(url, `DROP ROLE ${role}`);
		}
	});

	test("the star's tables are written frozen: their pages marked so in the visibility map", async () => {
		await etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, () => {}, noSignal());
		await queryRows(url, 'CREATE EXTENSION IF NOT EXISTS pg_visibility');
		const pages = await queryRows<{name: string; pages: number; frozen: number}>(
			url,
			`SELECT t.name, (pg_relation_size(t.name) / current_setting('block_size')::int)::int AS pages, v.all_frozen::int AS frozen
			 FROM unnest(ARRAY['songplays', 'users', 'songs', 'artists', 'time']) AS t(name), LATERAL pg_visibility_map_summary(t.name::regclass) v`,
		);
		// Built by INSERT … SELECT, none would be (steps/star-frozen.ts). A page the COPY went on
		// filling from one batch of rows (64 kB) to the next is not marked, though its rows are
		// frozen: a quarter of songplays' pages here, whose rows are the widest.
		for (const table of pages) assert.ok(table.pages > 0 && table.frozen >= table.pages * 0.5, `${table.name}: ${table.frozen} of ${table.pages} pages frozen`);
	});

	test('what a killed load left beside the warehouse is cleared by the next load', async () => {
		await queryRows(url, 'CREATE SCHEMA sparkify_load');
		await queryRows(url, 'CREATE TABLE sparkify_load.staging_events AS SELECT * FROM staging_events');
		await etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, () => {}, noSignal());
		assert.equal(await loadSchemaExists(url), false);
		assert.deepEqual(await counts(url), first);
	});

	test('a load that fails mid-way leaves the warehouse as it was, and nothing beside it', async () => {
		// A rule of the warehouse's own that the new songs break: songs' transform fails, after
		// staging and while songplays is being built on the other connection.
		await queryRows(url, `ALTER TABLE songs ADD CONSTRAINT songs_title_short CHECK (length(title) < 5) NOT VALID`);
		try {
			await assert.rejects(
				etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, () => {}, noSignal()),
				/songs_title_short/,
			);
		} finally {
			await queryRows(url, 'ALTER TABLE songs DROP CONSTRAINT songs_title_short');
		}
		assert.deepEqual(await counts(url), first);
		assert.equal(await loadSchemaExists(url), false, 'the failed load dropped what it built');
	});

	test('two loads started together take turns, and both commit whole', async () => {
		const said: string[] = [];
		const heard = (event: StepEvent) => {
			if (event.type === 'log') said.push(event.message);
		};
		const [a, b] = await Promise.all([
			etlStep.run(ctx, {warehouse, source: localFolderSource(large)}, heard, noSignal()),
			etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, heard, noSignal()),
		]);
		// The one that came second said why it did not start at once.
		assert.equal(said.filter((message) => /Another load is running on this warehouse: this one starts when it ends\./.test(message)).length, 1, JSON.stringify(said));
		assert.equal(a.star.songplays, first.songplays! * 3);
		assert.equal(b.star.songplays, first.songplays);
		// Whichever committed last is the warehouse: one load whole, never a mix of the two.
		const now = await counts(url);
		assert.ok(
			[first.staging_events, first.staging_events! * 3].includes(now.staging_events) &&
				now.songplays === (now.staging_events === first.staging_events ? first.songplays : first.songplays! * 3),
			JSON.stringify(now),
		);
		assert.equal(await loadSchemaExists(url), false);
	});

	test('a view on a table: the load goes in place, says why, and the view shows the new load', async () => {
		await queryRows(url, 'CREATE VIEW plays_per_user AS SELECT user_id, COUNT(*) AS plays FROM songplays GROUP BY user_id');
		try {
			assert.deepEqual(await swapBlockers(await connectTo(url)), [{table: 'songplays', reason: 'view plays_per_user depends on it'}]);
			const events: StepEvent[] = [];
			const result = await etlStep.run(ctx, {warehouse, source: localFolderSource(large)}, (event) => events.push(event), noSignal());
			assert.equal(result.star.songplays, first.songplays! * 3);
			const said = events.find((event) => event.type === 'log' && /in place/.test(event.message));
			assert.ok(said?.type === 'log' && /songplays: view plays_per_user depends on it/.test(said.message), JSON.stringify(said));
			// In place, the star's keys are built in a task of their own after the rows.
			assert.ok(events.some((event) => event.type === 'progress' && event.task === 'primary keys' && event.state === 'done'));
			const [total] = await queryRows<{n: number}>(url, 'SELECT SUM(plays)::int AS n FROM plays_per_user');
			assert.equal(total!.n, first.songplays! * 3);
		} finally {
			await queryRows(url, 'DROP VIEW plays_per_user');
		}
	});

	test('a view made on a table while the load ran: the swap is refused whole, in words, and nothing changes', async () => {
		const before_ = await counts(url);
		// What the load has built by the time it swaps: all seven tables in sparkify_load.
		const client = await connectTo(url);
		await prepareLoadSchema(client);
		for (const table of ['staging_events', 'staging_songs', 'songplays', 'users', 'songs', 'artists', 'time']) {
			await client.query(`CREATE TABLE sparkify_load.${table} (LIKE public.${table} INCLUDING ALL)`);
		}
		await client.query('CREATE VIEW plays_meanwhile AS SELECT COUNT(*) AS plays FROM songplays');
		try {
			await client.query('BEGIN');
			const refused = await swapIn(client).catch((error: unknown) => error);
			await client.query('ROLLBACK');
			assert.ok(refused instanceof UserError, String(refused));
			assert.equal(refused.code, 'swap_refused');
			assert.match(refused.message, /not swapped in: something was made on a table while it ran/);
			assert.match(refused.hint ?? '', /load in place/);
			assert.deepEqual(await counts(url), before_);
		} finally {
			await client.query('DROP VIEW plays_meanwhile');
			await client.query('DROP SCHEMA sparkify_load CASCADE');
		}
	});

	test('what keeps a table from being swapped is named: a trigger, an index, a foreign key, another owner', async () => {
		const client = await connectTo(url);
		try {
			await client.query('BEGIN');
			await client.query('CREATE INDEX songplays_by_user ON songplays (user_id)');
			await client.query(`CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'`);
			await client.query('CREATE TRIGGER users_touched BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION noop()');
			await client.query('CREATE TABLE favourites (song_id TEXT REFERENCES songs (song_id))');
			await client.query('ALTER TABLE artists ENABLE ROW LEVEL SECURITY');
			await client.query(`CREATE ROLE beside_owner_${process.pid}`);
			await client.query(`ALTER TABLE staging_songs OWNER TO beside_owner_${process.pid}`);
			const reasons = (await swapBlockers(client)).map((blocker) => `${blocker.table}: ${blocker.reason}`);
			assert.deepEqual(reasons, [
				'artists: it has row-level security',
				'songplays: index songplays_by_user depends on it',
				'songs: constraint favourites_song_id_fkey on table favourites depends on it',
				'staging_songs: another role owns it',
				'users: trigger users_touched on table users depends on it',
			]);
		} finally {
			await client.query('ROLLBACK');
			await client.end();
		}
		assert.deepEqual(await swapBlockers(await connectTo(url)), []);
	});

	test('a role that may not create a schema in the database loads in place, and is told why', async () => {
		const role = `beside_plain_${process.pid}`;
		const client = await connectTo(url);
		try {
			await client.query('BEGIN');
			await client.query(`CREATE ROLE ${role}`);
			for (const table of ['staging_events', 'staging_songs', 'songplays', 'users', 'songs', 'artists', 'time']) {
				await client.query(`ALTER TABLE ${table} OWNER TO ${role}`);
			}
			await client.query(`SET LOCAL ROLE ${role}`);
			assert.deepEqual(await swapBlockers(client), [{table: null, reason: 'this role may not create a schema in the database (it lacks CREATE on it)'}]);
		} finally {
			await client.query('ROLLBACK');
		}
	});
});

const clients: pg.Client[] = [];
after(async () => Promise.all(clients.map((client) => client.end().catch(() => {}))));
async function connectTo(url: string): Promise<pg.Client> {
	const client = new pg.Client({connectionString: url});
	await client.connect();
	clients.push(client);
	return client;
}

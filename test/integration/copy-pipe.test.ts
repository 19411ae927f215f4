// A star table built by COPY from a reader connection instead of INSERT … SELECT
// (warehouse/copy-pipe.ts, steps/star-frozen.ts): the same rows as the INSERT, written frozen;
// the INSERT wherever the types differ; the first error wins when either end fails mid-stream,
// and neither end is left working on the server afterwards, nor after a cancel.

import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type pg from 'pg';
import type {Context} from '../../source/core/context.js';
import {noLog} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {starTransforms} from '../../source/steps/star-tasks.js';
import {frozenWhereItCan} from '../../source/steps/star-frozen.js';
import {openWarehouse, type Warehouse} from '../../source/warehouse/connection.js';
import {asInsertSelect, copyMismatch} from '../../source/warehouse/copy-pipe.js';
import {connectToLoadSchema} from '../../source/warehouse/load-schema.js';
import {createTestDatabase, queryRows} from '../support/database.js';
import {makeTempDir} from '../support/tmp.js';

describe('asInsertSelect', () => {
	test('takes every transform apart into its table, its columns and its query', () => {
		for (const {table, statements} of starTransforms()) {
			const insert = asInsertSelect(statements[0]!);
			assert.ok(insert, `${table}'s transform is an INSERT … SELECT`);
			assert.equal(insert.table, table);
			assert.match(statements[0]!, new RegExp(`INSERT INTO ${table} \\(${insert.columns.join(', ')}\\)`));
			assert.match(insert.select, /^SELECT\b/);
			assert.doesNotMatch(insert.select, /;\s*$/);
		}
	});

	test('gives nothing for a statement no COPY does the same as', () => {
		for (const statement of [
			'INSERT INTO t (a) VALUES (1)',
			'INSERT INTO t SELECT 1',
			'INSERT INTO t (a) SELECT 1 ON CONFLICT DO NOTHING',
			'INSERT INTO t (a) SELECT 1 RETURNING a',
			'WITH x AS (SELECT 1 AS a) INSERT INTO t (a) SELECT a FROM x',
			'INSERT INTO "T" (a) SELECT 1',
			'ALTER TABLE songplays ADD PRIMARY KEY (songplay_id)',
			'UPDATE t SET a = 1',
		]) {
			assert.equal(asInsertSelect(statement), null, statement);
		}
	});
});

describe('a table built by COPY from a reader connection', () => {
	let url: string;
	let warehouse: Warehouse;
	let ctx: Context;
	const noSignal = new AbortController().signal;

	before(async () => {
		url = await createTestDatabase('copy_pipe');
		ctx = {paths: homePaths({SPARKIFY_DWH_HOME: makeTempDir('sparkify-copy-pipe-home')}), log: noLog, env: {}};
		warehouse = await openWarehouse(ctx, {kind: 'url', url});
		// The source, committed, in the schema a load builds in; 200,000 rows, so that a failure
		// at row 150,000 comes when many have gone through already.
		await queryRows(
			url,
			`CREATE SCHEMA sparkify_load;
			 CREATE TABLE sparkify_load.source AS
			 SELECT g AS n, CASE WHEN g = 150000 THEN 'x' ELSE g::text END AS digits, g / 7.0::float8 AS ratio,
			        TIMESTAMP '2018-11-01' + g * INTERVAL '1 second' AS at, CASE WHEN g % 10 = 0 THEN NULL ELSE 'row ' || g END AS label
			 FROM generate_series(1, 200000) g;
			 CREATE EXTENSION IF NOT EXISTS pg_visibility`,
		);
	});
	after(async () => warehouse.close());

	/** A connection with an open transaction that has just made `table` in sparkify_load, as the load's are. */
	async function writerMaking(table: string, columns: string): Promise<pg.Client> {
		const writer = await connectToLoadSchema(warehouse);
		await writer.query('BEGIN');
		// No autovacuum: it could freeze the INSERT's rows behind the test's back.
		await writer.query(`CREATE TABLE sparkify_load.${table} (${columns}) WITH (autovacuum_enabled = false)`);
		return writer;
	}

	/** Rows as text, in order, and how many of the table's pages are all-frozen. */
	async function contentOf(table: string): Promise<{rows: string[]; pages: number; frozen: number}> {
		const rows = await queryRows<{row: string}>(url, `SELECT t::text AS row FROM sparkify_load.${table} t ORDER BY 1`);
		const [map] = await queryRows<{pages: number; frozen: number}>(
			url,
			`SELECT (pg_relation_size('sparkify_load.${table}') / current_setting('block_size')::int)::int AS pages, all_frozen::int AS frozen FROM pg_visibility_map_summary('sparkify_load.${table}')`,
		);
		return {rows: rows.map((row) => row.row), ...map!};
	}

	/**
	 * Our sessions still open on the server once the test's writer has ended: a reader left
	 * connected (mid-COPY, or idle in its transaction) would be one. Waited on briefly: the
	 * server sees a connection closed at its next read or write.
	 */
	async function sessionsLeft(): Promise<number> {
		const query = `SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sparkify-dwh'`;
		for (let attempt = 0; ; attempt++) {
			const [{n}] = (await queryRows<{n: number}>(url, query)) as [{n: number}];
			if (n === 0 || attempt === 50) return n;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	const columns = 'id BIGINT GENERATED ALWAYS AS IDENTITY, n INTEGER NOT NULL, ratio DOUBLE PRECISION, at TIMESTAMP, label TEXT';
	const build = (table: string, where = '') => `INSERT INTO ${table} (n, ratio, at, label) SELECT n, ratio, at, label FROM source WHERE digits <> 'x' ${where} ORDER BY n DESC`;

	test('writes the rows the INSERT writes, identity included, its pages frozen', async () => {
		const run = frozenWhereItCan(warehouse, 1);
		const copied = await writerMaking('by_copy', columns);
		const inserted = await writerMaking('by_insert', columns);
		try {
			assert.equal(await run(copied, build('by_copy'), noSignal), 199_999);
			assert.equal((await inserted.query(build('by_insert'))).rowCount, 199_999);
			await copied.query('COMMIT');
			await inserted.query('COMMIT');
		} finally {
			await copied.end();
			await inserted.end();
		}
		assert.equal(await sessionsLeft(), 0, 'the reader is ended');
		const byCopy = await contentOf('by_copy');
		const byInsert = await contentOf('by_insert');
		assert.equal(byCopy.rows.length, 199_999);
		assert.deepEqual(byCopy.rows, byInsert.rows, 'the same rows, the identity numbered in the query order');
		assert.ok(byCopy.pages > 100);
		// A page the COPY went on filling from one batch of rows to the next has its rows frozen
		// but is not marked so in the visibility map: 2% of them here.
		assert.ok(byCopy.frozen > byCopy.pages * 0.9, `pages marked frozen: ${byCopy.frozen} of ${byCopy.pages}`);
		assert.equal(byInsert.frozen, 0, 'the INSERT writes nothing frozen: the difference is observable');
	});

	test('runs as an INSERT where the types differ: its assignment casts and length checks kept', async () => {
		const writer = await writerMaking('narrow', 'n SMALLINT, code VARCHAR(3)');
		const reader = await connectToLoadSchema(warehouse);
		try {
			const rounding = 'INSERT INTO narrow (n, code) SELECT ratio, label FROM source WHERE n = 18';
			assert.match((await copyMismatch(reader, writer, asInsertSelect(rounding)!)) ?? '', /^n is of type/);
			await frozenWhereItCan(warehouse, 1)(writer, `INSERT INTO narrow (n, code) SELECT ratio, 'abc' FROM source WHERE n = 18`, noSignal);
			assert.deepEqual((await writer.query('SELECT n, code FROM narrow')).rows, [{n: 3, code: 'abc'}], '18 / 7 rounds to 3, as the INSERT casts it');
			// Too long for VARCHAR(3): the INSERT refuses it; an explicit cast would have cut it.
			await assert.rejects(frozenWhereItCan(warehouse, 1)(writer, `INSERT INTO narrow (n, code) SELECT 1::smallint, 'abcd'`, noSignal), {code: '22001'});
		} finally {
			await writer.query('ROLLBACK');
			await writer.end();
			await reader.end();
		}
	});

	/**
	 * Builds `table` by `statement`, which fails mid-stream with `expected`: the error comes through,
	 * the table's connection rolls back and goes on, and no session of ours is left on the server.
	 */
	async function failsMidStream(table: string, columns: string, statement: string, expected: {code: string; message?: RegExp}): Promise<void> {
		const writer = await writerMaking(table, columns);
		try {
			await assert.rejects(frozenWhereItCan(warehouse, 1)(writer, statement, noSignal), expected);
			await writer.query('ROLLBACK');
			assert.deepEqual((await writer.query('SELECT 1 AS ok')).rows, [{ok: 1}]);
		} finally {
			await writer.end();
		}
		assert.equal(await sessionsLeft(), 0);
	}

	test("a query that fails mid-stream gives its own error; the table's connection rolls back and goes on", () =>
		failsMidStream('failing_query', 'n INTEGER', 'INSERT INTO failing_query (n) SELECT CAST(digits AS INTEGER) FROM source ORDER BY n', {
			code: '22P02',
			message: /invalid input syntax for type integer: "x"/,
		}));

	test("a table that refuses a row mid-stream gives its error, and the reader's COPY stops on the server", () =>
		failsMidStream('refusing', 'n INTEGER NOT NULL, label TEXT NOT NULL', 'INSERT INTO refusing (n, label) SELECT n, label FROM source ORDER BY n', {code: '23502'}));

	test('a role with no connection to spare gets the INSERT: the same rows, none frozen', async () => {
		const role = `limited_${url.split('/').at(-1)}`;
		await queryRows(
			url,
			`CREATE ROLE ${role} LOGIN PASSWORD 'limited' CONNECTION LIMIT 1;
			 GRANT ALL ON SCHEMA sparkify_load TO ${role}; GRANT SELECT ON sparkify_load.source TO ${role}`,
		);
		const limitedUrl = new URL(url);
		limitedUrl.username = role;
		limitedUrl.password = 'limited';
		const limited = await openWarehouse(ctx, {kind: 'url', url: limitedUrl.toString()});
		try {
			const writer = await connectToLoadSchema(limited);
			try {
				await writer.query('BEGIN');
				await writer.query('CREATE TABLE sparkify_load.limited_rows (n INTEGER) WITH (autovacuum_enabled = false)');
				// The reader's connection is refused (53300, too many connections for the role).
				assert.equal(await frozenWhereItCan(limited, 1)(writer, 'INSERT INTO limited_rows (n) SELECT n FROM source', noSignal), 200_000);
				await writer.query('COMMIT');
			} finally {
				await writer.end();
			}
			const content = await contentOf('limited_rows');
			assert.equal(content.rows.length, 200_000);
			assert.equal(content.frozen, 0, 'written by the INSERT');
		} finally {
			await limited.close();
			await queryRows(url, `DROP OWNED BY ${role}; DROP ROLE ${role}`);
		}
	});

	test('Ctrl-C mid-COPY stops it, on both connections', {timeout: 60_000}, async () => {
		const writer = await writerMaking('endless', 'n INTEGER');
		const controller = new AbortController();
		try {
			const copying = frozenWhereItCan(warehouse, 1)(writer, 'INSERT INTO endless (n) SELECT a.n FROM source a CROSS JOIN source b', controller.signal);
			// Under way: rows have gone in (the table itself is not visible outside its transaction).
			const copied = `SELECT COALESCE(MAX(tuples_processed), 0)::int AS n FROM pg_stat_progress_copy WHERE datname = current_database() AND command = 'COPY FROM'`;
			while ((await queryRows<{n: number}>(url, copied))[0]!.n < 100_000) {
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			controller.abort();
			// By COPY: an INSERT would not be seen in pg_stat_progress_copy above.
			await assert.rejects(copying, {code: '57014'});
			await writer.query('ROLLBACK');
		} finally {
			await writer.end();
		}
		assert.equal(await sessionsLeft(), 0);
	});
});

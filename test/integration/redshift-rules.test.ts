// The record rules pass that Redshift runs on staging (sql/redshift/rules/), run on the
// embedded PostgreSQL over every combination of the values that decide a rule, judged
// against record-rules.ts itself: the rows it deletes are exactly the rows the local loader
// rejects, each under the rule the local loader names first, and what it reports is counted.

import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import type pg from 'pg';
import {createErrorSink} from '../../source/etl/error-sink.js';
import {checkValue, compileRules, ruleFailure, type Checked} from '../../source/etl/record-rules.js';
import {eventColumns} from '../../source/etl/records.js';
import {applyStagedRules} from '../../source/etl/redshift-rules.js';
import {makeTempDir} from '../support/tmp.js';
import {warehouseWithTables} from '../support/warehouse.js';

const userIds = ['0', '00', '8', '008', '8.0', ' 8', '8 ', '+8', '-8', '1e3', '2147483647', '2147483648', '9999999999', '10000000000', '１', 'eight', null];
const levels = ['free', 'paid', 'free ', ' paid', 'Free', 'gold', '5', null];
const pages = ['NextSong', 'Home', null];
const sessions = [139, null];

type Row = {id: number; user_id: string | null; level: string | null; page: string | null; session_id: number | null};

/** The rule the local loader names first for a staged row (types, then rules across fields), or undefined. */
function localVerdict(row: Row): string | undefined {
	const checked: Checked = {state: 'ok', number: Number.NaN, reason: ''};
	if (checkValue(row.user_id, 'user_id', checked).state === 'invalid') return 'user_id:user_id';
	const rules = compileRules(
		eventColumns.map((spec) => spec.column),
		eventColumns,
	);
	const broken = ruleFailure({level: row.level, page: row.page, session_id: row.session_id}, rules);
	if (!broken) return undefined;
	const rule = rules.find((candidate) => candidate.key === broken.field && (candidate.kind === 'requiredWhen') === / on a /.test(broken.reason));
	return `${broken.field}:${rule!.kind}`;
}

test('the SQL deletes exactly the rows the local rules reject, and names the same rule', async () => {
	const rows: Row[] = [];
	for (const user_id of userIds)
		for (const level of levels) for (const page of pages) for (const session_id of sessions) rows.push({id: rows.length, user_id, level, page, session_id});
	const {warehouse} = await warehouseWithTables('rules_matrix');
	const client: pg.Client = await warehouse.connect();
	try {
		await client.query('BEGIN');
		await client.query(
			`INSERT INTO staging_events (item_in_session, user_id, level, page, session_id, ts)
			 SELECT r.id, r.user_id, r.level, r.page, r.session_id, TIMESTAMP '2018-11-01 00:00:00' + r.id * INTERVAL '1 second'
			 FROM json_to_recordset($1::json) AS r(id int, user_id text, level text, page text, session_id int)`,
			[JSON.stringify(rows)],
		);
		const reportFile = path.join(makeTempDir('rules-matrix'), 'rejected.ndjson');
		const sink = createErrorSink({maxErrors: Number.POSITIVE_INFINITY, reportFile});
		const expected = rows.filter((row) => localVerdict(row) !== undefined);
		const result = await applyStagedRules(client, {maxErrors: rows.length, copyRejected: 0, sink, reportFile});
		sink.close();
		assert.ok(expected.length > 0 && expected.length < rows.length);
		assert.equal(result.rejected, expected.length);
		assert.equal(result.statements, 3);
		const left = (await client.query<{id: number}>('SELECT item_in_session AS id FROM staging_events ORDER BY 1')).rows.map((row) => row.id);
		assert.deepEqual(
			left,
			rows.filter((row) => localVerdict(row) === undefined).map((row) => row.id),
		);
		// Per rule: the SQL's first broken rule is the local loader's.
		const byRule: Record<string, number> = {};
		for (const row of expected) byRule[localVerdict(row)!] = (byRule[localVerdict(row)!] ?? 0) + 1;
		assert.deepEqual(result.byRule, byRule);
		assert.equal(sink.count, expected.length);
		await client.query('ROLLBACK');
	} finally {
		await client.end();
		await warehouse.close();
	}
});

test('nothing to reject costs one statement, and deletes nothing', async () => {
	const {warehouse} = await warehouseWithTables('rules_clean');
	const client: pg.Client = await warehouse.connect();
	try {
		await client.query("INSERT INTO staging_events (user_id, level, page, session_id, ts) VALUES ('8', 'paid', 'NextSong', 1, now())");
		const reportFile = path.join(makeTempDir('rules-clean'), 'rejected.ndjson');
		const sink = createErrorSink({maxErrors: 0, reportFile});
		assert.deepEqual(await applyStagedRules(client, {maxErrors: 0, copyRejected: 0, sink, reportFile}), {rejected: 0, byRule: {}, statements: 1});
		assert.equal(sink.file, undefined, 'no rejected-records file for a clean load');
		assert.equal((await client.query('SELECT 1 FROM staging_events')).rowCount, 1);
	} finally {
		await client.end();
		await warehouse.close();
	}
});

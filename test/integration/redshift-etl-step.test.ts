// The etl step itself on the Redshift dialect, end to end, against the embedded PostgreSQL:
// only what PostgreSQL cannot run is answered by the test (the two COPYs from S3, loaded as
// COPY would load them; SYSDATE; the SYS_ views, which hold nothing here). Everything else is
// the step's own code and SQL: the transaction, DELETE, the repair after the COPYs, the
// transforms, the counts it reports. The result must be the local step's, row for row.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type pg from 'pg';
import type {Context} from '../../source/core/context.js';
import {UserError} from '../../source/core/errors.js';
import {localFolderSource} from '../../source/etl/source.js';
import {etlStep, type EtlResult} from '../../source/steps/etl.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {generatedWithOddSpellings} from '../support/odd-spellings.js';
import {sampleData} from '../support/paths.js';
import {copyEventsLikeRedshift, copySongsLikeRedshift, type EmulatedCopy} from '../support/redshift-copy.js';
import {copyRejects, generatedWithRuleBreakers, ruleBreakers} from '../support/rule-breakers.js';
import {starDigests, type StarDigests} from '../support/star-digest.js';
import {warehouseWithTables} from '../support/warehouse.js';

const signal = new AbortController().signal;
const copy = {source: {bucket: 'udacity-dend', prefix: ''}, iamRoleArn: 'arn:aws:iam::123456789012:role/sparkify-dwh-s3-read', region: 'us-west-2'};

/**
 * A warehouse that says it is Redshift: its connections answer COPY from `root`, SYSDATE and
 * the SYS_ views, which report what the emulated COPYs did (rows, rows rejected and why), on
 * any of its connections, as Redshift's do.
 */
function redshiftOnPostgres(inner: Warehouse, root: string, issued: string[]): Warehouse {
	const copies = new Map<string, EmulatedCopy>();
	const copied = (table: string, result: EmulatedCopy) => {
		copies.set(table, result);
		return {rows: [], rowCount: result.rows};
	};
	const history = (table: string) => {
		const result = copies.get(table);
		if (!result) return {rows: [], rowCount: 0};
		return {
			rows: [
				{
					status: 'completed',
					loaded_rows: result.rows,
					loaded_bytes: 0,
					source_file_count: result.files,
					file_count_scanned: result.files,
					source_file_bytes: 0,
					file_bytes_scanned: 0,
					error_count: result.rejected.length,
				},
			],
			rowCount: 1,
		};
	};
	const errorDetail = () => {
		const rows = [...copies.values()].flatMap((result) =>
			result.rejected.map((error) => ({
				file_name: error.file,
				line_number: error.line,
				column_name: error.field ?? null,
				error_code: 1213,
				error_message: 'Missing data for not-null field',
			})),
		);
		return {rows, rowCount: rows.length};
	};
	return {
		dialect: 'redshift',
		label: 'Redshift, emulated on PostgreSQL',
		close: () => inner.close(),
		async connect() {
			const client = await inner.connect();
			const query = client.query.bind(client) as (...args: unknown[]) => Promise<pg.QueryResult>;
			const answer = async (sql: unknown, params?: unknown): Promise<unknown> => {
				if (typeof sql !== 'string') return query(sql, params);
				issued.push(sql);
				// Redshift binds no array parameters (`= ANY($1)` fails there): refuse them here too.
				if (Array.isArray(params) && params.some((param) => Array.isArray(param))) throw new Error(`an array parameter, which Redshift cannot bind: ${sql}`);
				if (/\bSYSDATE\b/.test(sql)) return query('SELECT pg_backend_pid() AS pid, now() AS now');
				if (/^COPY staging_songs\s+FROM\s+'s3:/.test(sql)) return copied('staging_songs', await copySongsLikeRedshift(client, root));
				if (/^COPY staging_events\s+FROM\s+'s3:/.test(sql)) return copied('staging_events', await copyEventsLikeRedshift(client, root));
				if (/\bsys_load_history\b/.test(sql)) return history(String((params as unknown[])[1]));
				if (/\bsys_load_error_detail\b/.test(sql)) return errorDetail();
				return query(sql, params);
			};
			// The emulated COPY's own statements (information_schema, COPY … FROM STDIN) go straight through.
			const passthrough = client.query.bind(client);
			client.query = ((sql: unknown, params?: unknown) =>
				typeof sql === 'string' && !sql.startsWith('SELECT column_name') ? answer(sql, params) : passthrough(sql as never, params as never)) as never;
			return client;
		},
	};
}

async function localStep(root: string, maxErrors = 0): Promise<{result: EtlResult; digests: StarDigests}> {
	const {ctx, warehouse} = await warehouseWithTables('step_local');
	try {
		const result = await etlStep.run(ctx, {warehouse, source: localFolderSource(root), maxErrors}, () => {}, signal);
		const client = await warehouse.connect();
		try {
			return {result, digests: await starDigests(client)};
		} finally {
			await client.end();
		}
	} finally {
		await warehouse.close();
	}
}

async function redshiftStep(root: string, maxErrors = 0, acceptInvalidChars?: string): Promise<{result: EtlResult; digests: StarDigests; issued: string[]}> {
	const made = await warehouseWithTables('step_redshift');
	const issued: string[] = [];
	const warehouse = redshiftOnPostgres(made.warehouse, root, issued);
	const ctx: Context = made.ctx;
	try {
		const result = await etlStep.run(
			ctx,
			{warehouse, source: localFolderSource(root), copy, maxErrors, ...(acceptInvalidChars === undefined ? {} : {acceptInvalidChars})},
			() => {},
			signal,
		);
		const client = await made.warehouse.connect();
		try {
			return {result, digests: await starDigests(client), issued};
		} finally {
			await client.end();
		}
	} finally {
		await warehouse.close();
	}
}

for (const dataset of [
	{name: 'the real sample', root: async () => sampleData},
	{name: 'generated data with names spelled every way', root: generatedWithOddSpellings},
]) {
	describe(`the etl step on Redshift, on ${dataset.name}`, () => {
		test("commits the local step's rows, and reports the same repair, match and counts", async () => {
			const root = await dataset.root();
			const local = await localStep(root);
			const redshift = await redshiftStep(root);
			assert.deepEqual(redshift.digests, local.digests);
			assert.deepEqual(redshift.result.repaired, local.result.repaired);
			assert.ok(local.result.repaired.values > 0);
			assert.deepEqual(redshift.result.match, local.result.match);
			assert.deepEqual(redshift.result.star, local.result.star);
			// The order that makes it right: both COPYs, then the repair, then the transforms.
			const at = (pattern: RegExp) => redshift.issued.findIndex((sql) => pattern.test(sql));
			assert.ok(at(/^DELETE FROM staging_events/) < at(/^COPY staging_songs/));
			assert.ok(at(/^COPY staging_songs/) < at(/^COPY staging_events/));
			assert.ok(at(/^COPY staging_events/) < at(/GROUP BY broken_rule/));
			assert.ok(at(/GROUP BY broken_rule/) < at(/OCTET_LENGTH\(artist\)/));
			// Nothing breaks a rule here: the rules pass is its one counting statement.
			assert.equal(redshift.issued.filter((sql) => sql.includes("THEN 'ts:required'")).length, 1);
			assert.equal(redshift.result.rejected.count, 0);
			assert.ok(at(/^UPDATE staging_events SET location/) < at(/^INSERT INTO artists/));
			assert.ok(
				redshift.issued.every((sql) => !/^TRUNCATE/i.test(sql)),
				'nothing is emptied with TRUNCATE on Redshift',
			);
		});
	});
}

describe('the etl step on Redshift, on data that breaks every record rule', () => {
	test('rejects what the local step rejects, reports it the same way, and commits the same rows', async () => {
		const root = await generatedWithRuleBreakers();
		const maxErrors = ruleBreakers.length;
		const local = await localStep(root, maxErrors);
		const redshift = await redshiftStep(root, maxErrors, '_');
		assert.equal(local.result.rejected.count, ruleBreakers.length);
		// --accept-invalid-chars reaches both COPYs (this data has nothing to replace).
		assert.equal(redshift.issued.filter((sql) => /^COPY staging_\w+\s+FROM 's3:[\s\S]*\sACCEPTINVCHARS AS '_'\s/.test(sql)).length, 2);
		assert.equal(redshift.result.rejected.count, local.result.rejected.count);
		const counts = (result: EtlResult) => result.staging.map(({table, rows, rejected}) => ({table, rows, rejected}));
		assert.deepEqual(counts(redshift.result), counts(local.result));
		assert.deepEqual(redshift.digests, local.digests);
		assert.deepEqual(redshift.result.star, local.result.star);
		assert.deepEqual(redshift.result.match, local.result.match);
		// COPY's own rejection comes from SYS_LOAD_ERROR_DETAIL, the rules' from staging: one file holds both.
		assert.ok(redshift.result.rejected.file);
		assert.equal(redshift.result.rejected.sample.filter((error) => error.file !== 'staging_events').length, copyRejects);
		// The order: both COPYs, the rules (count, read, delete), then the repair and the transforms.
		const at = (pattern: RegExp) => redshift.issued.findIndex((sql) => pattern.test(sql));
		assert.ok(at(/^COPY staging_events/) < at(/GROUP BY broken_rule/));
		assert.ok(at(/GROUP BY broken_rule/) < at(/^DELETE FROM staging_events\s+WHERE \(CASE/));
		assert.ok(at(/^DELETE FROM staging_events\s+WHERE \(CASE/) < at(/OCTET_LENGTH\(artist\)/));
		assert.ok(at(/OCTET_LENGTH\(artist\)/) < at(/^INSERT INTO artists/));
	});

	test("fails with too_many_bad_records when COPY's rejections and the rules' together pass --max-errors", async () => {
		const root = await generatedWithRuleBreakers();
		await assert.rejects(redshiftStep(root, ruleBreakers.length - 1), (error: unknown) => {
			assert.ok(error instanceof UserError);
			assert.equal(error.code, 'too_many_bad_records');
			assert.match(error.message, new RegExp(`${ruleBreakers.length} bad records, more than --max-errors ${ruleBreakers.length - 1}`));
			return true;
		});
	});
});

// The etl step itself on the Redshift dialect, end to end, against the embedded PostgreSQL:
// only what PostgreSQL cannot run is answered by the test (the two COPYs from S3, loaded as
// COPY would load them; SYSDATE; the SYS_ views, which hold nothing here). Everything else is
// the step's own code and SQL: the transaction, DELETE, the repair after the COPYs, the
// transforms, the counts it reports. The result must be the local step's, row for row.

import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type pg from 'pg';
import type {Context} from '../../source/core/context.js';
import {localFolderSource} from '../../source/etl/source.js';
import {etlStep, type EtlResult} from '../../source/steps/etl.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {generatedWithOddSpellings} from '../support/odd-spellings.js';
import {sampleData} from '../support/paths.js';
import {copyEventsLikeRedshift, copySongsLikeRedshift} from '../support/redshift-copy.js';
import {starDigests, type StarDigests} from '../support/star-digest.js';
import {warehouseWithTables} from '../support/warehouse.js';

const signal = new AbortController().signal;
const copy = {source: {bucket: 'udacity-dend', prefix: ''}, iamRoleArn: 'arn:aws:iam::123456789012:role/sparkify-dwh-s3-read', region: 'us-west-2'};

/** A warehouse that says it is Redshift: its connections answer COPY from `root`, SYSDATE and the SYS_ views. */
function redshiftOnPostgres(inner: Warehouse, root: string, issued: string[]): Warehouse {
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
				if (/^COPY staging_songs\s+FROM\s+'s3:/.test(sql)) return {rows: [], rowCount: (await copySongsLikeRedshift(client, root)).rows};
				if (/^COPY staging_events\s+FROM\s+'s3:/.test(sql)) return {rows: [], rowCount: (await copyEventsLikeRedshift(client, root)).rows};
				if (/\bsys_load_(history|error_detail)\b/.test(sql)) return {rows: [], rowCount: 0};
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

async function localStep(root: string): Promise<{result: EtlResult; digests: StarDigests}> {
	const {ctx, warehouse} = await warehouseWithTables('step_local');
	try {
		const result = await etlStep.run(ctx, {warehouse, source: localFolderSource(root)}, () => {}, signal);
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

async function redshiftStep(root: string): Promise<{result: EtlResult; digests: StarDigests; issued: string[]}> {
	const made = await warehouseWithTables('step_redshift');
	const issued: string[] = [];
	const warehouse = redshiftOnPostgres(made.warehouse, root, issued);
	const ctx: Context = made.ctx;
	try {
		const result = await etlStep.run(ctx, {warehouse, source: localFolderSource(root), copy}, () => {}, signal);
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
		test('commits the local step\'s rows, and reports the same repair, match and counts', async () => {
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
			assert.ok(at(/^COPY staging_events/) < at(/OCTET_LENGTH/));
			assert.ok(at(/^UPDATE staging_events SET location/) < at(/^INSERT INTO artists/));
			assert.ok(redshift.issued.every((sql) => !/^TRUNCATE/i.test(sql)), 'nothing is emptied with TRUNCATE on Redshift');
		});
	});
}

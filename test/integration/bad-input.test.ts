// Bad input is counted and reported, never a crash, and a failed load changes nothing.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {Context} from '../../source/core/context.js';
import {UserError} from '../../source/core/errors.js';
import {localFolderSource} from '../../source/etl/source.js';
import {etlStep} from '../../source/steps/etl.js';
import {openWarehouse, type Warehouse} from '../../source/warehouse/connection.js';
import {queryRows} from '../support/database.js';
import {sampleData} from '../support/paths.js';
import {makeTempDir, sourceWithExtraLogLines} from '../support/tmp.js';
import {warehouseWithTables} from '../support/warehouse.js';

const signal = new AbortController().signal;

// One good event from the sample, to derive broken variants from.
const goodLine = fs.readFileSync(path.join(sampleData, 'log_data', '2018', '11', '2018-11-05-events.json'), 'utf8').split('\n')[3]!;
const good = JSON.parse(goodLine) as Record<string, unknown>;
const badLines = [
	'{"artist": "Broken", "auth": "Logged In"',
	JSON.stringify({...good, ts: 'yesterday'}),
	// songplays.session_id is NOT NULL: a play without a session would fail the star schema.
	JSON.stringify({...good, page: 'NextSong', sessionId: null}),
	// PostgreSQL text cannot hold NUL: sent on, it would fail the whole COPY.
	JSON.stringify({...good, song: 'nul\u0000byte'}),
];

async function counts(url: string): Promise<Record<string, number>> {
	const rows = await queryRows<{t: string; n: number}>(
		url,
		"SELECT 'staging_events' t, COUNT(*)::int n FROM staging_events UNION ALL SELECT 'songplays', COUNT(*)::int FROM songplays UNION ALL SELECT 'users', COUNT(*)::int FROM users",
	);
	return Object.fromEntries(rows.map((row) => [row.t, row.n]));
}

describe('bad input', () => {
	let warehouse: Warehouse;
	let url: string;
	let ctx: Context;
	let previous: Record<string, number>;

	before(async () => {
		({url, ctx, warehouse} = await warehouseWithTables('bad'));
		await etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, () => {}, signal);
		previous = await counts(url);
	});
	after(async () => warehouse.close());

	test('malformed JSON, a wrong type and a missing field fail the load by default, and change nothing', async () => {
		const source = localFolderSource(sourceWithExtraLogLines(sampleData, badLines));
		await assert.rejects(
			etlStep.run(ctx, {warehouse, source}, () => {}, signal),
			(error: unknown) => {
				assert.ok(error instanceof UserError);
				assert.equal(error.code, 'too_many_bad_records');
				assert.match(error.message, /log_data\/2018\/11\/2018-11-99-extra\.json:1 /);
				assert.match(error.hint ?? '', /--max-errors/);
				return true;
			},
		);
		assert.deepEqual(await counts(url), previous);
	});

	test('--max-errors lets the load through, and every bad record is reported with file, line, field and reason', async () => {
		const root = sourceWithExtraLogLines(sampleData, badLines);
		const result = await etlStep.run(ctx, {warehouse, source: localFolderSource(root), maxErrors: 4}, () => {}, signal);
		assert.equal(result.rejected.count, 4);
		const reported = fs
			.readFileSync(result.rejected.file!, 'utf8')
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		assert.deepEqual(
			reported.map(({file, line, field}) => ({file, line, field})),
			[
				{file: 'log_data/2018/11/2018-11-99-extra.json', line: 1, field: undefined},
				{file: 'log_data/2018/11/2018-11-99-extra.json', line: 2, field: 'ts'},
				{file: 'log_data/2018/11/2018-11-99-extra.json', line: 3, field: 'sessionId'},
				{file: 'log_data/2018/11/2018-11-99-extra.json', line: 4, field: 'song'},
			],
		);
		assert.match(String(reported[0]!.reason), /not valid JSON/);
		assert.match(String(reported[1]!.reason), /epoch milliseconds/);
		assert.match(String(reported[2]!.reason), /is null on a NextSong event/);
		assert.match(String(reported[3]!.reason), /NUL/);
		assert.equal(reported[0]!.raw, badLines[0]);
		assert.ok(String(reported[1]!.raw).length <= 200);
		assert.equal((fs.statSync(result.rejected.file!).mode & 0o777).toString(8), '600');
		// The good lines of the two log files were loaded.
		const expectedGood = fs
			.readdirSync(path.join(root, 'log_data', '2018', '11'))
			.filter((name) => !name.includes('extra'))
			.reduce(
				(sum, name) =>
					sum +
					fs
						.readFileSync(path.join(root, 'log_data', '2018', '11', name), 'utf8')
						.split('\n')
						.filter(Boolean).length,
				0,
			);
		assert.equal((await counts(url)).staging_events, expectedGood);
	});

	test('one bad record more than --max-errors allows still fails', async () => {
		const source = localFolderSource(sourceWithExtraLogLines(sampleData, badLines));
		await assert.rejects(
			etlStep.run(ctx, {warehouse, source, maxErrors: 3}, () => {}, signal),
			/4 bad records, more than --max-errors 3/,
		);
	});

	test('a missing folder, a folder without the layout, and an empty one each get one clear sentence', async () => {
		assert.throws(
			() => localFolderSource('/nonexistent/sparkify'),
			(error: unknown) => error instanceof UserError && /does not exist/.test(error.message),
		);
		assert.throws(
			() => localFolderSource(makeTempDir('sparkify-nolayout')),
			(error: unknown) => error instanceof UserError && /neither song_data/.test(error.message),
		);
		const empty = makeTempDir('sparkify-empty');
		fs.mkdirSync(path.join(empty, 'song_data'));
		fs.mkdirSync(path.join(empty, 'log_data'));
		await assert.rejects(
			etlStep.run(ctx, {warehouse, source: localFolderSource(empty)}, () => {}, signal),
			(error: unknown) => {
				return error instanceof UserError && error.code === 'source_empty' && /nothing to load/.test(error.message);
			},
		);
	});

	test('an unreachable database is one sentence with what to do', async () => {
		await assert.rejects(openWarehouse(ctx, {kind: 'url', url: 'postgres://someone:secret@127.0.0.1:1/nowhere'}), (error: unknown) => {
			assert.ok(error instanceof UserError);
			assert.match(error.message, /^Cannot connect to postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere: nothing is listening there\.$/);
			assert.doesNotMatch(error.message, /secret/);
			return true;
		});
	});
});

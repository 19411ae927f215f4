// Ctrl-C in the middle of a load: the warehouse keeps the previous load, whole, and the
// next load works. Cancelled once while rows stream into staging, once during transforms.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {Context} from '../../source/core/context.js';
import {CancelledError} from '../../source/core/errors.js';
import type {StepEvent} from '../../source/core/events.js';
import {localFolderSource} from '../../source/etl/source.js';
import {etlStep} from '../../source/steps/etl.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {queryRows} from '../support/database.js';
import {sampleData} from '../support/paths.js';
import {sampleWithRepeatedLogs} from '../support/tmp.js';
import {warehouseWithTables} from '../support/warehouse.js';

async function snapshot(url: string): Promise<Record<string, number>> {
	const rows = await queryRows<{t: string; n: number}>(
		url,
		`SELECT 'staging_events' t, COUNT(*)::int n FROM staging_events UNION ALL SELECT 'staging_songs', COUNT(*)::int FROM staging_songs
		 UNION ALL SELECT 'songplays', COUNT(*)::int FROM songplays UNION ALL SELECT 'users', COUNT(*)::int FROM users
		 UNION ALL SELECT 'time', COUNT(*)::int FROM time UNION ALL SELECT 'max_songplay_id', COALESCE(MAX(songplay_id), 0)::int FROM songplays`,
	);
	// The star's primary keys, which a load drops while it inserts and builds again after.
	const keys = await queryRows<{n: number}>(
		url,
		`SELECT COUNT(*)::int n FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE k.contype = 'p' AND c.relname IN ('songplays', 'users', 'songs', 'artists', 'time')`,
	);
	return {...Object.fromEntries(rows.map((row) => [row.t, row.n])), primary_keys: keys[0]!.n};
}

/** Tables in the schema a load builds in (sparkify_load); 0 also when the schema is gone. */
const builtBeside = async (url: string) =>
	(await queryRows<{n: number}>(url, `SELECT COUNT(*)::int n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'sparkify_load'`))[0]!.n +
	(await queryRows<{n: number}>(url, `SELECT COUNT(*)::int n FROM pg_namespace WHERE nspname = 'sparkify_load'`))[0]!.n;

describe('cancelling a load', () => {
	let warehouse: Warehouse;
	let url: string;
	let ctx: Context;
	let before_: Record<string, number>;
	let large: string;

	before(async () => {
		({url, ctx, warehouse} = await warehouseWithTables('cancel'));
		await etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, () => {}, new AbortController().signal);
		before_ = await snapshot(url);
		assert.equal(before_.primary_keys, 5);
		large = sampleWithRepeatedLogs(sampleData, 8);
	});
	after(async () => warehouse.close());

	test('while rows stream into staging_events, the previous load stays whole', async () => {
		const controller = new AbortController();
		let cancelledAt: Extract<StepEvent, {type: 'progress'}> | undefined;
		const report = (event: StepEvent) => {
			if (event.type === 'progress' && event.task === 'staging_events' && event.state === 'running' && (event.counters.rows?.done ?? 0) > 0 && !cancelledAt) {
				cancelledAt = event;
				controller.abort();
			}
		};
		await assert.rejects(etlStep.run(ctx, {warehouse, source: localFolderSource(large)}, report, controller.signal), CancelledError);
		assert.ok(cancelledAt, 'the load was cancelled during staging_events');
		// The total is null while the listing still goes on: then it is measured here.
		const logBytes = fs
			.readdirSync(path.join(large, 'log_data'), {recursive: true, withFileTypes: true})
			.filter((entry) => entry.isFile())
			.reduce((sum, entry) => sum + fs.statSync(path.join(entry.parentPath, entry.name)).size, 0);
		assert.ok((cancelledAt.counters.bytes?.done ?? 0) < (cancelledAt.counters.bytes?.total ?? logBytes), 'it was cancelled half-way');
		assert.deepEqual(await snapshot(url), before_);
		assert.equal(await builtBeside(url), 0, 'what the load had built beside the warehouse is dropped');
	});

	test('while the star schema is rebuilt, the previous load stays whole, its primary keys too', async () => {
		const controller = new AbortController();
		const report = (event: StepEvent) => {
			if (event.type === 'progress' && event.task === 'songplays' && event.state === 'running') controller.abort();
		};
		await assert.rejects(etlStep.run(ctx, {warehouse, source: localFolderSource(large)}, report, controller.signal), CancelledError);
		assert.deepEqual(await snapshot(url), before_);
		assert.equal(await builtBeside(url), 0, 'what the load had built beside the warehouse is dropped');
	});

	test('the next load after a cancel works and commits', async () => {
		const result = await etlStep.run(ctx, {warehouse, source: localFolderSource(large)}, () => {}, new AbortController().signal);
		assert.equal(result.star.songplays, before_.songplays! * 8);
		assert.equal((await snapshot(url)).staging_events, before_.staging_events! * 8);
	});

	test('a table made by hand whose primary key has a name of its own loads too; the key comes back as <table>_pkey', async () => {
		await queryRows(url, 'ALTER TABLE songplays RENAME CONSTRAINT songplays_pkey TO songplays_by_hand');
		await etlStep.run(ctx, {warehouse, source: localFolderSource(sampleData)}, () => {}, new AbortController().signal);
		const keys = await queryRows<{name: string}>(url, `SELECT conname AS name FROM pg_constraint WHERE contype = 'p' AND conrelid = 'songplays'::regclass`);
		assert.deepEqual(keys, [{name: 'songplays_pkey'}]);
		assert.equal((await snapshot(url)).primary_keys, 5);
	});
});

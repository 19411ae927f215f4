// A staging load given a connection the server has already closed fails at once, in the
// driver's words, and never waits: pg-copy-streams' destroy() of a COPY the server never took
// waits for an answer that cannot come, and a command that awaited it exited 13 (a top-level
// await never settled) instead of 1 with "the connection was lost". Seen when a load's other
// connection lost the database first (test/integration/error-corpus.test.ts, 1 run in 3).

import assert from 'node:assert/strict';
import path from 'node:path';
import {after, before, test} from 'node:test';
import pg from 'pg';
import {createErrorSink} from '../../source/etl/error-sink.js';
import {loadStagingTable} from '../../source/etl/postgres-loader.js';
import {defaultEventKeys, eventColumns, newRepairTally} from '../../source/etl/records.js';
import {localFolderSource} from '../../source/etl/source.js';
import {queryRows} from '../support/database.js';
import {sampleData} from '../support/paths.js';
import {makeTempDir} from '../support/tmp.js';
import {warehouseWithTables, type TestWarehouse} from '../support/warehouse.js';

let test_: TestWarehouse;
before(async () => {
	test_ = await warehouseWithTables('lost_copy');
});
after(async () => test_.warehouse.close());

test('a COPY on a connection the server has closed fails at once, never waits', async () => {
	const client = new pg.Client({connectionString: test_.url});
	const lost = new Promise<void>((resolve) => client.on('error', () => resolve()));
	await client.connect();
	const pid = (client as unknown as {processID: number}).processID;
	await queryRows(test_.url, 'SELECT pg_terminate_backend($1)', [pid]);
	await lost;
	const source = localFolderSource(sampleData);
	const loading = loadStagingTable(
		client,
		{table: 'staging_events', columns: eventColumns, keys: defaultEventKeys, files: (await source.listFiles('events')).files, layout: 'lines', progressUnit: 'bytes'},
		source,
		createErrorSink({maxErrors: 0, reportFile: path.join(makeTempDir('sparkify-lost-copy'), 'rejected.ndjson')}),
		newRepairTally(),
		() => {},
		new AbortController().signal,
	);
	let timer: NodeJS.Timeout | undefined;
	const waitedTooLong = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error('the load was still waiting 5 s later')), 5000);
	});
	try {
		await assert.rejects(Promise.race([loading, waitedTooLong]), /not queryable|terminat|Connection/i);
	} finally {
		clearTimeout(timer);
		await client.end().catch(() => {});
	}
});

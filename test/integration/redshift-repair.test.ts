// The Redshift name repair on its own, on the embedded PostgreSQL with staging loaded as
// Redshift's COPY loads it (names unrepaired): a constant number of statements whatever the
// data, the same result however the mapping is split, and nothing left behind.

import assert from 'node:assert/strict';
import {after, before, test} from 'node:test';
import type pg from 'pg';
import {repairStagedNames} from '../../source/etl/redshift-repair.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {sampleData} from '../support/paths.js';
import {copyLikeRedshift} from '../support/redshift-copy.js';
import {stagingDigests} from '../support/star-digest.js';
import {warehouseWithTables} from '../support/warehouse.js';

let warehouse: Warehouse;
let client: pg.Client;

before(async () => {
	({warehouse} = await warehouseWithTables('repair'));
	client = await warehouse.connect();
});
after(async () => {
	await client.end();
	await warehouse.close();
});

async function freshStaging(): Promise<void> {
	await client.query('DELETE FROM staging_events');
	await client.query('DELETE FROM staging_songs');
	await copyLikeRedshift(client, sampleData);
}

const mangled = async () => Number((await client.query<{n: number}>("SELECT COUNT(*)::int AS n FROM staging_events WHERE artist LIKE '%Ã%' OR song LIKE '%Ã%'")).rows[0]?.n);

test('the sample: 346 values in 326 events, in eleven statements, none of them per row', async () => {
	await freshStaging();
	assert.ok((await mangled()) > 0);
	const result = await repairStagedNames(client);
	assert.deepEqual({values: result.values, events: result.events}, {values: 346, events: 326});
	assert.ok(result.distinct > 0 && result.distinct <= result.candidates);
	// Read candidates; drop and create the map; one INSERT; tally; five UPDATEs; drop the map.
	assert.equal(result.statements, 11);
	assert.equal(await mangled(), 0);
	const {rows} = await client.query<{n: number}>("SELECT COUNT(*)::int AS n FROM staging_events WHERE song = 'La Boulette (Génération Nan Nan)'");
	assert.ok((rows[0]?.n ?? 0) > 0);
});

test('a mapping split over many INSERTs repairs exactly the same', async () => {
	await freshStaging();
	const whole = await repairStagedNames(client);
	const once = await stagingDigests(client);
	await freshStaging();
	const split = await repairStagedNames(client, {pairsPerInsert: 7});
	assert.deepEqual(await stagingDigests(client), once);
	assert.deepEqual({values: split.values, events: split.events}, {values: whole.values, events: whole.events});
	assert.equal(split.statements, whole.statements + Math.ceil(whole.distinct / 7) - 1);
});

test('inside a transaction that rolls back, the names are as COPY left them, and no table is left behind', async () => {
	await freshStaging();
	const before = await stagingDigests(client);
	await client.query('BEGIN');
	await repairStagedNames(client);
	await client.query('ROLLBACK');
	assert.deepEqual(await stagingDigests(client), before);
	const {rows} = await client.query("SELECT 1 FROM pg_class WHERE relname = 'name_repairs'");
	assert.deepEqual(rows, []);
});

test('nothing to repair: one statement, and nothing changes', async () => {
	await freshStaging();
	await repairStagedNames(client);
	const repaired = await stagingDigests(client);
	const again = await repairStagedNames(client);
	assert.deepEqual({values: again.values, events: again.events, distinct: again.distinct, statements: again.statements}, {values: 0, events: 0, distinct: 0, statements: 1});
	assert.deepEqual(await stagingDigests(client), repaired);
});

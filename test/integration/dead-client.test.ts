// A command killed while the server runs its statement (kill -9, a closed laptop): the server
// stops that statement within seconds, instead of running it to its end with its locks held
// (warehouse/connection.ts sets client_connection_check_interval on every session).

import assert from 'node:assert/strict';
import {after, before, describe, test} from 'node:test';
import type {Context} from '../../source/core/context.js';
import {noLog} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {openWarehouse, type Warehouse} from '../../source/warehouse/connection.js';
import {createTestDatabase, queryRows} from '../support/database.js';
import {makeTempDir} from '../support/tmp.js';

describe('a session whose client is gone', () => {
	let url: string;
	let warehouse: Warehouse;

	before(async () => {
		url = await createTestDatabase('dead_client');
		const ctx: Context = {paths: homePaths({SPARKIFY_DWH_HOME: makeTempDir('sparkify-dead-client-home')}), log: noLog, env: {}};
		warehouse = await openWarehouse(ctx, {kind: 'url', url});
	});
	after(async () => warehouse.close());

	const running = async (pid: number) =>
		(await queryRows<{n: number}>(url, `SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE pid = $1 AND state = 'active'`, [pid]))[0]!.n === 1;

	test('every session is in UTC and has the server check for its client', async () => {
		const client = await warehouse.connect();
		try {
			const {rows} = await client.query<{zone: string; check: string}>(`SELECT current_setting('TimeZone') AS zone, current_setting('client_connection_check_interval') AS check`);
			assert.deepEqual(rows, [{zone: 'UTC', check: '1s'}]);
		} finally {
			await client.end();
		}
	});

	test('its statement stops within seconds, not at its end', {timeout: 60_000}, async () => {
		const client = await warehouse.connect();
		const pid = (client as unknown as {processID: number}).processID;
		// A statement of a minute, which sends nothing to the client while it runs.
		const sleeping = client.query('SELECT pg_sleep(60)').catch(() => {});
		while (!(await running(pid))) await new Promise((resolve) => setTimeout(resolve, 50));
		// The process dies: its socket is closed, and nothing more is sent.
		client.connection.stream.destroy();
		let waited = 0;
		while ((await running(pid)) && waited < 20_000) {
			await new Promise((resolve) => setTimeout(resolve, 100));
			waited += 100;
		}
		assert.equal(await running(pid), false, 'the statement still runs 20 s after its client died');
		await sleeping;
	});
});

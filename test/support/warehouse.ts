// A test's own warehouse: a fresh database on the run's PostgreSQL, a context with a private
// home, the connection, and the tables created, as `tables` leaves them.

import type {Context} from '../../source/core/context.js';
import {noLog} from '../../source/core/log.js';
import {homePaths} from '../../source/core/paths.js';
import {tablesStep} from '../../source/steps/tables.js';
import {openWarehouse, type Warehouse} from '../../source/warehouse/connection.js';
import {createTestDatabase} from './database.js';
import {makeTempDir} from './tmp.js';

export type TestWarehouse = {readonly url: string; readonly ctx: Context; readonly warehouse: Warehouse};

export async function warehouseWithTables(prefix: string): Promise<TestWarehouse> {
	const url = await createTestDatabase(prefix);
	const ctx: Context = {paths: homePaths({SPARKIFY_DWH_HOME: makeTempDir(`sparkify-${prefix}-home`)}), log: noLog, env: {}};
	const warehouse = await openWarehouse(ctx, {kind: 'url', url});
	await tablesStep.run(ctx, {warehouse}, () => {}, new AbortController().signal);
	return {url, ctx, warehouse};
}

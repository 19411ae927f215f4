// PostgreSQL's load, built beside the warehouse: staging and star tables are made anew in the
// schema sparkify_load, each table in a transaction of its own, the star's on two connections at
// once (two server processes: this machine's other core), then swapped in together in one short
// transaction. A failure or Ctrl-C before the swap drops what was built; the warehouse was
// never touched, and stayed readable throughout. See warehouse/load-schema.ts.

import pg from 'pg';
import {throwIfCancelled} from '../core/errors.js';
import type {Report} from '../core/events.js';
import type {Context} from '../core/context.js';
import {onWorkers} from '../core/together.js';
import {cancellable} from '../warehouse/cancel.js';
import type {Warehouse} from '../warehouse/connection.js';
import {analyzeSettings, connectToLoadSchema, createLoadTable, discardLoadSchema, prepareLoadSchema, swapIn} from '../warehouse/load-schema.js';
import {sqlStatements} from '../warehouse/sql-files.js';
import type {EtlOptions, Loaded} from './etl.js';
import {stageByStreaming} from './etl-staging.js';
import {keyStatementFor, matchRate, starProgress, starTransforms} from './star-tasks.js';
import {frozenWhereItCan} from './star-frozen.js';

/**
 * The load beside the warehouse. `main` holds the load lock (etl.ts took it) and is on the
 * warehouse's own schema: it prepares sparkify_load, and swaps the tables in at the end.
 */
export async function loadBeside(ctx: Context, options: EtlOptions, main: pg.Client, report: Report, signal: AbortSignal): Promise<Loaded> {
	const {warehouse} = options;
	const home = await prepareLoadSchema(main);
	const workers: pg.Client[] = [];
	try {
		for (let count = 0; count < 2; count++) workers.push(await connectToLoadSchema(warehouse));
		const [songsWorker, eventsWorker] = workers as [pg.Client, pg.Client];
		// The two staging tables one after the other, each in a transaction of its own: loaded at
		// once they were no faster (this process, which reads and parses both, is what they wait
		// for), and left less of the process for the screen (drawing the load cost 28%).
		const staged = await stageByStreaming(
			ctx,
			options,
			async (songs, events) => [
				await inTableTransaction(warehouse, songsWorker, home, 'staging_songs', signal, () => songs(songsWorker, signal)),
				await inTableTransaction(warehouse, eventsWorker, home, 'staging_events', signal, () => events(eventsWorker, signal)),
			],
			report,
		);
		const star = await buildStarBeside(warehouse, workers, home, report, signal);
		const match = await matchRate(songsWorker);
		await main.query('BEGIN');
		await cancellable(warehouse, main, signal, () => swapIn(main));
		// Last chance to cancel: past this line the new load is the warehouse's.
		throwIfCancelled(signal);
		await main.query('COMMIT');
		return {staged, star, match};
	} catch (error) {
		await main.query('ROLLBACK').catch(() => {});
		// Their open transactions roll back as they end; then nothing holds the load's schema.
		await Promise.all(workers.splice(0).map((worker) => worker.end().catch(() => {})));
		await discardLoadSchema(main).catch((cleanup: unknown) => ctx.log.write('warn', 'etl: could not drop the schema sparkify_load after a failed load', cleanup));
		throw error;
	} finally {
		await Promise.all(workers.map((worker) => worker.end().catch(() => {})));
	}
}

/**
 * Makes the load's `table` and fills it (`fill`) in one transaction of its own on `client`,
 * then gives it statistics and commits it. Made and filled in the same transaction, its rows
 * skip the WAL (wal_level=minimal) and may be written frozen.
 */
async function inTableTransaction<T>(warehouse: Warehouse, client: pg.Client, home: string, table: string, signal: AbortSignal, fill: () => Promise<T>): Promise<T> {
	return cancellable(warehouse, client, signal, async () => {
		await client.query('BEGIN');
		try {
			for (const statement of sqlStatements('postgres/load_settings.sql')) await client.query(statement);
			await createLoadTable(client, home, table);
			const result = await fill();
			for (const statement of analyzeSettings()) await client.query(statement);
			await client.query(`ANALYZE ${pg.escapeIdentifier(table)}`);
			throwIfCancelled(signal);
			await client.query('COMMIT');
			return result;
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			throw error;
		}
	});
}

/**
 * The star's tables, each built by its transform and then given its primary key, two at a
 * time. songplays, the longest, goes first, so that the other connection builds the rest
 * meanwhile; no transform reads another's table, only staging.
 */
async function buildStarBeside(warehouse: Warehouse, workers: readonly pg.Client[], home: string, report: Report, signal: AbortSignal): Promise<Record<string, number>> {
	const jobs = starTransforms()
		.reverse()
		.map(({table, statements}) => ({table, statements: [...statements, keyStatementFor(table)]}));
	const progress = starProgress(
		report,
		jobs.reduce((sum, job) => sum + job.statements.length, 0),
		signal,
	);
	const run = frozenWhereItCan(warehouse, workers.length);
	const rows = await onWorkers(
		workers,
		jobs,
		(client, {table, statements}, inner) => inTableTransaction(warehouse, client, home, table, inner, () => progress.runTask(client, table, 'rows', statements, inner, run)),
		signal,
	);
	progress.finish();
	// In the files' order (artists, songs, …), as the load in place reports them.
	return Object.fromEntries(jobs.map((job, index) => [job.table, rows[index]!] as const).reverse());
}

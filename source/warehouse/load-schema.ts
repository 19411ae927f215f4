// The load's own schema on PostgreSQL (sparkify_load): a load builds its staging and star
// tables there, beside the warehouse's, on several connections at once, each table committed
// as it is done; then swaps them in, all at once, in one short transaction. Until that swap
// the warehouse is untouched, and readable: a reader sees the previous load whole, then the
// new one whole. The SQL is in sql/postgres/beside/.

import pg from 'pg';
import {UserError} from '../core/errors.js';
import type {Warehouse} from './connection.js';
import {sqlStatements} from './sql-files.js';

const loadSchema = 'sparkify_load';

/** Something that keeps a table (or, with no table, the whole load) from being built beside and swapped in. */
export type SwapBlocker = {readonly table: string | null; readonly reason: string};

const run = async (client: pg.Client, file: string) => {
	for (const statement of sqlStatements(`postgres/beside/${file}`)) await client.query(statement);
};

/** Holds the warehouse for this session's load; if another load holds it, calls `waiting` and waits for it to end. */
export async function holdLoadLock(client: pg.Client, waiting: () => void): Promise<void> {
	const [statement] = sqlStatements('postgres/beside/hold.sql');
	const {rows} = await client.query<{held: boolean}>(statement!);
	if (rows[0]?.held) return;
	waiting();
	await run(client, 'wait.sql');
}

/** Why the tables cannot be swapped (none: they can); the warehouse is then loaded in place. */
export async function swapBlockers(client: pg.Client): Promise<SwapBlocker[]> {
	const [statement] = sqlStatements('postgres/beside/blockers.sql');
	const {rows} = await client.query<{table_name: string | null; reason: string}>(statement!);
	return rows.map((row) => ({table: row.table_name, reason: row.reason}));
}

/** An empty sparkify_load, whatever a killed load left in it. Returns the warehouse's own schema. */
export async function prepareLoadSchema(client: pg.Client): Promise<string> {
	await run(client, 'prepare.sql');
	const {rows} = await client.query<{home: string}>('SELECT current_schema() AS home');
	return rows[0]!.home;
}

/** A connection whose unqualified table names are the load's: the shared transforms run unchanged. */
export async function connectToLoadSchema(warehouse: Warehouse): Promise<pg.Client> {
	const client = await warehouse.connect();
	try {
		await client.query(`SET search_path = ${pg.escapeIdentifier(loadSchema)}`);
	} catch (error) {
		await client.end().catch(() => {});
		throw error;
	}
	return client;
}

/**
 * Makes the load's copy of `table`, empty, in the open transaction: LIKE the warehouse's own,
 * without its indexes (the primary key is built once the rows are in). Made in the same
 * transaction as its rows, it is written without WAL and may take COPY … FREEZE.
 */
export async function createLoadTable(client: pg.Client, home: string, table: string): Promise<void> {
	await client.query(
		`CREATE TABLE ${pg.escapeIdentifier(loadSchema)}.${pg.escapeIdentifier(table)} (LIKE ${pg.escapeIdentifier(home)}.${pg.escapeIdentifier(table)} INCLUDING ALL EXCLUDING INDEXES)`,
	);
}

/** The statements that prepare a table's statistics target; ANALYZE follows, in the same transaction. */
export const analyzeSettings = () => sqlStatements('postgres/beside/analyze.sql');

/**
 * Swaps the load's tables in, in the open transaction of `client` (a session on the
 * warehouse's own schema). A reader holding one table while asking for another can deadlock
 * with the swap's locks; the server then fails one of the two, and if it is the swap, it is
 * tried again: only a few reads' worth of time.
 */
export async function swapIn(client: pg.Client, attempts = 3): Promise<void> {
	const [statement] = sqlStatements('postgres/beside/swap.sql');
	for (let attempt = 1; ; attempt++) {
		await client.query('SAVEPOINT swap');
		try {
			await client.query(statement!);
			await client.query('RELEASE SAVEPOINT swap');
			return;
		} catch (error) {
			const code = (error as {code?: string}).code;
			// Made on a table while the load ran (blockers.sql found nothing at its start): the old
			// table cannot be dropped, and the swap rolls back whole.
			if (code === '2BP01') {
				throw new UserError(`The new load was not swapped in: something was made on a table while it ran (${(error as Error).message}).`, {
					hint: 'Run the load again: it will see what depends on the table and load in place.',
					code: 'swap_refused',
					cause: error,
				});
			}
			if (code !== '40P01' || attempt >= attempts) throw error;
			await client.query('ROLLBACK TO SAVEPOINT swap');
		}
	}
}

/** Drops what a failed or cancelled load built; the warehouse's own tables were never touched. */
export const discardLoadSchema = (client: pg.Client) => run(client, 'discard.sql');

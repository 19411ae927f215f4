// The star's tables on PostgreSQL's load beside the warehouse, their rows written frozen where
// they can be: each transform that is an INSERT … SELECT whose column types match its table's
// goes by COPY from a reader connection of its own into the table its transaction just made
// (warehouse/copy-pipe.ts says why that is faster for every later reader). Anything else, or a
// server with no connection to spare, runs the statement as it is: the same rows either way.

import os from 'node:os';
import {cancellable} from '../warehouse/cancel.js';
import type {Warehouse} from '../warehouse/connection.js';
import {asInsertSelect, copyMismatch, copyQueryInto} from '../warehouse/copy-pipe.js';
import {connectToLoadSchema} from '../warehouse/load-schema.js';
import {sqlStatements} from '../warehouse/sql-files.js';
import {parallelWorkersPerPass} from './check.js';
import {asItIs, type RunStatement} from './star-tasks.js';

/**
 * Runs a transform's statement on a connection whose open transaction made its table, in the
 * schema sparkify_load; the reader, when one is used, connects there too. Cancelled by `signal`
 * (the reader here; the writer by its caller, and by the COPY it is sent failing). `atOnce`:
 * how many tables are built at the same time, which share the machine's cores.
 */
export function frozenWhereItCan(warehouse: Warehouse, atOnce: number): RunStatement {
	// An INSERT never runs its query in parallel; a COPY's query may, and on two cores the
	// parallel workers of one table's query only took turns with the other table's build
	// (users took 2.0 s against 1.3 s, at a million events).
	const parallelWorkers = parallelWorkersPerPass(os.availableParallelism(), atOnce);
	return async (client, statement, signal) => {
		const insert = asInsertSelect(statement);
		if (!insert) return asItIs(client, statement, signal);
		const reader = await connectToLoadSchema(warehouse).catch((error: unknown) => {
			if ((error as {cause?: {code?: string}}).cause?.code === '53300') return null;
			throw error;
		});
		if (!reader) return asItIs(client, statement, signal);
		try {
			return await cancellable(warehouse, reader, signal, async () => {
				// The reader only reads the committed staging tables, with the load's settings.
				await reader.query('BEGIN READ ONLY');
				for (const setting of sqlStatements('postgres/load_settings.sql')) await reader.query(setting);
				await reader.query(`SET LOCAL max_parallel_workers_per_gather = ${parallelWorkers}`);
				if ((await copyMismatch(reader, client, insert)) !== null) return asItIs(client, statement, signal);
				const rows = await copyQueryInto(reader, client, insert);
				await reader.query('COMMIT');
				return rows;
			});
		} finally {
			// Mid-COPY after a failure: end() then cuts the connection, and the server stops reading.
			await reader.end().catch(() => {});
		}
	};
}

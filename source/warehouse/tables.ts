// Which of the warehouse's tables exist, asked of the database itself (never remembered).

import type pg from 'pg';
import {UserError} from '../core/errors.js';

export const stagingTables = ['staging_events', 'staging_songs'] as const;
export const starTables = ['songplays', 'users', 'songs', 'artists', 'time'] as const;
export const allTables = [...stagingTables, ...starTables] as const;

export async function existingTables(client: pg.Client): Promise<Set<string>> {
	// One parameter per name, not `= ANY($1)`: Redshift binds no array parameters.
	const placeholders = allTables.map((_, index) => `$${index + 1}`).join(', ');
	const {rows} = await client.query<{table_name: string}>(
		`SELECT table_name FROM information_schema.tables
		 WHERE table_schema = current_schema() AND table_name IN (${placeholders})`,
		[...allTables],
	);
	return new Set(rows.map((row) => row.table_name));
}

/** Fails with what to do when the warehouse's tables have not been made yet. */
export async function requireTables(client: pg.Client): Promise<void> {
	const existing = await existingTables(client);
	const missing = allTables.filter((table) => !existing.has(table));
	if (missing.length === 0) return;
	throw new UserError(`The warehouse has no ${missing.join(', ')} table${missing.length === 1 ? '' : 's'} yet.`, {
		hint: 'Run `sparkify-dwh tables` first, or the whole pipeline with `sparkify-dwh run`.',
		code: 'tables_missing',
	});
}

/** The songplays of the current load, or undefined when the tables have not been made. */
export async function loadedSongplays(client: pg.Client): Promise<number | undefined> {
	if (!(await existingTables(client)).has('songplays')) return undefined;
	return (await client.query<{count: number}>('SELECT COUNT(*) AS count FROM songplays')).rows[0]?.count ?? 0;
}

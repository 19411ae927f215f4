// The star schema's transforms as tasks: which statements build each table, and the progress
// the user sees while they run (a task per table, with its rows once done and its elapsed time
// meanwhile, and "star schema" counting the statements done of all). Shared by the load in
// place (one table after another) and the load beside the warehouse (several at once).

import path from 'node:path';
import type pg from 'pg';
import {throwIfCancelled} from '../core/errors.js';
import type {Report} from '../core/events.js';
import {trackProgress} from '../core/progress.js';
import {sqlFilesIn, sqlStatements} from '../warehouse/sql-files.js';
import {whileRunning} from '../warehouse/statement-progress.js';

/** Each star table and the statements of its transform, in the files' order (01_artists …). */
export function starTransforms(): Array<{table: string; statements: string[]}> {
	return sqlFilesIn('transform').map((file) => ({table: path.basename(file, '.sql').replace(/^\d+_/, ''), statements: sqlStatements(file)}));
}

/** PostgreSQL: the statement of star_keys.sql that builds `table`'s primary key. */
export function keyStatementFor(table: string): string {
	const statement = sqlStatements('postgres/star_keys.sql').find((candidate) => new RegExp(`^ALTER TABLE ${table} ADD\\b`, 'm').test(candidate));
	if (!statement) throw new Error(`sql/postgres/star_keys.sql has no primary key for ${table}`);
	return statement;
}

/** Runs one statement of a task; returns the rows it wrote (none for an ALTER or ANALYZE). */
export type RunStatement = (client: pg.Client, statement: string, signal: AbortSignal) => Promise<number>;

/** A statement run as it is. */
export const asItIs: RunStatement = async (client, statement) => (await client.query(statement)).rowCount ?? 0;

export type StarProgress = {
	/**
	 * Runs one task's statements on `client` (each by `run`: as it is unless told otherwise), its
	 * progress and the overall count kept; returns the rows they wrote.
	 */
	runTask(client: pg.Client, task: string, unit: 'rows' | 'statements', statements: readonly string[], signal?: AbortSignal, run?: RunStatement): Promise<number>;
	finish(): void;
};

/** "star schema", told first so that it is listed above its parts; `total` statements in all. */
export function starProgress(report: Report, total: number, outer: AbortSignal): StarProgress {
	const overall = trackProgress(report, 'etl', 'star schema', 'statements');
	overall.update({statements: {done: 0, total}});
	let done = 0;
	return {
		async runTask(client, task, unit, statements, signal = outer, run = asItIs) {
			const progress = trackProgress(report, 'etl', task, unit);
			let rows = 0;
			try {
				for (const [index, statement] of statements.entries()) {
					throwIfCancelled(signal);
					const counters = unit === 'rows' ? {rows: {done: rows, total: null}} : {statements: {done: index, total: statements.length}};
					rows += await whileRunning(progress, counters, () => whileRunning(overall, {statements: {done, total}}, () => run(client, statement, signal)));
					done++;
				}
			} catch (error) {
				progress.finish('failed');
				overall.finish('failed');
				// A statement cancelled on the server (57014) because of our own Ctrl-C is a cancel.
				throwIfCancelled(outer);
				throw error;
			}
			progress.finish('done', unit === 'rows' ? {rows: {done: rows, total: rows}} : {statements: {done: statements.length, total: statements.length}});
			return rows;
		},
		finish() {
			overall.finish('done', {statements: {done, total}});
		},
	};
}

/** Songplays, and how many of them found their song. */
export async function matchRate(client: pg.Client): Promise<{plays: number; matched: number; rate: number}> {
	const [statement] = sqlStatements('quality/match_rate.sql');
	const {rows} = await client.query<{plays: number; matched: number}>(statement!);
	const plays = rows[0]?.plays ?? 0;
	const matched = rows[0]?.matched ?? 0;
	return {plays, matched, rate: plays === 0 ? 0 : matched / plays};
}

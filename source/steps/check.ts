// Data quality: row counts of every table and the checks in sql/quality/, each of which
// returns rows of (check_name, failing). Runs after every load and on demand.

import path from 'node:path';
import {CancelledError} from '../core/errors.js';
import type {Step} from '../core/step.js';
import {cancellable} from '../warehouse/cancel.js';
import type {Warehouse} from '../warehouse/connection.js';
import {sqlFilesIn, sqlStatements} from '../warehouse/sql-files.js';
import {requireTables} from '../warehouse/tables.js';

export type CheckOptions = {readonly warehouse: Warehouse};

type CheckOutcome = {
	readonly name: string;
	readonly passed: boolean;
	/** Rows that break the rule (0 when it passes). */
	readonly failing: number;
	/** The sql/quality file the check comes from. */
	readonly file: string;
};

export type CheckResult = {
	readonly tables: Readonly<Record<string, number>>;
	readonly checks: readonly CheckOutcome[];
	readonly passed: boolean;
};

// Only the numbered files are checks; the others (table_counts, match_rate) are reports.
const isCheckFile = (file: string) => /^\d+_/.test(path.basename(file));

export const checkStep: Step<CheckOptions, CheckResult> = {
	id: 'check',
	title: 'Check data quality',
	async plan() {
		return {destructive: false, actions: [{action: 'read', resource: 'every table', detail: 'row counts and quality checks'}]};
	},
	async run(_ctx, {warehouse}, report, signal) {
		// Ctrl-C stops the checks (exit 130), never lets them finish as if nothing happened.
		// They only read, so the hint can say truthfully what a cancel leaves behind.
		const stopIfCancelled = () => {
			if (signal.aborted) throw new CancelledError('The quality checks were stopped; they change nothing in the warehouse (run `sparkify-dwh check` to run them again).');
		};
		stopIfCancelled();
		const client = await warehouse.connect();
		try {
			return await cancellable(warehouse, client, signal, async () => {
				await requireTables(client);
				const tables: Record<string, number> = {};
				for (const row of (await client.query<{table_name: string; row_count: number}>(sqlStatements('quality/table_counts.sql')[0]!)).rows) {
					tables[row.table_name] = row.row_count;
				}
				const files = sqlFilesIn('quality').filter(isCheckFile);
				const checks: CheckOutcome[] = [];
				for (const file of files) {
					for (const statement of sqlStatements(file)) {
						stopIfCancelled();
						const {rows} = await client.query<{check_name: string; failing: number}>(statement);
						for (const row of rows) checks.push({name: row.check_name, failing: row.failing, passed: row.failing === 0, file});
					}
					report({
						type: 'progress', step: 'check', task: 'checks', state: 'running', unit: 'checks',
						done: checks.length, total: null, counters: {checks: {done: checks.length, total: null}}, elapsedMs: 0,
					});
				}
				stopIfCancelled();
				return {tables, checks, passed: checks.every((check) => check.passed)};
			}).catch((error: unknown) => {
				// A statement cancelled on the server (57014) because of our own Ctrl-C.
				stopIfCancelled();
				throw error;
			});
		} finally {
			await client.end();
		}
	},
};

// Data quality: the checks in sql/quality/, each statement of which returns rows of
// (check_name, failing, table_name, table_rows), and the row count of every table, read on the
// same passes. Runs after every load and on demand.

import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import {CancelledError} from '../core/errors.js';
import type {Step} from '../core/step.js';
import {trackProgress} from '../core/progress.js';
import {onWorkers} from '../core/together.js';
import {cancellable} from '../warehouse/cancel.js';
import type {Warehouse} from '../warehouse/connection.js';
import {sqlFilesIn, sqlStatements} from '../warehouse/sql-files.js';
import {checksIn, whileRunning} from '../warehouse/statement-progress.js';
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

// Only the numbered files are checks; the other (match_rate) is a report.
const isCheckFile = (file: string) => /^\d+_/.test(path.basename(file));

type CheckRow = {check_name: string; failing: number; table_name: string | null; table_rows: number | null};

/** Each check statement, the task its progress is drawn as ("checks: tables"), and how many checks it holds. */
export function checkPasses(): Array<{file: string; statement: string; task: string; checks: number}> {
	return sqlFilesIn('quality')
		.filter(isCheckFile)
		.flatMap((file) =>
			sqlStatements(file).map((statement) => ({
				file,
				statement,
				task: `checks: ${path.basename(file, '.sql').replace(/^\d+_/, '')}`,
				checks: checksIn(statement),
			})),
		);
}

/**
 * PostgreSQL's parallel workers for each check pass: the cores the passes side by side leave
 * free, shared between them (the server taken to have this machine's cores, as the embedded
 * one has; a remote server caps them by its own max_parallel_workers). On two cores, none:
 * there the joins pass with its two workers beside the tables pass took 2.6–3.4 s, without
 * them 2.1–2.6 s (the checks of a million events, four rounds each).
 */
export function parallelWorkersPerPass(cores: number, passesAtOnce: number): number {
	return Math.max(0, Math.floor((cores - passesAtOnce) / passesAtOnce));
}

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
		// Two connections, each running a pass at a time: two server processes, so the passes
		// (each a read of every table it checks) use both of this machine's cores.
		const clients: pg.Client[] = [];
		try {
			for (let count = 0; count < 2; count++) clients.push(await warehouse.connect());
			await requireTables(clients[0]!);
			if (warehouse.dialect === 'postgres') {
				const workers = parallelWorkersPerPass(os.availableParallelism(), clients.length);
				for (const client of clients) {
					for (const statement of sqlStatements('postgres/check_settings.sql')) await client.query(statement);
					await client.query(`SET max_parallel_workers_per_gather = ${workers}`);
				}
			}
			const tables: Record<string, number> = {};
			const passes = checkPasses();
			const total = passes.reduce((sum, pass) => sum + pass.checks, 0);
			const overall = trackProgress(report, 'check', 'quality checks', 'checks');
			// The whole is told first, so it is listed above its parts.
			overall.update({checks: {done: 0, total}});
			let checked = 0;
			const outcomes = await onWorkers(
				clients,
				passes,
				(client, pass, inner) =>
					cancellable(warehouse, client, inner, async () => {
						stopIfCancelled();
						const progress = trackProgress(report, 'check', pass.task, 'checks');
						const {rows} = await whileRunning(progress, {checks: {done: 0, total: pass.checks}}, () =>
							whileRunning(overall, {checks: {done: checked, total}}, () => client.query<CheckRow>(pass.statement)),
						).catch((error: unknown) => {
							progress.finish('failed');
							overall.finish('failed');
							throw error;
						});
						if (rows.length !== pass.checks) throw new Error(`${pass.file} returned ${rows.length} checks, ${pass.checks} expected (one per UNION ALL branch)`);
						checked += rows.length;
						progress.finish('done', {checks: {done: rows.length, total: pass.checks}});
						return rows;
					}),
				signal,
			).catch((error: unknown) => {
				// A statement cancelled on the server (57014) because of our own Ctrl-C.
				stopIfCancelled();
				throw error;
			});
			// In the files' order, whichever pass ended first.
			const checks: CheckOutcome[] = [];
			for (const [index, rows] of outcomes.entries()) {
				for (const row of rows) {
					checks.push({name: row.check_name, failing: row.failing, passed: row.failing === 0, file: passes[index]!.file});
					if (row.table_name !== null && row.table_name !== undefined) tables[row.table_name] = row.table_rows ?? 0;
				}
			}
			overall.finish('done', {checks: {done: checks.length, total}});
			stopIfCancelled();
			return {tables, checks, passed: checks.every((check) => check.passed)};
		} finally {
			await Promise.all(clients.map((client) => client.end().catch(() => {})));
		}
	},
};

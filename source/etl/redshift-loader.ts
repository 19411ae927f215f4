// Loads the staging tables on Redshift: one COPY per table, from S3, while a second
// connection reads the load's own counters (SYS_LOAD_HISTORY: files scanned of total,
// bytes, rows) every few seconds, so a Redshift load draws the same progress bars as a
// local one. When COPY fails, the rejected rows' file, line, column and reason are fetched
// from SYS_LOAD_ERROR_DETAIL and shown, instead of Redshift's "check stl_load_errors".

import type pg from 'pg';
import {UserError, throwIfCancelled} from '../core/errors.js';
import type {Report} from '../core/events.js';
import {trackProgress} from '../core/progress.js';
import {sleep, type Sleep} from '../core/sleep.js';
import {sqlStatements} from '../warehouse/sql-files.js';
import type {StagingLoad} from './postgres-loader.js';
import type {LoadError} from './records.js';

type Queryable = Pick<pg.Client, 'query'>;

export type RedshiftLoadOptions = {
	/** The connection that runs COPY (inside the load's transaction). */
	readonly client: Queryable;
	/** A second connection for watching; it sees the load's counters while COPY runs. */
	readonly monitor: Queryable;
	readonly statements: {readonly songs: string; readonly events: string};
	readonly report: Report;
	readonly signal: AbortSignal;
	readonly pollMs?: number;
	readonly sleep?: Sleep;
};

type LoadRow = {
	status: string;
	loaded_rows: number;
	loaded_bytes: number;
	source_file_count: number;
	file_count_scanned: number;
	source_file_bytes: number;
	file_bytes_scanned: number;
	error_count: number;
};

export async function loadRedshiftStaging(options: RedshiftLoadOptions): Promise<{staging: StagingLoad[]; rejected: LoadError[]}> {
	const {client, monitor} = options;
	const [clockSql] = sqlStatements('redshift/session_clock.sql');
	const session = (await client.query<{pid: number; now: Date}>(clockSql!)).rows[0];
	const pid = Number(session?.pid);
	const since = session?.now;
	const staging: StagingLoad[] = [];
	try {
		for (const [table, statement] of [
			['staging_songs', options.statements.songs],
			['staging_events', options.statements.events],
		] as const) {
			throwIfCancelled(options.signal);
			staging.push(await copyWatched(options, table, statement, pid, since));
		}
	} catch (error) {
		if (options.signal.aborted) throw error;
		const rejected = await loadErrors(monitor, pid, since).catch(() => []);
		if (rejected.length === 0) throw error;
		const first = rejected[0]!;
		throw new UserError(`COPY rejected the data: ${first.file}:${first.line} ${first.field ?? ''} ${first.reason}`.replace(/\s+/g, ' '), {
			hint: `${rejected.length} rejected row${rejected.length === 1 ? '' : 's'} listed in the log; fix the source or allow them with --max-errors N.`,
			wizardHint: `${rejected.length} rejected row${rejected.length === 1 ? '' : 's'} listed in the log; fix the source or allow them in Settings → Bad records tolerated.`,
			code: 'copy_rejected',
			cause: {error, rejected},
		});
	}
	return {staging, rejected: await loadErrors(monitor, pid, since)};
}

async function copyWatched(options: RedshiftLoadOptions, table: string, statement: string, pid: number, since: Date | undefined): Promise<StagingLoad> {
	const progress = trackProgress(options.report, 'etl', table, 'files', {intervalMs: 0});
	const startedAt = Date.now();
	let latest: LoadRow | undefined;
	let copying = true;
	const counters = () => ({
		files: {done: latest?.file_count_scanned ?? 0, total: latest?.source_file_count ?? null},
		bytes: {done: latest?.file_bytes_scanned ?? 0, total: latest?.source_file_bytes ?? null},
		rows: {done: latest?.loaded_rows ?? 0, total: null},
	});
	const [progressSql] = sqlStatements('redshift/load_progress.sql');
	const watch = (async () => {
		while (copying) {
			try {
				await (options.sleep ?? sleep)(options.pollMs ?? 2000, options.signal);
			} catch {
				break; // Cancelled. The watcher never throws: the COPY's own end tells how it went.
			}
			if (!copying) break;
			try {
				latest = (await options.monitor.query<LoadRow>(progressSql!, [pid, table, since])).rows[0] ?? latest;
				progress.update(counters());
			} catch {
				// A missed reading only delays the bar; the COPY's own result is what counts.
			}
		}
	})();
	try {
		const result = await options.client.query(statement);
		copying = false;
		await watch;
		// One reading after the COPY: a short COPY ends before the first poll, and the rows it
		// rejected under MAXERROR count against --max-errors with the record rules' own, so
		// this one is not optional.
		latest = (await options.monitor.query<LoadRow>(progressSql!, [pid, table, since])).rows[0] ?? latest;
		const rows = result.rowCount ?? latest?.loaded_rows ?? 0;
		progress.finish('done', {...counters(), rows: {done: rows, total: rows}});
		return {
			table,
			files: latest?.source_file_count ?? 0,
			bytes: latest?.source_file_bytes ?? 0,
			rows,
			rejected: latest?.error_count ?? 0,
			elapsedMs: Date.now() - startedAt,
		};
	} catch (error) {
		copying = false;
		await watch;
		progress.finish('failed', counters());
		throw error;
	}
}

type ErrorRow = {file_name: string; line_number: number; column_name: string | null; error_code: number; error_message: string};

async function loadErrors(monitor: Queryable, pid: number, since: Date | undefined): Promise<LoadError[]> {
	const [errorsSql] = sqlStatements('redshift/load_errors.sql');
	const {rows} = await monitor.query<ErrorRow>(errorsSql!, [pid, since]);
	return rows.map((row) => ({
		file: row.file_name.trim(),
		line: Number(row.line_number),
		...(row.column_name?.trim() ? {field: row.column_name.trim()} : {}),
		reason: `${row.error_message.trim()} (code ${row.error_code})`,
		raw: '',
	}));
}

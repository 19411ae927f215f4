// The load: source JSON → staging tables → star schema, as one transaction. Either the
// whole new load is committed, or (failure, too many bad records, Ctrl-C) the warehouse
// is left exactly as it was, previous load included.

import path from 'node:path';
import type pg from 'pg';
import {UserError, throwIfCancelled} from '../core/errors.js';
import {formatBytes, formatCount} from '../core/format.js';
import type {Report} from '../core/events.js';
import {trackProgress} from '../core/progress.js';
import type {Step} from '../core/step.js';
import {createErrorSink} from '../etl/error-sink.js';
import {parseJsonPaths} from '../etl/jsonpaths.js';
import {loadStagingTable, type StagingLoad} from '../etl/postgres-loader.js';
import {keepYoungGenerationSmall} from '../etl/young-generation.js';
import {defaultEventKeys, eventColumns, newRepairTally, songColumns, songKeys} from '../etl/records.js';
import type {LoadError} from '../etl/records.js';
import {countListedFiles, measureListing, openListing} from '../etl/listing.js';
import {jsonPathsFile, type DataSource, type SkippedFile} from '../etl/source.js';
import {cancellable} from '../warehouse/cancel.js';
import {recordLoadRun} from '../warehouse/load-runs.js';
import {requireTables} from '../warehouse/tables.js';
import {renderCopyStatements, type RedshiftCopySettings} from '../warehouse/redshift-copy.js';
import {loadRedshiftStaging} from '../etl/redshift-loader.js';
import {repairStagedNames} from '../etl/redshift-repair.js';
import {applyStagedRules} from '../etl/redshift-rules.js';
import type {Context} from '../core/context.js';
import type {Logger} from '../core/log.js';
import type {Dialect, Warehouse} from '../warehouse/connection.js';
import {sqlFilesIn, sqlStatements} from '../warehouse/sql-files.js';
import {whileRunning} from '../warehouse/statement-progress.js';

export type EtlOptions = {
	readonly warehouse: Warehouse;
	/** Where the JSON is; on Redshift used for the plan, the cluster reads S3 itself. */
	readonly source: DataSource;
	/** Redshift only: the S3 location, the role COPY assumes, and the bucket's region. */
	readonly copy?: Omit<RedshiftCopySettings, 'maxErrors' | 'acceptInvalidChars'>;
	/** Bad records tolerated before the load fails (Redshift's MAXERROR); default 0. */
	readonly maxErrors?: number;
	/** Replace invalid UTF-8 and lone surrogates with this character instead of rejecting the record (Redshift's ACCEPTINVCHARS). */
	readonly acceptInvalidChars?: string;
};

export type EtlResult = {
	readonly staging: readonly StagingLoad[];
	/** Rows in each star table after the load. */
	readonly star: Readonly<Record<string, number>>;
	readonly rejected: {readonly count: number; readonly sample: readonly LoadError[]; readonly file: string | undefined};
	/** Names repaired from double-encoded UTF-8: values, and the events that had one. */
	readonly repaired: {readonly values: number; readonly events: number};
	/** Entries of the source not loaded, and why: another extension, a second link to a file, unreadable. */
	readonly skipped: readonly SkippedFile[];
	/** Characters replaced under --accept-invalid-chars (0 without it). */
	readonly invalidChars: {readonly replaced: number; readonly with: string | undefined};
	readonly match: {readonly plays: number; readonly matched: number; readonly rate: number};
	readonly jsonPaths: 'source' | 'default';
	readonly elapsedMs: number;
};

/** Refuses a source with no song files or no log files, before anything is loaded. */
function requireBoth(source: DataSource, songs: boolean, events: boolean): void {
	if (!songs && !events) {
		throw new UserError(`There is nothing to load: ${source.label} has no .json files under song_data/ or log_data/.`, {
			hint: 'Check the --source path, or run `sparkify-dwh generate` to make sample data.',
			wizardHint: 'Choose another folder in Settings → Data to load, or the generated sample.',
			code: 'source_empty',
		});
	}
	if (!songs) {
		throw new UserError(`${source.label} has log files but no song files under song_data/.`, {
			hint: 'Songplays are matched to songs: load both folders together.',
			code: 'source_empty',
		});
	}
	if (!events) {
		throw new UserError(`${source.label} has song files but no log files under log_data/.`, {
			hint: 'Without events there are no songplays: load both folders together.',
			code: 'source_empty',
		});
	}
}

export const etlStep: Step<EtlOptions, EtlResult> = {
	id: 'etl',
	title: 'Load the data and build the star schema',
	async plan(_ctx, {source, copy}) {
		// Counted as listed, not held: the bucket has 385,000 song files.
		const [songs, events] = await Promise.all([measureListing(source, 'songs'), measureListing(source, 'events')]);
		requireBoth(source, songs.files > 0, events.files > 0);
		const from = copy ? `s3://${copy.source.bucket}/${copy.source.prefix} (COPY, role ${copy.iamRoleArn})` : source.label;
		return {
			destructive: true,
			actions: [
				{action: 'load', resource: 'staging_songs', detail: `${formatCount(songs.files)} files, ${formatBytes(songs.bytes)} from ${from}`},
				{action: 'load', resource: 'staging_events', detail: `${formatCount(events.files)} files, ${formatBytes(events.bytes)} from ${from}`},
				{action: 'replace', resource: 'songplays, users, songs, artists, time', detail: 'rebuilt from staging in the same transaction'},
			],
		};
	},
	async run(ctx, options, outerReport, signal) {
		const {warehouse} = options;
		const startedAt = Date.now();
		const recorder = await recordLoadRun(warehouse, options.source.label, outerReport, ctx.log);
		const report = recorder.report;
		const client = await warehouse.connect().catch(async (error: unknown) => {
			await recorder.finish('failed');
			throw error;
		});
		const stage = warehouse.dialect === 'redshift' ? stageWithCopyFromS3 : stageByStreaming;
		try {
			await requireTables(client);
			await client.query('BEGIN');
			const {staged, star, match} = await cancellable(warehouse, client, signal, () =>
				loadInTransaction(client, warehouse.dialect, () => stage(ctx, options, client, report, signal), report, signal),
			);
			// Last chance to cancel: past this line the new load is the warehouse's.
			throwIfCancelled(signal);
			await client.query('COMMIT');
			await recorder.finish('done');
			ctx.log.write('info', `etl: committed; ${JSON.stringify(star)}; rejected ${staged.rejected.count}; repaired ${staged.repaired.values}`);
			return {skipped: [], invalidChars: {replaced: 0, with: undefined}, ...staged, star, match, elapsedMs: Date.now() - startedAt};
		} catch (error) {
			await client.query('ROLLBACK').catch(() => {});
			await recorder.finish(signal.aborted ? 'cancelled' : 'failed');
			ctx.log.write('warn', 'etl: rolled back; the warehouse holds the previous load', error);
			throw error;
		} finally {
			await client.end().catch(() => {});
		}
	},
};

export type Staged = Pick<EtlResult, 'staging' | 'rejected' | 'repaired' | 'jsonPaths'> & Partial<Pick<EtlResult, 'skipped' | 'invalidChars'>>;

/**
 * What the load runs inside its transaction, in order: empty staging, fill it (`stage`),
 * rebuild the star from it, read the match rate. Exported so that a test can run the
 * Redshift path's own statements on PostgreSQL with nothing but the COPY replaced.
 */
export async function loadInTransaction(
	client: pg.Client,
	dialect: Dialect,
	stage: () => Promise<Staged>,
	report: Report,
	signal: AbortSignal,
): Promise<{staged: Staged; star: Record<string, number>; match: EtlResult['match']}> {
	if (dialect === 'postgres') for (const statement of sqlStatements('postgres/load_settings.sql')) await client.query(statement);
	for (const statement of sqlStatements(`${dialect}/clear_staging.sql`)) await client.query(statement);
	const staged = await stage();
	if (dialect === 'postgres') for (const statement of sqlStatements('postgres/analyze_staging.sql')) await client.query(statement);
	const star = await buildStar(client, dialect, report, signal);
	const match = await matchRate(client);
	return {staged, star, match};
}

/** PostgreSQL: read the source here and stream it into COPY … FROM STDIN. */
async function stageByStreaming(ctx: Context, {source, maxErrors = 0, acceptInvalidChars}: EtlOptions, client: pg.Client, report: Report, signal: AbortSignal): Promise<Staged> {
	const text = {acceptInvalidChars};
	keepYoungGenerationSmall();
	// Each listing streams into its load; only its first file is looked at up front.
	const songListing = await openListing(source, 'songs');
	const eventListing = await openListing(source, 'events');
	requireBoth(source, songListing.first !== undefined, eventListing.first !== undefined);
	const jsonPathsText = await source.readJsonPaths();
	const eventKeys = jsonPathsText ? parseJsonPaths(jsonPathsText, eventColumns.length, `${source.label}/${jsonPathsFile}`) : [...defaultEventKeys];
	if (!jsonPathsText) report({type: 'log', step: 'etl', level: 'info', message: `No ${jsonPathsFile} in the source: using the bucket's standard paths.`});
	const runId = new Date().toISOString().replace(/[:.]/g, '-');
	const sink = createErrorSink({maxErrors, reportFile: path.join(ctx.paths.runs, `${runId}-rejected.ndjson`)});
	const tally = newRepairTally();
	try {
		const staging = [
			await loadStagingTable(
				client,
				{
					table: 'staging_songs',
					columns: songColumns,
					keys: songKeys,
					files: songListing.files,
					layout: 'documents',
					progressUnit: 'files',
					text,
					freeze: true,
					// Counted in files: the count ahead reads no sizes (a stat per file, most of a walk's time).
					counted: (stop) => countListedFiles(source, 'songs', stop),
				},
				source,
				sink,
				tally,
				report,
				signal,
			),
			await loadStagingTable(
				client,
				{
					table: 'staging_events',
					columns: eventColumns,
					keys: eventKeys,
					files: eventListing.files,
					layout: 'lines',
					progressUnit: 'bytes',
					text,
					freeze: true,
					counted: (stop) => measureListing(source, 'events', stop),
				},
				source,
				sink,
				tally,
				report,
				signal,
			),
		];
		return {
			staging,
			rejected: {count: sink.count, sample: [...sink.sample], file: sink.file},
			repaired: {values: tally.values, events: tally.records},
			skipped: [...songListing.skipped, ...eventListing.skipped].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
			invalidChars: {replaced: tally.invalidChars, with: acceptInvalidChars},
			jsonPaths: jsonPathsText ? 'source' : 'default',
		};
	} finally {
		sink.close();
	}
}

/** Redshift: the cluster reads S3 itself with COPY; we watch its counters meanwhile. */
async function stageWithCopyFromS3(
	ctx: Context,
	{warehouse, copy, maxErrors = 0, acceptInvalidChars}: EtlOptions,
	client: pg.Client,
	report: Report,
	signal: AbortSignal,
): Promise<Staged> {
	if (!copy) {
		throw new UserError('Redshift loads with COPY from S3, and no S3 source and role were given.', {
			hint: 'Give an s3:// source and the role from `sparkify-dwh role`.',
			code: 'unsupported_source',
		});
	}
	const statements = renderCopyStatements({...copy, maxErrors, acceptInvalidChars});
	ctx.log.write('info', `etl: ${statements.songs.replace(/\s+/g, ' ')}`);
	const runId = new Date().toISOString().replace(/[:.]/g, '-');
	const reportFile = path.join(ctx.paths.runs, `${runId}-rejected.ndjson`);
	const monitor = await warehouse.connect();
	try {
		return await copyThenRepair(client, ctx.log, () => loadRedshiftStaging({client, monitor, statements, report, signal}), {maxErrors, reportFile});
	} finally {
		await monitor.end().catch(() => {});
	}
}

/** What the COPYs left: per-table counts (COPY's own rejections included) and the rejected rows' details. */
export type Copied = {readonly staging: readonly StagingLoad[]; readonly rejected: readonly LoadError[]};

/**
 * Redshift's staging: COPY loads the rows as the files have them. It knows none of the local
 * loader's record rules and cannot repair names on the way in, so, in the same transaction
 * and by the same rules as the local loader, the rows that break a record rule are reported
 * and deleted (counted with COPY's own rejections against --max-errors), then the
 * double-encoded names are repaired, before the transforms read staging.
 * `copy` is the COPYs; the agreement test puts raw rows in their place.
 */
export async function copyThenRepair(
	client: pg.Client,
	log: Logger,
	copy: () => Promise<Copied>,
	{maxErrors, reportFile}: {readonly maxErrors: number; readonly reportFile: string},
): Promise<Staged> {
	const copied = await copy();
	const copyRejected = copied.staging.reduce((total, load) => total + load.rejected, 0);
	// Every rejected record is written; the limit is applied to the total below, COPY's included.
	const sink = createErrorSink({maxErrors: Number.POSITIVE_INFINITY, reportFile});
	try {
		for (const error of copied.rejected) sink.add(error);
		let startedAt = Date.now();
		const checked = await applyStagedRules(client, {maxErrors, copyRejected, sink, reportFile});
		log.write(
			'info',
			`etl: record rules rejected ${checked.rejected} staged events ${JSON.stringify(checked.byRule)} (${checked.statements} statements, ${Date.now() - startedAt} ms)`,
		);
		startedAt = Date.now();
		const repair = await repairStagedNames(client);
		log.write(
			'info',
			`etl: repaired ${repair.values} names in ${repair.events} events (${repair.distinct} distinct of ${repair.candidates} non-ASCII values, ${repair.statements} statements, ${Date.now() - startedAt} ms)`,
		);
		// The rows a rule took out of staging_events count as that table's rejections, as locally.
		const staging = copied.staging.map((load) =>
			load.table === 'staging_events' ? {...load, rows: load.rows - checked.rejected, rejected: load.rejected + checked.rejected} : load,
		);
		return {
			staging,
			rejected: {count: copyRejected + checked.rejected, sample: [...sink.sample], file: sink.file},
			repaired: {values: repair.values, events: repair.events},
			jsonPaths: 'source',
		};
	} finally {
		sink.close();
	}
}

/**
 * Runs the shared transforms, one star table at a time. Each table is a task of its own (rows
 * when it ends, its elapsed time while it runs), and "star schema" counts the transforms done
 * of all of them.
 */
async function buildStar(client: pg.Client, dialect: Dialect, report: Report, signal: AbortSignal): Promise<Record<string, number>> {
	for (const statement of sqlStatements(`${dialect}/clear_star.sql`)) await client.query(statement);
	const star: Record<string, number> = {};
	const files = sqlFilesIn('transform');
	const statements = files.map((file) => sqlStatements(file));
	// PostgreSQL: the primary keys clear_star.sql dropped, built whole once the rows are in.
	const keys = dialect === 'postgres' ? sqlStatements('postgres/star_keys.sql') : [];
	const total = statements.reduce((sum, list) => sum + list.length, 0) + keys.length;
	const overall = trackProgress(report, 'etl', 'star schema', 'statements');
	// The whole is told first, so it is listed above its parts.
	overall.update({statements: {done: 0, total}});
	let done = 0;
	/** Runs one task's statements, its progress and the overall count kept; returns the rows they wrote. */
	const runTask = async (task: string, unit: 'rows' | 'statements', list: readonly string[]): Promise<number> => {
		const progress = trackProgress(report, 'etl', task, unit);
		let rows = 0;
		try {
			for (const [index, statement] of list.entries()) {
				throwIfCancelled(signal);
				const counters = unit === 'rows' ? {rows: {done: rows, total: null}} : {statements: {done: index, total: list.length}};
				const result = await whileRunning(progress, counters, () => whileRunning(overall, {statements: {done, total}}, () => client.query(statement)));
				rows += result.rowCount ?? 0;
				done++;
			}
		} catch (error) {
			progress.finish('failed');
			overall.finish('failed');
			// A statement cancelled on the server (57014) because of our own Ctrl-C is a cancel.
			throwIfCancelled(signal);
			throw error;
		}
		progress.finish('done', unit === 'rows' ? {rows: {done: rows, total: rows}} : {statements: {done: list.length, total: list.length}});
		return rows;
	};
	for (const [index, file] of files.entries()) {
		const table = path.basename(file, '.sql').replace(/^\d+_/, '');
		star[table] = await runTask(table, 'rows', statements[index]!);
	}
	if (keys.length > 0) await runTask('primary keys', 'statements', keys);
	overall.finish('done', {statements: {done, total}});
	return star;
}

async function matchRate(client: pg.Client): Promise<EtlResult['match']> {
	const [statement] = sqlStatements('quality/match_rate.sql');
	const {rows} = await client.query<{plays: number; matched: number}>(statement!);
	const plays = rows[0]?.plays ?? 0;
	const matched = rows[0]?.matched ?? 0;
	return {plays, matched, rate: plays === 0 ? 0 : matched / plays};
}

// The load: source JSON → staging tables → star schema, all or nothing. Either the whole new
// load becomes the warehouse's in one transaction, or (failure, too many bad records, Ctrl-C)
// the warehouse is left exactly as it was, previous load included. On PostgreSQL it is built
// beside the warehouse and swapped in (etl-beside.ts); on Redshift, and where a table cannot be
// swapped, it is loaded in place, in one transaction (loadInPlace).

import path from 'node:path';
import type pg from 'pg';
import {UserError, throwIfCancelled} from '../core/errors.js';
import {formatBytes, formatCount} from '../core/format.js';
import type {Report} from '../core/events.js';
import type {Step} from '../core/step.js';
import {createErrorSink} from '../etl/error-sink.js';
import type {StagingLoad} from '../etl/postgres-loader.js';
import type {LoadError} from '../etl/records.js';
import {measureListing} from '../etl/listing.js';
import type {DataSource, SkippedFile} from '../etl/source.js';
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
import {sqlStatements} from '../warehouse/sql-files.js';
import {holdLoadLock, swapBlockers} from '../warehouse/load-schema.js';
import {loadBeside} from './etl-beside.js';
import {matchRate, starProgress, starTransforms} from './star-tasks.js';
import {requireBoth, stageByStreaming} from './etl-staging.js';

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
				{action: 'replace', resource: 'songplays, users, songs, artists, time', detail: 'rebuilt from staging; the new load replaces the old in one transaction'},
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
		try {
			await requireTables(client);
			const beside = warehouse.dialect === 'postgres' && (await canLoadBeside(warehouse, client, report, signal));
			const {staged, star, match} = beside ? await loadBeside(ctx, options, client, report, signal) : await loadInPlace(ctx, options, client, report, signal);
			await recorder.finish('done');
			ctx.log.write(
				'info',
				`etl: committed${beside ? ' (built beside, swapped in)' : ''}; ${JSON.stringify(star)}; rejected ${staged.rejected.count}; repaired ${staged.repaired.values}`,
			);
			return {skipped: [], invalidChars: {replaced: 0, with: undefined}, ...staged, star, match, elapsedMs: Date.now() - startedAt};
		} catch (error) {
			await recorder.finish(signal.aborted ? 'cancelled' : 'failed');
			ctx.log.write('warn', 'etl: rolled back; the warehouse holds the previous load', error);
			throw error;
		} finally {
			await client.end().catch(() => {});
		}
	},
};

/** What a load leaves: its staging counts, its star's rows, its match rate. */
export type Loaded = {staged: Staged; star: Record<string, number>; match: EtlResult['match']};

/**
 * PostgreSQL: waits for any other load to end, then says whether this one can be built beside
 * the warehouse and swapped in (the fast way, which leaves the warehouse readable meanwhile).
 * When something hangs on a table (a view, a trigger, …) it cannot, and says why.
 */
async function canLoadBeside(warehouse: Warehouse, client: pg.Client, report: Report, signal: AbortSignal): Promise<boolean> {
	await cancellable(warehouse, client, signal, () =>
		holdLoadLock(client, () => report({type: 'log', step: 'etl', level: 'info', message: 'Another load is running on this warehouse: this one starts when it ends.'})),
	);
	throwIfCancelled(signal);
	const blockers = await swapBlockers(client);
	if (blockers.length === 0) return true;
	const [first] = blockers;
	const more = blockers.length > 1 ? ` (and ${blockers.length - 1} more)` : '';
	report({
		type: 'log',
		step: 'etl',
		level: 'info',
		message: `Loading in place, with the tables held until the load ends: ${first!.table ? `${first!.table}: ` : ''}${first!.reason}${more}.`,
	});
	return false;
}

/**
 * The load as one transaction on one connection: staging emptied and filled, the star
 * rebuilt, committed together. Redshift's way, and PostgreSQL's when the tables cannot be
 * swapped.
 */
async function loadInPlace(ctx: Context, options: EtlOptions, client: pg.Client, report: Report, signal: AbortSignal): Promise<Loaded> {
	const {warehouse} = options;
	const stage = warehouse.dialect === 'redshift' ? stageWithCopyFromS3 : stageOnOneConnection;
	try {
		await client.query('BEGIN');
		const loaded = await cancellable(warehouse, client, signal, () =>
			loadInTransaction(client, warehouse.dialect, () => stage(ctx, options, client, report, signal), report, signal),
		);
		// Last chance to cancel: past this line the new load is the warehouse's.
		throwIfCancelled(signal);
		await client.query('COMMIT');
		return loaded;
	} catch (error) {
		await client.query('ROLLBACK').catch(() => {});
		throw error;
	}
}

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

/** PostgreSQL in place: both staging tables in turn, in the load's one transaction. */
function stageOnOneConnection(ctx: Context, options: EtlOptions, client: pg.Client, report: Report, signal: AbortSignal): Promise<Staged> {
	return stageByStreaming(ctx, options, async (songs, events) => [await songs(client, signal), await events(client, signal)], report);
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
 * Runs the shared transforms in place, one star table at a time, after clear_star.sql has
 * emptied them; on PostgreSQL the primary keys it dropped are built whole once the rows are in.
 */
async function buildStar(client: pg.Client, dialect: Dialect, report: Report, signal: AbortSignal): Promise<Record<string, number>> {
	for (const statement of sqlStatements(`${dialect}/clear_star.sql`)) await client.query(statement);
	const star: Record<string, number> = {};
	const transforms = starTransforms();
	const keys = dialect === 'postgres' ? sqlStatements('postgres/star_keys.sql') : [];
	const progress = starProgress(report, transforms.reduce((sum, {statements}) => sum + statements.length, 0) + keys.length, signal);
	for (const {table, statements} of transforms) star[table] = await progress.runTask(client, table, 'rows', statements);
	if (keys.length > 0) await progress.runTask(client, 'primary keys', 'statements', keys);
	progress.finish();
	return star;
}

// Staging on PostgreSQL: the source's JSON read here and streamed into COPY … FROM STDIN, the
// song files into staging_songs and the log files into staging_events. Where the two loads
// run (in turn on one connection, or at once on two) is the caller's choice.

import path from 'node:path';
import type pg from 'pg';
import {UserError} from '../core/errors.js';
import type {Report} from '../core/events.js';
import type {Context} from '../core/context.js';
import {createErrorSink} from '../etl/error-sink.js';
import {parseJsonPaths} from '../etl/jsonpaths.js';
import {countListedFiles, measureListing, withBothListings, type OpenListing} from '../etl/listing.js';
import {loadStagingTable, type StagingLoad} from '../etl/postgres-loader.js';
import {defaultEventKeys, eventColumns, newRepairTally, songColumns, songKeys} from '../etl/records.js';
import {jsonPathsFile, type DataSource} from '../etl/source.js';
import {keepOldGenerationNearLive, keepYoungGenerationSmall} from '../etl/young-generation.js';
import type {EtlOptions, Staged} from './etl.js';

/** Refuses a source with no song files or no log files, before anything is loaded. */
export function requireBoth(source: DataSource, songs: boolean, events: boolean): void {
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

/** Loads one staging table's rows through the given connection; `signal` stops it. */
type StageOne = (client: pg.Client, signal: AbortSignal) => Promise<StagingLoad>;
/** Runs the two staging loads: in turn on one connection, or each on its own at once. */
export type StageBoth = (songs: StageOne, events: StageOne) => Promise<StagingLoad[]>;

/** PostgreSQL: read the source here and stream it into COPY … FROM STDIN. */
export async function stageByStreaming(ctx: Context, options: EtlOptions, stageBoth: StageBoth, report: Report): Promise<Staged> {
	const {source} = options;
	keepYoungGenerationSmall();
	keepOldGenerationNearLive();
	// Each listing streams into its load; only its first file is looked at up front.
	return withBothListings(source, (songListing, eventListing) => stageListed(ctx, options, songListing, eventListing, stageBoth, report));
}

async function stageListed(
	ctx: Context,
	{source, maxErrors = 0, acceptInvalidChars}: EtlOptions,
	songListing: OpenListing,
	eventListing: OpenListing,
	stageBoth: StageBoth,
	report: Report,
): Promise<Staged> {
	const text = {acceptInvalidChars};
	requireBoth(source, songListing.first !== undefined, eventListing.first !== undefined);
	const jsonPathsText = await source.readJsonPaths();
	const eventKeys = jsonPathsText ? parseJsonPaths(jsonPathsText, eventColumns.length, `${source.label}/${jsonPathsFile}`) : [...defaultEventKeys];
	if (!jsonPathsText) report({type: 'log', step: 'etl', level: 'info', message: `No ${jsonPathsFile} in the source: using the bucket's standard paths.`});
	const runId = new Date().toISOString().replace(/[:.]/g, '-');
	const sink = createErrorSink({maxErrors, reportFile: path.join(ctx.paths.runs, `${runId}-rejected.ndjson`)});
	const tally = newRepairTally();
	try {
		const staging = await stageBoth(
			(client, signal) =>
				loadStagingTable(
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
			(client, signal) =>
				loadStagingTable(
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
		);
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

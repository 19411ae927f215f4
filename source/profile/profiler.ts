// A streaming profile of a data source, read before anything is loaded: every song file
// and every log file is read as a stream and split into records as the bytes arrive, so
// memory stays flat however large the input (only distinct sets of key fields grow, and
// those are bounded by the catalogue and the user base). The files are taken as the listing
// finds them, as the load takes them (etl/listing.ts): on a local folder the walk reads the
// small ones on its own thread, and no list of every file is held. Bad lines are counted with
// their file and line, never a crash. Songs are read first, so plays can be matched against them.

import {CancelledError, UserError, throwIfCancelled} from '../core/errors.js';
import type {Report} from '../core/events.js';
import {trackProgress, type ProgressTracker} from '../core/progress.js';
import {parseJsonPaths} from '../etl/jsonpaths.js';
import {defaultEventKeys, eventColumns} from '../etl/records.js';
import type {TextOptions} from '../etl/record-rules.js';
import {countListedFiles, measureListing, listingTotals, withBothListings, type CountAhead} from '../etl/listing.js';
import {jsonPathsFile, type DataSource, type SourceFile} from '../etl/source.js';
import {keepOldGenerationNearLive, keepYoungGenerationSmall} from '../etl/young-generation.js';
import {EventProfiler} from './events.js';
import {parseRecords} from '../etl/parse-record.js';
import {newRepairTally} from '../etl/records.js';
import {RecordSplitter} from '../etl/record-splitter.js';
import {BrokenFile, readFiles} from '../etl/read-files.js';
import {IssueSample, type RecordSet} from './record-set.js';
import {SongProfiler} from './songs.js';
import type {SourceProfile} from './types.js';

export const profileStepId = 'profile';

async function eventKeysOf(source: DataSource, notes: string[]): Promise<{keys: readonly string[]; jsonPaths: SourceProfile['jsonPaths']}> {
	const text = await source.readJsonPaths();
	if (text === undefined) {
		notes.push(`No ${jsonPathsFile} in the source: events were read with the bucket's standard keys.`);
		return {keys: defaultEventKeys, jsonPaths: 'default'};
	}
	try {
		return {keys: parseJsonPaths(text, eventColumns.length, `${source.label}/${jsonPathsFile}`), jsonPaths: 'source'};
	} catch (error) {
		if (!(error instanceof UserError)) throw error;
		// A profile reports a bad JSONPaths file instead of refusing to run; the load would refuse.
		notes.push(`${error.message} Events were read with the bucket's standard keys; a load would stop here.`);
		return {keys: defaultEventKeys, jsonPaths: 'default'};
	}
}

type Reader = {push(chunk: Buffer): void; end(): void /** The file could not be read to its end. */; broken(reason: string): void};

/**
 * Reads one kind of file into its record set as its listing goes on, reporting files and bytes
 * against the totals as far as they are known (listingTotals).
 */
async function readAll(
	source: DataSource,
	files: AsyncIterable<SourceFile>,
	countAhead: CountAhead,
	set: RecordSet,
	reader: (file: SourceFile) => Reader,
	progress: ProgressTracker,
	recordUnit: 'songs' | 'events',
	signal: AbortSignal,
): Promise<void> {
	const listing = listingTotals(files, countAhead);
	const counters = () => ({
		files: {done: set.files, total: listing.totals().files},
		bytes: {done: set.bytes, total: listing.totals().bytes},
		[recordUnit]: {done: set.records, total: null},
	});
	progress.update(counters());
	try {
		for await (const {file, chunks, consumed} of readFiles(source, listing.files, signal)) {
			const lines = reader(file);
			const bytesBefore = set.bytes;
			try {
				for await (const chunk of chunks) {
					throwIfCancelled(signal);
					lines.push(chunk);
					// Bytes as stored: a gzip file counts against its compressed size.
					set.bytes = bytesBefore + consumed();
					progress.update(counters());
				}
				lines.end();
			} catch (error) {
				if (!(error instanceof BrokenFile)) throw error;
				lines.broken(error.message);
			}
			set.bytes = bytesBefore + consumed();
			set.files++;
			progress.update(counters());
		}
	} catch (error) {
		progress.finish('failed', counters());
		throw signal.aborted ? new CancelledError() : error;
	} finally {
		listing.stop();
	}
	progress.finish('done', counters());
}

export async function profileSource(source: DataSource, report: Report, signal: AbortSignal, options: TextOptions = {}): Promise<SourceProfile> {
	const startedAt = Date.now();
	throwIfCancelled(signal);
	// As a load: thousands of song files' short-lived objects must not grow the heap for nothing.
	keepYoungGenerationSmall();
	keepOldGenerationNearLive();
	return withBothListings(source, async (songListing, eventListing) => {
		if (!songListing.first && !eventListing.first) {
			throw new UserError(`There is nothing to profile: ${source.label} has no .json files under song_data/ or log_data/.`, {
				hint: 'Check the --source path, or run `sparkify-dwh generate` to make sample data.',
				code: 'source_empty',
			});
		}
		const notes: string[] = [];
		if (!songListing.first) notes.push('There are no song files under song_data/: no play can be matched to a song.');
		if (!eventListing.first) notes.push('There are no log files under log_data/: a load would have no songplays.');
		const {keys, jsonPaths} = await eventKeysOf(source, notes);
		const issues = new IssueSample();

		const songs = new SongProfiler(issues, options);
		// Counted in files: the count ahead reads no sizes (a stat per file, most of a walk's time).
		const countSongs = (stop: AbortSignal) => countListedFiles(source, 'songs', stop);
		const songReader = (file: SourceFile) => recordReader(file, songs, options);
		await readAll(source, songListing.files, countSongs, songs.set, songReader, trackProgress(report, profileStepId, 'songs', 'files'), 'songs', signal);

		const events = new EventProfiler(keys, issues, songs.index, options);
		const countEvents = (stop: AbortSignal) => measureListing(source, 'events', stop);
		const eventReader = (file: SourceFile) => recordReader(file, events, options);
		await readAll(source, eventListing.files, countEvents, events.set, eventReader, trackProgress(report, profileStepId, 'events', 'bytes'), 'events', signal);

		const skipped = [...songListing.skipped, ...eventListing.skipped];
		return {
			source: source.label,
			jsonPaths,
			songs: songs.result(),
			events: events.result(),
			issues: issues.issues,
			skipped: skipped.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
			notes,
			elapsedMs: Date.now() - startedAt,
		};
	});
}

type RecordTarget = {readonly set: RecordSet; record(value: unknown, file: string, line: number): void};

/** The loader's own reading of a file (record-splitter.ts, parse-record.ts), into a profile. */
function recordReader(file: SourceFile, target: RecordTarget, options: TextOptions): Reader {
	const tally = newRepairTally();
	const splitter = new RecordSplitter({
		record(bytes, start, end, line) {
			parseRecords(bytes, start, end, options, tally, (parsed) => {
				if (parsed.ok) target.record(parsed.value, file.name, line);
				else target.set.rejectLine(file.name, line, parsed.reason, parsed.field);
			});
		},
		rejected: (line, reason) => target.set.rejectLine(file.name, line, reason),
	});
	splitter.startFile();
	return {
		push: (chunk) => splitter.push(chunk),
		end: () => splitter.end(),
		broken(reason) {
			const line = splitter.line;
			splitter.abandon();
			target.set.rejectLine(file.name, line, reason);
		},
	};
}

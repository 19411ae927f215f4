// Where the JSON comes from. A source lists its song and log files (with sizes, so
// progress can be drawn as a bar once the listing ends), and what it leaves out and why, as a
// stream (the loader starts on the first file while the listing goes on), and opens
// each file as a stream of its stored bytes (read-files.ts unpacks gzip). The local folder is
// laid out like the public bucket: song_data/…, log_data/YYYY/MM/…, and the JSONPaths file
// beside them; it is walked by real path (walk.ts), so every file is read once.

import fs from 'node:fs';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {UserError} from '../core/errors.js';
import {walkFolderInThread} from './threaded-walk.js';
import {walkFolder} from './walk.js';

export type SourceKind = 'songs' | 'events';

export type SourceFile = {
	/** How the file is named to the user and in error reports (relative to the source). */
	readonly name: string;
	/** Bytes as stored (compressed, for a gzip file): the progress total. */
	readonly size: number;
	/** Opaque to callers: what open() needs. */
	readonly location: string;
	/** The file's stored bytes, when the listing read them as it went (StreamOptions.readUpTo). */
	readonly content?: Buffer;
};

/** An entry of the source that is not read, and why (another extension, a second link to a file, unreadable). */
export type SkippedFile = {readonly name: string; readonly reason: string};

type FileListing = {readonly files: SourceFile[]; readonly skipped: SkippedFile[]};

/** One entry of a listing as it is found: a file to read, or one left out (it has a reason). */
export type Listed = SourceFile | SkippedFile;

export const isSkipped = (entry: Listed): entry is SkippedFile => 'reason' in entry;

const byName = (a: {name: string}, b: {name: string}) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** A whole listing, held and sorted by name: for the callers that need every file at once (the profiler). */
export async function collectListing(entries: AsyncIterable<Listed>): Promise<FileListing> {
	const files: SourceFile[] = [];
	const skipped: SkippedFile[] = [];
	for await (const entry of entries) {
		if (isSkipped(entry)) skipped.push(entry);
		else files.push(entry);
	}
	return {files: files.sort(byName), skipped: skipped.sort(byName)};
}

export interface DataSource {
	readonly label: string;
	listFiles(kind: SourceKind): Promise<FileListing>;
	/** The same listing as it is found, never held whole (listFiles collects it); a source without it is listed by listFiles. */
	streamFiles?(kind: SourceKind, options?: StreamOptions): AsyncIterable<Listed>;
	open(file: SourceFile): Readable;
	/**
	 * A small file's stored bytes at once, where the source can read them cheaper than through
	 * a stream (a local file: one read, no stream objects). Fails as open() would.
	 */
	readSmall?(file: SourceFile): Promise<Buffer>;
	/** The JSONPaths file's text, or undefined when the source has none. */
	readJsonPaths(): Promise<string | undefined>;
}

/**
 * fileStats false: a listing only counted, whose files' sizes (0) are not read where that
 * costs a call per file. readUpTo: a listing for a load, which may hand the files of at most
 * that many bytes with their content, where reading them as they are listed is cheaper.
 */
export type StreamOptions = {readonly fileStats?: boolean; readonly readUpTo?: number};

export const folderOf: Record<SourceKind, string> = {songs: 'song_data', events: 'log_data'};
export const jsonPathsFile = 'log_json_path.json';

export function localFolderSource(root: string): DataSource {
	const absolute = path.resolve(root);
	let stat: fs.Stats;
	try {
		stat = fs.statSync(absolute);
	} catch {
		throw new UserError(`The source folder ${absolute} does not exist.`, {
			hint: 'Give a folder laid out like the bucket (song_data/, log_data/), or run `sparkify-dwh generate` to make one.',
			code: 'source_missing',
		});
	}
	if (!stat.isDirectory()) {
		throw new UserError(`The source ${absolute} is a file, not a folder.`, {hint: 'Give the folder that holds song_data/ and log_data/.', code: 'source_missing'});
	}
	if (!fs.existsSync(path.join(absolute, 'song_data')) && !fs.existsSync(path.join(absolute, 'log_data'))) {
		throw new UserError(`The folder ${absolute} has neither song_data/ nor log_data/.`, {
			hint: 'Point --source at the folder laid out like the bucket, with song_data/ and log_data/ inside it.',
			wizardHint: 'Choose the folder laid out like the bucket, with song_data/ and log_data/ inside it, in Settings → Data to load.',
			code: 'source_layout',
		});
	}
	async function* streamFiles(kind: SourceKind, options: StreamOptions = {}): AsyncGenerator<Listed> {
		const folder = path.join(absolute, folderOf[kind]);
		if (!fs.existsSync(folder)) return;
		// A load's listing reads the files as it goes: on its own thread, so that its system
		// calls do not wait in turn with the parsing (threaded-walk.ts).
		if (options.readUpTo !== undefined) yield* walkFolderInThread(folder, folderOf[kind], options);
		else yield* walkFolder(folder, folderOf[kind], options);
	}
	return {
		label: absolute,
		listFiles: (kind) => collectListing(streamFiles(kind)),
		streamFiles,
		open(file) {
			// A read buffer the size of the file, up to 1 MiB: thousands of song files of a few
			// hundred bytes must not each allocate a megabyte.
			return fs.createReadStream(file.location, {highWaterMark: Math.max(16 << 10, Math.min(1 << 20, file.size + 1))});
		},
		async readSmall(file) {
			// One synchronous read: for a file of a few hundred bytes the thread pool's round
			// trips (open, stat, read, close) cost more than the reading.
			return fs.readFileSync(file.location);
		},
		async readJsonPaths() {
			try {
				return await fs.promises.readFile(path.join(absolute, jsonPathsFile), 'utf8');
			} catch {
				return undefined;
			}
		},
	};
}

// A source's listing as the loader takes it: the first file looked at before anything is
// loaded (a source with no song or no log files is refused up front, as before), the rest
// pulled as the load goes on, and the entries left out gathered on the way (there are few).

import {smallFileBytes} from './read-files.js';
import {isSkipped, type DataSource, type Listed, type SkippedFile, type SourceFile, type SourceKind, type StreamOptions} from './source.js';

export type OpenListing = {
	/** The first file listed; undefined when the listing ended without one. */
	readonly first: SourceFile | undefined;
	/** Every file, the first included, as the listing goes on; to be read once. */
	readonly files: AsyncIterable<SourceFile>;
	/** The entries left out so far: all of them once files was read to its end. */
	readonly skipped: SkippedFile[];
	/** Ends the listing where it is (a walk's thread, S3 pages), whether files was read or not; safe to repeat. */
	close(): Promise<void>;
};

async function* held(source: DataSource, kind: SourceKind): AsyncGenerator<Listed> {
	const {files, skipped} = await source.listFiles(kind);
	yield* skipped;
	yield* files;
}

/** The entries of one kind as they are found: streamed where the source can, else its whole listing. */
function listEntries(source: DataSource, kind: SourceKind, options?: StreamOptions): AsyncIterable<Listed> {
	return source.streamFiles?.(kind, options) ?? held(source, kind);
}

/** options: how the source lists (StreamOptions.readUpTo lets it hand small files read). */
export async function openListing(source: DataSource, kind: SourceKind, options?: StreamOptions): Promise<OpenListing> {
	const entries = listEntries(source, kind, options)[Symbol.asyncIterator]();
	const skipped: SkippedFile[] = [];
	let first: SourceFile | undefined;
	for (;;) {
		const next = await entries.next();
		if (next.done) break;
		if (isSkipped(next.value)) skipped.push(next.value);
		else {
			first = next.value;
			break;
		}
	}
	async function* files(): AsyncGenerator<SourceFile> {
		if (!first) return;
		yield first;
		try {
			for (;;) {
				const next = await entries.next();
				if (next.done) return;
				if (isSkipped(next.value)) skipped.push(next.value);
				else yield next.value;
			}
		} finally {
			await entries.return?.();
		}
	}
	const close = async () => {
		await entries.return?.();
	};
	return {first, files: files(), skipped, close};
}

/** Counts a listing's files and their bytes as it goes; stops, with what it counted so far, when `signal` is aborted. */
async function count(source: DataSource, kind: SourceKind, signal: AbortSignal | undefined, options: StreamOptions): Promise<{files: number; bytes: number}> {
	let files = 0;
	let bytes = 0;
	for await (const entry of listEntries(source, kind, options)) {
		if (signal?.aborted) break;
		if (isSkipped(entry)) continue;
		files++;
		bytes += entry.size;
	}
	return {files, bytes};
}

/**
 * How many files and bytes a listing holds, counted as it goes (nothing held): for a plan, and
 * for the load's progress totals, counted ahead of the load's own listing (which the reading
 * holds back). Stops, with what it counted so far, when `signal` is aborted.
 */
export function measureListing(source: DataSource, kind: SourceKind, signal?: AbortSignal): Promise<{files: number; bytes: number}> {
	return count(source, kind, signal, {});
}

/**
 * How many files a listing holds, their sizes not read (bytes null): on a local folder a size
 * costs a call per file, most of a walk's time. A second hard link of a file counts as a file.
 */
export async function countListedFiles(source: DataSource, kind: SourceKind, signal?: AbortSignal): Promise<{files: number; bytes: null}> {
	const {files} = await count(source, kind, signal, {fileStats: false});
	return {files, bytes: null};
}

/** Files and bytes of a listing in all, as far as known (null: not yet). */
export type Totals = {readonly files: number | null; readonly bytes: number | null};

/** A count of a listing of its own, that runs ahead of the reading (see listingTotals). */
export type CountAhead = (signal: AbortSignal) => Promise<{files: number; bytes: number | null}>;

/**
 * The totals of files being read: a list's at once; a listing still going on's from `countAhead`
 * once it is known (the reading holds its own listing back to a few files ahead of it), and its
 * own count once it ends, which is exact. `stop` ends the count ahead, however the reading ends.
 */
export function listingTotals(
	files: readonly SourceFile[] | AsyncIterable<SourceFile>,
	countAhead?: CountAhead,
): {readonly files: Iterable<SourceFile> | AsyncIterable<SourceFile>; totals(): Totals; stop(): void} {
	const stopping = new AbortController();
	const stop = () => stopping.abort();
	if (Array.isArray(files)) {
		const all = files as readonly SourceFile[];
		const exact = {files: all.length, bytes: all.reduce((sum, file) => sum + file.size, 0)};
		return {files: all, totals: () => exact, stop};
	}
	const listed = {files: 0, bytes: 0, ended: false};
	let ahead: {files: number; bytes: number | null} | undefined;
	countAhead?.(stopping.signal).then(
		(totals) => {
			if (!stopping.signal.aborted) ahead = totals;
		},
		// A listing that fails fails the reading's own listing too, which reports it.
		() => {},
	);
	async function* counting(): AsyncGenerator<SourceFile> {
		for await (const file of files as AsyncIterable<SourceFile>) {
			listed.files++;
			listed.bytes += file.size;
			yield file;
		}
		listed.ended = true;
	}
	return {
		files: counting(),
		totals: () => (listed.ended ? {files: listed.files, bytes: listed.bytes} : {files: ahead?.files ?? null, bytes: ahead?.bytes ?? null}),
		stop,
	};
}

/**
 * Runs `read` with the song and the log listings open, small files read with them where the
 * source can (a local folder: on the walk's own thread), and closes both however it ends: a
 * read that stopped early, or never started, leaves no listing going on.
 */
export async function withBothListings<T>(source: DataSource, read: (songs: OpenListing, events: OpenListing) => Promise<T>): Promise<T> {
	const songs = await openListing(source, 'songs', {readUpTo: smallFileBytes});
	try {
		const events = await openListing(source, 'events', {readUpTo: smallFileBytes});
		try {
			return await read(songs, events);
		} finally {
			await events.close();
		}
	} finally {
		await songs.close();
	}
}

// A source's listing as the loader takes it: the first file looked at before anything is
// loaded (a source with no song or no log files is refused up front, as before), the rest
// pulled as the load goes on, and the entries left out gathered on the way (there are few).

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

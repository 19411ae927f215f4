// Reads a list of source files in order, as chunks, for the loader and the profiler. A gzip
// file (known by its first two bytes, whatever its name) is unpacked on the way, as
// Redshift's COPY reads GZIP, and `consumed` counts the bytes as stored, so progress against
// the listed (compressed) sizes stays honest. A file that cannot be opened at all fails the
// read with the system's own error (a data file we cannot read is never skipped: the load
// would end with exit 0 and data missing); one that ends early (a gzip stream cut short or
// corrupt) ends its chunks with a BrokenFile error, a bad record where it stopped, for the
// caller to report and go on with the next. Large files are
// streamed; small ones (a song file is a few hundred bytes, and the bucket holds hundreds
// of thousands) are read a few dozen ahead, or a profile of S3 would wait a round trip per
// file, unless the listing handed them read (a local folder's load: walk.ts, on its own
// thread). Memory stays bounded: at most `ahead` small files are held at once, and the list
// of files may be a listing still going on, pulled as far ahead as that. Cancelling
// destroys every open stream, so a read that waits on the network stops at once.

import {Readable} from 'node:stream';
import zlib from 'node:zlib';
import {CancelledError, throwIfCancelled} from '../core/errors.js';
import type {DataSource, SourceFile} from './source.js';

/** The file stopped part-way (gzip cut short or corrupt, a read error): a bad record at that point. */
export class BrokenFile extends Error {}

const gzipMagic = [0x1f, 0x8b] as const;

function errorText(error: unknown): string {
	return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/** Read whole (ahead, or by the listing); a larger file is streamed. */
export const smallFileBytes = 256 << 10;
const defaultAhead = 32;

export type FileChunks = {
	readonly file: SourceFile;
	/** The file's content, unpacked when it is gzip. */
	readonly chunks: AsyncIterable<Buffer>;
	/** Bytes of the file as stored (compressed) read so far. */
	consumed(): number;
};

/** Counts what is read; a read that fails part-way becomes a BrokenFile, one that fails at once stays itself. */
async function* counted(raw: AsyncIterable<Buffer>, counter: {bytes: number}): AsyncGenerator<Buffer> {
	try {
		for await (const chunk of raw) {
			counter.bytes += chunk.length;
			yield chunk;
		}
	} catch (error) {
		if (error instanceof CancelledError) throw error;
		// Nothing read: the file cannot be opened (no permission, gone). The load fails with
		// the system's error, which names the file; explain-error.ts puts it in words.
		if (counter.bytes === 0) throw error;
		throw new BrokenFile(`could not be read to its end (${errorText(error)})`, {cause: error});
	}
}

/** The content of a file: its bytes, or, when they start as gzip does, the bytes unpacked. */
async function* unpacked(raw: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
	const iterator = raw[Symbol.asyncIterator]();
	let head: Buffer = Buffer.alloc(0);
	while (head.length < gzipMagic.length) {
		const next = await iterator.next();
		if (next.done) break;
		head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
	}
	const rest = async function* () {
		if (head.length > 0) yield head;
		for (;;) {
			const next = await iterator.next();
			if (next.done) return;
			yield next.value;
		}
	};
	if (head[0] !== gzipMagic[0] || head[1] !== gzipMagic[1]) {
		yield* rest();
		return;
	}
	const input = Readable.from(rest());
	const gunzip = zlib.createGunzip();
	input.on('error', (error) => gunzip.destroy(error));
	input.pipe(gunzip);
	try {
		for await (const chunk of gunzip) yield chunk as Buffer;
	} catch (error) {
		if (error instanceof BrokenFile || error instanceof CancelledError) throw error;
		throw new BrokenFile(`is gzip that is cut short or corrupt (${(error as Error).message})`, {cause: error});
	} finally {
		input.destroy();
		gunzip.destroy();
	}
}

/**
 * The files in the order given, each as its chunks. `files` may be a listing still going on
 * (an async iterable): it is pulled at most `ahead` files ahead of the one being read, in the
 * background, so reading starts with the first file listed and no more than `ahead` listed
 * files are held. A listing that fails ends the read with its error once the files listed
 * before it were handed on.
 */
export async function* readFiles(
	source: DataSource,
	files: Iterable<SourceFile> | AsyncIterable<SourceFile>,
	signal: AbortSignal,
	ahead = defaultAhead,
): AsyncGenerator<FileChunks> {
	const open = new Set<Readable>();
	const onAbort = () => {
		for (const stream of open) stream.destroy(new CancelledError());
	};
	signal.addEventListener('abort', onAbort, {once: true});
	const opened = (file: SourceFile) => {
		const stream = source.open(file);
		open.add(stream);
		stream.once('close', () => open.delete(stream));
		return stream;
	};
	const readWhole = async (file: SourceFile) => {
		if (source.readSmall) {
			// Cancelling cannot destroy a read in flight: it is a few hundred bytes, and dropped.
			const bytes = await source.readSmall(file);
			return bytes.length === 0 ? [] : [bytes];
		}
		const chunks: Buffer[] = [];
		for await (const chunk of opened(file)) chunks.push(chunk as Buffer);
		return chunks;
	};
	/** Listed and not yet handed on: each small one with its read under way. */
	const window: Array<{file: SourceFile; whole: Promise<Buffer[]> | undefined}> = [];
	const listing = (async function* () {
		yield* files;
	})();
	let listed = false;
	let listingError: unknown;
	let filling: Promise<void> | undefined;
	const fillLoop = async () => {
		try {
			while (!listed && window.length < ahead && !signal.aborted) {
				const next = await listing.next();
				if (next.done) {
					listed = true;
					break;
				}
				const file = next.value;
				let whole: Promise<Buffer[]> | undefined;
				if (file.content !== undefined) whole = Promise.resolve(file.content.length === 0 ? [] : [file.content]);
				else if (file.size <= smallFileBytes) {
					whole = readWhole(file);
					// Read-ahead may be abandoned on cancel: its failure must not go unhandled.
					whole.catch(() => {});
				}
				window.push({file, whole});
			}
		} catch (error) {
			listingError = error;
			listed = true;
		}
	};
	// One pull of the listing at a time; a new one starts when the last has ended.
	const fill = (): Promise<void> => (filling ??= fillLoop().finally(() => (filling = undefined)));
	async function* streamed(file: SourceFile): AsyncGenerator<Buffer> {
		const stream = opened(file);
		try {
			for await (const chunk of stream) yield chunk as Buffer;
		} finally {
			stream.destroy();
		}
	}
	async function* heldOrFailed(whole: Promise<Buffer[]>): AsyncGenerator<Buffer> {
		yield* await whole;
	}
	try {
		for (;;) {
			throwIfCancelled(signal);
			if (window.length === 0) {
				if (listed) break;
				await fill();
				continue;
			}
			const {file, whole} = window.shift()!;
			void fill();
			const counter = {bytes: 0};
			const raw = whole ? heldOrFailed(whole) : streamed(file);
			yield {file, chunks: unpacked(counted(raw, counter)), consumed: () => counter.bytes};
		}
		if (listingError !== undefined) throw listingError;
	} catch (error) {
		throw signal.aborted ? new CancelledError() : error;
	} finally {
		signal.removeEventListener('abort', onAbort);
		for (const stream of open) stream.destroy();
		// Stops a listing still going on (a walk, S3 pages): once it is not pulled any more.
		await filling?.catch(() => {});
		await listing.return(undefined).catch(() => {});
	}
}

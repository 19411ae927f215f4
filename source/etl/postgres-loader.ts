// Streams source JSON into a PostgreSQL staging table through COPY … FROM STDIN in the
// binary format. Files are read in 1 MiB chunks; a RowProducer turns them into batches of rows;
// batches go to the server with backpressure, so memory stays flat however large the
// input, and parsing here overlaps with ingesting in the server (another process, another
// core). Bad records go to the sink.
// (Parsing in a worker thread was measured and dropped: on two cores it gained 3% and
// cost 120 MB, since the server needs the other core. The byte-level fast path in
// fast-record.ts later cut the parsing itself to a third.)

import {once} from 'node:events';
import {finished} from 'node:stream/promises';
import type {Writable} from 'node:stream';
import type pg from 'pg';
import {from as copyFrom} from 'pg-copy-streams';
import {CancelledError, throwIfCancelled} from '../core/errors.js';
import type {Report} from '../core/events.js';
import {trackProgress} from '../core/progress.js';
import {binaryCopyHeader, binaryCopyTrailer} from './copy-binary.js';
import type {ErrorSink} from './error-sink.js';
import {listingTotals, type CountAhead} from './listing.js';
import type {ColumnSpec, RepairTally} from './records.js';
import {RowProducer, type RowLayout} from './row-producer.js';
import type {DataSource, SourceFile} from './source.js';
import {BrokenFile, readFiles} from './read-files.js';
import type {TextOptions} from './record-rules.js';

export type StagingLoad = {
	readonly table: string;
	/** Files read, and their bytes as stored (compressed for gzip). */
	readonly files: number;
	readonly bytes: number;
	readonly rows: number;
	readonly rejected: number;
	readonly elapsedMs: number;
};

export type StagingTableLoad = {
	readonly table: 'staging_events' | 'staging_songs';
	readonly columns: readonly ColumnSpec[];
	/** The JSON key for each column, by position. */
	readonly keys: readonly string[];
	/**
	 * The files, or a listing still going on: then the totals are unknown (null) until it
	 * ends, and never a guess.
	 */
	readonly files: readonly SourceFile[] | AsyncIterable<SourceFile>;
	/** 'lines': one record per line (logs); 'documents': one JSON document per file (songs). */
	readonly layout: RowLayout;
	readonly progressUnit: 'bytes' | 'files';
	/** How record text is read (--accept-invalid-chars). */
	readonly text?: TextOptions;
	/**
	 * COPY … FREEZE: the rows are written frozen, their hint bits set, so the first reads after
	 * the COMMIT do not write every page of the table again. Only for a table emptied by TRUNCATE
	 * in the same transaction (the server refuses it otherwise).
	 */
	readonly freeze?: boolean;
	/**
	 * For a listing still going on: its totals counted by a listing of their own, which runs
	 * ahead (the reading holds the load's own listing back to a few files ahead of it). Shown
	 * once known, and replaced by the load's own count when its listing ends.
	 */
	readonly counted?: CountAhead;
};

const maxInFlightBytes = 4 << 20;

export async function loadStagingTable(
	client: pg.Client,
	load: StagingTableLoad,
	source: DataSource,
	sink: ErrorSink,
	tally: RepairTally,
	report: Report,
	signal: AbortSignal,
	step = 'etl',
): Promise<StagingLoad> {
	// The count ahead ends with the load: past it, the load's own count is exact.
	const listing = listingTotals(load.files, load.counted);
	const progress = trackProgress(report, step, load.table, load.progressUnit);
	const startedAt = Date.now();
	const rejectedBefore = sink.count;
	let rows = 0;
	let bytes = 0;
	let filesDone = 0;

	const columnList = load.columns.map((spec) => spec.column).join(', ');
	const copy = client.query(copyFrom(`COPY ${load.table} (${columnList}) FROM STDIN (FORMAT binary${load.freeze ? ', FREEZE' : ''})`)) as Writable;
	copy.write(binaryCopyHeader);
	// The first failure wins: the server's, or the sink's (too many bad records).
	let failure: Error | undefined;
	copy.on('error', (error) => {
		failure ??= error;
	});
	const output = {
		batch(batch: Buffer, batchRows: number, release: () => void) {
			// The write's callback comes once the bytes are in the socket (pg-copy-streams
			// calls back after the socket took them, or after its drain): then the producer
			// may fill the buffer again. After an error it never comes, and nothing is reused.
			copy.write(batch, (error) => {
				if (!error) release();
			});
			rows += batchRows;
		},
		rejected(error: Parameters<ErrorSink['add']>[0]) {
			try {
				sink.add(error);
			} catch (tooMany) {
				failure ??= tooMany as Error;
			}
		},
	};
	const producer = new RowProducer(load.keys, load.columns, load.layout, tally, output, true, load.text ?? {});
	const onAbort = () => copy.destroy(new CancelledError());
	signal.addEventListener('abort', onAbort, {once: true});

	const counters = () => ({
		files: {done: filesDone, total: listing.totals().files},
		bytes: {done: bytes, total: listing.totals().bytes},
		rows: {done: rows, total: null},
	});
	const check = () => {
		if (failure) throw failure;
		throwIfCancelled(signal);
	};

	// Files read ahead and a socket that keeps up resolve every await at once: the loop would
	// then run for seconds on microtasks alone, and no timer (the screen's spinner and clock)
	// nor signal (a resize, Ctrl-C) is served. A turn of the event loop every 50 ms lets them in.
	let turnedAt = Date.now();
	const turnNow = () => {
		if (Date.now() - turnedAt < 50) return undefined;
		turnedAt = Date.now();
		return new Promise((resolve) => setImmediate(resolve));
	};
	try {
		for await (const {file, chunks, consumed} of readFiles(source, listing.files, signal)) {
			check();
			producer.startFile(file.name);
			const bytesBefore = bytes;
			try {
				for await (const chunk of chunks) {
					producer.push(chunk);
					// Bytes as stored: a gzip file counts against its compressed size.
					bytes = bytesBefore + consumed();
					check();
					// Past a few MiB waiting for the server, wait with it: memory stays bounded.
					if (copy.writableLength > maxInFlightBytes) await once(copy, 'drain', {signal});
					else await turnNow();
					progress.update(counters());
				}
				producer.endFile();
			} catch (error) {
				if (!(error instanceof BrokenFile)) throw error;
				producer.fileBroken(error.message);
			}
			bytes = bytesBefore + consumed();
			filesDone++;
			progress.update(counters());
		}
		producer.flush();
		check();
		copy.end(binaryCopyTrailer);
		await finished(copy);
	} catch (error) {
		progress.finish('failed', counters());
		// A COPY the server never took (the connection was already lost) or that has had its
		// answer is done with the connection: pg-copy-streams sets its connection only while the
		// COPY is the server's, and destroying it otherwise would wait for an answer that never comes.
		if ((copy as unknown as {connection?: unknown}).connection) {
			if (!copy.destroyed) copy.destroy(error as Error);
			// Let the driver settle the failed COPY so the caller can roll back on this connection.
			await finished(copy).catch(() => {});
		}
		throw signal.aborted ? new CancelledError() : error;
	} finally {
		signal.removeEventListener('abort', onAbort);
		listing.stop();
	}
	progress.finish('done', counters());
	return {table: load.table, files: filesDone, bytes, rows, rejected: sink.count - rejectedBefore, elapsedMs: Date.now() - startedAt};
}

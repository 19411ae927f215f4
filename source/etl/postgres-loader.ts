// Streams source JSON into a PostgreSQL staging table through COPY … FROM STDIN.
// Files are read in 1 MiB chunks and rows are handed to COPY in ~1 MiB batches with
// backpressure, so memory stays flat however large the input; parsing here and
// ingesting in the server overlap on separate cores. Bad records go to the error sink.

import {once} from 'node:events';
import {finished} from 'node:stream/promises';
import type {Writable} from 'node:stream';
import type pg from 'pg';
import {from as copyFrom} from 'pg-copy-streams';
import {CancelledError, throwIfCancelled} from '../core/errors.js';
import type {Report} from '../core/events.js';
import {trackProgress} from '../core/progress.js';
import type {ErrorSink} from './error-sink.js';
import {createRowEncoder, type ColumnSpec, type RepairTally} from './records.js';
import type {DataSource, SourceFile} from './source.js';

export type StagingLoad = {
	readonly table: string;
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
	readonly files: readonly SourceFile[];
	/** 'lines': one record per line (logs); 'documents': one JSON document per file (songs). */
	readonly layout: 'lines' | 'documents';
	readonly progressUnit: 'bytes' | 'files';
};

const batchBytes = 1 << 20;
const flushAtBytes = batchBytes / 2;
const maxInFlightBytes = 4 << 20;
const rawLimit = 200;

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
	const totalBytes = load.files.reduce((sum, file) => sum + file.size, 0);
	const progress = trackProgress(report, step, load.table, load.progressUnit);
	const startedAt = Date.now();
	const rejectedBefore = sink.count;
	let rows = 0;
	let bytes = 0;
	let filesDone = 0;
	// Rows are written into a buffer as they are made, so each row's string dies young;
	// a growing string of rows would keep them all alive into the old generation.
	let batch = Buffer.allocUnsafe(batchBytes);
	let used = 0;

	const columnList = load.columns.map((spec) => spec.column).join(', ');
	const copy = client.query(copyFrom(`COPY ${load.table} (${columnList}) FROM STDIN`)) as Writable;
	let copyError: Error | undefined;
	copy.on('error', (error) => {
		copyError ??= error;
	});
	const onAbort = () => copy.destroy(new CancelledError());
	signal.addEventListener('abort', onAbort, {once: true});

	const counters = () => ({
		files: {done: filesDone, total: load.files.length},
		bytes: {done: bytes, total: totalBytes},
		rows: {done: rows, total: null},
	});

	/** Hands the rows made so far to COPY and starts a new batch of at least `size` bytes. */
	const startNewBatch = (size: number) => {
		if (used > 0) copy.write(batch.subarray(0, used));
		batch = Buffer.allocUnsafe(Math.max(batchBytes, size));
		used = 0;
	};
	const flush = async () => {
		if (copyError) throw copyError;
		startNewBatch(0);
		// Keep a few batches in flight so parsing here and ingesting in the server overlap;
		// past that, wait: memory stays bounded whatever the input size.
		if (copy.writableLength > maxInFlightBytes) await once(copy, 'drain', {signal});
	};

	const encoder = createRowEncoder(load.keys, load.columns, tally);
	const handleRecord = (file: SourceFile, line: number, text: string) => {
		// Almost every line starts with "{"; only the others need the (allocating) blank test.
		if (text.charCodeAt(0) !== 123 && text.trim().length === 0) return;
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (error) {
			sink.add({file: file.name, line, reason: `is not valid JSON (${(error as Error).message})`, raw: text.slice(0, rawLimit)});
			return;
		}
		const row = encoder.encode(value);
		if (row !== undefined) {
			// Three bytes per UTF-16 unit is the most UTF-8 can need; rows longer than a batch get their own.
			if (used + row.length * 3 > batch.length) startNewBatch(row.length * 3);
			used += batch.write(row, used);
			rows++;
		} else {
			const {field, reason} = encoder.failure;
			sink.add({file: file.name, line, ...(field ? {field} : {}), reason, raw: text.slice(0, rawLimit)});
		}
	};

	try {
		if (load.layout === 'lines') {
			for (const file of load.files) {
				throwIfCancelled(signal);
				await readLines(source, file, signal, (line, text) => handleRecord(file, line, text), async (chunkBytes) => {
					bytes += chunkBytes;
					if (used >= flushAtBytes) await flush();
					progress.update(counters());
				});
				filesDone++;
			}
		} else {
			for await (const {file, text} of readDocuments(source, load.files, signal)) {
				readDocument(file, text, handleRecord);
				bytes += file.size;
				filesDone++;
				if (used >= flushAtBytes) await flush();
				progress.update(counters());
			}
		}
		await flush();
		copy.end();
		await finished(copy);
	} catch (error) {
		progress.finish('failed', counters());
		if (!copy.destroyed) copy.destroy(error as Error);
		// Let the driver settle the failed COPY so the caller can roll back on this connection.
		await finished(copy).catch(() => {});
		throw signal.aborted ? new CancelledError() : error;
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
	progress.finish('done', counters());
	return {table: load.table, files: filesDone, bytes, rows, rejected: sink.count - rejectedBefore, elapsedMs: Date.now() - startedAt};
}

/**
 * Calls onLine for every line (1-based numbers, CR stripped), and onChunk after each chunk.
 * Lines are found in the bytes — a newline byte never occurs inside a multi-byte UTF-8
 * character — and each chunk is decoded once, up to its last newline; only the piece of a
 * line that straddles two chunks is copied.
 */
async function readLines(
	source: DataSource,
	file: SourceFile,
	signal: AbortSignal,
	onLine: (line: number, text: string) => void,
	onChunk: (bytes: number) => Promise<void>,
): Promise<void> {
	const stream = source.open(file);
	let tail: Buffer | undefined;
	let line = 0;
	const emitLines = (text: string) => {
		let start = 0;
		let newline = text.indexOf('\n');
		while (newline !== -1) {
			line++;
			onLine(line, text.charCodeAt(newline - 1) === 13 ? text.slice(start, newline - 1) : text.slice(start, newline));
			start = newline + 1;
			newline = text.indexOf('\n', start);
		}
		return text.slice(start);
	};
	try {
		for await (const chunk of stream) {
			const bytes = chunk as Buffer;
			const last = bytes.lastIndexOf(10);
			if (last === -1) {
				tail = tail ? Buffer.concat([tail, bytes]) : bytes;
			} else {
				let from = 0;
				if (tail) {
					const first = bytes.indexOf(10);
					emitLines(Buffer.concat([tail, bytes.subarray(0, first + 1)]).toString('utf8'));
					from = first + 1;
				}
				if (from <= last) emitLines(bytes.toString('utf8', from, last + 1));
				tail = last + 1 < bytes.length ? bytes.subarray(last + 1) : undefined;
			}
			await onChunk(bytes.length);
			if (signal.aborted) throw new CancelledError();
		}
	} finally {
		stream.destroy();
	}
	// The sample's files end without a newline: the last line is still a record.
	if (tail && tail.length > 0) {
		const rest = tail.toString('utf8');
		line++;
		onLine(line, rest.endsWith('\r') ? rest.slice(0, -1) : rest);
	}
}

/**
 * A song file is one JSON document. When it does not parse whole, it is read line by line
 * instead, so a file of several objects still loads and a broken one is reported by line.
 */
function readDocument(file: SourceFile, text: string, handleRecord: (file: SourceFile, line: number, text: string) => void): void {
	const trimmed = text.trim();
	if (trimmed.length === 0) return;
	try {
		JSON.parse(trimmed);
		handleRecord(file, 1, trimmed.includes('\n') ? trimmed.replace(/\r?\n\s*/g, ' ') : trimmed);
		return;
	} catch {
		// fall through to line by line
	}
	const lines = text.split('\n');
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index]!;
		handleRecord(file, index + 1, line.endsWith('\r') ? line.slice(0, -1) : line);
	}
}

/** Reads small files a few at a time ahead of the consumer, yielding them in order. */
async function* readDocuments(
	source: DataSource,
	files: readonly SourceFile[],
	signal: AbortSignal,
	ahead = 32,
): AsyncGenerator<{file: SourceFile; text: string}> {
	const readOne = async (file: SourceFile) => {
		const chunks: Buffer[] = [];
		for await (const chunk of source.open(file)) chunks.push(chunk as Buffer);
		return {file, text: Buffer.concat(chunks).toString('utf8')};
	};
	const pending: Array<Promise<{file: SourceFile; text: string}>> = [];
	const start = (file: SourceFile) => {
		const read = readOne(file);
		// Read-ahead may be abandoned on cancel: its failure must not go unhandled.
		read.catch(() => {});
		pending.push(read);
	};
	let next = 0;
	while (next < files.length && pending.length < ahead) start(files[next++]!);
	while (pending.length > 0) {
		throwIfCancelled(signal);
		const item = await pending.shift()!;
		if (next < files.length) start(files[next++]!);
		yield item;
	}
}

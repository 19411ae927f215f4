// Streams source JSON into a PostgreSQL staging table through COPY … FROM STDIN.
// Files are read in 1 MiB chunks and rows are handed to COPY in ~1 MiB batches with
// backpressure, so memory stays flat however large the input; parsing here and
// ingesting in the server overlap on separate cores. Bad records go to the error sink.

import {once} from 'node:events';
import {StringDecoder} from 'node:string_decoder';
import {finished} from 'node:stream/promises';
import type {Writable} from 'node:stream';
import type pg from 'pg';
import {from as copyFrom} from 'pg-copy-streams';
import {CancelledError, throwIfCancelled} from '../core/errors.js';
import type {Report} from '../core/events.js';
import {trackProgress} from '../core/progress.js';
import type {ErrorSink} from './error-sink.js';
import {toCopyRow, type ColumnSpec, type RepairTally} from './records.js';
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
	let batch = '';

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

	const flush = async () => {
		if (copyError) throw copyError;
		if (batch.length === 0) return;
		const accepted = copy.write(batch);
		batch = '';
		if (!accepted) await once(copy, 'drain', {signal});
	};

	const handleRecord = (file: SourceFile, line: number, text: string) => {
		if (text.length === 0 || text.trim().length === 0) return;
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (error) {
			sink.add({file: file.name, line, reason: `is not valid JSON (${(error as Error).message})`, raw: text.slice(0, rawLimit)});
			return;
		}
		const result = toCopyRow(value, load.keys, load.columns, tally);
		if (result.ok) {
			batch += result.row;
			rows++;
		} else {
			sink.add({file: file.name, line, ...(result.field ? {field: result.field} : {}), reason: result.reason, raw: text.slice(0, rawLimit)});
		}
	};

	try {
		if (load.layout === 'lines') {
			for (const file of load.files) {
				throwIfCancelled(signal);
				await readLines(source, file, signal, (line, text) => handleRecord(file, line, text), async (chunkBytes) => {
					bytes += chunkBytes;
					if (batch.length >= batchBytes) await flush();
					progress.update(counters());
				});
				filesDone++;
			}
		} else {
			for await (const {file, text} of readDocuments(source, load.files, signal)) {
				readDocument(file, text, handleRecord);
				bytes += file.size;
				filesDone++;
				if (batch.length >= batchBytes) await flush();
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

/** Calls onLine for every line (1-based numbers, CR stripped), and onChunk after each chunk. */
async function readLines(
	source: DataSource,
	file: SourceFile,
	signal: AbortSignal,
	onLine: (line: number, text: string) => void,
	onChunk: (bytes: number) => Promise<void>,
): Promise<void> {
	const stream = source.open(file);
	const decoder = new StringDecoder('utf8');
	let carry = '';
	let line = 0;
	const emit = (text: string) => {
		line++;
		onLine(line, text.endsWith('\r') ? text.slice(0, -1) : text);
	};
	try {
		for await (const chunk of stream) {
			const text = carry + decoder.write(chunk as Buffer);
			let start = 0;
			let newline = text.indexOf('\n', start);
			while (newline !== -1) {
				emit(text.slice(start, newline));
				start = newline + 1;
				newline = text.indexOf('\n', start);
			}
			carry = text.slice(start);
			await onChunk((chunk as Buffer).length);
			if (signal.aborted) throw new CancelledError();
		}
	} finally {
		stream.destroy();
	}
	carry += decoder.end();
	// The sample's files end without a newline: the last line is still a record.
	if (carry.length > 0) emit(carry);
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

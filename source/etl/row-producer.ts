// Turns the bytes of source files into batches of binary COPY rows (copy-binary.ts): finds the
// records (record-splitter.ts, the splitter the profiler uses too), encodes each one (by the
// byte-level fast path when it has the common shape, else decoded and parsed in full by
// parse-record.ts and records.ts), and hands full batches on.
// The fast path only ever writes what the full path would; anything unusual it leaves to
// the full path, which alone accepts, repairs or rejects.

import {maxBinaryRowBytes, textRowToBinary} from './copy-binary.js';
import {createFastRowEncoder, maxRowBytes, type FastRowEncoder} from './fast-record.js';
import {parseRecords} from './parse-record.js';
import type {TextOptions} from './record-rules.js';
import {RecordSplitter, maxRecordBytes} from './record-splitter.js';
import {createRowEncoder, type ColumnSpec, type LoadError, type RepairTally} from './records.js';

/** 'lines': log files, mostly one object a line (the fast path's case); 'documents': song files. Both are read as streams of JSON values. */
export type RowLayout = 'lines' | 'documents';

export type ProducerOutput = {
	/**
	 * A batch of complete binary COPY rows, and how many rows it holds. Call release once the
	 * bytes are no longer needed, and the producer fills the same memory again; never calling
	 * it is safe too (the batch is then left to the garbage collector).
	 */
	batch(bytes: Buffer, rows: number, release: () => void): void;
	rejected(error: LoadError): void;
};

const batchBytes = 1 << 20;
// Batches in flight to the server are bounded by the loader's backpressure (a few MiB); a
// few more released ones are kept. Fresh megabyte buffers each cost a page-faulting
// allocation and, in bulk, full garbage collections.
const pooledBatches = 16;
const rawLimit = 200;

export class RowProducer {
	rows = 0;
	private batch: Buffer = Buffer.allocUnsafe(batchBytes);
	private readonly freeBatches: Buffer[] = [];
	private used = 0;
	private rowsInBatch = 0;
	private file = '';
	private readonly splitter: RecordSplitter;
	private readonly encoder;
	private readonly fast: FastRowEncoder | undefined;

	constructor(
		keys: readonly string[],
		private readonly columns: readonly ColumnSpec[],
		layout: RowLayout,
		private readonly tally: RepairTally,
		private readonly output: ProducerOutput,
		/** Off only in tests that compare the two paths. */
		fastPath = true,
		private readonly options: TextOptions = {},
		recordLimit = maxRecordBytes,
	) {
		this.encoder = createRowEncoder(keys, columns, tally, options);
		this.fast = fastPath && layout === 'lines' ? createFastRowEncoder(keys, columns, tally) : undefined;
		this.splitter = new RecordSplitter(
			{
				record: (bytes, start, end, line) => this.recordBytes(bytes, start, end, line),
				rejected: (line, reason, raw) => this.output.rejected({file: this.file, line, reason, raw}),
			},
			recordLimit,
		);
	}

	startFile(name: string): void {
		this.file = name;
		this.splitter.startFile();
	}

	/** A chunk of the current file. */
	push(bytes: Buffer): void {
		this.splitter.push(bytes);
	}

	endFile(): void {
		this.splitter.end();
	}

	/** The file could not be read to its end (a gzip stream cut short): one bad record, at the line reached. */
	fileBroken(reason: string): void {
		const line = this.splitter.line;
		this.splitter.abandon();
		this.output.rejected({file: this.file, line, reason, raw: ''});
	}

	/** Hands on whatever is batched so far. */
	flush(): void {
		if (this.used === 0) return;
		const full = this.batch;
		const release = () => {
			if (full.length === batchBytes && this.freeBatches.length < pooledBatches) this.freeBatches.push(full);
		};
		this.output.batch(full.subarray(0, this.used), this.rowsInBatch, release);
		this.batch = this.freeBatches.pop() ?? Buffer.allocUnsafe(batchBytes);
		this.used = 0;
		this.rowsInBatch = 0;
	}

	/** One record, bytes[start, end): by the fast path when it can, else decoded and parsed. */
	private recordBytes(bytes: Buffer, start: number, end: number, line: number): void {
		if (this.fast) {
			const room = maxRowBytes(end - start, this.columns.length);
			if (this.used + room > this.batch.length) {
				this.flush();
				if (room > this.batch.length) this.batch = Buffer.allocUnsafe(room);
			}
			const next = this.fast.encode(bytes, start, end, this.batch, this.used);
			if (next !== -1) {
				this.used = next;
				this.counted();
				return;
			}
		}
		parseRecords(bytes, start, end, this.options, this.tally, (parsed) => {
			if (!parsed.ok) {
				this.output.rejected({file: this.file, line, ...(parsed.field === undefined ? {} : {field: parsed.field}), reason: parsed.reason, raw: parsed.text.slice(0, rawLimit)});
				return;
			}
			this.record(line, parsed.value, parsed.text);
		});
	}

	private record(line: number, value: unknown, text: string): void {
		const row = this.encoder.encode(value);
		if (row === undefined) {
			const {field, reason} = this.encoder.failure;
			this.output.rejected({file: this.file, line, ...(field ? {field} : {}), reason, raw: text.slice(0, rawLimit)});
			return;
		}
		// Rows are written into the batch as they are made, so each row's string dies young.
		const room = maxBinaryRowBytes(row, this.columns.length);
		if (this.used + room > this.batch.length) {
			this.flush();
			if (room > this.batch.length) this.batch = Buffer.allocUnsafe(room);
		}
		this.used = textRowToBinary(row, this.columns, this.batch, this.used);
		this.counted();
	}

	private counted(): void {
		this.rowsInBatch++;
		this.rows++;
		if (this.used >= batchBytes / 2) this.flush();
	}
}

// Turns the bytes of source files into batches of binary COPY rows (copy-binary.ts): splits
// lines (or reads a file as one document), encodes each record (by the byte-level fast path
// when it has the common shape, else parsed in full by records.ts), and hands full batches on.
// The fast path only ever writes what the full path would; anything unusual it leaves to
// the full path, which alone accepts, repairs or rejects.

import {maxBinaryRowBytes, textRowToBinary} from './copy-binary.js';
import {createFastRowEncoder, maxRowBytes, type FastRowEncoder} from './fast-record.js';
import {createRowEncoder, type ColumnSpec, type LoadError, type RepairTally} from './records.js';

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
	private line = 0;
	private tail: Buffer | undefined;
	private documentChunks: Buffer[] = [];
	private readonly encoder;
	private readonly fast: FastRowEncoder | undefined;

	constructor(
		keys: readonly string[],
		private readonly columns: readonly ColumnSpec[],
		private readonly layout: RowLayout,
		tally: RepairTally,
		private readonly output: ProducerOutput,
		/** Off only in tests that compare the two paths. */
		fastPath = true,
	) {
		this.encoder = createRowEncoder(keys, columns, tally);
		this.fast = fastPath && layout === 'lines' ? createFastRowEncoder(keys, columns, tally) : undefined;
	}

	startFile(name: string): void {
		this.file = name;
		this.line = 0;
		this.tail = undefined;
		this.documentChunks = [];
	}

	/**
	 * A chunk of the current file. Lines are found in the bytes (a newline byte never occurs
	 * inside a multi-byte UTF-8 character); only the piece of a line that straddles two
	 * chunks is copied.
	 */
	push(bytes: Buffer): void {
		if (this.layout === 'documents') {
			this.documentChunks.push(bytes);
			return;
		}
		let from = 0;
		if (this.tail) {
			const first = bytes.indexOf(10);
			if (first === -1) {
				this.tail = Buffer.concat([this.tail, bytes]);
				return;
			}
			const joined = Buffer.concat([this.tail, bytes.subarray(0, first)]);
			this.tail = undefined;
			this.lineBytes(joined, 0, joined.length);
			from = first + 1;
		}
		let newline = bytes.indexOf(10, from);
		while (newline !== -1) {
			this.lineBytes(bytes, from, newline);
			from = newline + 1;
			newline = bytes.indexOf(10, from);
		}
		this.tail = from < bytes.length ? bytes.subarray(from) : undefined;
	}

	endFile(): void {
		if (this.layout === 'documents') {
			this.document(Buffer.concat(this.documentChunks).toString('utf8'));
			this.documentChunks = [];
			return;
		}
		// The sample's files end without a newline: the last line is still a record.
		if (this.tail && this.tail.length > 0) this.lineBytes(this.tail, 0, this.tail.length);
		this.tail = undefined;
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

	/** One line, bytes[start, end): by the fast path when it can, else decoded and parsed. */
	private lineBytes(bytes: Buffer, start: number, end: number): void {
		this.line++;
		if (end > start && bytes[end - 1] === 13) end--;
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
		this.record(this.line, bytes.toString('utf8', start, end));
	}

	/**
	 * A song file is one JSON document. When it does not parse whole, it is read line by line
	 * instead, so a file of several objects still loads and a broken one is reported by line.
	 */
	private document(text: string): void {
		const trimmed = text.trim();
		if (trimmed.length === 0) return;
		try {
			JSON.parse(trimmed);
			this.record(1, trimmed.includes('\n') ? trimmed.replace(/\r?\n\s*/g, ' ') : trimmed);
			return;
		} catch {
			// fall through to line by line
		}
		const lines = text.split('\n');
		for (let index = 0; index < lines.length; index++) {
			const line = lines[index]!;
			this.record(index + 1, line.endsWith('\r') ? line.slice(0, -1) : line);
		}
	}

	private record(line: number, text: string): void {
		// Almost every line starts with "{"; only the others need the (allocating) blank test.
		if (text.charCodeAt(0) !== 123 && text.trim().length === 0) return;
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (error) {
			this.output.rejected({file: this.file, line, reason: `is not valid JSON (${(error as Error).message})`, raw: text.slice(0, rawLimit)});
			return;
		}
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

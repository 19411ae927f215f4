// Turns the bytes of source files into batches of COPY text: splits lines (or reads a
// file as one document), parses each record, encodes it, and hands full batches on.
// The same code runs in the loading thread for small loads and in a worker thread for
// large ones, so both paths accept, repair and reject exactly the same records.

import {createRowEncoder, type ColumnSpec, type LoadError, type RepairTally} from './records.js';

export type RowLayout = 'lines' | 'documents';

export type ProducerOutput = {
	/** A batch of complete COPY lines, and how many rows it holds. */
	batch(bytes: Buffer, rows: number): void;
	rejected(error: LoadError): void;
};

const batchBytes = 1 << 20;
const rawLimit = 200;

export class RowProducer {
	rows = 0;
	private batch = Buffer.allocUnsafe(batchBytes);
	private used = 0;
	private rowsInBatch = 0;
	private file = '';
	private line = 0;
	private tail: Buffer | undefined;
	private documentChunks: Buffer[] = [];
	private readonly encoder;

	constructor(
		keys: readonly string[],
		columns: readonly ColumnSpec[],
		private readonly layout: RowLayout,
		tally: RepairTally,
		private readonly output: ProducerOutput,
	) {
		this.encoder = createRowEncoder(keys, columns, tally);
	}

	startFile(name: string): void {
		this.file = name;
		this.line = 0;
		this.tail = undefined;
		this.documentChunks = [];
	}

	/**
	 * A chunk of the current file. Lines are found in the bytes — a newline byte never occurs
	 * inside a multi-byte UTF-8 character — and each chunk is decoded once, up to its last
	 * newline; only the piece of a line that straddles two chunks is copied.
	 */
	push(bytes: Buffer): void {
		if (this.layout === 'documents') {
			this.documentChunks.push(bytes);
			return;
		}
		const last = bytes.lastIndexOf(10);
		if (last === -1) {
			this.tail = this.tail ? Buffer.concat([this.tail, bytes]) : bytes;
			return;
		}
		let from = 0;
		if (this.tail) {
			const first = bytes.indexOf(10);
			this.lines(Buffer.concat([this.tail, bytes.subarray(0, first + 1)]).toString('utf8'));
			from = first + 1;
		}
		if (from <= last) this.lines(bytes.toString('utf8', from, last + 1));
		this.tail = last + 1 < bytes.length ? bytes.subarray(last + 1) : undefined;
	}

	endFile(): void {
		if (this.layout === 'documents') {
			this.document(Buffer.concat(this.documentChunks).toString('utf8'));
			this.documentChunks = [];
			return;
		}
		// The sample's files end without a newline: the last line is still a record.
		if (this.tail && this.tail.length > 0) {
			const rest = this.tail.toString('utf8');
			this.record(++this.line, rest.endsWith('\r') ? rest.slice(0, -1) : rest);
		}
		this.tail = undefined;
	}

	/** Hands on whatever is batched so far. */
	flush(): void {
		if (this.used === 0) return;
		this.output.batch(this.batch.subarray(0, this.used), this.rowsInBatch);
		this.batch = Buffer.allocUnsafe(batchBytes);
		this.used = 0;
		this.rowsInBatch = 0;
	}

	private lines(text: string): void {
		let start = 0;
		let newline = text.indexOf('\n');
		while (newline !== -1) {
			this.record(++this.line, text.charCodeAt(newline - 1) === 13 ? text.slice(start, newline - 1) : text.slice(start, newline));
			start = newline + 1;
			newline = text.indexOf('\n', start);
		}
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
		// Three bytes per UTF-16 unit is the most UTF-8 can need.
		if (this.used + row.length * 3 > this.batch.length) {
			this.flush();
			if (row.length * 3 > this.batch.length) this.batch = Buffer.allocUnsafe(row.length * 3);
		}
		this.used += this.batch.write(row, this.used);
		this.rowsInBatch++;
		this.rows++;
		if (this.used >= batchBytes / 2) this.flush();
	}
}

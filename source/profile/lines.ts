// Splits a file's bytes into records for the profiler, chunk by chunk, holding only the
// piece of a line that straddles two chunks. Log files are one JSON object per line; a
// song file is one document, read whole when it parses whole and line by line otherwise
// (as the loader reads them). Files may end without a newline; blank lines are skipped.
// A line (or document) longer than the limit is not kept in memory: it is reported as one
// oversized record, so memory stays flat whatever the input.

export type LineHandler = {
	/** One line of text (without its newline, without a trailing CR) and its 1-based number. */
	line(text: string, number: number): void;
	/** A line longer than the limit, whose bytes were dropped. */
	oversized(number: number, bytes: number): void;
};

export const defaultMaxLineBytes = 16 << 20;

/** Finds lines in a stream of chunks: a newline byte never occurs inside a multi-byte character. */
export class LineSplitter {
	private tail: Buffer[] = [];
	private tailBytes = 0;
	private dropped = 0;
	private number = 0;

	constructor(
		private readonly handler: LineHandler,
		private readonly maxLineBytes = defaultMaxLineBytes,
	) {}

	push(bytes: Buffer): void {
		let from = 0;
		let newline = bytes.indexOf(10);
		while (newline !== -1) {
			this.finishLine(bytes.subarray(from, newline));
			from = newline + 1;
			newline = bytes.indexOf(10, from);
		}
		if (from < bytes.length) this.keep(bytes.subarray(from));
	}

	end(): void {
		if (this.tailBytes > 0 || this.dropped > 0) this.finishLine(Buffer.alloc(0));
	}

	private keep(piece: Buffer): void {
		if (this.dropped > 0 || this.tailBytes + piece.length > this.maxLineBytes) {
			this.dropped += this.tailBytes + piece.length;
			this.tail = [];
			this.tailBytes = 0;
			return;
		}
		// A copy: the caller's chunk may be reused once push() returns.
		this.tail.push(Buffer.from(piece));
		this.tailBytes += piece.length;
	}

	private finishLine(last: Buffer): void {
		this.number++;
		if (this.dropped > 0 || this.tailBytes + last.length > this.maxLineBytes) {
			this.handler.oversized(this.number, this.dropped + this.tailBytes + last.length);
		} else {
			const bytes = this.tailBytes === 0 ? last : Buffer.concat([...this.tail, last]);
			const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
			const text = bytes.toString('utf8', 0, end);
			// Almost every line starts with "{"; only the others need the blank test.
			if (text.charCodeAt(0) === 123 || text.trim().length > 0) this.handler.line(text, this.number);
		}
		this.tail = [];
		this.tailBytes = 0;
		this.dropped = 0;
	}
}

/**
 * A song file: kept whole up to the limit and parsed as one document at the end; when it
 * does not parse whole, read again line by line. Past the limit it is split into lines
 * as it comes (a song file that large is not one small document anyway).
 */
export class DocumentReader {
	private chunks: Buffer[] = [];
	private bytes = 0;
	private splitter: LineSplitter | undefined;

	constructor(
		private readonly handler: LineHandler & {
			/** The whole document parsed: its value. */
			document(value: unknown): void;
		},
		private readonly maxDocumentBytes = defaultMaxLineBytes,
	) {}

	push(chunk: Buffer): void {
		if (this.splitter) {
			this.splitter.push(chunk);
			return;
		}
		this.chunks.push(Buffer.from(chunk));
		this.bytes += chunk.length;
		if (this.bytes > this.maxDocumentBytes) {
			this.splitter = new LineSplitter(this.handler);
			for (const kept of this.chunks) this.splitter.push(kept);
			this.chunks = [];
		}
	}

	end(): void {
		if (this.splitter) {
			this.splitter.end();
			return;
		}
		const whole = Buffer.concat(this.chunks);
		this.chunks = [];
		const text = whole.toString('utf8').trim();
		if (text.length === 0) return;
		let value: unknown;
		let parsed = false;
		try {
			value = JSON.parse(text);
			parsed = true;
		} catch {
			// read line by line below, so a broken file is reported by line
		}
		if (parsed) {
			this.handler.document(value);
			return;
		}
		const splitter = new LineSplitter(this.handler);
		splitter.push(whole);
		splitter.end();
	}
}

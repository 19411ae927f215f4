// Finds the records in a file's bytes, chunk by chunk: the one splitter of the loader and the
// profiler. A file is read as Redshift's JSON COPY reads it, a stream of JSON values separated
// by whitespace, so objects may span lines; a UTF-8 byte order mark at the start is skipped.
//
// Two modes. Lines: the usual file holds one object per line, so a line that starts with "{"
// and ends with "}" is taken as one record without looking inside (the loader's fast path
// then reads it once). Objects: a line that opens a value and does not close it starts a
// scan that follows strings and nesting across lines until the value closes, then goes back
// to lines. A value cut short (a line that cannot continue it opens a new one) is handed on
// as the broken record it is, and reading goes on at that line.
//
// Linear in the input: a record that spans chunks is kept as a list of pieces and joined
// once when it is complete (`joins` counts those joins, for the tests); past the 4 MB that
// Redshift allows for one JSON value it is no longer kept at all, only measured and reported.

const newline = 10;
const quote = 34;
const backslash = 92;
const openBrace = 123;
const closeBrace = 125;
const openBracket = 91;
const closeBracket = 93;
const colon = 58;
const comma = 44;

/** Redshift's COPY refuses a JSON object or array larger than 4 MB. */
export const maxRecordBytes = 4 << 20;

export type SplitSink = {
	/** One record, bytes[start, end), that begins on `line` (1-based). The bytes are only lent. */
	record(bytes: Buffer, start: number, end: number, line: number): void;
	/** Something the parser never sees: a record too large to hold, or a file that is not UTF-8. */
	rejected(line: number, reason: string, raw: string): void;
};

function isBlank(byte: number): boolean {
	return byte === 32 || byte === 9 || byte === 13 || byte === newline;
}

export class RecordSplitter {
	/** How many times pieces of one record were joined into one buffer (once per spanning record). */
	joins = 0;
	private mode: 'start' | 'lines' | 'object' | 'skip' = 'start';
	private lineNumber = 1;
	/** Pieces of the current record (a line or an object) from earlier chunks, lent by the caller. */
	private pieces: Buffer[] = [];
	private held = 0;
	/** The current record passed the limit: its bytes are dropped, only counted. */
	private dropped = false;
	private unitLine = 1;
	private head: Buffer | undefined;
	// The object scan's state.
	private unitOpen = false;
	private garbage = false;
	private depth = 0;
	private inString = false;
	private escaped = false;
	private last = 0;
	private atLineStart = false;

	constructor(
		private readonly sink: SplitSink,
		private readonly limit = maxRecordBytes,
	) {}

	/** The line being read (1-based): where a file that stops part-way stopped. */
	get line(): number {
		return this.lineNumber;
	}

	startFile(): void {
		this.mode = 'start';
		this.lineNumber = 1;
		this.head = undefined;
		this.resetUnit();
	}

	push(chunk: Buffer): void {
		if (this.mode === 'skip' || chunk.length === 0) return;
		if (this.mode === 'start') {
			const bytes = this.head ? Buffer.concat([this.head, chunk]) : chunk;
			if (bytes.length < 3) {
				this.head = bytes;
				return;
			}
			this.head = undefined;
			this.begin(bytes);
			return;
		}
		this.scan(chunk, 0);
	}

	end(): void {
		if (this.mode === 'start') {
			const head = this.head;
			this.head = undefined;
			if (!head) return;
			this.begin(head);
		}
		if (this.mode === 'lines' && (this.pieces.length > 0 || this.dropped)) this.endLine(Buffer.alloc(0), 0, 0);
		else if (this.mode === 'object' && this.unitOpen) this.emit(Buffer.alloc(0), 0, 0);
		this.mode = 'start';
		this.resetUnit();
	}

	/** Drops a file that stopped part-way: its unfinished record is not one. */
	abandon(): void {
		this.mode = 'start';
		this.head = undefined;
		this.resetUnit();
	}

	/** Reads bytes[start, end) as JSON values only: no lines, no byte order mark (see valuesIn). */
	readValues(bytes: Buffer, start: number, end: number): void {
		this.startFile();
		this.mode = 'object';
		this.scanObject(bytes, start, end);
		this.end();
	}

	/** A file's first bytes: a byte order mark says how it is encoded. */
	private begin(bytes: Buffer): void {
		let from = 0;
		if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
			from = 3;
		} else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
			this.sink.rejected(1, 'is the start of a UTF-16 file (a UTF-16 byte order mark); JSON is read as UTF-8, as Redshift reads it: convert the file', '');
			this.mode = 'skip';
			return;
		}
		this.mode = 'lines';
		this.scan(bytes, from);
	}

	private scan(bytes: Buffer, from: number): void {
		let p = from;
		while (p < bytes.length) {
			if (this.mode === 'object') {
				p = this.scanObject(bytes, p, bytes.length);
				continue;
			}
			if (this.mode !== 'lines') return;
			const at = bytes.indexOf(newline, p);
			if (at === -1) {
				this.keep(bytes, p, bytes.length);
				return;
			}
			// The usual line, whole in this chunk, "{…}": straight on, no trimming, no copying.
			if (at > p && bytes[p] === openBrace && this.pieces.length === 0 && !this.dropped && at - p <= this.limit) {
				const stop = bytes[at - 1] === 13 ? at - 1 : at;
				if (bytes[stop - 1] === closeBrace) {
					this.sink.record(bytes, p, stop, this.lineNumber);
					p = at + 1;
					this.lineNumber++;
					continue;
				}
			}
			if (this.endLine(bytes, p, at)) {
				// The object scan reads the newline itself, and goes on across lines.
				p = at;
			} else {
				p = at + 1;
				this.lineNumber++;
			}
		}
	}

	/** Part of a record that goes on in the next chunk. */
	private keep(bytes: Buffer, from: number, to: number): void {
		if (to <= from) return;
		if (this.pieces.length === 0 && this.held === 0 && !this.dropped && this.mode === 'lines') this.unitLine = this.lineNumber;
		this.held += to - from;
		if (this.dropped) return;
		if (this.held > this.limit) {
			this.dropped = true;
			this.pieces = [];
			return;
		}
		this.pieces.push(bytes.subarray(from, to));
	}

	/**
	 * A line ends at bytes[end] (a newline, or the file's end); its start may be in earlier
	 * pieces. Returns true when it opened a value that goes on past the line.
	 */
	private endLine(bytes: Buffer, from: number, end: number): boolean {
		if (this.pieces.length === 0 && !this.dropped) this.unitLine = this.lineNumber;
		if (this.dropped || this.held + (end - from) > this.limit) {
			this.tooLarge(this.held + (end - from));
			return false;
		}
		let buffer = bytes;
		let start = from;
		let stop = end;
		if (this.pieces.length > 0) {
			this.pieces.push(bytes.subarray(from, end));
			buffer = Buffer.concat(this.pieces);
			this.joins++;
			start = 0;
			stop = buffer.length;
		}
		this.pieces = [];
		this.held = 0;
		while (start < stop && isBlank(buffer[start]!)) start++;
		while (stop > start && isBlank(buffer[stop - 1]!)) stop--;
		if (start === stop) return false;
		const first = buffer[start]!;
		if ((first === openBrace && buffer[stop - 1] === closeBrace) || (first !== openBrace && first !== openBracket)) {
			// The usual one object per line; or not JSON at all, which the parser reports.
			this.sink.record(buffer, start, stop, this.unitLine);
			return false;
		}
		// A value that opens here and does not close on this line: follow it across lines.
		this.mode = 'object';
		this.resetUnit();
		this.scanObject(buffer, start, stop);
		return this.mode === 'object';
	}

	/**
	 * Follows JSON values through bytes[from, to) and returns where reading by lines resumes
	 * (after the newline that ends the last value's line), or `to`.
	 */
	private scanObject(bytes: Buffer, from: number, to: number): number {
		let pieceStart = this.unitOpen ? from : -1;
		let lineStart = from;
		for (let p = from; p < to; p++) {
			const byte = bytes[p]!;
			if (this.inString) {
				if (this.escaped) this.escaped = false;
				else if (byte === backslash) this.escaped = true;
				else if (byte === quote) {
					this.inString = false;
					this.last = quote;
				} else if (byte === newline) {
					// A string cannot hold a raw newline: the value was broken on this line.
					this.emit(bytes, pieceStart, p);
					this.lineNumber++;
					this.mode = 'lines';
					return p + 1;
				}
				continue;
			}
			if (byte === newline) {
				this.lineNumber++;
				this.atLineStart = true;
				lineStart = p + 1;
				if (this.depth === 0) {
					if (this.unitOpen) this.emit(bytes, pieceStart, p);
					this.mode = 'lines';
					return p + 1;
				}
				continue;
			}
			if (byte === 32 || byte === 9 || byte === 13) continue;
			if (this.depth === 0) {
				if (this.garbage) continue;
				this.unitOpen = true;
				this.unitLine = this.lineNumber;
				pieceStart = p;
				this.atLineStart = false;
				if (byte === openBrace || byte === openBracket) {
					this.depth = 1;
					this.last = byte;
				} else {
					// Not a value after a value: the rest of the line is one bad record.
					this.garbage = true;
				}
				continue;
			}
			const opens = byte === openBrace || byte === openBracket;
			if (this.atLineStart && opens && this.last !== colon && this.last !== comma && this.last !== openBracket) {
				// No value can start here, so the one before was cut short: it is one bad
				// record, and this line is read afresh.
				this.emit(bytes, pieceStart, lineStart);
				this.mode = 'lines';
				return lineStart;
			}
			this.atLineStart = false;
			if (byte === quote) {
				this.inString = true;
			} else if (opens) {
				this.depth++;
			} else if (byte === closeBrace || byte === closeBracket) {
				this.depth--;
				if (this.depth === 0) {
					this.emit(bytes, pieceStart, p + 1);
					pieceStart = -1;
				}
			}
			this.last = byte;
		}
		if (this.unitOpen && pieceStart !== -1) this.keep(bytes, pieceStart, to);
		return to;
	}

	/** Hands on the open record: earlier pieces and bytes[from, to). */
	private emit(bytes: Buffer, from: number, to: number): void {
		if (from < 0) from = to;
		const size = this.held + (to - from);
		const line = this.unitLine;
		if (this.dropped || size > this.limit) {
			this.tooLarge(size);
		} else if (this.pieces.length === 0) {
			while (to > from && isBlank(bytes[to - 1]!)) to--;
			if (to > from) this.sink.record(bytes, from, to, line);
		} else {
			if (to > from) this.pieces.push(bytes.subarray(from, to));
			const joined = Buffer.concat(this.pieces);
			this.joins++;
			let stop = joined.length;
			while (stop > 0 && isBlank(joined[stop - 1]!)) stop--;
			this.sink.record(joined, 0, stop, line);
		}
		this.resetUnit();
	}

	private tooLarge(size: number): void {
		this.sink.rejected(this.unitLine, `is a JSON value of ${size} bytes, more than the limit of ${this.limit} (Redshift's COPY takes at most 4 MB for one)`, '');
		this.resetUnit();
	}

	private resetUnit(): void {
		this.pieces = [];
		this.held = 0;
		this.dropped = false;
		this.unitOpen = false;
		this.garbage = false;
		this.depth = 0;
		this.inString = false;
		this.escaped = false;
		this.last = 0;
		this.atLineStart = false;
	}
}

/**
 * The JSON values in bytes[start, end) when there are two or more, each a [start, end) pair;
 * undefined otherwise. For a line like `{…} {…}`, which Redshift reads as two records.
 */
export function valuesIn(bytes: Buffer, start: number, end: number): Array<[number, number]> | undefined {
	const found: Array<[number, number]> = [];
	let clean = true;
	const splitter = new RecordSplitter({
		record(buffer, from, to) {
			const first = buffer[from];
			if (buffer !== bytes || (first !== openBrace && first !== openBracket)) clean = false;
			found.push([from, to]);
		},
		rejected() {
			clean = false;
		},
	});
	splitter.readValues(bytes, start, end);
	return clean && found.length >= 2 ? found : undefined;
}

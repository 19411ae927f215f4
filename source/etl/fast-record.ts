// The loader's fast path: one JSON line's bytes straight to one binary COPY row
// (copy-binary.ts), without JSON.parse and without a JavaScript string per field.
//
// Why: on a million events, JSON.parse, decoding each line and encoding each field cost
// about 5 µs a record, more than PostgreSQL spends ingesting it, so the loader (not the
// server) set the pace. Reading the bytes once and copying them through costs a fraction.
//
// It takes only the shape almost every record has: a flat object of strings, plain numbers
// and nulls. Plain ASCII text is copied byte for byte; text with a \u escape or a non-ASCII
// byte (a name that may be mojibake) is decoded and repaired by fast-text.ts. Anything else
// (an exponent; true/false; a nested value; a duplicate, missing or mistyped field; a
// required field that is empty; JSON that does not parse) makes it answer -1, and the caller
// hands that record to the full path in records.ts, which accepts, repairs or rejects it.
// So the fast path never decides that a record is bad, and a test checks that whatever it
// writes equals what the full path writes.

import {writeFloatField, writeInt32, writeTimestampField} from './copy-binary.js';
import {createFastText, jsonEscapes} from './fast-text.js';
import type {ColumnSpec, RepairTally} from './records.js';

export type FastRowEncoder = {
	/**
	 * Writes the binary row for the record in bytes[start, end) into out at offset and returns
	 * the offset after it, or -1 when the record needs the full path (out past offset
	 * may then hold scraps). out must have maxRowBytes(end - start) bytes free.
	 */
	encode(bytes: Buffer, start: number, end: number, out: Buffer, offset: number): number;
};

const quote = 34;
const backslash = 92;
const comma = 44;
const colon = 58;
const openBrace = 123;
const closeBrace = 125;
const minus = 45;
const dot = 46;
const zero = 48;
const nine = 57;
const tab = 9;
const newline = 10;

// What a value was, as seen by the scan.
const plainString = 0;
const escapedString = 1;
const numberValue = 2;
const nullValue = 3;
/** Has a \u escape or a non-ASCII byte: written by fast-text.ts. */
const decodedString = 4;

const textType = 0;
const intType = 1;
const floatType = 2;
const epochType = 3;
const userIdType = 4;
const typeCodes = {text: textType, int: intType, float: floatType, epoch_ms: epochType, user_id: userIdType} as const;

const int32 = 2 ** 31;
const powersOfTen = Array.from({length: 23}, (_, index) => 10 ** index);

/** Bytes that end a plain run inside a JSON string: the quote, an escape, a control or non-ASCII byte. */
const stringStop = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) stringStop[byte] = byte === quote || byte === backslash || byte < 32 || byte >= 128 ? 1 : 0;

// 9999-12-31T23:59:59.999Z, the last time a TIMESTAMP takes (as the full path).
const lastEpochMs = 253_402_300_799_999;

/**
 * Room a row can need. Copied and unescaped text never grows (bytes that are not UTF-8 go
 * to the full path); every field gains a length, and a number may take 12 bytes where the
 * JSON had one digit. The margin is kept generous on purpose.
 */
export function maxRowBytes(lineBytes: number, columns: number): number {
	return lineBytes * 3 + columns * 32;
}

function isWhitespace(byte: number): boolean {
	return byte === 32 || byte === tab || byte === newline || byte === 13;
}

export function createFastRowEncoder(keys: readonly string[], columns: readonly ColumnSpec[], tally: RepairTally): FastRowEncoder | undefined {
	const count = columns.length;
	// A bit per column: 31 is where a plain int bit mask ends.
	if (count === 0 || count > 30) return undefined;
	const keyBytes = keys.map((key) => Buffer.from(key, 'utf8'));
	// Keys that need escaping in JSON never match a raw byte comparison; leave such tables
	// to the full path.
	if (keys.some((key) => /[\\"\u0000-\u001f\u0080-\uffff]/.test(key)) || new Set(keys).size !== keys.length) return undefined;
	const types = Uint8Array.from(columns, (spec) => typeCodes[spec.type]);
	const required = Uint8Array.from(columns, (spec) => (spec.required ? 1 : 0));
	const repair = Uint8Array.from(columns, (spec) => (spec.repair ? 1 : 0));
	const allSeen = 2 ** count - 1;
	const starts = new Int32Array(count);
	const ends = new Int32Array(count);
	const kinds = new Uint8Array(count);
	const numbers = new Float64Array(count);
	const wholeNumbers = new Uint8Array(count);
	// Each key as it appears in the common record: "key": with no space.
	const keyTemplates = keys.map((key) => Buffer.from(`${JSON.stringify(key)}:`, 'utf8'));
	const fastText = createFastText();
	// The record rules (record-rules.ts), as bytes: the fast path never rejects, so a record
	// that might break one goes to the full path, which decides.
	const oneOf = columns.map((spec) => spec.rule?.oneOf?.values.map((value) => Buffer.from(value, 'utf8')));
	const requiredWhen = columns.map((spec) => {
		const when = spec.rule?.requiredWhen;
		if (!when) return undefined;
		return {column: columns.findIndex((other) => other.column === when.column), equals: Buffer.from(when.equals, 'utf8')};
	});
	const ruled = columns.map((_, column) => oneOf[column] !== undefined || requiredWhen[column] !== undefined);
	if (requiredWhen.some((rule) => rule !== undefined && rule.column === -1)) return undefined;
	// Records repeat the previous record's key order: the column after column c last time.
	const nextColumn = Int32Array.from({length: count + 1}, (_, index) => (index < count ? index + 1 : 0));

	/** The column a key feeds, or count for a key no column takes (skipped, as JSON.parse's caller does). */
	function keyColumn(bytes: Buffer, from: number, to: number): number {
		for (let column = 0; column < count; column++) {
			if (sameBytes(bytes, from, to, keyBytes[column]!)) return column;
		}
		return count;
	}

	// The number numberEnd last read (in a typed array: a double kept in a closure variable
	// would be boxed anew on every write), and whether it was written as a whole number.
	const numberRead = new Float64Array(1);
	let numberWhole = true;

	/**
	 * A JSON number's end, or -1 when bytes[from…] is not one (JSON.parse would refuse it);
	 * its value is left in numberRead[0]. Up to 15 digits form an exact integer and 10^scale
	 * (scale ≤ 22) is exact, so one IEEE division gives the correctly rounded double that
	 * Number() and PostgreSQL's float8in give (Clinger's fast path); longer ones use Number.
	 */
	function numberEnd(bytes: Buffer, from: number, end: number): number {
		let p = from;
		const negative = bytes[p] === minus;
		if (negative) p++;
		if (p >= end) return -1;
		let mantissa = 0;
		let digits = 0;
		let byte = bytes[p]!;
		if (byte === zero) {
			p++;
		} else if (byte > zero && byte <= nine) {
			while (p < end && (byte = bytes[p]!) >= zero && byte <= nine) {
				mantissa = mantissa * 10 + (byte - zero);
				digits++;
				p++;
			}
		} else {
			return -1;
		}
		let scale = 0;
		numberWhole = true;
		if (p < end && bytes[p] === dot) {
			p++;
			numberWhole = false;
			while (p < end && (byte = bytes[p]!) >= zero && byte <= nine) {
				mantissa = mantissa * 10 + (byte - zero);
				if (mantissa !== 0) digits++;
				scale++;
				p++;
			}
			if (scale === 0) return -1;
		}
		// An exponent is valid JSON, but rare: the full path takes it.
		if (p < end && (bytes[p] === 101 || bytes[p] === 69)) return -1;
		if (digits > 15 || scale > 22) numberRead[0] = Number(bytes.toString('latin1', from, p));
		else numberRead[0] = negative ? -(mantissa / powersOfTen[scale]!) : mantissa / powersOfTen[scale]!;
		return p;
	}

	/** Whole-number digits in bytes[from, to) as a number, or -1 if anything else is there. */
	function digitsValue(bytes: Buffer, from: number, to: number, longest: number): number {
		if (to <= from || to - from > longest) return -1;
		let value = 0;
		for (let p = from; p < to; p++) {
			const byte = bytes[p]!;
			if (byte < zero || byte > nine) return -1;
			value = value * 10 + (byte - zero);
		}
		return value;
	}

	/** Whether a column's value surely keeps its rules; false sends the record to the full path. */
	function followsRules(bytes: Buffer, column: number): boolean {
		const kind = kinds[column]!;
		const absent = kind === nullValue || (kind === plainString && starts[column] === ends[column]);
		const when = requiredWhen[column];
		if (when !== undefined && absent) {
			const other = when.column;
			const otherKind = kinds[other]!;
			if (otherKind !== nullValue && (otherKind !== plainString || sameBytes(bytes, starts[other]!, ends[other]!, when.equals))) return false;
		}
		const allowed = oneOf[column];
		if (allowed !== undefined && !absent) {
			if (kind !== plainString) return false;
			let found = false;
			for (const value of allowed) if (sameBytes(bytes, starts[column]!, ends[column]!, value)) found = true;
			if (!found) return false;
		}
		return true;
	}

	function encode(bytes: Buffer, start: number, end: number, out: Buffer, offset: number): number {
		let p = start;
		while (p < end && isWhitespace(bytes[p]!)) p++;
		if (p >= end || bytes[p] !== openBrace) return -1;
		p++;
		let seen = 0;
		let previous = count;
		// ---- scan: where each column's value lies, and what it is
		for (;;) {
			while (p < end && isWhitespace(bytes[p]!)) p++;
			if (p >= end || bytes[p] !== quote) return -1;
			// Most records repeat the last one's key order: try "key": of the expected column.
			let column = nextColumn[previous]!;
			const template = column < count ? keyTemplates[column]! : undefined;
			if (template !== undefined && p + template.length <= end && sameBytes(bytes, p, p + template.length, template)) {
				p += template.length;
			} else {
				const keyStart = ++p;
				while (p < end && bytes[p] !== quote) {
					const byte = bytes[p]!;
					if (byte === backslash || byte < 32 || byte >= 128) return -1;
					p++;
				}
				if (p >= end) return -1;
				column = keyColumn(bytes, keyStart, p);
				p++;
				while (p < end && isWhitespace(bytes[p]!)) p++;
				if (p >= end || bytes[p] !== colon) return -1;
				p++;
			}
			while (p < end && isWhitespace(bytes[p]!)) p++;
			if (p >= end) return -1;
			const first = bytes[p]!;
			let valueStart = p;
			let valueEnd: number;
			let kind: number;
			if (first === quote) {
				kind = plainString;
				valueStart = ++p;
				for (;;) {
					while (p < end && stringStop[bytes[p]!] === 0) p++;
					if (p >= end) return -1;
					const byte = bytes[p]!;
					if (byte === quote) break;
					if (byte === backslash) {
						if (p + 1 >= end) return -1;
						if (bytes[p + 1] === 117) kind = decodedString;
						else if (kind === plainString) kind = escapedString;
						p += 2;
						continue;
					}
					if (byte < 32) return -1;
					if (byte >= 128) kind = decodedString;
					p++;
				}
				valueEnd = p++;
			} else if (first === 110) {
				if (p + 4 > end || bytes[p + 1] !== 117 || bytes[p + 2] !== 108 || bytes[p + 3] !== 108) return -1;
				kind = nullValue;
				p += 4;
				valueEnd = p;
			} else if (first === minus || (first >= zero && first <= nine)) {
				kind = numberValue;
				p = numberEnd(bytes, p, end);
				if (p === -1) return -1;
				valueEnd = p;
				if (column < count) {
					numbers[column] = numberRead[0]!;
					wholeNumbers[column] = numberWhole ? 1 : 0;
				}
			} else {
				return -1;
			}
			// Bytes that may not be UTF-8 in a value no column takes: the full path checks the whole record.
			if (column === count && kind === decodedString) return -1;
			if (column < count) {
				const bit = 1 << column;
				if ((seen & bit) !== 0) return -1;
				seen |= bit;
				starts[column] = valueStart;
				ends[column] = valueEnd;
				kinds[column] = kind;
				nextColumn[previous] = column;
				previous = column;
			}
			while (p < end && isWhitespace(bytes[p]!)) p++;
			if (p >= end) return -1;
			if (bytes[p] === comma) {
				p++;
				continue;
			}
			if (bytes[p] === closeBrace) {
				p++;
				break;
			}
			return -1;
		}
		while (p < end && isWhitespace(bytes[p]!)) p++;
		if (p !== end || seen !== allSeen) return -1;
		for (let column = 0; column < count; column++) {
			if (ruled[column] && !followsRules(bytes, column)) return -1;
		}

		// ---- write: the columns in table order, as a binary COPY row
		let o = offset;
		let repaired = 0;
		out[o++] = count >>> 8;
		out[o++] = count & 0xff;
		for (let column = 0; column < count; column++) {
			const from = starts[column]!;
			const to = ends[column]!;
			const kind = kinds[column]!;
			if (kind === nullValue || (kind === plainString && from === to)) {
				// null, or "" (empty text counts as NULL, as Redshift's EMPTYASNULL)
				if (required[column] === 1) return -1;
				o = writeInt32(out, o, -1);
				continue;
			}
			switch (types[column]) {
				case textType: {
					if (kind === numberValue) return -1;
					if (kind === decodedString) {
						o = fastText.write(bytes, from, to, repair[column] === 1, out, o);
						if (o === -1) return -1;
						repaired += fastText.repaired[0]!;
						break;
					}
					if (kind === plainString) {
						o = writeInt32(out, o, to - from);
						for (let q = from; q < to; q++) out[o++] = bytes[q]!;
						break;
					}
					const lengthAt = o;
					o += 4;
					for (let q = from; q < to; q++) {
						const byte = bytes[q]!;
						if (byte !== backslash) {
							out[o++] = byte;
							continue;
						}
						const escape = bytes[++q]!;
						const unescaped = escape < 128 ? jsonEscapes[escape]! : 0;
						if (unescaped === 0) return -1; // not a JSON escape: the full path reports it
						out[o++] = unescaped;
					}
					writeInt32(out, lengthAt, o - lengthAt - 4);
					break;
				}
				case intType: {
					const value = numbers[column]!;
					if (kind !== numberValue || wholeNumbers[column] === 0 || value >= int32 || value < -int32) return -1;
					o = writeInt32(out, writeInt32(out, o, 4), value);
					break;
				}
				case floatType: {
					// -0 is stored as 0 by the full path (String(-0) is "0").
					if (kind !== numberValue) return -1;
					o = writeFloatField(out, o, numbers[column]! + 0);
					break;
				}
				case epochType: {
					const ms = numbers[column]!;
					if (kind !== numberValue || wholeNumbers[column] === 0 || ms < 0 || ms > lastEpochMs || bytes[from] === minus) return -1;
					o = writeTimestampField(out, o, ms);
					break;
				}
				case userIdType: {
					if (kind !== plainString) return -1;
					const id = digitsValue(bytes, from, to, 10);
					// Canonical only ("008" is not "8" once cast): anything else, the full path judges.
					if (id < 0 || id >= int32 || (bytes[from] === zero && to - from > 1)) return -1;
					o = writeInt32(out, o, to - from);
					for (let q = from; q < to; q++) out[o++] = bytes[q]!;
					break;
				}
				default:
					return -1;
			}
		}
		if (repaired > 0) {
			tally.values += repaired;
			tally.records++;
		}
		return o;
	}

	return {encode};
}

function sameBytes(bytes: Uint8Array, from: number, to: number, key: Uint8Array): boolean {
	if (to - from !== key.length) return false;
	for (let index = 0; index < key.length; index++) {
		if (bytes[from + index] !== key[index]) return false;
	}
	return true;
}

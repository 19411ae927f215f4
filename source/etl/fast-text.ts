// The fast path's text that is not plain ASCII: a JSON string with \u escapes or UTF-8
// bytes, decoded to code points, repaired when it is double-encoded (the same rule as
// mojibake.ts, which the tests hold it to), and written as UTF-8, without a JavaScript
// string. About a third of generated events and one real event in twenty-five carry such
// a name; through JSON.parse and repairMojibake each one cost more than a whole plain record.
//
// Anything it cannot write exactly as the full path would (bytes that are not valid UTF-8, a
// lone surrogate, NUL, a bad escape) makes it answer -1, and the record takes the full path.

import {writeInt32} from './copy-binary.js';
import {cp1252Bytes} from './mojibake.js';

/** The byte each JSON escape stands for (\u aside), by the byte after the backslash; 0: none. */
export const jsonEscapes = new Uint8Array(128);
for (const [escape, byte] of Object.entries({'"': 34, '\\': 92, '/': 47, b: 8, f: 12, n: 10, r: 13, t: 9})) jsonEscapes[escape.charCodeAt(0)] = byte;

/** The longest a double encoding is undone, as in repairMojibake. */
const repairRounds = 4;

export type FastText = {
	/**
	 * Writes the string body bytes[from, to) (between its quotes) as UTF-8 at out[at] and
	 * returns the end, or -1. repaired[0] is set to 1 when a double encoding was undone.
	 */
	write(bytes: Buffer, from: number, to: number, repair: boolean, out: Buffer, at: number): number;
	readonly repaired: Uint8Array;
};

export function createFastText(): FastText {
	let points = new Uint32Array(256);
	let undone = new Uint32Array(256);
	let latin = new Uint8Array(256);
	const repaired = new Uint8Array(1);

	function ensureRoom(length: number): void {
		if (points.length >= length) return;
		points = new Uint32Array(length);
		undone = new Uint32Array(length);
		latin = new Uint8Array(length);
	}

	function write(bytes: Buffer, from: number, to: number, repair: boolean, out: Buffer, at: number): number {
		ensureRoom(to - from);
		repaired[0] = 0;
		let count = decodeJsonText(bytes, from, to, points);
		if (count < 0) return -1;
		if (repair) {
			let current = points;
			for (let round = 0; round < repairRounds; round++) {
				// Every character back to its one byte (Latin-1, or Windows-1252's stand-ins)…
				let multibyte = false;
				let mapped = true;
				for (let index = 0; index < count; index++) {
					const point = current[index]!;
					const byte = point <= 0xff ? point : cp1252Bytes.get(point);
					if (byte === undefined) {
						mapped = false;
						break;
					}
					if (byte >= 0x80) multibyte = true;
					latin[index] = byte;
				}
				if (!mapped || !multibyte) break;
				// …and, when those bytes are valid UTF-8, they were the text before it was mangled.
				const next = current === points ? undone : points;
				const decoded = decodeUtf8(latin, 0, count, next);
				if (decoded < 0) break;
				current = next;
				count = decoded;
				repaired[0] = 1;
			}
			if (current !== points) [points, undone] = [undone, points];
		}
		return encodeUtf8(points, count, out, at);
	}

	return {write, repaired};
}

/** Code points of a JSON string body, or -1 (bad escape, lone surrogate, NUL, invalid UTF-8). */
function decodeJsonText(bytes: Buffer, from: number, to: number, points: Uint32Array): number {
	let count = 0;
	let p = from;
	while (p < to) {
		const byte = bytes[p]!;
		if (byte >= 0x80) {
			const end = utf8Point(bytes, p, to, points, count);
			if (end < 0) return -1;
			p = end;
			count++;
			continue;
		}
		if (byte !== 92) {
			points[count++] = byte;
			p++;
			continue;
		}
		const escape = bytes[p + 1]!;
		p += 2;
		let point: number = escape < 128 ? jsonEscapes[escape]! : 0;
		if (escape === 117) {
			point = hex4(bytes, p, to);
			p += 4;
			if (point >= 0xdc00 && point <= 0xdfff) return -1;
			if (point >= 0xd800 && point <= 0xdbff) {
				const low = bytes[p] === 92 && bytes[p + 1] === 117 ? hex4(bytes, p + 2, to) : -1;
				if (low < 0xdc00 || low > 0xdfff) return -1;
				point = 0x10000 + ((point - 0xd800) << 10) + (low - 0xdc00);
				p += 6;
			}
		}
		// NUL is refused by the full path (a text column cannot hold it); 0 is also an unknown
		// escape, and -1 a bad \u.
		if (point <= 0) return -1;
		points[count++] = point;
	}
	return count;
}

function hex4(bytes: Buffer, at: number, to: number): number {
	if (at + 4 > to) return -1;
	let value = 0;
	for (let p = at; p < at + 4; p++) {
		const byte = bytes[p]!;
		const digit = byte >= 48 && byte <= 57 ? byte - 48 : byte >= 97 && byte <= 102 ? byte - 87 : byte >= 65 && byte <= 70 ? byte - 55 : -1;
		if (digit < 0) return -1;
		value = value * 16 + digit;
	}
	return value;
}

/** Decodes well-formed UTF-8 (as isUtf8 judges it) to code points; -1 if it is not. */
function decodeUtf8(bytes: Uint8Array, from: number, to: number, points: Uint32Array): number {
	let count = 0;
	let p = from;
	while (p < to) {
		if (bytes[p]! < 0x80) {
			points[count++] = bytes[p++]!;
			continue;
		}
		p = utf8Point(bytes, p, to, points, count);
		if (p < 0) return -1;
		count++;
	}
	return count;
}

/**
 * One multi-byte UTF-8 character at bytes[p] into points[index]; returns the next position,
 * or -1 when it is not well formed (Unicode's table 3-7: no overlong forms, no surrogates,
 * nothing past U+10FFFF).
 */
function utf8Point(bytes: Uint8Array, p: number, to: number, points: Uint32Array, index: number): number {
	const lead = bytes[p]!;
	let length: number;
	let point: number;
	let low = 0x80;
	let high = 0xbf;
	if (lead >= 0xc2 && lead <= 0xdf) {
		length = 2;
		point = lead & 0x1f;
	} else if (lead >= 0xe0 && lead <= 0xef) {
		length = 3;
		point = lead & 0x0f;
		if (lead === 0xe0) low = 0xa0;
		if (lead === 0xed) high = 0x9f;
	} else if (lead >= 0xf0 && lead <= 0xf4) {
		length = 4;
		point = lead & 0x07;
		if (lead === 0xf0) low = 0x90;
		if (lead === 0xf4) high = 0x8f;
	} else {
		return -1;
	}
	if (p + length > to) return -1;
	for (let next = 1; next < length; next++) {
		const byte = bytes[p + next]!;
		if (byte < low || byte > high) return -1;
		low = 0x80;
		high = 0xbf;
		point = (point << 6) | (byte & 0x3f);
	}
	points[index] = point;
	return p + length;
}

/** Writes code points as a length-prefixed UTF-8 value; returns the end. */
function encodeUtf8(points: Uint32Array, count: number, out: Buffer, at: number): number {
	let o = at + 4;
	for (let index = 0; index < count; index++) {
		const point = points[index]!;
		if (point < 0x80) {
			out[o++] = point;
		} else if (point < 0x800) {
			out[o++] = 0xc0 | (point >> 6);
			out[o++] = 0x80 | (point & 0x3f);
		} else if (point < 0x10000) {
			out[o++] = 0xe0 | (point >> 12);
			out[o++] = 0x80 | ((point >> 6) & 0x3f);
			out[o++] = 0x80 | (point & 0x3f);
		} else {
			out[o++] = 0xf0 | (point >> 18);
			out[o++] = 0x80 | ((point >> 12) & 0x3f);
			out[o++] = 0x80 | ((point >> 6) & 0x3f);
			out[o++] = 0x80 | (point & 0x3f);
		}
	}
	writeInt32(out, at, o - at - 4);
	return o;
}

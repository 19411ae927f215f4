// Repairs names that were UTF-8 encoded twice (or more): "BjÃƒÂ¶rk" → "Björk".
// Such text arises when UTF-8 bytes are read as Windows-1252/Latin-1 and written out
// again as UTF-8. Undoing one round means mapping every character back to its single
// byte and decoding those bytes as UTF-8; we repeat while that yields valid UTF-8 that
// differs. Correct text is left alone: a real "é" is a lone byte 0xE9, never valid UTF-8.

import {isUtf8} from 'node:buffer';

// Windows-1252 puts printable characters where Latin-1 has C1 controls (0x80–0x9F).
export const cp1252Bytes: ReadonlyMap<number, number> = new Map<number, number>([
	[0x20ac, 0x80],
	[0x201a, 0x82],
	[0x0192, 0x83],
	[0x201e, 0x84],
	[0x2026, 0x85],
	[0x2020, 0x86],
	[0x2021, 0x87],
	[0x02c6, 0x88],
	[0x2030, 0x89],
	[0x0160, 0x8a],
	[0x2039, 0x8b],
	[0x0152, 0x8c],
	[0x017d, 0x8e],
	[0x2018, 0x91],
	[0x2019, 0x92],
	[0x201c, 0x93],
	[0x201d, 0x94],
	[0x2022, 0x95],
	[0x2013, 0x96],
	[0x2014, 0x97],
	[0x02dc, 0x98],
	[0x2122, 0x99],
	[0x0161, 0x9a],
	[0x203a, 0x9b],
	[0x0153, 0x9c],
	[0x017e, 0x9e],
	[0x0178, 0x9f],
]);

// Validity is checked natively first: decoding with fatal: true would throw for every
// correctly written accented name, and exceptions cost far more than the check.
const utf8 = new TextDecoder('utf-8');
// Only text with a character in 0x80–0xFF (or a cp1252 stand-in) can be mojibake.
const suspicious = /[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/;

function undoOneRound(text: string): string | undefined {
	const bytes = new Uint8Array(text.length);
	let multibyte = false;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		const byte = code <= 0xff ? code : cp1252Bytes.get(code);
		if (byte === undefined) return undefined;
		if (byte >= 0x80) multibyte = true;
		bytes[index] = byte;
	}
	if (!multibyte || !isUtf8(bytes)) return undefined;
	return utf8.decode(bytes);
}

/** The repaired text, or the same string when it is not mojibake. */
export function repairMojibake(text: string): string {
	if (!suspicious.test(text)) return text;
	let current = text;
	for (let round = 0; round < 4; round++) {
		const undone = undoOneRound(current);
		if (undone === undefined || undone === current) break;
		current = undone;
	}
	return current;
}

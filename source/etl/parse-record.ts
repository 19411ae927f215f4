// One record's bytes to a parsed JSON value, or the reason it is none: decoded as UTF-8 by
// record-rules.ts's rule, then parsed. Shared by the loader's full path and the profiler,
// so both judge a record's text alike. A line holding several values (`{…} {…}`) gives each
// of them, as Redshift's COPY reads them.

import {decodeRecord, type ReplacementTally, type TextOptions} from './record-rules.js';
import {valuesIn} from './record-splitter.js';

export type ParsedRecord =
	| {readonly ok: true; readonly value: unknown; readonly text: string}
	| {readonly ok: false; readonly field?: string; readonly reason: string; readonly text: string};

/** Calls back once per value found in bytes[start, end) (once with the failure when none parses). */
export function parseRecords(bytes: Buffer, start: number, end: number, options: TextOptions, tally: ReplacementTally, each: (parsed: ParsedRecord) => void): void {
	const first = parseOne(bytes, start, end, options, tally);
	if (first.ok || first.reason.startsWith('holds bytes')) {
		each(first);
		return;
	}
	const values = valuesIn(bytes, start, end);
	if (!values) {
		each(first);
		return;
	}
	for (const [from, to] of values) each(parseOne(bytes, from, to, options, tally));
}

function parseOne(bytes: Buffer, start: number, end: number, options: TextOptions, tally: ReplacementTally): ParsedRecord {
	const decoded = decodeRecord(bytes, start, end, options, tally);
	if (!decoded.ok) {
		const field = fieldHolding(decoded.text, '\ufffd');
		return {ok: false, ...(field === undefined ? {} : {field}), reason: decoded.reason, text: decoded.text};
	}
	try {
		return {ok: true, value: JSON.parse(decoded.text), text: decoded.text};
	} catch (error) {
		return {ok: false, reason: `is not valid JSON (${(error as Error).message})`, text: decoded.text};
	}
}

/** The first top-level key whose text value holds a character: to name the field of a bad byte. */
function fieldHolding(text: string, character: string): string | undefined {
	try {
		const value = JSON.parse(text) as unknown;
		if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
		for (const [key, field] of Object.entries(value)) if (typeof field === 'string' && field.includes(character)) return key;
	} catch {
		// not JSON either: no field to name
	}
	return undefined;
}

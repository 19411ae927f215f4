// The one definition of a valid record, read by everything that judges one: the loader's
// full path (records.ts), the fast path's decision to hand a record on (fast-record.ts) and
// the profiler (profile/record-set.ts). A field is checked against its type here; a record
// against the rules that keep the star schema buildable here; and a record's bytes are
// decoded here (UTF-8 and lone surrogates, Redshift's ACCEPTINVCHARS). Whatever this module
// accepts, sql/transform/*.sql can build from and sql/quality/*.sql passes on.

import {isUtf8} from 'node:buffer';

export type FieldType = 'text' | 'int' | 'float' | 'epoch_ms' | 'user_id';

export type FieldState = 'ok' | 'missing' | 'empty' | 'invalid';

/** A value checked against its field type: its state, its number when it has one, and why not. */
export type Checked = {state: FieldState; number: number; reason: string};

/** How a record's text is read: what replaces bytes that are not UTF-8, and how many were replaced. */
export type TextOptions = {
	/** Like Redshift's ACCEPTINVCHARS: the character that replaces invalid UTF-8 and lone surrogates; undefined rejects the record. */
	readonly acceptInvalidChars?: string | undefined;
};

/** Counts what the load replaced under --accept-invalid-chars. */
export type ReplacementTally = {invalidChars: number};

const integerText = /^-?\d+$/;
const numberText = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/** A user id is cast to INTEGER in users and songplays: "008" and "8" would become one key twice. */
const canonicalUserId = /^(0|[1-9]\d{0,9})$/;
const int32 = 2 ** 31;
/** 9999-12-31T23:59:59.999Z, the last time a TIMESTAMP column takes. */
const lastTimestamp = 253_402_300_799_999;

export function describe(value: unknown): string {
	if (Array.isArray(value)) return 'an array';
	if (value === null) return 'null';
	return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`.slice(0, 40);
}

function invalid(into: Checked, reason: string): Checked {
	into.state = 'invalid';
	into.reason = reason;
	return into;
}

/**
 * Checks one value against its field type. Writes into `into` rather than returning a fresh
 * object: this runs for every field of every record the full path or the profiler reads.
 * Text with a lone surrogate is invalid here, unless --accept-invalid-chars is given: then
 * the loader replaces it (see replaceLoneSurrogates).
 */
export function checkValue(value: unknown, type: FieldType, into: Checked, options: TextOptions = {}): Checked {
	into.number = Number.NaN;
	into.reason = '';
	if (value === undefined || value === null) {
		into.state = 'missing';
		return into;
	}
	if (value === '') {
		into.state = 'empty';
		return into;
	}
	into.state = 'ok';
	switch (type) {
		case 'text':
			if (typeof value === 'string') {
				// PostgreSQL text cannot hold NUL: COPY would fail the whole load on this one field.
				if (value.includes('\u0000')) return invalid(into, 'contains a NUL character (\\u0000), which a text column cannot hold');
				if (options.acceptInvalidChars === undefined && !value.isWellFormed())
					return invalid(into, 'contains a lone UTF-16 surrogate (a \\u escape that is half a character); pass --accept-invalid-chars to replace it');
				return into;
			}
			if (typeof value === 'number') {
				into.number = value;
				return into;
			}
			return invalid(into, `should be text, is ${describe(value)}`);
		case 'int': {
			const number = typeof value === 'string' && integerText.test(value.trim()) ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isInteger(number)) return invalid(into, `should be a whole number, is ${describe(value)}`);
			if (number >= int32 || number < -int32) return invalid(into, `is out of range for a 32-bit integer (${number})`);
			into.number = number;
			return into;
		}
		case 'float': {
			const number = typeof value === 'string' && numberText.test(value.trim()) ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isFinite(number)) return invalid(into, `should be a number, is ${describe(value)}`);
			into.number = number;
			return into;
		}
		case 'epoch_ms': {
			const number = typeof value === 'string' && integerText.test(value.trim()) ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) return invalid(into, `should be epoch milliseconds, is ${describe(value)}`);
			if (number > lastTimestamp) return invalid(into, `is not a valid time (${number})`);
			into.number = number;
			return into;
		}
		case 'user_id': {
			const ok =
				typeof value === 'string' ? canonicalUserId.test(value) && Number(value) < int32 : typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < int32;
			if (!ok) return invalid(into, `should be a user id (a whole number from 0 to 2147483647, written without sign, spaces or leading zeros), is ${describe(value)}`);
			into.number = Number(value);
			return into;
		}
	}
}

/** Why a value that is missing, null or '' cannot stand in a required field. */
export function requiredReason(value: unknown): string {
	return value === undefined ? 'is missing but required' : value === null ? 'is null but required' : 'is empty but required';
}

/**
 * A rule across fields, for what one field's type cannot say. Each exists because a
 * transform or a quality check would otherwise fail on the record (see the column specs).
 */
export type FieldRule = {
	/** This column's value must be present (not missing, null or '') when … */
	readonly requiredWhen?: {readonly column: string; readonly equals: string; readonly why: string};
	/** This column's value, when present, must be one of these. */
	readonly oneOf?: {readonly values: readonly string[]; readonly why: string};
};

/** What a table's rules need: each column's JSON key and its rule. */
export type RuleColumn = {readonly column: string; readonly rule?: FieldRule | undefined};

export type CompiledRules = ReadonlyArray<
	| {readonly kind: 'requiredWhen'; readonly key: string; readonly whenKey: string; readonly equals: string; readonly why: string}
	| {readonly kind: 'oneOf'; readonly key: string; readonly values: readonly string[]; readonly why: string}
>;

/** The rules of a table with its record keys resolved (keys[i] feeds columns[i]). */
export function compileRules(keys: readonly string[], columns: readonly RuleColumn[]): CompiledRules {
	const keyOf = (column: string) => {
		const index = columns.findIndex((spec) => spec.column === column);
		if (index === -1) throw new Error(`A record rule names ${column}, which is no column of the table.`);
		return keys[index]!;
	};
	const rules: Array<CompiledRules[number]> = [];
	columns.forEach((spec, index) => {
		const rule = spec.rule;
		if (rule?.requiredWhen)
			rules.push({kind: 'requiredWhen', key: keys[index]!, whenKey: keyOf(rule.requiredWhen.column), equals: rule.requiredWhen.equals, why: rule.requiredWhen.why});
		if (rule?.oneOf) rules.push({kind: 'oneOf', key: keys[index]!, values: rule.oneOf.values, why: rule.oneOf.why});
	});
	return rules;
}

const absent = (value: unknown) => value === undefined || value === null || value === '';

/** The first rule a record (a JSON object whose fields passed their types) breaks, or undefined. */
export function ruleFailure(record: Record<string, unknown>, rules: CompiledRules): {field: string; reason: string} | undefined {
	for (const rule of rules) {
		const value = record[rule.key];
		if (rule.kind === 'requiredWhen') {
			if (absent(value) && record[rule.whenKey] === rule.equals) {
				return {field: rule.key, reason: `${value === undefined ? 'is missing' : value === null ? 'is null' : 'is empty'} on a ${rule.equals} event, ${rule.why}`};
			}
		} else if (!absent(value) && !(typeof value === 'string' && rule.values.includes(value))) {
			return {field: rule.key, reason: `is ${describe(value)}, not ${rule.values.map((allowed) => JSON.stringify(allowed)).join(' or ')} (${rule.why})`};
		}
	}
	return undefined;
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text with each lone surrogate replaced (ACCEPTINVCHARS), counting them. */
export function replaceLoneSurrogates(text: string, replacement: string, tally: ReplacementTally): string {
	return text.replace(loneSurrogate, () => {
		tally.invalidChars++;
		return replacement;
	});
}

/** A record's bytes as text, or why they cannot be. */
export type DecodedText = {ok: true; text: string} | {ok: false; reason: string; text: string};

const utf8 = new TextDecoder('utf-8');

/**
 * A record's bytes as text. Bytes that are not UTF-8 reject the record, as Redshift's COPY
 * does, unless a replacement character is given (ACCEPTINVCHARS): then each byte of an
 * invalid sequence becomes that character, and is counted.
 */
export function decodeRecord(bytes: Uint8Array, start: number, end: number, options: TextOptions, tally: ReplacementTally): DecodedText {
	const view = bytes.subarray(start, end);
	if (isUtf8(view)) return {ok: true, text: utf8.decode(view)};
	const replacement = options.acceptInvalidChars;
	if (replacement === undefined) {
		const marked = utf8.decode(view);
		const at = firstInvalidByte(view);
		return {
			ok: false,
			reason: `holds bytes that are not valid UTF-8 (byte ${at + 1} of the record: 0x${view[at]!.toString(16).padStart(2, '0')}); pass --accept-invalid-chars to replace them`,
			text: marked,
		};
	}
	const pieces: string[] = [];
	let from = 0;
	for (;;) {
		const at = indexOfInvalid(view, from);
		if (at === -1) break;
		// As Redshift: "a string of equal length", one replacement per invalid byte.
		pieces.push(utf8.decode(view.subarray(from, at.start)), replacement.repeat(at.end - at.start));
		tally.invalidChars += at.end - at.start;
		from = at.end;
	}
	pieces.push(utf8.decode(view.subarray(from)));
	return {ok: true, text: pieces.join('')};
}

/** Offset of the first byte that starts no well-formed UTF-8 character. */
function firstInvalidByte(view: Uint8Array): number {
	const found = indexOfInvalid(view, 0);
	return found === -1 ? 0 : found.start;
}

/** The next ill-formed sequence at or after from (maximal subpart, as the WHATWG decoder), or -1. */
function indexOfInvalid(view: Uint8Array, from: number): {start: number; end: number} | -1 {
	let p = from;
	while (p < view.length) {
		const lead = view[p]!;
		if (lead < 0x80) {
			p++;
			continue;
		}
		let length = 0;
		let low = 0x80;
		let high = 0xbf;
		if (lead >= 0xc2 && lead <= 0xdf) length = 2;
		else if (lead >= 0xe0 && lead <= 0xef) {
			length = 3;
			if (lead === 0xe0) low = 0xa0;
			if (lead === 0xed) high = 0x9f;
		} else if (lead >= 0xf0 && lead <= 0xf4) {
			length = 4;
			if (lead === 0xf0) low = 0x90;
			if (lead === 0xf4) high = 0x8f;
		} else return {start: p, end: p + 1};
		let q = p + 1;
		for (let next = 1; next < length; next++, q++) {
			const byte = view[q];
			if (byte === undefined || byte < low || byte > high) return {start: p, end: q};
			low = 0x80;
			high = 0xbf;
		}
		p = q;
	}
	return -1;
}

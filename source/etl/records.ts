// What a valid source record looks like, column by column, and how one becomes a row of
// COPY text. Bad input never stops the load here: a record that does not fit is returned
// as a LoadError (which field, why) for the loader to count and report.

import {copyTextField} from './copy-text.js';
import {repairMojibake} from './mojibake.js';

export type FieldType = 'text' | 'int' | 'float' | 'epoch_ms' | 'user_id';

export type ColumnSpec = {
	readonly column: string;
	readonly type: FieldType;
	/** NULL (or missing) is an error, not a value. */
	readonly required?: boolean;
	/** Names that may be double-encoded UTF-8 in the logs. */
	readonly repair?: boolean;
};

export type LoadError = {
	readonly file: string;
	readonly line: number;
	readonly field?: string;
	readonly reason: string;
	/** The offending text, cut short. */
	readonly raw: string;
};

/** staging_events, in the column order of the table and of the JSONPaths file. */
export const eventColumns: readonly ColumnSpec[] = [
	{column: 'artist', type: 'text', repair: true},
	{column: 'auth', type: 'text'},
	{column: 'first_name', type: 'text', repair: true},
	{column: 'gender', type: 'text'},
	{column: 'item_in_session', type: 'int'},
	{column: 'last_name', type: 'text', repair: true},
	{column: 'length', type: 'float'},
	{column: 'level', type: 'text'},
	{column: 'location', type: 'text', repair: true},
	{column: 'method', type: 'text'},
	{column: 'page', type: 'text', required: true},
	{column: 'registration', type: 'float'},
	{column: 'session_id', type: 'int'},
	{column: 'song', type: 'text', repair: true},
	{column: 'status', type: 'int'},
	{column: 'ts', type: 'epoch_ms', required: true},
	{column: 'user_agent', type: 'text'},
	{column: 'user_id', type: 'user_id'},
];

/** The keys the public bucket's log_json_path.json names, in order. */
export const defaultEventKeys: readonly string[] = [
	'artist', 'auth', 'firstName', 'gender', 'itemInSession', 'lastName', 'length', 'level', 'location',
	'method', 'page', 'registration', 'sessionId', 'song', 'status', 'ts', 'userAgent', 'userId',
];

/** staging_songs; song files are matched by key name (Redshift's JSON 'auto'). */
export const songColumns: readonly ColumnSpec[] = [
	{column: 'num_songs', type: 'int'},
	{column: 'artist_id', type: 'text', required: true},
	{column: 'artist_latitude', type: 'float'},
	{column: 'artist_longitude', type: 'float'},
	{column: 'artist_location', type: 'text'},
	{column: 'artist_name', type: 'text', required: true},
	{column: 'song_id', type: 'text', required: true},
	{column: 'title', type: 'text', required: true},
	{column: 'duration', type: 'float', required: true},
	{column: 'year', type: 'int'},
];
export const songKeys: readonly string[] = songColumns.map((spec) => spec.column);

const integerText = /^-?\d+$/;
const numberText = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const int32 = 2 ** 31;

type Converted = {ok: true; text: string} | {ok: false; reason: string};

function fail(reason: string): Converted {
	return {ok: false, reason};
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'an array';
	if (value === null) return 'null';
	return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`.slice(0, 40);
}

function convert(value: unknown, spec: ColumnSpec, tally: RepairTally): Converted {
	// Empty text counts as NULL, as Redshift's COPY … EMPTYASNULL does: the targets agree.
	if (value === null || value === '') {
		return spec.required ? fail('is empty but required') : {ok: true, text: '\\N'};
	}
	switch (spec.type) {
		case 'text': {
			if (typeof value === 'number') return {ok: true, text: String(value)};
			if (typeof value !== 'string') return fail(`should be text, is ${describe(value)}`);
			if (spec.repair) {
				const repaired = repairMojibake(value);
				if (repaired !== value) {
					tally.values++;
					tally.thisRecord = true;
					return {ok: true, text: copyTextField(repaired)};
				}
			}
			return {ok: true, text: copyTextField(value)};
		}
		case 'int': {
			const number = typeof value === 'string' && integerText.test(value.trim()) ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isInteger(number)) return fail(`should be a whole number, is ${describe(value)}`);
			if (number >= int32 || number < -int32) return fail(`is out of range for a 32-bit integer (${number})`);
			return {ok: true, text: String(number)};
		}
		case 'float': {
			const number = typeof value === 'string' && numberText.test(value.trim()) ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isFinite(number)) return fail(`should be a number, is ${describe(value)}`);
			return {ok: true, text: String(number)};
		}
		case 'epoch_ms': {
			const number = typeof value === 'string' && integerText.test(value.trim()) ? Number(value) : value;
			if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) {
				return fail(`should be epoch milliseconds, is ${describe(value)}`);
			}
			const date = new Date(number);
			if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999) return fail(`is not a valid time (${number})`);
			return {ok: true, text: date.toISOString()};
		}
		case 'user_id': {
			if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < int32) return {ok: true, text: String(value)};
			if (typeof value === 'string' && integerText.test(value) && Number(value) < int32) return {ok: true, text: value};
			return fail(`should be a user id (whole number as text), is ${describe(value)}`);
		}
	}
}

/** Counts repaired names: values over the whole load, and whether the current record had one. */
export type RepairTally = {values: number; records: number; thisRecord: boolean};

export function newRepairTally(): RepairTally {
	return {values: 0, records: 0, thisRecord: false};
}

export type RowResult = {ok: true; row: string} | {ok: false; field?: string; reason: string};

/** One parsed JSON value → one line of COPY text, or the reason it cannot be one. */
export function toCopyRow(record: unknown, keys: readonly string[], columns: readonly ColumnSpec[], tally: RepairTally): RowResult {
	if (typeof record !== 'object' || record === null || Array.isArray(record)) {
		return {ok: false, reason: `is not a JSON object but ${describe(record)}`};
	}
	const object = record as Record<string, unknown>;
	tally.thisRecord = false;
	let row = '';
	for (let index = 0; index < columns.length; index++) {
		const key = keys[index]!;
		const spec = columns[index]!;
		const value = object[key];
		if (value === undefined) return {ok: false, field: key, reason: 'is missing'};
		const converted = convert(value, spec, tally);
		if (!converted.ok) return {ok: false, field: key, reason: converted.reason};
		row += index === 0 ? converted.text : `\t${converted.text}`;
	}
	if (tally.thisRecord) tally.records++;
	return {ok: true, row: `${row}\n`};
}

// The staging tables' columns (type, required, rules) and how one parsed record becomes a row
// of COPY text: the full path, for every record the loader's fast path (fast-record.ts) hands
// on. What is valid is record-rules.ts's to say; bad input never stops the load here: a
// record that does not fit is returned as a LoadError (which field, why) for the loader to
// count and report.

import {copyTextField} from './copy-text.js';
import {repairMojibake} from './mojibake.js';
import {
	checkValue,
	compileRules,
	describe,
	replaceLoneSurrogates,
	requiredReason,
	ruleFailure,
	type Checked,
	type FieldRule,
	type FieldType,
	type TextOptions,
} from './record-rules.js';

export type ColumnSpec = {
	readonly column: string;
	readonly type: FieldType;
	/** Missing, NULL or '' is an error, not a value (a NOT NULL column, or one the star schema needs). */
	readonly required?: boolean;
	/** Names that may be double-encoded UTF-8 in the logs. */
	readonly repair?: boolean;
	/** A rule across fields (record-rules.ts), for what the type cannot say. */
	readonly rule?: FieldRule;
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
	// users.level is NOT NULL and the quality checks hold it to free or paid; a songplay's
	// user must have a level to be in users at all.
	{
		column: 'level',
		type: 'text',
		rule: {
			requiredWhen: {column: 'page', equals: 'NextSong', why: 'which users.level needs for the player'},
			oneOf: {values: ['free', 'paid'], why: 'users.level is free or paid'},
		},
	},
	{column: 'location', type: 'text', repair: true},
	{column: 'method', type: 'text'},
	// Missing or null, an event is simply no songplay (as on Redshift, which loads NULL).
	{column: 'page', type: 'text'},
	{column: 'registration', type: 'float'},
	{column: 'session_id', type: 'int', rule: {requiredWhen: {column: 'page', equals: 'NextSong', why: 'and songplays.session_id cannot be NULL'}}},
	{column: 'song', type: 'text', repair: true},
	{column: 'status', type: 'int'},
	// staging_events.ts is NOT NULL on both targets (and every songplay needs its time).
	{column: 'ts', type: 'epoch_ms', required: true},
	{column: 'user_agent', type: 'text'},
	{column: 'user_id', type: 'user_id'},
];

/** The keys the public bucket's log_json_path.json names, in order. */
export const defaultEventKeys: readonly string[] = [
	'artist',
	'auth',
	'firstName',
	'gender',
	'itemInSession',
	'lastName',
	'length',
	'level',
	'location',
	'method',
	'page',
	'registration',
	'sessionId',
	'song',
	'status',
	'ts',
	'userAgent',
	'userId',
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

// One test finds every reason a text value is not simply itself: a character COPY text must
// escape, a character outside ASCII (the only kind that can be mojibake), or NUL (refused below).
const escapeOrNonAscii = /[\\\t\n\r\u0000\u0080-\uffff]/;
const needsEscape = /[\\\t\n\r]/;

const twoDigits = Array.from({length: 60}, (_, index) => String(index).padStart(2, '0'));
const threeDigits = Array.from({length: 1000}, (_, index) => String(index).padStart(3, '0'));
const dayMs = 86_400_000;

/**
 * Epoch milliseconds as an ISO timestamp ("2018-11-01T20:57:10.796Z"), built from a cached
 * date prefix: Date#toISOString costs more than everything else a field needs together.
 */
function isoTimestamp(): (ms: number) => string {
	let cachedDay = Number.NaN;
	let prefix = '';
	return (ms) => {
		const day = Math.floor(ms / dayMs);
		if (day !== cachedDay) {
			cachedDay = day;
			prefix = new Date(day * dayMs).toISOString().slice(0, 11);
		}
		let rest = ms - day * dayMs;
		const hours = Math.floor(rest / 3_600_000);
		rest -= hours * 3_600_000;
		const minutes = Math.floor(rest / 60_000);
		rest -= minutes * 60_000;
		const seconds = Math.floor(rest / 1000);
		return `${prefix}${twoDigits[hours]}:${twoDigits[minutes]}:${twoDigits[seconds]}.${threeDigits[rest - seconds * 1000]}Z`;
	};
}

/** Counts repaired names: values over the whole load, and whether the current record had one. */
export type RepairTally = {values: number; records: number; thisRecord: boolean /** Characters replaced under --accept-invalid-chars. */; invalidChars: number};

export function newRepairTally(): RepairTally {
	return {values: 0, records: 0, thisRecord: false, invalidChars: 0};
}

/**
 * Turns one field's JSON value into COPY text, or undefined when it does not fit (the
 * reason is left in failure.reason). This runs for every field of every record — 18
 * million times for a million events — so it allocates nothing on the common path.
 */
type FieldEncoder = (value: unknown) => string | undefined;

type Failure = {reason: string};

function fieldEncoder(spec: ColumnSpec, tally: RepairTally, failure: Failure, options: TextOptions): FieldEncoder {
	const fail = (reason: string) => {
		failure.reason = reason;
		return undefined;
	};
	// Missing, null and empty text count as NULL, as Redshift's COPY … EMPTYASNULL loads them:
	// the targets agree. A required field makes them an error.
	const empty = spec.required ? (value: unknown) => fail(requiredReason(value)) : () => '\\N';
	// The validity rules are record-rules.ts's; this only turns a valid value into COPY text.
	const checked: Checked = {state: 'ok', number: Number.NaN, reason: ''};
	const type = spec.type;
	switch (type) {
		case 'text': {
			// Neighbouring records often repeat a field (auth, page, level, a session's user
			// agent): comparing with the last value is cheaper than scanning it again.
			let lastValue: string | undefined;
			let lastText = '';
			const replacement = options.acceptInvalidChars;
			return (value) => {
				if (typeof value === 'string') {
					if (value === lastValue) return lastText;
					if (value.length === 0) return empty(value);
					if (!escapeOrNonAscii.test(value)) {
						lastValue = value;
						lastText = value;
						return value;
					}
					let text = replacement !== undefined && !value.isWellFormed() ? replaceLoneSurrogates(value, replacement, tally) : value;
					if (checkValue(text, type, checked).state === 'invalid') return fail(checked.reason);
					if (spec.repair) {
						const repaired = repairMojibake(text);
						if (repaired !== text) {
							tally.values++;
							tally.thisRecord = true;
							text = repaired;
						}
					}
					return needsEscape.test(text) ? copyTextField(text) : text;
				}
				if (value === null || value === undefined) return empty(value);
				if (typeof value === 'number') return String(value);
				return fail(`should be text, is ${describe(value)}`);
			};
		}
		case 'int':
		case 'float':
			return (value) => {
				const state = checkValue(value, type, checked).state;
				if (state === 'ok') return String(checked.number);
				if (state === 'invalid') return fail(checked.reason);
				return empty(value);
			};
		case 'epoch_ms': {
			const iso = isoTimestamp();
			return (value) => {
				const state = checkValue(value, type, checked).state;
				if (state === 'ok') return iso(checked.number);
				if (state === 'invalid') return fail(checked.reason);
				return empty(value);
			};
		}
		case 'user_id':
			return (value) => {
				const state = checkValue(value, type, checked).state;
				// Canonical digits: the text is the number's own spelling.
				if (state === 'ok') return String(checked.number);
				if (state === 'invalid') return fail(checked.reason);
				return empty(value);
			};
	}
}

export type RowResult = {ok: true; row: string} | {ok: false; field?: string; reason: string};

export type RowEncoder = {
	/** One line of COPY text (with its newline), or undefined; then `failure` says why. */
	encode(record: unknown): string | undefined;
	readonly failure: {field?: string; reason: string};
};

/**
 * Builds the converter for one table: which key feeds which column, and how.
 *
 * The converter is generated as straight-line code, one statement per column. A loop over
 * the columns would call five kinds of field encoder from a single call site, which V8
 * cannot inline; written out, every call site sees one encoder and is inlined, and every
 * property read has a constant name. This halves the cost of a record. Keys come from the
 * JSONPaths file, so they enter the code only as JSON string literals.
 */
export function createRowEncoder(keys: readonly string[], columns: readonly ColumnSpec[], tally: RepairTally, options: TextOptions = {}): RowEncoder {
	const failure: {field?: string; reason: string} = {reason: ''};
	const encoders = columns.map((spec) => fieldEncoder(spec, tally, failure, options));
	const rules = compileRules(keys, columns);
	const statements = columns.map((_, index) => {
		const key = JSON.stringify(keys[index]!);
		return [`v = record[${key}];`, `const t${index} = e${index}(v);`, `if (t${index} === undefined) { failure.field = ${key}; return undefined; }`].join('\n');
	});
	const row = columns.map((_, index) => `\${t${index}}`).join('\t');
	const body = `
		return function encodeFields(record) {
			let v;
			${statements.join('\n')}
			return \`${row}\\n\`;
		};`;
	const encodeFields = new Function('failure', ...encoders.map((_, index) => `e${index}`), body)(failure, ...encoders) as (record: Record<string, unknown>) => string | undefined;
	return {
		failure,
		encode(record) {
			if (typeof record !== 'object' || record === null || Array.isArray(record)) {
				failure.field = undefined;
				failure.reason = `is not a JSON object but ${describe(record)}`;
				return undefined;
			}
			tally.thisRecord = false;
			const row = encodeFields(record as Record<string, unknown>);
			if (row === undefined) return undefined;
			const broken = rules.length > 0 ? ruleFailure(record as Record<string, unknown>, rules) : undefined;
			if (broken) {
				failure.field = broken.field;
				failure.reason = broken.reason;
				return undefined;
			}
			if (tally.thisRecord) tally.records++;
			return row;
		},
	};
}

/** One parsed JSON value → one line of COPY text, or the reason it cannot be one. */
export function toCopyRow(record: unknown, keys: readonly string[], columns: readonly ColumnSpec[], tally: RepairTally, options: TextOptions = {}): RowResult {
	const encoder = createRowEncoder(keys, columns, tally, options);
	const row = encoder.encode(record);
	if (row !== undefined) return {ok: true, row};
	return {ok: false, ...(encoder.failure.field ? {field: encoder.failure.field} : {}), reason: encoder.failure.reason};
}

// The shape of a source profile: what `sparkify-dwh profile` learns about the JSON before
// anything is loaded. Plain data only (numbers, strings, arrays, records), so the same
// object is the --json output, the input of the text report and what tests compare.

/** How one field looks across every record that parsed as a JSON object. */
export type FieldProfile = {
	/** Absent, or null. */
	readonly missing: number;
	/** The empty string. */
	readonly empty: number;
	/** Present with a value the loader would not accept for this field (wrong type, out of range). */
	readonly invalid: number;
	/** missing / records, 0 when there are no records. */
	readonly missingShare: number;
	readonly emptyShare: number;
};

/** Smallest and largest value seen, and how many values there were. */
export type NumericRange = {
	readonly count: number;
	readonly min: number | null;
	readonly max: number | null;
};

/** A record or field the loader would reject, located by file and line. */
export type ProfileIssue = {
	readonly file: string;
	readonly line: number;
	readonly field?: string;
	readonly reason: string;
};

/** Names that look like UTF-8 encoded twice ("BjÃ¶rk"), as source/etl/mojibake.ts detects them. */
type DoubleEncoded = {
	/** Field values, over all records (a record with two such names counts twice). */
	readonly values: number;
	/** Records with at least one such name. */
	readonly records: number;
	/** Different such strings. */
	readonly distinct: number;
	readonly byField: Readonly<Record<string, number>>;
};

/** What every kind of file has in common. */
export type FileSetProfile = {
	readonly files: number;
	readonly bytes: number;
	/** Lines (or documents) that parsed as a JSON object. */
	readonly records: number;
	/** Lines that are not JSON, or JSON but not an object. */
	readonly malformed: number;
	/** Records the loader would reject for a field: a value it cannot take, or a required field missing or empty. */
	readonly recordsWithInvalidFields: number;
	readonly fields: Readonly<Record<string, FieldProfile>>;
	readonly doubleEncoded: DoubleEncoded;
};

export type SongsProfile = FileSetProfile & {
	readonly distinct: {readonly song_id: number; readonly artist_id: number};
	readonly ranges: {
		readonly duration: NumericRange;
		/** Year 0 (unknown) is left out of the range; see yearZero. */
		readonly year: NumericRange;
		readonly num_songs: NumericRange;
		readonly artist_latitude: NumericRange;
		readonly artist_longitude: NumericRange;
	};
	/** Songs whose year is 0, the catalogue's "unknown". */
	readonly yearZero: number;
};

type PageCount = {readonly page: string; readonly count: number};

export type EventsProfile = FileSetProfile & {
	/** Distinct values as written (names not repaired); empty strings are not counted. */
	readonly distinct: {readonly userId: number; readonly sessionId: number; readonly song: number; readonly artist: number};
	readonly ranges: {
		readonly ts: NumericRange;
		readonly length: NumericRange;
		readonly itemInSession: NumericRange;
		readonly sessionId: NumericRange;
		readonly registration: NumericRange;
	};
	/** The first and last ts as ISO timestamps, null without any. */
	readonly time: {readonly first: string | null; readonly last: string | null};
	/** Events per page, most frequent first (ties by name). */
	readonly pages: readonly PageCount[];
	/** Events with userId '' (logged-out visitors), null or absent. */
	readonly emptyUserId: number;
	readonly nextSong: number;
	/** Distinct non-empty userIds among NextSong events: the users a load will have. */
	readonly nextSongUsers: number;
	/** Users seen with both level 'free' and level 'paid'. */
	readonly levelChangers: number;
	/**
	 * NextSong events whose song is found in the song files by title, artist name and
	 * |duration − length| ≤ 1 s (the loader's rule, names repaired as the loader repairs them).
	 */
	readonly match: {readonly plays: number; readonly matched: number; readonly share: number};
};

export type SourceProfile = {
	/** The folder or s3:// location profiled. */
	readonly source: string;
	/** Which event keys were read: the source's log_json_path.json, or the bucket's standard ones. */
	readonly jsonPaths: 'source' | 'default';
	readonly songs: SongsProfile;
	readonly events: EventsProfile;
	/** The first few malformed records and invalid fields, songs first. */
	readonly issues: readonly ProfileIssue[];
	/** Entries of the source that were not read, and why (another extension, a second link to a file, unreadable). */
	readonly skipped: readonly {readonly name: string; readonly reason: string}[];
	/** Things worth saying that are not numbers (e.g. an unreadable JSONPaths file). */
	readonly notes: readonly string[];
	readonly elapsedMs: number;
};

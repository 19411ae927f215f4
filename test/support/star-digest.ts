// A content digest of every star table: all its rows, every column but songplay_id (an
// IDENTITY whose values depend on insertion order, and on Redshift are not even
// consecutive), as text, sorted byte-wise, hashed. Equal digests mean equal tables.
// The staging tables can be digested the same way, every column.

import type pg from 'pg';

export const starTables = ['songplays', 'users', 'songs', 'artists', 'time'] as const;

const columnsOf: Record<(typeof starTables)[number], string> = {
	songplays: 'start_time, user_id, level, song_id, artist_id, session_id, location, user_agent',
	users: 'user_id, first_name, last_name, gender, level',
	songs: 'song_id, title, artist_id, year, duration',
	artists: 'artist_id, name, location, latitude, longitude',
	time: 'start_time, hour, day, week, month, year, weekday',
};

export type Digest = {rows: number; sha256: string};
export type StarDigests = Record<(typeof starTables)[number], Digest>;

async function digest(client: Pick<pg.Client, 'query'>, table: string, columns: string): Promise<Digest> {
	const {rows} = await client.query<Digest>(
		`SELECT COUNT(*)::int AS rows,
		        encode(sha256(convert_to(COALESCE(string_agg(r::text, E'\\n' ORDER BY r::text COLLATE "C"), ''), 'UTF8')), 'hex') AS sha256
		 FROM (SELECT ${columns} FROM ${table}) r`,
	);
	return rows[0]!;
}

export async function starDigests(client: Pick<pg.Client, 'query'>): Promise<StarDigests> {
	const result = {} as StarDigests;
	for (const table of starTables) result[table] = await digest(client, table, columnsOf[table]);
	return result;
}

export async function stagingDigests(client: Pick<pg.Client, 'query'>): Promise<{staging_events: Digest; staging_songs: Digest}> {
	return {staging_events: await digest(client, 'staging_events', '*'), staging_songs: await digest(client, 'staging_songs', '*')};
}

// An independent, plain reading of a source folder for the profile tests: whole files read
// at once, split on newlines, every record kept in memory, every question answered the
// obvious way. It shares no code with source/profile/ or source/etl/, so the two agree
// only when both are right.

import {readSourceFolder} from './reference.js';

type Event = Record<string, unknown>;
type Song = Record<string, unknown>;

export type ProfileExpectations = {
	events: number;
	nextSong: number;
	/** Distinct non-empty userId among NextSong events. */
	players: number;
	emptyUserId: number;
	songs: number;
	songIds: number;
	artistIds: number;
	minTs: number;
	maxTs: number;
	pages: Map<string, number>;
	levelChangers: number;
	matchedPlays: number;
	/** Name values (events: artist, song, firstName, lastName, location; songs: artist_name, title) that are double-encoded. */
	doubleEncodedEventValues: number;
	doubleEncodedEvents: number;
	doubleEncodedSongValues: number;
};

// Windows-1252's characters for the bytes 0x80–0x9F, taken from the platform's own decoder.
const cp1252 = new TextDecoder('windows-1252');
const byteOfChar = new Map<string, number>();
for (let byte = 0; byte < 256; byte++) byteOfChar.set(cp1252.decode(Uint8Array.of(byte)), byte);
for (let byte = 0; byte < 256; byte++) if (!byteOfChar.has(String.fromCharCode(byte))) byteOfChar.set(String.fromCharCode(byte), byte);

/** Text that was UTF-8 read as Windows-1252 and written again as UTF-8, undone as often as it applies. */
export function undoDoubleEncoding(text: string): string {
	let current = text;
	for (let round = 0; round < 5; round++) {
		const bytes: number[] = [];
		for (const char of current) {
			const byte = byteOfChar.get(char);
			if (byte === undefined) return current;
			bytes.push(byte);
		}
		if (!bytes.some((byte) => byte >= 0x80)) return current;
		let decoded: string;
		try {
			decoded = new TextDecoder('utf-8', {fatal: true}).decode(Uint8Array.from(bytes));
		} catch {
			return current;
		}
		if (decoded === current) return current;
		current = decoded;
	}
	return current;
}

const eventNames = ['artist', 'song', 'firstName', 'lastName', 'location'];
const songNames = ['artist_name', 'title'];

export function profileExpectations(root: string): ProfileExpectations {
	const {events, songs} = readSourceFolder<Event, Song>(root);

	const plays = events.filter((event) => event.page === 'NextSong');
	const pages = new Map<string, number>();
	for (const event of events) pages.set(String(event.page), (pages.get(String(event.page)) ?? 0) + 1);

	const levels = new Map<string, Set<unknown>>();
	for (const event of events) {
		if (typeof event.userId !== 'string' || event.userId === '') continue;
		if (!levels.has(event.userId)) levels.set(event.userId, new Set());
		levels.get(event.userId)!.add(event.level);
	}

	const matchedPlays = plays.filter((play) => {
		if (typeof play.song !== 'string' || typeof play.artist !== 'string' || typeof play.length !== 'number') return false;
		const title = undoDoubleEncoding(play.song);
		const artist = undoDoubleEncoding(play.artist);
		return songs.some((song) => song.title === title && song.artist_name === artist && Math.abs((song.duration as number) - (play.length as number)) <= 1);
	}).length;

	const encoded = (record: Record<string, unknown>, fields: string[]) =>
		fields.filter((field) => typeof record[field] === 'string' && undoDoubleEncoding(record[field] as string) !== record[field]).length;

	const times = events.map((event) => event.ts as number);
	return {
		events: events.length,
		nextSong: plays.length,
		players: new Set(plays.map((play) => play.userId).filter((id) => id !== '')).size,
		emptyUserId: events.filter((event) => event.userId === '' || event.userId === null || event.userId === undefined).length,
		songs: songs.length,
		songIds: new Set(songs.map((song) => song.song_id)).size,
		artistIds: new Set(songs.map((song) => song.artist_id)).size,
		minTs: Math.min(...times),
		maxTs: Math.max(...times),
		pages,
		levelChangers: [...levels.values()].filter((seen) => seen.has('free') && seen.has('paid')).length,
		matchedPlays,
		doubleEncodedEventValues: events.reduce((total, event) => total + encoded(event, eventNames), 0),
		doubleEncodedEvents: events.filter((event) => encoded(event, eventNames) > 0).length,
		doubleEncodedSongValues: songs.reduce((total, song) => total + encoded(song, songNames), 0),
	};
}

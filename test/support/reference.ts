// An independent reading of a source folder, written plainly and separately from the
// loader, so tests can compare the warehouse with numbers the code under test never saw.

import fs from 'node:fs';
import path from 'node:path';

type Event = Record<string, unknown> & {page: string; userId: string; ts: number; song: string | null; artist: string | null; length: number | null};
type Song = {song_id: string; artist_id: string; title: string; artist_name: string; duration: number};

export function jsonFiles(folder: string): string[] {
	if (!fs.existsSync(folder)) return [];
	return (fs.readdirSync(folder, {recursive: true}) as string[]).filter((name) => name.endsWith('.json')).map((name) => path.join(folder, name));
}

/** Every log event and song record of a folder laid out like the bucket, read plainly. */
export function readSourceFolder<Event, Song>(root: string): {events: Event[]; songs: Song[]} {
	const events: Event[] = [];
	for (const file of jsonFiles(path.join(root, 'log_data'))) {
		for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
			if (line.trim()) events.push(JSON.parse(line) as Event);
		}
	}
	const songs = jsonFiles(path.join(root, 'song_data')).map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as Song);
	return {events, songs};
}

/** Undo double encoding the simple way: the string's chars as Latin-1 bytes, read as UTF-8. */
export function fixLatin1(text: string): string {
	let current = text;
	for (let round = 0; round < 4; round++) {
		if (![...current].every((char) => char.charCodeAt(0) < 256)) return current;
		const decoded = Buffer.from(current, 'latin1').toString('utf8');
		if (decoded.includes('\uFFFD') || decoded === current) return current;
		current = decoded;
	}
	return current;
}

export type Expectations = {
	events: number;
	nextSong: number;
	users: number;
	times: number;
	songs: number;
	artists: number;
	repairedEvents: number;
	matchedPlays: number;
	usersByLatestLevel: Map<number, string>;
};

export function expectedFromFolder(root: string): Expectations {
	const {events, songs} = readSourceFolder<Event, Song>(root);
	const plays = events.filter((event) => event.page === 'NextSong');
	const nameFields = ['artist', 'song', 'firstName', 'lastName', 'location'];
	const repairedEvents = events.filter((event) => nameFields.some((field) => typeof event[field] === 'string' && fixLatin1(event[field] as string) !== event[field])).length;
	const matchedPlays = plays.filter((play) => {
		const title = play.song === null ? null : fixLatin1(play.song);
		const artist = play.artist === null ? null : fixLatin1(play.artist);
		return songs.some((song) => song.title === title && song.artist_name === artist && play.length !== null && Math.abs(song.duration - play.length) <= 1);
	}).length;
	const latest = new Map<number, {ts: number; level: string}>();
	const players = new Set(plays.map((play) => play.userId));
	for (const event of events) {
		if (!event.userId || !players.has(event.userId)) continue;
		const id = Number(event.userId);
		const seen = latest.get(id);
		if (!seen || event.ts >= seen.ts) latest.set(id, {ts: event.ts, level: String(event.level)});
	}
	return {
		events: events.length,
		nextSong: plays.length,
		users: players.size,
		times: new Set(plays.map((play) => play.ts)).size,
		songs: new Set(songs.map((song) => song.song_id)).size,
		artists: new Set(songs.map((song) => song.artist_id)).size,
		repairedEvents,
		matchedPlays,
		usersByLatestLevel: new Map([...latest].map(([id, value]) => [id, value.level])),
	};
}

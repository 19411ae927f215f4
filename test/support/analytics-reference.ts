// The answers to the analytics questions, computed straight from a source folder's JSON
// files and written separately from the loader and the SQL, so the integration tests can
// compare each question's rows with numbers the code under test never saw.

import {fixLatin1, readSourceFolder} from './reference.js';

type Event = {
	page: string;
	userId: string;
	ts: number;
	song: string | null;
	artist: string | null;
	length: number | null;
	level: string | null;
	location: string | null;
	userAgent: string | null;
	sessionId: number;
	itemInSession: number;
	firstName: string | null;
	lastName: string | null;
};
type SongFile = {song_id: string; artist_id: string; title: string; artist_name: string; duration: number};

/** Text as the warehouse keeps it: repaired, and empty text as NULL. */
const text = (value: string | null | undefined, repair = true): string | null => (value === null || value === undefined || value === '' ? null : repair ? fixLatin1(value) : value);

/** The browser and OS families, read plainly from the agent text. */
export function clientFamily(agent: string | null): string {
	if (agent === null) return 'unknown on unknown';
	let browser = 'other browser';
	if (agent.includes('Chromium/')) browser = 'Chromium';
	else if (agent.includes('Edge/') || agent.includes('Edg/')) browser = 'Edge';
	else if (agent.includes('Chrome/')) browser = 'Chrome';
	else if (agent.includes('Firefox/')) browser = 'Firefox';
	else if (agent.includes('Trident/') || agent.includes('MSIE ')) browser = 'Internet Explorer';
	else if (agent.includes('Safari/')) browser = 'Safari';
	let os = 'other OS';
	if (agent.includes('iPhone') || agent.includes('iPad')) os = 'iOS';
	else if (agent.includes('Android')) os = 'Android';
	else if (agent.includes('Macintosh')) os = 'macOS';
	else if (agent.includes('Windows')) os = 'Windows';
	else if (agent.includes('Linux')) os = 'Linux';
	return `${browser} on ${os}`;
}

export type Tally = {plays: number; users: Set<string>};

export type SongTally = {songId: string; title: string; artist: string; plays: number; listeners: Set<string>};
export type ArtistTally = {artistId: string; names: Set<string>; plays: number; songs: Set<string>; listeners: Set<string>};
export type UserTally = {userId: number; plays: number; sessions: Set<number>; name: string; level: string};

export type AnalyticsReference = {
	plays: number;
	byHour: Map<number, Tally>;
	/** 0 = Sunday, as JavaScript's getUTCDay. */
	byWeekday: Map<number, Tally>;
	byLevel: Map<string, Tally>;
	byLocation: Map<string, Tally>;
	byClient: Map<string, Tally>;
	bySong: Map<string, SongTally>;
	byArtist: Map<string, ArtistTally>;
	byUser: Map<number, UserTally>;
};

function add(map: Map<string | number, Tally>, key: string | number, user: string): void {
	const tally = map.get(key) ?? {plays: 0, users: new Set<string>()};
	tally.plays++;
	if (user) tally.users.add(user);
	map.set(key, tally);
}

export function analyticsReference(root: string): AnalyticsReference {
	const {events, songs} = readSourceFolder<Event, SongFile>(root);
	const songsByTitleAndArtist = new Map<string, SongFile[]>();
	for (const song of songs) {
		const key = `${song.title}\u0000${song.artist_name}`;
		songsByTitleAndArtist.set(key, [...(songsByTitleAndArtist.get(key) ?? []), song]);
	}

	const plays = events.filter((event) => event.page === 'NextSong');
	const reference: AnalyticsReference = {
		plays: plays.length,
		byHour: new Map(),
		byWeekday: new Map(),
		byLevel: new Map(),
		byLocation: new Map(),
		byClient: new Map(),
		bySong: new Map(),
		byArtist: new Map(),
		byUser: new Map(),
	};
	for (const play of plays) {
		const user = play.userId;
		const when = new Date(play.ts);
		add(reference.byHour as Map<string | number, Tally>, when.getUTCHours(), user);
		add(reference.byWeekday as Map<string | number, Tally>, when.getUTCDay(), user);
		const level = text(play.level, false);
		if (level !== null) add(reference.byLevel as Map<string | number, Tally>, level, user);
		const location = text(play.location);
		if (location !== null) add(reference.byLocation as Map<string | number, Tally>, location, user);
		add(reference.byClient as Map<string | number, Tally>, clientFamily(text(play.userAgent, false)), user);

		if (user) {
			const id = Number(user);
			const tally = reference.byUser.get(id) ?? {userId: id, plays: 0, sessions: new Set<number>(), name: '', level: ''};
			tally.plays++;
			tally.sessions.add(play.sessionId);
			reference.byUser.set(id, tally);
		}

		// The song a play is matched to: same title and artist name, duration within a
		// second; the closest duration wins, then the smallest song_id.
		const title = text(play.song);
		const artist = text(play.artist);
		if (title === null || artist === null || play.length === null) continue;
		const candidates = (songsByTitleAndArtist.get(`${title}\u0000${artist}`) ?? [])
			.filter((song) => Math.abs(song.duration - play.length!) <= 1)
			.sort((a, b) => Math.abs(a.duration - play.length!) - Math.abs(b.duration - play.length!) || (a.song_id < b.song_id ? -1 : 1));
		const song = candidates[0];
		if (!song) continue;
		const songTally = reference.bySong.get(song.song_id) ?? {songId: song.song_id, title: song.title, artist: song.artist_name, plays: 0, listeners: new Set<string>()};
		songTally.plays++;
		if (user) songTally.listeners.add(user);
		reference.bySong.set(song.song_id, songTally);
		const artistTally = reference.byArtist.get(song.artist_id) ?? {
			artistId: song.artist_id,
			names: new Set<string>(),
			plays: 0,
			songs: new Set<string>(),
			listeners: new Set<string>(),
		};
		artistTally.plays++;
		artistTally.songs.add(song.song_id);
		if (user) artistTally.listeners.add(user);
		reference.byArtist.set(song.artist_id, artistTally);
	}
	for (const song of songs) reference.byArtist.get(song.artist_id)?.names.add(song.artist_name);

	// A user's name and level are those of their latest event (any page).
	const latest = new Map<number, Event>();
	for (const event of events) {
		if (!event.userId || event.level === null || event.level === '') continue;
		const id = Number(event.userId);
		const seen = latest.get(id);
		if (
			!seen ||
			event.ts > seen.ts ||
			(event.ts === seen.ts && (event.sessionId > seen.sessionId || (event.sessionId === seen.sessionId && event.itemInSession > seen.itemInSession)))
		) {
			latest.set(id, event);
		}
	}
	for (const tally of reference.byUser.values()) {
		const event = latest.get(tally.userId);
		tally.name = `${text(event?.firstName) ?? ''} ${text(event?.lastName) ?? ''}`;
		tally.level = String(event?.level);
	}
	return reference;
}

// The log files' profile: who played what and when. Besides the shared field counts it
// keeps distinct sets of a few key fields (users, sessions, songs and artists are bounded
// by the catalogue and the user base), the page mix, the users who changed level, and how
// many plays the loader will be able to match to a song file.

import {compileRules, type TextOptions} from '../etl/record-rules.js';
import {eventColumns} from '../etl/records.js';
import {RangeCounter} from './fields.js';
import {RecordSet, type IssueSample} from './record-set.js';
import type {SongIndex} from './songs.js';
import type {EventsProfile} from './types.js';

/** Past this many different pages the rest are counted together (pages are a small vocabulary). */
const maxPages = 200;
export const otherPages = '(other pages)';
const matchTolerance = 1;
const free = 1;
const paid = 2;

export class EventProfiler {
	readonly set: RecordSet;
	private readonly users = new Set<string>();
	private readonly sessions = new Set<number>();
	private readonly songs = new Set<string>();
	private readonly artists = new Set<string>();
	private readonly players = new Set<string>();
	private readonly levels = new Map<string, number>();
	private readonly pages = new Map<string, number>();
	private readonly ranges = {
		ts: new RangeCounter(),
		length: new RangeCounter(),
		itemInSession: new RangeCounter(),
		sessionId: new RangeCounter(),
		registration: new RangeCounter(),
	};
	private emptyUserId = 0;
	private nextSong = 0;
	private matched = 0;
	private readonly at: Record<'page' | 'userId' | 'level' | 'ts' | 'length' | 'itemInSession' | 'sessionId' | 'registration' | 'song' | 'artist', number>;

	/** keys: the JSON key of each staging_events column, in column order (from the JSONPaths file). */
	constructor(
		keys: readonly string[],
		issues: IssueSample,
		private readonly catalogue: SongIndex,
		text: TextOptions = {},
	) {
		this.set = new RecordSet(
			eventColumns.map((spec, index) => ({key: keys[index]!, type: spec.type, required: spec.required === true, name: spec.repair === true})),
			issues,
			compileRules(keys, eventColumns),
			text,
		);
		const at = (column: string) => eventColumns.findIndex((spec) => spec.column === column);
		this.at = {
			page: at('page'),
			userId: at('user_id'),
			level: at('level'),
			ts: at('ts'),
			length: at('length'),
			itemInSession: at('item_in_session'),
			sessionId: at('session_id'),
			registration: at('registration'),
			song: at('song'),
			artist: at('artist'),
		};
	}

	record(value: unknown, file: string, line: number): void {
		const set = this.set;
		if (!set.take(value, file, line)) return;
		// Written out without helper closures: this runs once per event, millions of times.
		const {checked, values, repaired} = set;
		const at = this.at;
		const ranges = this.ranges;
		const ts = checked[at.ts]!;
		if (ts.state === 'ok') ranges.ts.add(ts.number);
		const length = checked[at.length]!;
		if (length.state === 'ok') ranges.length.add(length.number);
		const item = checked[at.itemInSession]!;
		if (item.state === 'ok') ranges.itemInSession.add(item.number);
		const session = checked[at.sessionId]!;
		if (session.state === 'ok') {
			ranges.sessionId.add(session.number);
			this.sessions.add(session.number);
		}
		const registration = checked[at.registration]!;
		if (registration.state === 'ok') ranges.registration.add(registration.number);
		if (checked[at.song]!.state === 'ok') this.songs.add(String(values[at.song]));
		if (checked[at.artist]!.state === 'ok') this.artists.add(String(values[at.artist]));

		const userState = checked[at.userId]!.state;
		const user = userState === 'ok' ? String(values[at.userId]) : undefined;
		if (userState === 'missing' || userState === 'empty') this.emptyUserId++;
		if (user !== undefined) {
			this.users.add(user);
			const level = values[at.level];
			const bit = level === 'free' ? free : level === 'paid' ? paid : 0;
			if (bit !== 0) {
				const seen = this.levels.get(user) ?? 0;
				if ((seen & bit) === 0) this.levels.set(user, seen | bit);
			}
		}

		if (checked[at.page]!.state === 'ok') {
			const page = String(values[at.page]);
			const known = this.pages.get(page);
			if (known !== undefined) this.pages.set(page, known + 1);
			else if (this.pages.size < maxPages) this.pages.set(page, 1);
			else this.pages.set(otherPages, (this.pages.get(otherPages) ?? 0) + 1);
			if (page === 'NextSong') {
				this.nextSong++;
				if (user !== undefined) this.players.add(user);
				if (this.matches(repaired[at.song], repaired[at.artist], length.state === 'ok' ? length.number : Number.NaN)) this.matched++;
			}
		}
	}

	/** The loader's rule (sql/transform/05_songplays.sql): same title and artist name, duration within 1 s. */
	private matches(song: string | undefined, artist: string | undefined, length: number): boolean {
		if (song === undefined || artist === undefined || Number.isNaN(length)) return false;
		return this.catalogue.hasSongNear(song, artist, length, matchTolerance);
	}

	result(): EventsProfile {
		const ts = this.ranges.ts.result();
		const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
		let levelChangers = 0;
		for (const mask of this.levels.values()) if (mask === (free | paid)) levelChangers++;
		const pages = [...this.pages].map(([page, count]) => ({page, count})).sort((a, b) => b.count - a.count || (a.page < b.page ? -1 : a.page > b.page ? 1 : 0));
		return {
			...this.set.result(),
			distinct: {userId: this.users.size, sessionId: this.sessions.size, song: this.songs.size, artist: this.artists.size},
			ranges: {
				ts,
				length: this.ranges.length.result(),
				itemInSession: this.ranges.itemInSession.result(),
				sessionId: this.ranges.sessionId.result(),
				registration: this.ranges.registration.result(),
			},
			time: {first: iso(ts.min), last: iso(ts.max)},
			pages,
			emptyUserId: this.emptyUserId,
			nextSong: this.nextSong,
			nextSongUsers: this.players.size,
			levelChangers,
			match: {plays: this.nextSong, matched: this.matched, share: this.nextSong === 0 ? 0 : this.matched / this.nextSong},
		};
	}
}

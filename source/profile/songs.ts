// The song files' profile: identifiers, numeric ranges, year 0, and the catalogue index
// the event profile matches plays against. The index keeps only what matching needs
// (title, artist name, durations) for songs the loader would stage, never whole records.

import type {TextOptions} from '../etl/record-rules.js';
import {songColumns} from '../etl/records.js';
import {RangeCounter} from './fields.js';
import {RecordSet, type IssueSample} from './record-set.js';
import type {SongsProfile} from './types.js';

/** Songs by title and artist name (as written: the loader does not repair song files). */
export type SongIndex = {
	/** Whether a song has this title and artist name, and a duration within `tolerance` of `length`. */
	hasSongNear(title: string, artist: string, length: number, tolerance: number): boolean;
};

/**
 * One key for a title and an artist name, unambiguous whatever they hold. Written by
 * JSON.stringify, which makes one flat string: a key joined with + or a template is a tree of
 * its parts, which a Map keeps whole (32 bytes more a song, and its parts).
 */
const catalogueKey = (title: string, artist: string) => JSON.stringify([title, artist]);

export class SongProfiler {
	readonly set: RecordSet;
	private readonly songIds = new Set<string>();
	private readonly artistIds = new Set<string>();
	/** Title and artist name (catalogueKey) → the duration of the song, or of each song, that has them. */
	private readonly catalogue = new Map<string, number | number[]>();
	private readonly ranges = {
		duration: new RangeCounter(),
		year: new RangeCounter(),
		num_songs: new RangeCounter(),
		artist_latitude: new RangeCounter(),
		artist_longitude: new RangeCounter(),
	};
	private yearZero = 0;
	private readonly at: Record<'songId' | 'artistId' | 'title' | 'artistName' | 'duration' | 'year' | 'numSongs' | 'latitude' | 'longitude', number>;

	constructor(issues: IssueSample, text: TextOptions = {}) {
		this.set = new RecordSet(
			songColumns.map((spec) => ({key: spec.column, type: spec.type, required: spec.required === true, name: spec.column === 'artist_name' || spec.column === 'title'})),
			issues,
			[],
			text,
		);
		const at = (name: string) => this.set.indexOf(name);
		this.at = {
			songId: at('song_id'),
			artistId: at('artist_id'),
			title: at('title'),
			artistName: at('artist_name'),
			duration: at('duration'),
			year: at('year'),
			numSongs: at('num_songs'),
			latitude: at('artist_latitude'),
			longitude: at('artist_longitude'),
		};
	}

	readonly index: SongIndex = {
		hasSongNear: (title, artist, length, tolerance) => {
			const durations = this.catalogue.get(catalogueKey(title, artist));
			if (durations === undefined) return false;
			if (typeof durations === 'number') return Math.abs(durations - length) <= tolerance;
			return durations.some((duration) => Math.abs(duration - length) <= tolerance);
		},
	};

	record(value: unknown, file: string, line: number): void {
		const set = this.set;
		if (!set.take(value, file, line)) return;
		const {checked, values} = set;
		const at = this.at;
		if (checked[at.songId]!.state === 'ok') this.songIds.add(String(values[at.songId]));
		if (checked[at.artistId]!.state === 'ok') this.artistIds.add(String(values[at.artistId]));
		this.addNumber(this.ranges.duration, at.duration);
		this.addNumber(this.ranges.num_songs, at.numSongs);
		this.addNumber(this.ranges.artist_latitude, at.latitude);
		this.addNumber(this.ranges.artist_longitude, at.longitude);
		const year = checked[at.year]!;
		if (year.state === 'ok') {
			if (year.number === 0) this.yearZero++;
			else this.ranges.year.add(year.number);
		}
		// Only songs the loader would stage can be matched.
		if (!set.rejectable) {
			const key = catalogueKey(String(values[at.title]), String(values[at.artistName]));
			const duration = checked[at.duration]!.number;
			const durations = this.catalogue.get(key);
			if (durations === undefined) this.catalogue.set(key, duration);
			else if (typeof durations === 'number') this.catalogue.set(key, [durations, duration]);
			else durations.push(duration);
		}
	}

	private addNumber(counter: RangeCounter, index: number): void {
		const checked = this.set.checked[index]!;
		if (checked.state === 'ok') counter.add(checked.number);
	}

	result(): SongsProfile {
		return {
			...this.set.result(),
			distinct: {song_id: this.songIds.size, artist_id: this.artistIds.size},
			ranges: {
				duration: this.ranges.duration.result(),
				year: this.ranges.year.result(),
				num_songs: this.ranges.num_songs.result(),
				artist_latitude: this.ranges.artist_latitude.result(),
				artist_longitude: this.ranges.artist_longitude.result(),
			},
			yearZero: this.yearZero,
		};
	}
}

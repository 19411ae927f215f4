// Synthetic Sparkify data in the public bucket's layout and the real sample's exact field
// shapes: song files of one object each, daily NDJSON logs without a trailing newline, the
// JSONPaths file. Realistic where it matters for a warehouse: popularity is heavily skewed,
// users have sessions and move between free and paid, logged-out visitors have an empty
// userId, most plays match a song exactly and some do not, and a share of non-ASCII names
// are double-encoded as in the real logs. The same options give byte-identical output.
// Memory is bounded by one day of events; song files are written a few dozen at a time.

import fs from 'node:fs';
import path from 'node:path';
import {CancelledError, UserError} from '../core/errors.js';
import {explainError} from '../core/explain-error.js';
import {escapeControl} from '../core/format.js';
import type {Report} from '../core/events.js';
import {trackProgress} from '../core/progress.js';
import {seededRandom, zipfSampler, type Random} from './generate/prng.js';
import {accentedWords, artistLocations, firstNames, lastNames, locations, loggedOutPages, otherPages, syllables, titleWords, userAgents} from './generate/vocabulary.js';
import {defaultEventKeys} from './records.js';

export type GenerateOptions = {
	readonly out: string;
	readonly songs: number;
	readonly events: number;
	readonly seed: number;
	/** ISO date of the first day (default 2018-11-01). */
	readonly startDate?: string;
	readonly days?: number;
};

export type GenerateSummary = {
	readonly out: string;
	readonly songs: number;
	readonly artists: number;
	readonly events: number;
	readonly nextSongEvents: number;
	readonly users: number;
	readonly files: number;
	readonly bytes: number;
};

/** A file left in the output folder so that a later run may replace what it made. */
const generatedMarker = '.sparkify-generated';

type Artist = {id: string; name: string; location: string; latitude: number | null; longitude: number | null};
type Song = {trackId: string; id: string; title: string; artist: Artist; duration: number; year: number};
type User = {id: string; firstName: string; lastName: string; gender: string; location: string; userAgent: string; registration: number; level: 'free' | 'paid'};

const dayMs = 86_400_000;
const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function validate(options: GenerateOptions): {start: number; days: number} {
	const whole = (value: number, name: string, minimum: number) => {
		if (!Number.isSafeInteger(value) || value < minimum) {
			throw new UserError(`--${name} must be a whole number of at least ${minimum}, not ${value}.`, {hint: 'See `sparkify-dwh --help`.', code: 'usage'});
		}
	};
	whole(options.songs, 'songs', 1);
	whole(options.events, 'events', 0);
	whole(options.seed, 'seed', 0);
	const days = options.days ?? 30;
	whole(days, 'days', 1);
	const start = Date.parse(`${options.startDate ?? '2018-11-01'}T00:00:00Z`);
	if (Number.isNaN(start)) throw new UserError(`"${options.startDate}" is not a date like 2018-11-01.`, {hint: 'Give the first day as YYYY-MM-DD.', code: 'usage'});
	return {start, days};
}

/**
 * Present while a generation is under way, removed as the very last step: a folder that
 * still has it was stopped half way (Ctrl-C, a full disk, a crash) and must not be loaded
 * as if it were whole. Written before anything of the old generation is removed.
 */
const unfinishedMarker = '.sparkify-unfinished';

/** True when `folder` is a generation that did not finish. */
export function isUnfinishedGeneration(folder: string): boolean {
	return fs.existsSync(path.join(folder, unfinishedMarker));
}

/** Refuses to write into a folder of someone else's; a previous generation is replaced. */
function prepareOutput(out: string): void {
	if (fs.existsSync(out)) {
		const entries = fs.readdirSync(out);
		if (entries.length > 0 && !entries.includes(generatedMarker)) {
			throw new UserError(`${escapeControl(out)} is not empty, and was not made by sparkify-dwh generate.`, {
				hint: 'Give --out a new or empty folder.',
				code: 'generate_out_not_empty',
			});
		}
	}
	fs.mkdirSync(out, {recursive: true});
	fs.writeFileSync(path.join(out, unfinishedMarker), 'sparkify-dwh generate is writing this folder, or was stopped before it finished: generate it again before loading it.\n');
	fs.writeFileSync(path.join(out, generatedMarker), 'Made by sparkify-dwh generate; the next generate into this folder replaces it.\n');
	for (const folder of ['song_data', 'log_data']) fs.rmSync(path.join(out, folder), {recursive: true, force: true});
}

// --- text as the sample writes it -------------------------------------------------------

/** JSON string as Python's json.dumps writes it (non-ASCII as \uXXXX); logs also escape "/". */
function jsonText(value: string, escapeSlash: boolean): string {
	const text = JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
	return escapeSlash ? text.replace(/\//g, '\\/') : text;
}

/** The real logs' mojibake: UTF-8 bytes read as Latin-1, twice. */
function doubleEncode(text: string): string {
	let current = text;
	for (let round = 0; round < 2; round++) current = Buffer.from(current, 'utf8').toString('latin1');
	return current;
}

const hasNonAscii = (text: string) => /[^\u0000-\u007f]/.test(text);

// --- the catalogue ------------------------------------------------------------------------

function makeId(random: Random, prefix: string): string {
	let id = prefix;
	for (let index = 0; index < 16; index++) id += idAlphabet[random.int(0, idAlphabet.length - 1)];
	return id;
}

function word(random: Random): string {
	const parts = random.int(2, 3);
	let text = '';
	for (let index = 0; index < parts; index++) text += random.pick(syllables);
	return text[0]!.toUpperCase() + text.slice(1);
}

function makeArtists(random: Random, count: number): Artist[] {
	return Array.from({length: count}, () => {
		const accented = random.chance(0.12);
		const name = accented ? `${random.pick(accentedWords)} ${word(random)}` : random.chance(0.3) ? `The ${word(random)}s` : `${word(random)} ${word(random)}`;
		const located = random.chance(0.6);
		return {
			id: makeId(random, 'AR'),
			name,
			location: located ? random.pick(artistLocations) : '',
			latitude: located && random.chance(0.7) ? Number((random.next() * 120 - 60).toFixed(5)) : null,
			longitude: located && random.chance(0.7) ? Number((random.next() * 300 - 150).toFixed(5)) : null,
		};
	}).map((artist) => (artist.latitude === null ? {...artist, longitude: null} : artist.longitude === null ? {...artist, latitude: null} : artist));
}

function makeTitle(random: Random): string {
	const words = Array.from({length: random.int(1, 3)}, () => (random.chance(0.06) ? random.pick(accentedWords) : random.pick(titleWords)));
	return words.join(' ');
}

function makeSongs(random: Random, count: number, artists: readonly Artist[]): Song[] {
	return Array.from({length: count}, () => ({
		trackId: makeId(random, 'TR'),
		id: makeId(random, 'SO'),
		title: makeTitle(random),
		artist: random.pick(artists),
		duration: Number((90 + random.next() * 360).toFixed(5)),
		year: random.chance(0.4) ? 0 : random.int(1960, 2010),
	}));
}

function songFileText(song: Song): string {
	const fields: Array<[string, string]> = [
		['num_songs', '1'],
		['artist_id', jsonText(song.artist.id, false)],
		['artist_latitude', song.artist.latitude === null ? 'null' : String(song.artist.latitude)],
		['artist_longitude', song.artist.longitude === null ? 'null' : String(song.artist.longitude)],
		['artist_location', jsonText(song.artist.location, false)],
		['artist_name', jsonText(song.artist.name, false)],
		['song_id', jsonText(song.id, false)],
		['title', jsonText(song.title, false)],
		['duration', String(song.duration)],
		['year', String(song.year)],
	];
	return `{${fields.map(([key, value]) => `"${key}": ${value}`).join(', ')}}`;
}

async function writeSongFiles(out: string, songs: readonly Song[], report: Report, signal: AbortSignal): Promise<number> {
	const progress = trackProgress(report, 'generate', 'song_data', 'songs');
	let bytes = 0;
	let written = 0;
	const made = new Set<string>();
	const inFlight = new Set<Promise<void>>();
	for (const song of songs) {
		if (signal.aborted) throw new CancelledError();
		const folder = path.join(out, 'song_data', song.trackId[2]!, song.trackId[3]!, song.trackId[4]!);
		if (!made.has(folder)) {
			fs.mkdirSync(folder, {recursive: true});
			made.add(folder);
		}
		const text = songFileText(song);
		bytes += Buffer.byteLength(text);
		const write = fs.promises.writeFile(path.join(folder, `${song.trackId}.json`), text).then(() => {
			inFlight.delete(write);
			written++;
			progress.update({songs: {done: written, total: songs.length}, bytes: {done: bytes, total: null}});
		});
		inFlight.add(write);
		if (inFlight.size >= 64) await Promise.race(inFlight);
	}
	await Promise.all(inFlight);
	progress.finish('done', {songs: {done: written, total: songs.length}, bytes: {done: bytes, total: null}});
	return bytes;
}

// --- the activity log -------------------------------------------------------------------

function makeUsers(random: Random, count: number, start: number): User[] {
	return Array.from({length: count}, (_, index) => ({
		id: String(index + 2),
		firstName: random.pick(firstNames),
		lastName: random.pick(lastNames),
		gender: random.chance(0.5) ? 'F' : 'M',
		location: random.pick(locations),
		userAgent: random.pick(userAgents),
		registration: start - random.int(1, 60 * 24 * 60) * 60_000 + 796,
		level: random.chance(0.25) ? 'paid' : 'free',
	}));
}

function weightedPicker(random: Random, weights: ReadonlyArray<readonly [string, number]>): () => string {
	const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
	return () => {
		let target = random.next() * total;
		for (const [item, weight] of weights) {
			target -= weight;
			if (target < 0) return item;
		}
		return weights.at(-1)![0];
	};
}

const statusOf: Record<string, number> = {Login: 307, Logout: 307, 'Submit Upgrade': 307, 'Submit Downgrade': 307, Error: 404};
const putPages = new Set(['NextSong', 'Login', 'Logout', 'Submit Upgrade', 'Submit Downgrade', 'Save Settings']);

type Play = {artist: string; song: string; length: number};

function eventLine(fields: {play: Play | null; auth: string; user: User | null; level: string; page: string; itemInSession: number; sessionId: number; ts: number}): string {
	const {play, user} = fields;
	const text = (value: string | null) => (value === null ? 'null' : jsonText(value, true));
	const values: Record<string, string> = {
		artist: play ? text(play.artist) : 'null',
		auth: text(fields.auth),
		firstName: text(user?.firstName ?? null),
		gender: text(user?.gender ?? null),
		itemInSession: String(fields.itemInSession),
		lastName: text(user?.lastName ?? null),
		length: play ? String(play.length) : 'null',
		level: text(fields.level),
		location: text(user?.location ?? null),
		method: text(putPages.has(fields.page) ? 'PUT' : 'GET'),
		page: text(fields.page),
		registration: user ? `${user.registration}.0` : 'null',
		sessionId: String(fields.sessionId),
		song: play ? text(play.song) : 'null',
		status: String(statusOf[fields.page] ?? 200),
		ts: String(fields.ts),
		userAgent: text(user?.userAgent ?? null),
		userId: text(user?.id ?? ''),
	};
	return `{${defaultEventKeys.map((key) => `"${key}":${values[key]}`).join(',')}}`;
}

/** How many events each day gets: uneven, as traffic is, but summing to the total exactly. */
function eventsPerDay(random: Random, total: number, days: number): number[] {
	const weights = Array.from({length: days}, () => 0.7 + random.next() * 0.6);
	const sum = weights.reduce((a, b) => a + b, 0);
	const counts = weights.map((weight) => Math.floor((weight / sum) * total));
	let remainder = total - counts.reduce((a, b) => a + b, 0);
	for (let day = 0; remainder > 0; day = (day + 1) % days, remainder--) counts[day]!++;
	return counts;
}

export async function generateDataset(options: GenerateOptions, report: Report, signal: AbortSignal): Promise<GenerateSummary> {
	const {start, days} = validate(options);
	const out = path.resolve(options.out);
	try {
		const summary = await writeDataset(options, out, start, days, report, signal);
		// Last of all: from here on the folder is whole.
		fs.rmSync(path.join(out, unfinishedMarker), {force: true});
		return summary;
	} catch (error) {
		// A write that fails names no file: the folder being written is the place to free.
		throw explainError(error, {place: out});
	}
}

async function writeDataset(options: GenerateOptions, out: string, start: number, days: number, report: Report, signal: AbortSignal): Promise<GenerateSummary> {
	prepareOutput(out);
	const random = seededRandom(options.seed);

	const artists = makeArtists(random, Math.max(1, Math.round(options.songs / 3)));
	const songs = makeSongs(random, options.songs, artists);
	// Popularity follows rank, and rank is shuffled so popular songs are spread over the catalogue.
	const popularity = songs.map((_, index) => index);
	for (let index = popularity.length - 1; index > 0; index--) {
		const other = random.int(0, index);
		[popularity[index], popularity[other]] = [popularity[other]!, popularity[index]!];
	}
	const pickSongRank = zipfSampler(songs.length, 1.0, random);
	const users = makeUsers(random, Math.min(5000, Math.max(10, Math.round(options.events / 80))), start);
	const pickUserRank = zipfSampler(users.length, 0.8, random);
	const pickOtherPage = weightedPicker(random, otherPages);
	const pickLoggedOutPage = weightedPicker(random, loggedOutPages);

	let bytes = await writeSongFiles(out, songs, report, signal);
	let files = songs.length + 1;
	const jsonPaths = JSON.stringify({jsonpaths: defaultEventKeys.map((key) => `$['${key}']`)}, null, 4);
	fs.writeFileSync(path.join(out, 'log_json_path.json'), jsonPaths);
	bytes += Buffer.byteLength(jsonPaths);

	const progress = trackProgress(report, 'generate', 'log_data', 'events');
	const perDay = eventsPerDay(random, options.events, days);
	const activeUsers = new Set<string>();
	let written = 0;
	let nextSongEvents = 0;
	let sessionId = 0;
	for (let day = 0; day < days; day++) {
		if (signal.aborted) throw new CancelledError();
		const quota = perDay[day]!;
		if (quota === 0) continue;
		const dayStart = start + day * dayMs;
		const lines: Array<[number, string]> = [];
		while (lines.length < quota) {
			sessionId++;
			let ts = dayStart + random.int(0, dayMs - 3_600_000) + 796;
			if (random.chance(0.04)) {
				// A logged-out visitor: a few pages, no user.
				const pages = random.int(1, 3);
				for (let item = 0; item < pages && lines.length < quota; item++) {
					lines.push([
						ts,
						eventLine({play: null, auth: 'Logged Out', user: null, level: random.chance(0.8) ? 'free' : 'paid', page: pickLoggedOutPage(), itemInSession: item, sessionId, ts}),
					]);
					ts += random.int(5, 90) * 1000;
				}
				continue;
			}
			const user = users[pickUserRank()]!;
			activeUsers.add(user.id);
			let item = 0;
			for (;;) {
				if (lines.length >= quota || ts >= dayStart + dayMs) break;
				let page = random.chance(0.85) ? 'NextSong' : pickOtherPage();
				// Upgrades and downgrades happen now and then, and change the level from the next event on.
				if (user.level === 'free' && random.chance(0.004)) page = 'Submit Upgrade';
				else if (user.level === 'paid' && random.chance(0.0008)) page = 'Submit Downgrade';
				let play: Play | null = null;
				if (page === 'NextSong') {
					nextSongEvents++;
					if (random.chance(0.88)) {
						const song = songs[popularity[pickSongRank()]!]!;
						play = {artist: song.artist.name, song: song.title, length: song.duration};
					} else {
						// A song the catalogue does not have: no match, as in the real data.
						play = {artist: `${word(random)} ${word(random)}`, song: makeTitle(random), length: Number((90 + random.next() * 360).toFixed(5))};
					}
					if (random.chance(0.7)) {
						play = {...play, artist: hasNonAscii(play.artist) ? doubleEncode(play.artist) : play.artist, song: hasNonAscii(play.song) ? doubleEncode(play.song) : play.song};
					}
				}
				lines.push([ts, eventLine({play, auth: 'Logged In', user, level: user.level, page, itemInSession: item, sessionId, ts})]);
				if (page === 'Submit Upgrade') user.level = 'paid';
				if (page === 'Submit Downgrade') user.level = 'free';
				item++;
				ts += play ? Math.round(play.length * 1000) : random.int(3, 60) * 1000;
				if (page === 'Logout' || random.chance(0.04)) break;
			}
		}
		lines.sort((a, b) => a[0] - b[0]);
		const date = new Date(dayStart).toISOString().slice(0, 10);
		const folder = path.join(out, 'log_data', date.slice(0, 4), date.slice(5, 7));
		fs.mkdirSync(folder, {recursive: true});
		// Like the sample: lines joined by LF, no newline after the last one.
		const text = lines.map(([, line]) => line).join('\n');
		await fs.promises.writeFile(path.join(folder, `${date}-events.json`), text);
		bytes += Buffer.byteLength(text);
		files++;
		written += lines.length;
		progress.update({events: {done: written, total: options.events}, bytes: {done: bytes, total: null}});
	}
	progress.finish('done', {events: {done: written, total: options.events}, bytes: {done: bytes, total: null}});
	return {out, songs: songs.length, artists: new Set(songs.map((song) => song.artist.id)).size, events: written, nextSongEvents, users: activeUsers.size, files, bytes};
}

// Generated data in the bucket's layout, plus one day of plays whose names are spelled every
// odd way we know, with songs that match them: for proofs that both targets repair alike.

import fs from 'node:fs';
import path from 'node:path';
import {generateDataset} from '../../source/etl/generate.js';
import {cp1252Bytes} from '../../source/etl/mojibake.js';
import {makeTempDir} from './tmp.js';

const signal = new AbortController().signal;

/** UTF-8 bytes read back as Windows-1252 (Latin-1 where 1252 has no character), `rounds` times. */
export function misread(text: string, rounds: number): string {
	const charOf = new Map([...cp1252Bytes].map(([code, byte]) => [byte, String.fromCharCode(code)]));
	let current = text;
	for (let round = 0; round < rounds; round++) {
		current = [...Buffer.from(current, 'utf8')].map((byte) => charOf.get(byte) ?? String.fromCharCode(byte)).join('');
	}
	return current;
}

/**
 * Generated data, plus one day of plays whose names are spelled every odd way: double and
 * triple encodings, Windows-1252 stand-ins, UTF-8 written raw and as \u escapes, text that
 * looks like an encoding but is not one, numbers where names go, and matching songs.
 */
export async function generatedWithOddSpellings(): Promise<string> {
	const root = makeTempDir('agree-generated');
	await generateDataset({out: root, songs: 400, events: 6000, seed: 16, days: 5}, () => {}, signal);
	const songs: Array<{id: string; artist: string; title: string; duration: number}> = [
		{id: 'SOODD000000000001', artist: 'Mötley Crüe', title: 'Don’t Stop', duration: 200.5},
		{id: 'SOODD000000000002', artist: 'Björk', title: 'Jóga', duration: 305.2},
		{id: 'SOODD000000000003', artist: 'Sigur Rós', title: 'Hoppípolla', duration: 268.1},
		{id: 'SOODD000000000004', artist: 'Zoë Œuvre', title: '€uro “Quotes” — dash…', duration: 180},
		{id: 'SOODD000000000005', artist: 'Ã Literal', title: 'Â£5 Note', duration: 150},
	];
	const folder = path.join(root, 'song_data', 'Z', 'Z', 'Z');
	fs.mkdirSync(folder, {recursive: true});
	for (const song of songs) {
		const record = {
			num_songs: 1,
			artist_id: `AR${song.id.slice(2)}`,
			artist_latitude: null,
			artist_longitude: null,
			artist_location: '',
			artist_name: song.artist,
			song_id: song.id,
			title: song.title,
			duration: song.duration,
			year: 2001,
		};
		fs.writeFileSync(path.join(folder, `TR${song.id.slice(2)}.json`), JSON.stringify(record));
	}
	const asEscapes = (text: string) => text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
	const spellings: Array<(text: string) => string> = [(text) => text, (text) => misread(text, 1), (text) => misread(text, 2), (text) => misread(text, 3)];
	const lines: string[] = [];
	let ts = Date.parse('2018-11-06T10:00:00Z');
	let item = 0;
	const play = (fields: {artist: unknown; song: unknown; length: number; firstName?: unknown; lastName?: unknown; location?: unknown}, escape: boolean) => {
		const record = {
			artist: fields.artist,
			auth: 'Logged In',
			firstName: fields.firstName ?? 'Renée',
			gender: 'F',
			itemInSession: item++,
			lastName: fields.lastName ?? 'Núñez',
			length: fields.length,
			level: 'paid',
			location: fields.location ?? 'São Paulo, Brazil',
			method: 'PUT',
			page: 'NextSong',
			registration: 1540919166796.0,
			sessionId: 99999,
			song: fields.song,
			status: 200,
			ts: (ts += 1000),
			userAgent: 'Mozilla/5.0',
			userId: '9999',
		};
		const text = JSON.stringify(record);
		lines.push(escape ? asEscapes(text) : text);
	};
	for (const song of songs) {
		for (const [index, spell] of spellings.entries()) {
			for (const escape of [false, true]) {
				play(
					{
						artist: spell(song.artist),
						song: spell(song.title),
						length: song.duration + 0.25,
						firstName: spell('Zoë'),
						lastName: spell('Müller'),
						location: spell('Reykjavík, Iceland'),
					},
					escape,
				);
				// Mixed: the artist spelled one way and the title another.
				play({artist: spell(song.artist), song: spellings[(index + 1) % spellings.length]!(song.title), length: song.duration, location: spell('Zürich')}, escape);
			}
		}
	}
	play({artist: 1999, song: 'A number for an artist', length: 120}, false);
	// Trailing spaces: Redshift ignores them when it compares VARCHARs, the repair must not.
	play({artist: `${misread('Björk', 2)} `, song: `${misread('Jóga', 2)}  `, length: 305.2, location: `${misread('Zürich', 1)} `}, false);
	play({artist: 'Tab\there', song: 'Back\\slash Ã©', length: 120, firstName: 'Ã', lastName: 'Ã©Ã', location: 'â€'}, false);
	play({artist: '', song: '', length: 120, firstName: '', lastName: '   ', location: null}, false);
	// The user's latest event, so the users table carries its (double-encoded) name.
	play({artist: null, song: null, length: 120, firstName: misread('Zoë', 2), lastName: misread('Müller', 2), location: misread('Zürich', 1)}, false);
	const logs = path.join(root, 'log_data', '2018', '11');
	fs.mkdirSync(logs, {recursive: true});
	fs.writeFileSync(path.join(logs, '2018-11-06-odd-spellings.json'), lines.join('\n'));
	return root;
}

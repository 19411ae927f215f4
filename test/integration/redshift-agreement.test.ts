// Both targets hold the same rows. The local path (our loader, which repairs double-encoded
// names on the way in) and the Redshift path (its own statements: DELETE to empty, the
// name repair after the COPYs, the shared transforms) run on the embedded PostgreSQL; only
// Redshift's COPY is replaced, by a plain reading that loads the rows as COPY would, names
// unrepaired. Every star table's content digest must then be equal, on the real sample, on
// generated data, and on names spelled every odd way we know.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {before, describe, test} from 'node:test';
import type pg from 'pg';
import {noLog} from '../../source/core/log.js';
import {generateDataset} from '../../source/etl/generate.js';
import {cp1252Bytes} from '../../source/etl/mojibake.js';
import {localFolderSource} from '../../source/etl/source.js';
import {copyThenRepair, etlStep, loadInTransaction, type EtlResult} from '../../source/steps/etl.js';
import type {Warehouse} from '../../source/warehouse/connection.js';
import {sampleData} from '../support/paths.js';
import {copyLikeRedshift} from '../support/redshift-copy.js';
import {stagingDigests, starDigests, type Digest, type StarDigests} from '../support/star-digest.js';
import {makeTempDir} from '../support/tmp.js';
import {warehouseWithTables} from '../support/warehouse.js';

const signal = new AbortController().signal;

type PathResult = {digests: StarDigests; staging: {staging_events: Digest; staging_songs: Digest}; repaired: EtlResult['repaired']; match: EtlResult['match']};

async function localPath(root: string): Promise<PathResult> {
	const {ctx, warehouse} = await warehouseWithTables('agree_local');
	try {
		const result = await etlStep.run(ctx, {warehouse, source: localFolderSource(root)}, () => {}, signal);
		assert.equal(result.rejected.count, 0, 'the proof data loads whole');
		return await withClient(warehouse, async (client) => ({digests: await starDigests(client), staging: await stagingDigests(client), repaired: result.repaired, match: result.match}));
	} finally {
		await warehouse.close();
	}
}

/** The Redshift path's statements on PostgreSQL, the COPY replaced; `repair: false` leaves names as COPY loads them. */
async function redshiftPath(root: string, {repair = true} = {}): Promise<PathResult> {
	const {warehouse} = await warehouseWithTables('agree_redshift');
	try {
		return await withClient(warehouse, async (client) => {
			await client.query('BEGIN');
			const copy = () => copyLikeRedshift(client, root);
			const stage = repair
				? () => copyThenRepair(client, noLog, copy)
				: async () => ({...(await copy()), repaired: {values: 0, events: 0}, jsonPaths: 'source' as const});
			const {staged, match} = await loadInTransaction(client, 'redshift', stage, () => {}, signal);
			await client.query('COMMIT');
			return {digests: await starDigests(client), staging: await stagingDigests(client), repaired: staged.repaired, match};
		});
	} finally {
		await warehouse.close();
	}
}

async function withClient<T>(warehouse: Warehouse, work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = await warehouse.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}

/** UTF-8 bytes read back as Windows-1252 (Latin-1 where 1252 has no character), `rounds` times. */
function misread(text: string, rounds: number): string {
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
async function generatedWithOddSpellings(): Promise<string> {
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
		const record = {num_songs: 1, artist_id: `AR${song.id.slice(2)}`, artist_latitude: null, artist_longitude: null, artist_location: '', artist_name: song.artist, song_id: song.id, title: song.title, duration: song.duration, year: 2001};
		fs.writeFileSync(path.join(folder, `TR${song.id.slice(2)}.json`), JSON.stringify(record));
	}
	const asEscapes = (text: string) => text.replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
	const spellings: Array<(text: string) => string> = [
		(text) => text,
		(text) => misread(text, 1),
		(text) => misread(text, 2),
		(text) => misread(text, 3),
	];
	const lines: string[] = [];
	let ts = Date.parse('2018-11-06T10:00:00Z');
	let item = 0;
	const play = (fields: {artist: unknown; song: unknown; length: number; firstName?: unknown; lastName?: unknown; location?: unknown}, escape: boolean) => {
		const record = {
			artist: fields.artist, auth: 'Logged In', firstName: fields.firstName ?? 'Renée', gender: 'F', itemInSession: item++,
			lastName: fields.lastName ?? 'Núñez', length: fields.length, level: 'paid', location: fields.location ?? 'São Paulo, Brazil',
			method: 'PUT', page: 'NextSong', registration: 1540919166796.0, sessionId: 99999, song: fields.song, status: 200,
			ts: (ts += 1000), userAgent: 'Mozilla/5.0', userId: '9999',
		};
		const text = JSON.stringify(record);
		lines.push(escape ? asEscapes(text) : text);
	};
	for (const song of songs) {
		for (const [index, spell] of spellings.entries()) {
			for (const escape of [false, true]) {
				play({artist: spell(song.artist), song: spell(song.title), length: song.duration + 0.25, firstName: spell('Zoë'), lastName: spell('Müller'), location: spell('Reykjavík, Iceland')}, escape);
				// Mixed: the artist spelled one way and the title another.
				play({artist: spell(song.artist), song: spellings[(index + 1) % spellings.length]!(song.title), length: song.duration, location: spell('Zürich')}, escape);
			}
		}
	}
	play({artist: 1999, song: 'A number for an artist', length: 120}, false);
	play({artist: 'Tab\there', song: 'Back\\slash Ã©', length: 120, firstName: 'Ã', lastName: 'Ã©Ã', location: 'â€'}, false);
	play({artist: '', song: '', length: 120, firstName: '', lastName: '   ', location: null}, false);
	// The user's latest event, so the users table carries its (double-encoded) name.
	play({artist: null, song: null, length: 120, firstName: misread('Zoë', 2), lastName: misread('Müller', 2), location: misread('Zürich', 1)}, false);
	const logs = path.join(root, 'log_data', '2018', '11');
	fs.mkdirSync(logs, {recursive: true});
	fs.writeFileSync(path.join(logs, '2018-11-06-odd-spellings.json'), lines.join('\n'));
	return root;
}

for (const dataset of [
	{name: 'the real sample', root: async () => sampleData, repairChangesTheStar: false},
	{name: 'generated data with names spelled every way', root: generatedWithOddSpellings, repairChangesTheStar: true},
]) {
	describe(`both targets agree on ${dataset.name}`, () => {
		let local: PathResult;
		let redshift: PathResult;
		let root: string;
		before(async () => {
			root = await dataset.root();
			local = await localPath(root);
			redshift = await redshiftPath(root);
			if (process.env.SPARKIFY_PRINT_DIGESTS) console.log(JSON.stringify({dataset: dataset.name, local, redshift}, null, 1));
		});

		test('every star table has the same content digest', () => {
			assert.deepEqual(redshift.digests, local.digests);
			for (const {rows} of Object.values(local.digests)) assert.ok(rows > 0);
		});

		test('staging holds the same rows too', () => {
			assert.deepEqual(redshift.staging, local.staging);
		});

		test('the repair is counted as the local loader counts it, and finds something to repair', () => {
			assert.deepEqual(redshift.repaired, local.repaired);
			assert.ok(local.repaired.values > 0);
		});

		test('the match rate is the same', () => {
			assert.deepEqual(redshift.match, local.match);
		});

		test('without the repair the Redshift path would differ: this data exercises it', async () => {
			const unrepaired = await redshiftPath(root, {repair: false});
			assert.notEqual(unrepaired.staging.staging_events.sha256, local.staging.staging_events.sha256);
			// The sample's 71 songs match one play, and none of the plays with a repaired name:
			// there the repair changes staging and no star table. Generated data matches them.
			if (dataset.repairChangesTheStar) {
				assert.notEqual(unrepaired.digests.songplays.sha256, local.digests.songplays.sha256);
				assert.notEqual(unrepaired.digests.users.sha256, local.digests.users.sha256);
				assert.ok(unrepaired.match.matched < local.match.matched);
			} else {
				assert.deepEqual(unrepaired.digests, local.digests);
			}
		});
	});
}

describe('on the real sample', () => {
	test('the repair has the published figures: 346 values in 326 events', async () => {
		const {repaired} = await redshiftPath(sampleData);
		assert.deepEqual(repaired, {values: 346, events: 326});
	});
});


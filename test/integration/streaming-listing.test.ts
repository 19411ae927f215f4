// The listing streams into the load: loading starts while the listing goes on, no more than
// a window of listed files is held ahead of the reading, totals are null (unknown) until a
// listing (the count that runs ahead, or the load's own) ends and exact after, and the rows are
// the same as a load from a listing held whole, by the content digest of every table, on the
// real sample.

import assert from 'node:assert/strict';
import pg from 'pg';
import {after, before, describe, test} from 'node:test';
import type {StepEvent} from '../../source/core/events.js';
import {isSkipped, localFolderSource, type DataSource, type Listed, type StreamOptions} from '../../source/etl/source.js';
import {etlStep} from '../../source/steps/etl.js';
import {sampleData} from '../support/paths.js';
import {stagingDigests, starDigests} from '../support/star-digest.js';
import {warehouseWithTables, type TestWarehouse} from '../support/warehouse.js';

const signal = new AbortController().signal;

type Trace = {listedSongs: number; readSongs: number; listingEnded: boolean; readsBeforeListingEnded: number; mostAhead: number; songListingOptions: unknown[]};

/** The sample's folder, its song listing slowed down (a slow disk, S3 pages), counting what is listed and read. */
function slowSource(): {source: DataSource; trace: Trace} {
	const folder = localFolderSource(sampleData);
	const trace: Trace = {listedSongs: 0, readSongs: 0, listingEnded: false, readsBeforeListingEnded: 0, mostAhead: 0, songListingOptions: []};
	let songListings = 0;
	async function* streamFiles(kind: 'songs' | 'events', options?: StreamOptions): AsyncGenerator<Listed> {
		// The first song listing is the load's; a later one counts the totals ahead of it.
		const loads = kind === 'songs' && songListings++ === 0;
		if (kind === 'songs') trace.songListingOptions.push(options);
		for await (const entry of folder.streamFiles!(kind, options)) {
			if (kind === 'songs' && !isSkipped(entry)) await new Promise((resolve) => setTimeout(resolve, 2));
			if (loads && !isSkipped(entry)) {
				trace.listedSongs++;
				trace.mostAhead = Math.max(trace.mostAhead, trace.listedSongs - trace.readSongs);
			}
			// Without the content a local listing hands with each small file: read by readSmall,
			// as a source that lists without reading (S3) is, so that each read is seen.
			yield isSkipped(entry) ? entry : {name: entry.name, size: entry.size, location: entry.location};
		}
		if (loads) trace.listingEnded = true;
	}
	const source: DataSource = {
		...folder,
		streamFiles,
		async readSmall(file) {
			if (file.name.startsWith('song_data/')) {
				trace.readSongs++;
				if (!trace.listingEnded) trace.readsBeforeListingEnded++;
			}
			return folder.readSmall!(file);
		},
	};
	return {source, trace};
}

async function digestsOf(url: string) {
	const client = new pg.Client({connectionString: url});
	await client.connect();
	try {
		return {...(await starDigests(client)), ...(await stagingDigests(client))};
	} finally {
		await client.end();
	}
}

describe('a listing that streams into the load', () => {
	let streamed: TestWarehouse;
	let held: TestWarehouse;
	const {source, trace} = slowSource();
	const events: StepEvent[] = [];

	before(async () => {
		streamed = await warehouseWithTables('streamed');
		held = await warehouseWithTables('held');
		await etlStep.run(streamed.ctx, {warehouse: streamed.warehouse, source}, (event) => events.push(event), signal);
		// The listing held whole, as before streaming: a source without streamFiles.
		const whole: DataSource = {...localFolderSource(sampleData), streamFiles: undefined};
		await etlStep.run(held.ctx, {warehouse: held.warehouse, source: whole}, () => {}, signal);
	});
	after(async () => {
		await streamed.warehouse.close();
		await held.warehouse.close();
	});

	test('song files are read before their listing has ended', () => {
		assert.ok(trace.listingEnded);
		assert.equal(trace.readSongs, trace.listedSongs);
		assert.ok(trace.listedSongs > 40, `the sample has more song files than the read-ahead window (${trace.listedSongs})`);
		assert.ok(trace.readsBeforeListingEnded > trace.listedSongs / 2, `${trace.readsBeforeListingEnded} of ${trace.listedSongs} read while listing`);
	});

	test("the count that runs ahead of the songs' listing reads no sizes (a stat per file on a folder)", () => {
		assert.equal(trace.songListingOptions.length, 2, 'the load lists the songs, and a count runs ahead of it');
		assert.deepEqual(trace.songListingOptions[1], {fileStats: false});
		assert.notDeepEqual(trace.songListingOptions[0], {fileStats: false}, "the load's own listing reads each file's size");
	});

	test('no more than the read-ahead window of listed paths is held ahead of the reading', () => {
		assert.ok(trace.mostAhead <= 33, `at most ${trace.mostAhead} listed and not yet read`);
	});

	test('the totals are unknown (null) until a listing has ended, then exact, and never unknown again', () => {
		const songs = events.filter((event): event is Extract<StepEvent, {type: 'progress'}> => event.type === 'progress' && event.task === 'staging_songs');
		const running = songs.filter((event) => event.state === 'running');
		assert.ok(running.some((event) => event.total === null && event.counters.bytes?.total === null));
		const last = songs.at(-1)!;
		assert.equal(last.state, 'done');
		assert.equal(last.total, trace.listedSongs);
		assert.equal(last.done, trace.listedSongs);
		// Once known, a total never goes back to unknown.
		const firstKnown = songs.findIndex((event) => event.total !== null);
		assert.ok(songs.slice(firstKnown).every((event) => event.total === trace.listedSongs));
	});

	test('every table holds the same rows as a load from a listing held whole', async () => {
		const [fromStream, fromWhole] = [await digestsOf(streamed.url), await digestsOf(held.url)];
		assert.ok(fromStream.songplays.rows > 0);
		assert.deepEqual(fromStream, fromWhole);
	});
});

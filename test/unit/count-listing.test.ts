// The count that runs ahead of a song load (countListedFiles) reads no file's size: on a local
// folder a stat per file was most of the walk's time. It counts what the load's own listing
// lists, but for a file with several hard links, which it counts by each name that reaches it:
// a progress total a little high until the load's own listing ends and gives the exact one.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {countListedFiles, measureListing} from '../../source/etl/listing.js';
import {isSkipped, localFolderSource} from '../../source/etl/source.js';
import {walkFolder} from '../../source/etl/walk.js';
import {makeTempDir} from '../support/tmp.js';

function songFolder(): string {
	const root = makeTempDir('sparkify-count');
	for (const [folder, name] of [
		['A/A/A', 'TRAAA1.json'],
		['A/A/B', 'TRAAB1.json'],
		['A/B/C', 'TRABC1.json'],
		['B/C/D', 'TRBCD1.json'],
	]) {
		fs.mkdirSync(path.join(root, 'song_data', folder!), {recursive: true});
		fs.writeFileSync(path.join(root, 'song_data', folder!, name!), '{"song_id": "S"}');
	}
	fs.writeFileSync(path.join(root, 'song_data', 'README.txt'), 'not data');
	fs.symlinkSync(path.join(root, 'song_data', 'A', 'A', 'A', 'TRAAA1.json'), path.join(root, 'song_data', 'B', 'link.json'));
	return root;
}

test('countListedFiles: the files the listing holds, without their sizes', async () => {
	const root = songFolder();
	const source = localFolderSource(root);
	assert.deepEqual(await measureListing(source, 'songs'), {files: 4, bytes: 64});
	assert.deepEqual(await countListedFiles(source, 'songs'), {files: 4, bytes: null}, 'a link to a file already listed is left out, as in the listing');
});

test('walkFolder without file stats: the same names in the same order, no size read', async () => {
	const root = songFolder();
	const names = async (fileStats: boolean) => {
		const listed: string[] = [];
		for await (const entry of walkFolder(path.join(root, 'song_data'), 'song_data', {fileStats})) {
			listed.push(isSkipped(entry) ? `skipped ${entry.name}` : `${entry.name} ${fileStats ? entry.size : 'no size'}`);
		}
		return listed;
	};
	const withStats = await names(true);
	const without = await names(false);
	assert.deepEqual(
		without,
		withStats.map((line) => line.replace(/ 16$/, ' no size')),
	);
	assert.ok(without.includes('song_data/A/A/A/TRAAA1.json no size'));
});

test('countListedFiles: a file with two hard links is counted by each name that reaches it (the load itself reads it once)', async () => {
	const root = songFolder();
	fs.linkSync(path.join(root, 'song_data', 'A', 'A', 'A', 'TRAAA1.json'), path.join(root, 'song_data', 'A', 'A', 'A', 'TRAAA2.json'));
	const source = localFolderSource(root);
	assert.equal((await measureListing(source, 'songs')).files, 4);
	// Its second name, and the symbolic link to it, which the count cannot tell from a file now.
	assert.equal((await countListedFiles(source, 'songs')).files, 6);
});

test('walkFolder without file stats lets the event loop turn in a folder of many files', async () => {
	const root = makeTempDir('sparkify-count');
	const folder = path.join(root, 'song_data');
	fs.mkdirSync(folder);
	for (let index = 0; index < 2000; index++) fs.writeFileSync(path.join(folder, `TR${index}.json`), '{}');
	let turned = false;
	setImmediate(() => (turned = true));
	let seenBeforeTurn = 0;
	for await (const _ of walkFolder(folder, 'song_data', {fileStats: false})) if (!turned) seenBeforeTurn++;
	assert.ok(turned && seenBeforeTurn < 2000, `the event loop turned after ${seenBeforeTurn} of 2,000 files, not only at the end`);
});

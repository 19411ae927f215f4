// The load's listing of a local folder runs on a thread of its own and reads the small files
// as it goes (walk.ts with readUpTo, threaded-walk.ts). It must hand on exactly what the walk
// in this thread lists, with each file's bytes; end with the walk's own error (its code and
// path) after the files found before it; stay a bounded distance ahead of its reader; and
// never keep a command running, whether it is stopped or left unread.

import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {openListing} from '../../source/etl/listing.js';
import {isSkipped, localFolderSource, type Listed} from '../../source/etl/source.js';
import {walkFolderInThread} from '../../source/etl/threaded-walk.js';
import {walkFolder} from '../../source/etl/walk.js';
import {makeTempDir} from '../support/tmp.js';

const readUpTo = 64;

/** A folder with subfolders, a symbolic and a hard link, a file that is not data, an empty file and one over readUpTo. */
function awkwardFolder(): string {
	const root = makeTempDir('sparkify-threaded-walk');
	const songs = path.join(root, 'song_data');
	for (const folder of ['A/A', 'A/B', 'B']) fs.mkdirSync(path.join(songs, folder), {recursive: true});
	fs.writeFileSync(path.join(songs, 'A/A/TR1.json'), '{"song_id": "S1", "title": "Für Elise — ünïcödé"}');
	fs.writeFileSync(path.join(songs, 'A/B/TR2.json'), '');
	fs.writeFileSync(path.join(songs, 'A/B/TR3.json'), `{"song_id": "S3", "title": "${'x'.repeat(200)}"}`);
	fs.writeFileSync(path.join(songs, 'B/notes.txt'), 'not data');
	fs.linkSync(path.join(songs, 'A/A/TR1.json'), path.join(songs, 'B/TR1-hard.json'));
	fs.symlinkSync(path.join(songs, 'A/B/TR3.json'), path.join(songs, 'B/TR3-link.json'));
	fs.symlinkSync(path.join(songs, 'A'), path.join(songs, 'loop'));
	return songs;
}

async function collect(entries: AsyncIterable<Listed>): Promise<{listed: Listed[]; error?: NodeJS.ErrnoException}> {
	const listed: Listed[] = [];
	try {
		for await (const entry of entries) listed.push(entry);
	} catch (error) {
		return {listed, error: error as NodeJS.ErrnoException};
	}
	return {listed};
}

const withoutContent = (entry: Listed) => (isSkipped(entry) ? entry : {name: entry.name, size: entry.size, location: entry.location});

test('the threaded walk lists what the walk lists, in the same order, each small file with its bytes', async () => {
	const songs = awkwardFolder();
	const plain = await collect(walkFolder(songs, 'song_data'));
	const threaded = await collect(walkFolderInThread(songs, 'song_data', {readUpTo}));
	assert.equal(plain.error, undefined);
	assert.equal(threaded.error, undefined);
	assert.deepEqual(threaded.listed.map(withoutContent), plain.listed);
	// Each name, each skip and its reason: the hard link and the symbolic link are read once.
	assert.ok(threaded.listed.some((entry) => isSkipped(entry) && entry.name === 'song_data/B/TR1-hard.json'));
	assert.ok(threaded.listed.some((entry) => isSkipped(entry) && entry.name === 'song_data/B/TR3-link.json'));
	for (const entry of threaded.listed) {
		if (isSkipped(entry)) continue;
		const bytes = fs.readFileSync(entry.location);
		if (bytes.length > readUpTo) assert.equal(entry.content, undefined, `${entry.name} is over readUpTo: streamed by the reader, not held`);
		else assert.deepEqual(entry.content, bytes, `${entry.name}: its bytes, exactly`);
	}
	assert.ok(
		threaded.listed.some((entry) => !isSkipped(entry) && entry.content?.length === 0),
		'the empty file is listed, with no bytes',
	);
});

test('a walk that fails in its thread ends with its own error (code and path), after the files found before it', async () => {
	const songs = awkwardFolder();
	// A data file's name that leads nowhere: the walk fails on it, after the real files (links come last).
	fs.symlinkSync(path.join(songs, 'gone.json'), path.join(songs, 'B/dangling.json'));
	const plain = await collect(walkFolder(songs, 'song_data'));
	const threaded = await collect(walkFolderInThread(songs, 'song_data', {readUpTo}));
	assert.ok(plain.error && threaded.error);
	assert.equal(threaded.error.code, 'ENOENT');
	assert.equal(threaded.error.code, plain.error.code);
	assert.equal(threaded.error.path, plain.error.path);
	assert.equal(threaded.error.syscall, plain.error.syscall);
	assert.equal(threaded.error.message, plain.error.message);
	assert.ok(threaded.error instanceof Error);
	assert.deepEqual(threaded.listed.map(withoutContent), plain.listed, 'every entry found before the error is handed on');
	assert.ok(threaded.listed.length > 3);
});

/** A song folder of `files` small files, all of one content; the last one's path. */
function manyFiles(files: number, content: string): {songs: string; last: string} {
	const songs = path.join(makeTempDir('sparkify-threaded-walk'), 'song_data');
	fs.mkdirSync(songs);
	const nameOf = (index: number) => path.join(songs, `TR${String(index).padStart(5, '0')}.json`);
	for (let index = 0; index < files; index++) fs.writeFileSync(nameOf(index), content);
	return {songs, last: nameOf(files - 1)};
}

/** A threaded walk of `songs` whose first entry was taken, then left waiting `ms` (time for a walk that did not wait for its reader to end). */
async function walkTakenOnce(songs: string, ms: number): Promise<{entries: AsyncGenerator<Listed>; first: Listed}> {
	const entries = walkFolderInThread(songs, 'song_data', {readUpTo})[Symbol.asyncIterator]();
	const first = await entries.next();
	assert.equal(first.done, false);
	await new Promise((resolve) => setTimeout(resolve, ms));
	return {entries, first: first.value as Listed};
}

test('the thread walks a bounded distance ahead of its reader, not to the end of the folder', async () => {
	const {songs, last} = manyFiles(5000, '{"v": "before"}');
	const {entries} = await walkTakenOnce(songs, 500);
	try {
		fs.writeFileSync(last, '{"v": "after"}');
		let lastContent: string | undefined;
		for (;;) {
			const next = await entries.next();
			if (next.done) break;
			if (!isSkipped(next.value) && next.value.location === last) lastContent = next.value.content?.toString();
		}
		assert.equal(lastContent, '{"v": "after"}', 'the last file was read after the reader came near it, not at the start');
	} finally {
		await entries.return(undefined);
	}
});

test('a name that became a FIFO after its folder was read is skipped, not waited on', {timeout: 20_000}, async () => {
	const files = 3000;
	const {songs, last} = manyFiles(files, '{}');
	// The folder was read as 3,000 regular files; the walk waits, a few hundred files in.
	const {entries, first} = await walkTakenOnce(songs, 300);
	const listed: Listed[] = [first];
	try {
		fs.rmSync(last);
		assert.equal(spawnSync('mkfifo', [last]).status, 0, 'mkfifo');
		for (;;) {
			const next = await entries.next();
			if (next.done) break;
			listed.push(next.value);
		}
	} finally {
		await entries.return(undefined);
	}
	assert.equal(listed.length, files);
	assert.deepEqual(listed.at(-1), {name: 'song_data/TR02999.json', reason: 'not a regular file'});
});

/** Threads of a process are counted in /proc (Linux, as on CI); elsewhere these tests cannot see a thread. */
const noThreadCount = fs.existsSync('/proc/self/task') ? false : 'threads are counted in /proc/self/task (Linux only)';
const threads = () => fs.readdirSync('/proc/self/task').length;

test("a load's listing closed before it was read (a load refused up front) leaves no thread behind", {skip: noThreadCount}, async () => {
	const root = path.dirname(awkwardFolder());
	await fs.promises.readFile(path.join(root, 'song_data', 'A', 'A', 'TR1.json'));
	const before = threads();
	const listing = await openListing(localFolderSource(root), 'songs', {readUpTo});
	assert.equal(listing.first?.name, 'song_data/A/A/TR1.json');
	assert.ok(threads() > before, 'the listing runs on a thread of its own');
	await listing.close();
	assert.equal(threads(), before);
	await listing.close();
});

test('a listing stopped early ends its thread, and one left unread does not keep the process running', {skip: noThreadCount}, () => {
	const songs = awkwardFolder();
	const threadedWalk = fileURLToPath(new URL('../../source/etl/threaded-walk.ts', import.meta.url));
	const script = `
		import {walkFolderInThread} from ${JSON.stringify(threadedWalk)};
		import fs from 'node:fs';
		// Threads of this process (Linux): a walk's thread is one of them while it runs.
		const threads = () => fs.readdirSync('/proc/self/task').length;
		await fs.promises.readFile(${JSON.stringify(threadedWalk)});
		const before = threads();
		const stopped = walkFolderInThread(${JSON.stringify(songs)}, 'song_data', {readUpTo: 64})[Symbol.asyncIterator]();
		await stopped.next();
		const during = threads();
		await stopped.return(undefined);
		const after = threads();
		const left = walkFolderInThread(${JSON.stringify(songs)}, 'song_data', {readUpTo: 64})[Symbol.asyncIterator]();
		const first = await left.next();
		console.log(JSON.stringify({before, during, after, first: first.value.name}));
	`;
	const scriptFile = path.join(makeTempDir('sparkify-threaded-walk'), 'left-unread.mts');
	fs.writeFileSync(scriptFile, script);
	const child = spawnSync(process.execPath, ['--import', 'tsx', scriptFile], {encoding: 'utf8', timeout: 20_000});
	assert.equal(child.signal, null, `the process was still running after 20 s: ${child.stderr}`);
	assert.equal(child.status, 0, child.stderr);
	const {before, during, after, first} = JSON.parse(child.stdout.trim());
	assert.ok(during > before, `the walk runs on a thread of its own (${before} threads before it, ${during} during)`);
	assert.equal(after, before, 'the stopped listing left no thread behind');
	assert.equal(first, 'song_data/A/A/TR1.json');
});

// Lists the data files under a local folder, each real file once, as a stream: a file is
// handed on as soon as it is found, so loading starts while the walk goes on, and no list of
// every path is ever held (the bucket's layout has 385,000 song files). Folders are walked
// as they are first, in name order, links after, so a real path always wins over a link to
// it; a link back to a folder already read (a loop) or a second name for a file already
// listed (a symbolic or a hard link) is not read again, and is named with the reason, as is
// every file that is not data (another extension, not a regular file). A data file or
// folder that cannot be read (no permission, a link to nothing, a loop of links) fails the
// listing with the system's own error, which names it: skipping it would end a load with
// exit 0 and data missing, and Redshift's COPY fails on an object it may not read.
// What is remembered to tell a second name from a first is bounded by the folders and the
// links, not the files: a file with one name (nlink 1) reached by its real path can only be
// met again through a symbolic link, and a symbolic link is resolved to its real path, which
// says whether the walk read it. Only files with several hard links, or reached through a
// link, are remembered by identity.
// The system calls are made synchronously, a few hundred between turns of the event loop:
// a promise and a trip through libuv's thread pool for each folder's stat and read took 14 s
// for 100,000 files where `find` takes 1.4 s; the synchronous calls take about as long as
// `find`, and the event loop still turns (the screens keep drawing, Ctrl-C is heard).
// A walk that only counts (`fileStats: false`) does not stat the files at all: the stat is
// most of a walk's time (6 of 8 s for 385,000 song files), and a count does not need a size.
// It then cannot tell a second hard link of a file from a file, and counts both.
// A walk for a load (`readUpTo`) opens each file instead of stating it, takes its size and
// links from the open file (fstat), and reads it then when it is small: a stat by path per
// file is saved (6 of the load's 32 s in a profile at 385,000 song files, before the walk
// had a thread of its own: threaded-walk.ts). What it holds stays bounded by what its
// caller pulls: a file's content goes out with the file.

import fs from 'node:fs';
import path from 'node:path';
import type {Listed} from './source.js';

/** A data file's name: .json, or gzip (.json.gz, .gz), in any case. */
export function isDataFileName(name: string): boolean {
	return /\.(json|json\.gz|gz)$/i.test(name);
}

/** System calls made between two turns of the event loop. */
const callsPerTurn = 256;

/** How a walk reads its files: counting only (no stat), listing (a stat), or loading (opened, small ones read). */
export type WalkOptions = {readonly fileStats?: boolean; readonly readUpTo?: number};

/** viaLink: reached through a link; a file's real name wins over such a one. */
type Found = {name: string; location: string; viaLink: boolean};

/** Counts system calls, and lets the event loop turn after every few hundred. */
function turnTaker(): () => Promise<void> | undefined {
	let calls = 0;
	return () => (++calls % callsPerTurn === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined);
}

/**
 * An open file's bytes to its end: `expected` (its size when opened) in one read where the
 * file has not grown since, a byte more asked so that one read also sees the end.
 */
function readToEnd(fd: number, expected: number): Buffer {
	const chunks: Buffer[] = [];
	let total = 0;
	for (let ask = expected + 1; ; ask = Math.max(ask, 64 << 10)) {
		const buffer = Buffer.allocUnsafe(ask);
		const got = fs.readSync(fd, buffer, 0, ask, null);
		if (got === 0) break;
		chunks.push(got === ask ? buffer : buffer.subarray(0, got));
		total += got;
		if (got < ask) break;
	}
	return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

const identity = (stat: fs.Stats) => `${stat.dev}:${stat.ino}`;
const byName = (a: {name: string}, b: {name: string}) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The files under folder (named `prefix/…`, with / between parts), real paths in name order
 * then those reached through links, and the entries left out with why, as they are found.
 */
export async function* walkFolder(folder: string, prefix: string, {fileStats = true, readUpTo}: WalkOptions = {}): AsyncGenerator<Listed> {
	const links: Found[] = [];
	const folders = new Map<string, string>();
	// Files that another name may reach: several hard links, or reached through a link.
	const shared = new Map<string, string>();
	const realRoot = fs.realpathSync(folder);
	const nameOf = (relative: string) => path.posix.join(prefix, relative.split(path.sep).join('/'));
	const called = turnTaker();

	/** The file once: a second name of one already listed is named as skipped. */
	function once(found: Found, stat: fs.Stats): Listed {
		if (stat.nlink > 1 || found.viaLink) {
			const key = identity(stat);
			const earlier = shared.get(key);
			if (earlier !== undefined) return {name: found.name, reason: `the same file as ${earlier} (a link), read once`};
			shared.set(key, found.name);
		}
		return {name: found.name, size: stat.size, location: found.location};
	}

	/**
	 * The file once, opened: its content with it when it is at most `upTo` bytes. Opened without
	 * waiting (O_NONBLOCK, no effect on a regular file's reads): a name that became a FIFO since
	 * its folder was read would otherwise hold the walk until something wrote to it.
	 */
	function openedFile(found: Found, upTo: number): Listed {
		const fd = fs.openSync(found.location, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
		try {
			const stat = fs.fstatSync(fd);
			if (!stat.isFile()) return {name: found.name, reason: 'not a regular file'};
			const listed = once(found, stat);
			if ('reason' in listed || stat.size > upTo) return listed;
			return {...listed, content: readToEnd(fd, stat.size)};
		} finally {
			fs.closeSync(fd);
		}
	}

	async function* readFolder(location: string, relative: string, viaLink: boolean): AsyncGenerator<Listed> {
		const entries = fs.readdirSync(location, {withFileTypes: true});
		await called();
		entries.sort(byName);
		for (const entry of entries) {
			const found = {name: nameOf(path.join(relative, entry.name)), location: path.join(location, entry.name), viaLink};
			if (entry.isSymbolicLink()) links.push({...found, viaLink: true});
			else if (entry.isDirectory()) yield* enterFolder(found.location, path.join(relative, entry.name), found.name, viaLink);
			else if (!isDataFileName(entry.name)) yield {name: found.name, reason: 'not a .json or .json.gz file'};
			else if (entry.isFile() && !fileStats) {
				// No call made, but counted as one: in a folder of many files the event loop still turns.
				await called();
				yield {name: found.name, size: 0, location: found.location};
			} else if (entry.isFile() && readUpTo !== undefined) {
				const opened = openedFile(found, readUpTo);
				await called();
				yield opened;
			} else if (entry.isFile()) {
				const stat = fs.statSync(found.location);
				await called();
				yield once(found, stat);
			} else yield {name: found.name, reason: 'not a regular file'};
		}
	}

	/** Reads a folder unless it was read already (under another name: a link, or a loop). */
	async function* enterFolder(location: string, relative: string, name: string, viaLink: boolean): AsyncGenerator<Listed> {
		const stat = fs.statSync(location);
		await called();
		const key = identity(stat);
		const earlier = folders.get(key);
		if (earlier !== undefined) {
			yield {name: `${name}/`, reason: `a link to ${earlier}/, a folder already read${earlier === prefix || name.startsWith(`${earlier}/`) ? ' (a loop)' : ''}`};
			return;
		}
		folders.set(key, name);
		yield* readFolder(location, relative, viaLink);
	}

	/** A link to a file: the walk read it already when its real path is a data file inside the folder. */
	function linkedFile(link: Found, stat: fs.Stats): Listed {
		if (stat.nlink === 1) {
			const real = fs.realpathSync(link.location);
			if (real.startsWith(`${realRoot}${path.sep}`) && isDataFileName(real)) {
				return {name: link.name, reason: `the same file as ${nameOf(path.relative(realRoot, real))} (a link), read once`};
			}
		}
		return once(link, stat);
	}

	yield* enterFolder(folder, '', prefix, false);
	// Links last, so that whatever they point to inside the source was read under its real name.
	for (let index = 0; index < links.length; index++) {
		const link = links[index]!;
		let stat: fs.Stats;
		try {
			stat = await fs.promises.stat(link.location);
		} catch (error) {
			// A data file's name that leads nowhere is data we cannot read; any other name is named and left.
			if (isDataFileName(link.name)) throw error;
			yield {name: link.name, reason: `a link to nothing (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`};
			continue;
		}
		if (stat.isDirectory()) yield* enterFolder(link.location, path.relative(folder, link.location), link.name, true);
		else if (!isDataFileName(link.name)) yield {name: link.name, reason: 'not a .json or .json.gz file'};
		else if (stat.isFile()) yield linkedFile(link, stat);
		else yield {name: link.name, reason: 'not a regular file'};
	}
}

// Lists the data files under a local folder, each real file once. Folders are walked as they
// are first, links after, so a real path always wins over a link to it; a link back to a
// folder already read (a loop) or a second name for a file already listed (a symbolic or a
// hard link) is not read again, and is named with the reason, as is every file that is not
// data (another extension, not a regular file). A data file or folder that cannot be read
// (no permission, a link to nothing, a loop of links) fails the listing with the system's
// own error, which names it: skipping it would end a load with exit 0 and data missing, and
// Redshift's COPY fails on an object it may not read. Sizes come from one stat a file.
// The system calls are made synchronously, a few hundred between turns of the event loop:
// the bucket's layout puts 385,000 song files in tens of thousands of folders, and a
// promise and a trip through libuv's thread pool for each folder's stat and read took 14 s
// for 100,000 files where `find` takes 1.4 s; the synchronous calls take about as long as
// `find`, and the event loop still turns (the screens keep drawing, Ctrl-C is heard).

import fs from 'node:fs';
import path from 'node:path';
import type {SkippedFile, SourceFile} from './source.js';

/** A data file's name: .json, or gzip (.json.gz, .gz), in any case. */
export function isDataFileName(name: string): boolean {
	return /\.(json|json\.gz|gz)$/i.test(name);
}

/** System calls made between two turns of the event loop. */
const callsPerTurn = 256;

/** viaLink: reached through a link; a file's real name wins over such a one. */
type Found = {name: string; location: string; viaLink: boolean};

/** Counts system calls, and lets the event loop turn after every few hundred. */
function turnTaker(): () => Promise<void> | undefined {
	let calls = 0;
	return () => (++calls % callsPerTurn === 0 ? new Promise((resolve) => setImmediate(resolve)) : undefined);
}

const identity = (stat: fs.Stats) => `${stat.dev}:${stat.ino}`;

/**
 * The files under folder (named `prefix/…`, with / between parts), sorted by name, and the
 * entries left out with why.
 */
export async function walkFolder(folder: string, prefix: string): Promise<{files: SourceFile[]; skipped: SkippedFile[]}> {
	const skipped: SkippedFile[] = [];
	const candidates: Found[] = [];
	const links: Found[] = [];
	const folders = new Map<string, string>();
	const nameOf = (relative: string) => path.posix.join(prefix, relative.split(path.sep).join('/'));
	const called = turnTaker();

	async function readFolder(location: string, relative: string, viaLink: boolean): Promise<void> {
		const entries = fs.readdirSync(location, {withFileTypes: true});
		await called();
		entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const entry of entries) {
			const found = {name: nameOf(path.join(relative, entry.name)), location: path.join(location, entry.name), viaLink};
			if (entry.isSymbolicLink()) links.push({...found, viaLink: true});
			else if (entry.isDirectory()) await enterFolder(found.location, path.join(relative, entry.name), found.name, viaLink);
			else if (!isDataFileName(entry.name)) skipped.push({name: found.name, reason: 'not a .json or .json.gz file'});
			else if (entry.isFile()) candidates.push(found);
			else skipped.push({name: found.name, reason: 'not a regular file'});
		}
	}

	/** Reads a folder unless it was read already (under another name: a link, or a loop). */
	async function enterFolder(location: string, relative: string, name: string, viaLink: boolean): Promise<boolean> {
		const stat = fs.statSync(location);
		await called();
		const key = identity(stat);
		const earlier = folders.get(key);
		if (earlier !== undefined) {
			skipped.push({name: `${name}/`, reason: `a link to ${earlier}/, a folder already read${earlier === prefix || name.startsWith(`${earlier}/`) ? ' (a loop)' : ''}`});
			return false;
		}
		folders.set(key, name);
		await readFolder(location, relative, viaLink);
		return true;
	}

	if (!(await enterFolder(folder, '', prefix, false))) return {files: [], skipped};
	// Links last, so that whatever they point to inside the source was read under its real name.
	for (let index = 0; index < links.length; index++) {
		const link = links[index]!;
		let stat: fs.Stats;
		try {
			stat = await fs.promises.stat(link.location);
		} catch (error) {
			// A data file's name that leads nowhere is data we cannot read; any other name is named and left.
			if (isDataFileName(link.name)) throw error;
			skipped.push({name: link.name, reason: `a link to nothing (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`});
			continue;
		}
		if (stat.isDirectory()) await enterFolder(link.location, path.relative(folder, link.location), link.name, true);
		else if (!isDataFileName(link.name)) skipped.push({name: link.name, reason: 'not a .json or .json.gz file'});
		else if (stat.isFile()) candidates.push(link);
		else skipped.push({name: link.name, reason: 'not a regular file'});
	}

	// Only what is needed of each stat is kept: a hundred thousand Stats objects at once weigh 30 MB.
	const stats: Array<{size: number; key: string}> = [];
	for (const found of candidates) {
		const stat = fs.statSync(found.location);
		stats.push({size: stat.size, key: identity(stat)});
		await called();
	}
	// Real names first, then by name: the first of a file's names is the one read.
	const byName = (a: {name: string}, b: {name: string}) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
	const order = candidates.map((_, index) => index).sort((a, b) => Number(candidates[a]!.viaLink) - Number(candidates[b]!.viaLink) || byName(candidates[a]!, candidates[b]!));
	const files: SourceFile[] = [];
	const seen = new Map<string, string>();
	for (const index of order) {
		const found = candidates[index]!;
		const {size, key} = stats[index]!;
		const earlier = seen.get(key);
		if (earlier !== undefined) {
			skipped.push({name: found.name, reason: `the same file as ${earlier} (a link), read once`});
			continue;
		}
		seen.set(key, found.name);
		files.push({name: found.name, size, location: found.location});
	}
	files.sort(byName);
	skipped.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	return {files, skipped};
}

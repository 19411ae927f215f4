// The query screen's history, like a shell's: the queries the user ran, oldest first, kept in
// one file in the tool's home (never in the settings, never anywhere shared), readable by the
// user alone (0600). Bounded, and a query run twice in a row is kept once. A file that cannot
// be read or is not a history is reported once and left out: a history is a convenience, and
// losing it must never stop the app.

import fs from 'node:fs';
import path from 'node:path';
import {errorMessage} from '../core/errors.js';
import type {HomePaths} from '../core/paths.js';
import {writePrivateFile} from '../core/private-file.js';

/** How many queries are kept: plenty to walk back through, small enough to read at every start. */
const historyLimit = 500;

export type QueryHistory = {
	/** The queries, oldest first. */
	readonly entries: readonly string[];
	/** Why the file on disk was not used (unreadable, or not a history), said once. */
	readonly notice?: string;
};

export function historyFile(paths: HomePaths): string {
	return path.join(paths.home, 'query-history.json');
}

type Read = {readonly entries: string[]; readonly problem?: string};

function readEntries(file: string): Read {
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {entries: []};
		return {entries: [], problem: `cannot be read (${errorMessage(error)})`};
	}
	try {
		const parsed = JSON.parse(text) as unknown;
		const queries = (parsed as {queries?: unknown} | null)?.queries;
		if (!Array.isArray(queries) || !queries.every((entry) => typeof entry === 'string')) return {entries: [], problem: 'does not hold a query history'};
		return {entries: queries as string[]};
	} catch {
		return {entries: [], problem: 'is not valid JSON'};
	}
}

/** The history as it is on disk now. */
export function loadQueryHistory(file: string): QueryHistory {
	const {entries, problem} = readEntries(file);
	return problem ? {entries, notice: `The query history ${file} ${problem}; it is left out, and the next query run replaces it.`} : {entries};
}

/** `entries` with `query` added at the end: not twice in a row, and only the newest `limit` kept. */
export function withQuery(entries: readonly string[], query: string, limit = historyLimit): string[] {
	const added = entries.at(-1) === query ? [...entries] : [...entries, query];
	return added.slice(-limit);
}

/**
 * Adds a query to the file and returns the history as written. Read again first, so two
 * apps open at once both keep what they ran; written whole to a new file that replaces the
 * old one, so a crash leaves the old history, not half of one.
 */
export function addToQueryHistory(file: string, query: string, limit = historyLimit): readonly string[] {
	const trimmed = query.trim();
	const {entries} = readEntries(file);
	if (trimmed === '') return entries;
	const next = withQuery(entries, trimmed, limit);
	fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	writePrivateFile(file, `${JSON.stringify({queries: next}, null, '\t')}\n`);
	return next;
}

// The JSONPaths file tells Redshift's COPY which JSON key fills which column, by position.
// The local loader honours the same file, so both targets read the logs the same way.

import {UserError} from '../core/errors.js';

const bracketPath = /^\$\[\s*'([^']+)'\s*\]$|^\$\[\s*"([^"]+)"\s*\]$/;
const dotPath = /^\$\.([A-Za-z_][A-Za-z0-9_]*)$/;

/** The first-level keys a JSONPaths document names, in order. */
export function parseJsonPaths(text: string, columnCount: number, where: string): string[] {
	let document: unknown;
	try {
		document = JSON.parse(text);
	} catch (error) {
		throw new UserError(`The JSONPaths file ${where} is not valid JSON (${(error as Error).message}).`, {code: 'bad_jsonpaths'});
	}
	const paths = (document as {jsonpaths?: unknown})?.jsonpaths;
	if (!Array.isArray(paths)) {
		throw new UserError(`The JSONPaths file ${where} has no "jsonpaths" list.`, {
			hint: 'It should look like {"jsonpaths": ["$[\'artist\']", …]}.',
			code: 'bad_jsonpaths',
		});
	}
	if (paths.length !== columnCount) {
		throw new UserError(`The JSONPaths file ${where} lists ${paths.length} paths, but staging_events has ${columnCount} columns.`, {
			hint: "COPY maps paths to columns by position: list one path per column, in the table's order.",
			code: 'bad_jsonpaths',
		});
	}
	return paths.map((path, index) => {
		const match = typeof path === 'string' ? (bracketPath.exec(path.trim()) ?? dotPath.exec(path.trim())) : null;
		const key = match?.[1] ?? match?.[2];
		if (!key) {
			throw new UserError(`Path ${index + 1} in ${where} (${JSON.stringify(path)}) is not a first-level key like $['artist'].`, {
				code: 'bad_jsonpaths',
			});
		}
		return key;
	});
}

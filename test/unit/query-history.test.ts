// The query screen's history on disk: the user's alone (0600), bounded, a repeat kept once,
// kept between starts, and a broken file reported and left out, never a crash.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {test} from 'node:test';
import {homePaths} from '../../source/core/paths.js';
import {addToQueryHistory, historyFile, loadQueryHistory, withQuery} from '../../source/interactive/query-history.js';
import {makeTempDir} from '../support/tmp.js';

const freshFile = () => historyFile(homePaths({SPARKIFY_DWH_HOME: path.join(makeTempDir('sparkify-history'), 'home')}));

test('the history is kept in the home, 0600, oldest first, and read back by a later start', () => {
	const file = freshFile();
	assert.deepEqual(loadQueryHistory(file), {entries: []}, 'no file yet is an empty history, not a problem');
	const previous = process.umask(0o000);
	try {
		addToQueryHistory(file, 'SELECT 1');
	} finally {
		process.umask(previous);
	}
	addToQueryHistory(file, '  SELECT count(*) FROM songplays\n');
	assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'even with a permissive umask');
	assert.equal(path.basename(path.dirname(file)), 'home', "in the tool's home");
	assert.deepEqual(loadQueryHistory(file), {entries: ['SELECT 1', 'SELECT count(*) FROM songplays']});
	assert.deepEqual(
		fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.tmp')),
		[],
		'no temporary file is left behind',
	);
});

test('a query run twice in a row is kept once; run again later, it is kept again', () => {
	assert.deepEqual(withQuery(['a', 'b'], 'b'), ['a', 'b']);
	assert.deepEqual(withQuery(['a', 'b'], 'a'), ['a', 'b', 'a']);
	const file = freshFile();
	for (const query of ['SELECT 1', 'SELECT 1', 'SELECT 2', 'SELECT 1']) addToQueryHistory(file, query);
	assert.deepEqual(loadQueryHistory(file).entries, ['SELECT 1', 'SELECT 2', 'SELECT 1']);
	addToQueryHistory(file, '   ');
	assert.deepEqual(loadQueryHistory(file).entries, ['SELECT 1', 'SELECT 2', 'SELECT 1'], 'an empty query is not history');
});

test('the history is bounded: the oldest queries go first', () => {
	assert.deepEqual(withQuery(['a', 'b', 'c'], 'd', 3), ['b', 'c', 'd']);
	const file = freshFile();
	for (let index = 0; index < 505; index++) addToQueryHistory(file, `SELECT ${index}`);
	const {entries} = loadQueryHistory(file);
	assert.equal(entries.length, 500);
	assert.equal(entries[0], 'SELECT 5');
	assert.equal(entries.at(-1), 'SELECT 504');
});

test('a corrupt or unreadable history is a notice and an empty history; the next query replaces it', () => {
	const file = freshFile();
	fs.mkdirSync(path.dirname(file), {recursive: true});
	fs.writeFileSync(file, '{"queries": ["SELECT 1", ');
	const corrupt = loadQueryHistory(file);
	assert.deepEqual(corrupt.entries, []);
	assert.match(corrupt.notice ?? '', /query history .*query-history\.json is not valid JSON; it is left out/);

	fs.writeFileSync(file, JSON.stringify({queries: ['SELECT 1', 42]}));
	assert.match(loadQueryHistory(file).notice ?? '', /does not hold a query history/);
	fs.writeFileSync(file, 'null');
	assert.match(loadQueryHistory(file).notice ?? '', /does not hold a query history/);

	assert.deepEqual(addToQueryHistory(file, 'SELECT 2'), ['SELECT 2']);
	assert.deepEqual(loadQueryHistory(file), {entries: ['SELECT 2']});

	// A folder where the file should be: unreadable, reported, not thrown.
	const folder = freshFile();
	fs.mkdirSync(folder, {recursive: true});
	assert.match(loadQueryHistory(folder).notice ?? '', /cannot be read \(EISDIR/);
});
